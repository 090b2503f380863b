"""双随机 (two-fold random) draw for inspections, pure: whom to inspect is drawn at random from a register, and for each
an inspection team at random from the inspector pool (国办发〔2019〕5号《关于在市场监管领域全面推行部门联合"双随机、
一公开"监管的意见》). Both pools are sorted first, so the result depends only on the two sets and the seed; the seed is
stored with the round, so anyone can re-run the draw and get the same result (the "公开" part: the draw is
verifiable). Used by 养老机构 (eldercare) and 社会组织 (socialorgs) oversight.

>>> draw([1, 2, 3, 4, 5], [10, 11, 12, 13], count=2, team_size=2, seed=20260401)
[(1, (11, 13)), (3, (10, 13))]
>>> draw([1, 2], [10], count=3, team_size=1, seed=1, noun="机构")
Traceback (most recent call last):
...
minzheng.core.random_draw.DrawError: 抽取机构数 3 超过名录中的机构数 2
"""

from __future__ import annotations

import random
from collections.abc import Sequence


class DrawError(ValueError):
    """The pool is too small for what was asked (the Chinese message says which)."""


def draw(subject_ids: Sequence[int], inspector_ids: Sequence[int], count: int, team_size: int, seed: int,
         noun: str = "对象") -> list[tuple[int, tuple[int, ...]]]:
    """[(subject id, (inspector ids …)), …] sorted by subject id: `count` subjects and a team of `team_size` for
    each. `noun` names the subjects in the error messages (机构, 社会组织)."""
    pool, people = sorted(set(subject_ids)), sorted(set(inspector_ids))
    if count < 1 or team_size < 1:
        raise DrawError("抽取数量和检查组人数应不少于 1")
    if count > len(pool):
        raise DrawError(f"抽取{noun}数 {count} 超过名录中的{noun}数 {len(pool)}")
    if team_size > len(people):
        raise DrawError(f"检查组人数 {team_size} 超过检查人员库人数 {len(people)}")
    rng = random.Random(seed)
    return [(subject, tuple(sorted(rng.sample(people, team_size)))) for subject in sorted(rng.sample(pool, count))]
