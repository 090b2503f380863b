"""The funeral demo data on a small seeded county: deaths through 身后一件事, sites, bookings; once per county."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.app_registry import DemoContext
from minzheng.core.models import Region
from minzheng.funeral import demo
from minzheng.funeral.models import DeathRegistration, SweepBooking, SweepSlot, Waiver
from minzheng.synthetic.population import seed_county

COUNTY = "652324"


@pytest.mark.django_db
def test_demo_seeds_every_part_of_the_funeral_app_once(make_user, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-15")
    seed_county(COUNTY, 500, seed=5, workers=1)
    county = Region.objects.get(code=f"{COUNTY}000000")
    township = Region.objects.filter(parent=county).order_by("code").first()
    village = Region.objects.filter(parent=township).order_by("code").first()
    users = {"county": make_user("county", county.code), "township": make_user("township", township.code),
             "village": make_user("village", village.code)}
    context = DemoContext(county=county, users=users, month=dt.date(2026, 3, 1), seed=2026)
    made = demo.seed(context)
    assert made["deaths"] > 0 and made["cremations"] > 0 and made["bookings"] == 30, made
    assert DeathRegistration.objects.filter(status="completed").count() == made["deaths"]
    assert Waiver.objects.count() == made["cremations"]
    assert SweepSlot.objects.count() == 18 and SweepBooking.objects.count() == 30
    assert demo.seed(context) == {"skipped": "已有殡葬数据"}
