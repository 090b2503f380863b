"""The indicators equal hand-computed values on a fixture county: floor area per 100 households and community
workers per 10,000 urban residents (communities), social organisations per 10,000 people (socialorgs)."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.communities import selectors, services
from minzheng.communities.tests.factories import A, B, fixture_county, member, station
from minzheng.socialorgs import selectors as so_selectors
from minzheng.socialorgs.models import SocialOrg
from minzheng.socialorgs.tests.factories import org

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")


def test_floor_area_and_workers(county_user, api_client):
    fixture_county(county_user)
    station(county_user, A, "120.50")
    closed = station(county_user, A, "50.00", name="旧活动室")
    closed.closed_on = dt.date(2025, 12, 31)
    closed.save()
    station(county_user, B, "80.00")
    for name in ("赵一", "赵二", "赵三"):
        member(county_user, A, name)
    left = member(county_user, A, "赵四")
    services.end_member(county_user, left, {"on": "2026-01-31"})
    member(county_user, B, "钱一", post="worker")
    data = selectors.indicators(county_user, "330902")
    rows = {r["code"]: r for r in data["rows"]}
    t1, t2 = rows["330902001000"], rows["330902002000"]
    # township 001: 4 households, 120.50 + 80.00 = 200.50 m² → 200.50 × 100 / 4 = 5012.50;
    # 4 workers, 6 urban residents → 4 × 10000 / 6 = 6666.67
    assert (t1["households"], t1["floor_area"], t1["area_per_100_households"]) == (4, "200.50", "5012.50")
    assert (t1["community_workers"], t1["urban_residents"], t1["workers_per_10000_urban"]) == (4, 6, "6666.67")
    # township 002: 1 household, no station; no urban residents
    assert (t2["households"], t2["area_per_100_households"], t2["workers_per_10000_urban"]) == (1, "0.00", "—")
    total = data["total"]
    assert (total["households"], total["area_per_100_households"], total["workers_per_10000_urban"]) == (
        5, "4010.00", "6666.67")
    # the API gives the same; a village (leaf) shows its own row
    out = api_client(county_user).get("/api/v1/communities/indicators?region_code=330902").json()
    assert out["total"]["area_per_100_households"] == "4010.00"
    leaf = selectors.indicators(county_user, A)
    assert leaf["total"]["households"] == 3 and leaf["total"]["area_per_100_households"] == "4016.67"
    assert api_client(county_user).get("/api/v1/communities/indicators?region_code=33x").status_code == 422


def test_social_organisations_per_10000(county_user, make_user):
    fixture_county(county_user)
    org(county_user, name="城东社区志愿者协会", region="330902001001")
    org(county_user, name="城东扶贫基金会", kind="foundation", fundraising="public", region="330902001000")
    gone = org(county_user, name="某已注销协会", region="330902002001")
    SocialOrg.objects.filter(pk=gone.pk).update(status="deregistered", deregistered_on=dt.date(2025, 6, 1))
    org(county_user, name="定海区慈善总会", region="330902000000")
    data = so_selectors.indicators(county_user, "330902")
    rows = {r["code"]: r for r in data["rows"]}
    # township 001: 2 organisations, 10 people → 2 × 10000 / 10 = 2000.00; township 002: 0 / 2 people
    assert (rows["330902001000"]["orgs"], rows["330902001000"]["population"],
            rows["330902001000"]["per_10000"]) == (2, 10, "2000.00")
    assert rows["330902002000"]["per_10000"] == "0.00"
    # county: 3 organisations (the county's own counts in the total), 12 people → 2500.00
    total = data["total"]
    assert (total["orgs"], total["association"], total["foundation"], total["per_10000"]) == (3, 2, 1, "2500.00")
