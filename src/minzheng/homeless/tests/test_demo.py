"""The demo seeders of the rescue station and the two subsidies on a small synthetic county: realistic data in
every state, made through the services, deterministic, and left alone on a second run."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.app_registry import DemoContext
from minzheng.core.models import Region
from minzheng.disability import demo as disability_demo
from minzheng.disability.models import CoverageGap
from minzheng.homeless import demo as homeless_demo
from minzheng.homeless.models import Escort, Intake, MissingPerson
from minzheng.monitoring.models import Warning

pytestmark = pytest.mark.django_db
COUNTY = "652324"


def test_demo_seeds_every_state(make_user, demo_standards, monkeypatch):
    from minzheng.synthetic.cases import seed_assistance
    from minzheng.synthetic.population import seed_county

    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-15")
    seed_county(COUNTY, 2500, seed=3)
    seed_assistance(COUNTY, seed=5)
    county = Region.objects.get(code=COUNTY + "000000")
    users = {"county": make_user("county", county.code), "township": make_user("township", county.code)}
    context = DemoContext(county=county, users=users, month=dt.date(2026, 4, 1), seed=2026)
    made = homeless_demo.seed(context)
    assert made["intakes"] >= 8 and made["returned"] == 2 and made["settled"] == 1 and made["missing"] == 5
    assert set(Intake.objects.values_list("status", flat=True)) == {"in_station", "returned", "left", "settled"}
    assert Warning.objects.filter(source="homeless").count() == 2 == Escort.objects.count()
    assert MissingPerson.objects.filter(status="found").count() == 2
    assert homeless_demo.seed(context) == {"skipped": "已有救助数据"}
    counts = disability_demo.seed(context)
    assert counts["feed_rows"] > 0 and counts["gaps"] == CoverageGap.objects.filter(status="open").count()
    assert disability_demo.seed(context) == {"skipped": "已有残联数据"}
