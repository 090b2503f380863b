"""The demo data of the place-name app on a small seeded county: place names of its regions, addresses and
doorplates from the households' own addresses, households matched (the rest reported), a boundary with markers."""

import datetime as dt

import pytest

from minzheng.core import app_registry, regioncodes
from minzheng.core.models import Region
from minzheng.placenames import demo
from minzheng.placenames.models import (
    BoundaryDispute,
    BoundaryMarker,
    DivisionProposal,
    Doorplate,
    HouseholdAddress,
    InspectionFinding,
    PlaceName,
    RegionGeometry,
    StandardAddress,
)
from minzheng.synthetic.population import seed_county

pytestmark = pytest.mark.django_db
COUNTY = "652324"


def test_demo_seed(make_user):
    seed_county(COUNTY, 1500, seed=5)
    county = Region.objects.get(code=regioncodes.normalize(COUNTY))
    users = {"county": make_user("county", county.code)}
    context = app_registry.DemoContext(county=county, users=users, month=dt.date(2026, 4, 1), seed=5)
    made = demo.seed(context)
    regions = Region.objects.filter(**regioncodes.subtree_lookup("code", county.code)).count()
    assert made["placenames"] >= regions
    assert PlaceName.objects.filter(names_region_id=county.code).get().pinyin
    assert made["addresses"] == StandardAddress.objects.count() > 0
    assert made["doorplates"] == Doorplate.objects.count() > 0
    assert made["households_matched"] == HouseholdAddress.objects.count() > 0
    assert made["households_unmatched"] > 0  # every fifth address was left out on purpose
    assert BoundaryMarker.objects.count() == 3
    assert made["region_outlines"] == RegionGeometry.objects.count() == 2
    assert made["disputes"] == BoundaryDispute.objects.count() == 1
    assert InspectionFinding.objects.filter(marker__isnull=False).count() == 3
    assert InspectionFinding.objects.filter(rectified_on__isnull=True).count() == 2
    assert DivisionProposal.objects.filter(kind="level", state="submitted").count() == 1
    assert demo.seed(context) == {"placenames": 0}  # only on a fresh county
