"""The children's demo data on a small county: every category on the register with workers, visits both done and
overdue, minors cases in every state (deadlines from the 示例 limits) and one restricted to the county officer."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from minzheng.children.models import Child, ProtectionCase, Visit, Worker
from minzheng.children.selectors import minors as minor_selectors
from minzheng.children.selectors import visits as visit_selectors
from minzheng.children.services import seeding

pytestmark = pytest.mark.django_db


def test_demo_seed_fills_every_line(make_user, monkeypatch):
    from minzheng.synthetic.population import seed_county

    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    seed_county("330902", 1500, seed=7, focus_village="330902001001", focus_share=0.3)
    users = {"village": make_user("village", "330902001001"), "township": make_user("township", "330902001000"),
             "county": make_user("county", "330902000000")}
    counts = seeding.seed_county("330902", users, dt.date(2026, 4, 1), random.Random(2026))
    assert all(counts[c] >= 3 for c in ("orphan", "unsupported", "left_behind", "hardship")), counts
    assert Child.objects.filter(director__isnull=False).count() == counts["children"]
    assert Worker.objects.filter(user=users["village"]).exists()
    assert Visit.objects.count() == counts["visits"] > 0
    due = visit_selectors.due_list(users["county"])
    assert any(d.overdue for d in due) and any(not d.overdue for d in due)
    states = set(ProtectionCase.objects.values_list("state", flat=True))
    assert states == {"reported", "responded", "assessed", "intervening", "follow_up", "closed"}
    restricted = ProtectionCase.objects.get(restricted=True)
    assert minor_selectors.get_case(users["county"], restricted.pk) == restricted
    assert not minor_selectors.cases_for(users["township"]).filter(pk=restricted.pk).exists()
    again = seeding.seed_county("330902", users, dt.date(2026, 4, 1), random.Random(2026))
    assert again == {"skipped": "已有儿童名册"}
