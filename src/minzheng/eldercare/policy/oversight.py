"""双随机一公开 inspections and the credit list of 养老机构.

Draw (国办发〔2019〕5号《关于在市场监管领域全面推行部门联合"双随机、一公开"监管的意见》): the institutions to inspect
are drawn at random from the register, and for each an inspection team is drawn at random from the inspector pool.
The draw is a pure function of the pool and a seed; the seed is stored with the round, so anyone can re-run the draw
and get the same result (the "公开" part: the draw is verifiable).

Credit (民发〔2019〕103号《养老服务市场失信联合惩戒对象名单管理办法（试行）》第六条: 拒不整改 among the grounds):
- a serious finding not rectified by its deadline, or a veto condition found, → 失信 (the list of dishonest parties);
- any other finding past its deadline → 重点关注;
- findings within the period, all rectified or still within their deadline → 一般;
- no findings → 守信.

>>> draw([1, 2, 3, 4, 5], [10, 11, 12, 13], institutions=2, team_size=2, seed=20260401)
[(1, (11, 13)), (3, (10, 13))]
>>> credit_level([Finding("serious", due=D(2026, 3, 1), rectified_on=None)], today=D(2026, 4, 1))
'dishonest'
>>> credit_level([Finding("minor", due=D(2026, 5, 1), rectified_on=None)], today=D(2026, 4, 1))
'normal'
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

D = dt.date


class DrawError(ValueError):
    """The pool is too small for what was asked (the Chinese message says which)."""


def draw(institution_ids: Sequence[int], inspector_ids: Sequence[int], institutions: int, team_size: int,
         seed: int) -> list[tuple[int, tuple[int, ...]]]:
    """[(institution id, (inspector ids …)), …] sorted by institution id. Both pools are sorted first, so the
    result depends only on the sets and the seed."""
    pool, people = sorted(set(institution_ids)), sorted(set(inspector_ids))
    if institutions < 1 or team_size < 1:
        raise DrawError("抽取数量和检查组人数应不少于 1")
    if institutions > len(pool):
        raise DrawError(f"抽取机构数 {institutions} 超过名录中的机构数 {len(pool)}")
    if team_size > len(people):
        raise DrawError(f"检查组人数 {team_size} 超过检查人员库人数 {len(people)}")
    rng = random.Random(seed)
    chosen = sorted(rng.sample(pool, institutions))
    return [(inst, tuple(sorted(rng.sample(people, team_size)))) for inst in chosen]


def rectification_state(result: str, due: dt.date | None, rectified_on: dt.date | None, today: dt.date) -> str:
    """codes.RECTIFICATION for one inspection."""
    if result == "pass":
        return "none"
    if rectified_on is not None:
        return "done"
    return "overdue" if due is not None and today > due else "due"


@dataclass(frozen=True)
class Finding:
    result: str  # codes.INSPECTION_RESULTS
    due: dt.date | None = None
    rectified_on: dt.date | None = None


def credit_level(findings: Iterable[Finding], today: dt.date, veto_found: bool = False) -> str:
    """codes.CREDIT_LEVELS for an institution from its inspections in the period considered."""
    states = [(f.result, rectification_state(f.result, f.due, f.rectified_on, today)) for f in findings]
    return credit_from_counts(findings=sum(r != "pass" for r, _ in states),
                              overdue=sum(s == "overdue" for _, s in states),
                              serious_overdue=sum(r == "serious" and s == "overdue" for r, s in states),
                              vetoes=int(veto_found))


def credit_from_counts(findings: int, overdue: int, serious_overdue: int, vetoes: int) -> str:
    """The same rule on counts (the credit list counts them in SQL)."""
    if vetoes or serious_overdue:
        return "dishonest"
    if overdue:
        return "watch"
    return "normal" if findings else "good"
