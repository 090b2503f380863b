"""The demo seeders of the marriage registry and adoption on a small synthetic county: realistic data in every state,
deterministic, and a second run adds nothing."""

from __future__ import annotations

import pytest

from conftest import ensure_regions
from minzheng.core.app_registry import DemoContext
from minzheng.core.models import Region


@pytest.mark.django_db
def test_demo_seed_small_county(make_user, monkeypatch):
    from minzheng.adoption import demo as adoption_demo
    from minzheng.adoption.models import Adoption
    from minzheng.marriage import demo
    from minzheng.marriage.models import DivorceApplication, Refusal, Registration
    from minzheng.synthetic.population import seed_county

    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    ensure_regions()
    seed_county("330902", 600, seed=5)
    county = Region.objects.get(code="330902000000")
    users = {"county": make_user("county", county.code)}
    context = DemoContext(county=county, users=users, month=__import__("datetime").date(2026, 4, 1), seed=5)
    out = demo.seed(context)
    assert out["registrations"] > 50 and out["refusals"] >= 1 and out["divorce_applications"] > 10
    assert out["divorces"] >= 1 and out["appointments"] > 5
    assert Registration.objects.filter(kind="divorce").count() == out["divorces"]
    assert Refusal.objects.count() == out["refusals"]
    states = set(DivorceApplication.objects.values_list("status", flat=True))
    assert {"cooling", "registered"} <= states
    assert demo.seed(context)["registrations"] == 0  # only on a fresh county
    got = adoption_demo.seed(context)
    assert got["adoptions"] >= 4 and got["registered"] >= 1
    assert Adoption.objects.filter(status="registered").exists()
