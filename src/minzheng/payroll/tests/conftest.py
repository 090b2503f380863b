"""Fixtures of the payroll tests: the April 2026 roll (`world`), its 城东街道 低保 payroll as a draft (`roll`) and
locked (`locked`)."""

from __future__ import annotations

import pytest

from minzheng.payroll.models import Payroll
from minzheng.payroll.services import generate as gen
from minzheng.payroll.tests.factories import T1, lock, make_world


@pytest.fixture
def world(make_user, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    return make_world(make_user)


@pytest.fixture
def roll(world):
    gen.generate(None, "2026-04")
    return Payroll.objects.get(program="dibao", region_code=T1)


@pytest.fixture
def locked(roll, world):
    lock(world, roll)
    roll.refresh_from_db()
    return roll
