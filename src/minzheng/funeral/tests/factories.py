"""Test data of the funeral app: the rules and standards loaded (示例 sets), a funeral home and a cemetery, the
county's delegation of the funeral programs to its townships, and a deceased recipient of three programs."""

from __future__ import annotations

import datetime as dt

from minzheng.benefits.services import registers
from minzheng.benefits.services.standards import load_csv
from minzheng.benefits.tests.factories import grant
from minzheng.funeral import codes
from minzheng.funeral.demo import DEMO_STANDARDS
from minzheng.funeral.models import Cemetery, FuneralHome, SweepSlot
from minzheng.funeral.services import waivers
from minzheng.registry.tests.factories import make_family

COUNTY = "330902000000"
JAN_2025 = dt.date(2025, 1, 1)


def rules(county_user=None) -> None:
    """The 示例 waiver rules, the kernel standards of the funeral programs and (with `county_user`) the delegation of
    their confirmation to every township of the county."""
    assert not waivers.load_csv(waivers.DEMO_SCHEMES).errors
    assert not load_csv(DEMO_STANDARDS).errors
    if county_user is not None:
        for program in (codes.SUBSIDY, codes.REIMBURSEMENT, codes.ECO_REWARD):
            registers.set_delegation(county_user, {"program": program, "region_code": COUNTY, "delegated": True,
                                                   "effective_from": "2021-01-01",
                                                   "document": "县民政局关于委托乡镇审核确认殡葬补助的通知（示例）"})


def funeral_home(name="定海区殡仪馆", region=COUNTY) -> FuneralHome:
    return FuneralHome.objects.create(name=name, region_code=region)


def cemetery(name="定海区公益性公墓", region="330902001000", kind="public") -> Cemetery:
    return Cemetery.objects.create(name=name, region_code=region, kind=kind)


def slot(cem: Cemetery, day: dt.date, capacity: int = 10) -> SweepSlot:
    return SweepSlot.objects.create(cemetery=cem, region_code=cem.region_code, day=day, starts=dt.time(8),
                                    ends=dt.time(10), capacity=capacity)


def recipient_family(clerk, programs=("tekun", "age_allowance", "care_subsidy")):
    """An old man (head) living with his daughter; he receives `programs` (his own entitlements, from 2025-01)."""
    household, (father, daughter) = make_family(clerk, [("李老汉", "19400305", "M"), ("李秀英", "19700812", "F")])
    ents = [grant(p, household, person=father, amount="500.00", start=JAN_2025) for p in programs]
    return household, father, daughter, ents
