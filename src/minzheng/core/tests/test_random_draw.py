"""core.random_draw: the 双随机 draw shared by 养老机构 and 社会组织 oversight."""

from __future__ import annotations

import doctest

import pytest

from minzheng.core import random_draw
from minzheng.core.random_draw import DrawError, draw


def test_the_module_examples_hold():
    assert doctest.testmod(random_draw).failed == 0


def test_the_draw_is_reproducible_from_its_seed_and_order_free():
    a = draw(range(1, 41), range(100, 112), count=8, team_size=2, seed=7)
    b = draw(list(reversed(range(1, 41))), list(range(111, 99, -1)), count=8, team_size=2, seed=7)
    assert a == b and len(a) == 8 and len({i for i, _ in a}) == 8
    assert [i for i, _ in a] == sorted(i for i, _ in a)
    assert all(len(team) == 2 and len(set(team)) == 2 and set(team) <= set(range(100, 112)) for _, team in a)
    assert draw(range(1, 41), range(100, 112), 8, 2, seed=8) != a


def test_a_pool_too_small_is_refused_in_the_callers_words():
    with pytest.raises(DrawError, match="抽取机构数 3 超过名录中的机构数 2"):
        draw([1, 2], [10, 11], 3, 1, seed=1, noun="机构")
    with pytest.raises(DrawError, match="抽取社会组织数 3 超过名录中的社会组织数 2"):
        draw([1, 2, 2], [10, 11], 3, 1, seed=1, noun="社会组织")  # the pool is a set: 2 counts once
    with pytest.raises(DrawError, match="超过检查人员库人数"):
        draw([1, 2], [10], 1, 2, seed=1)
    with pytest.raises(DrawError, match="不少于 1"):
        draw([1, 2], [10], 0, 1, seed=1)
