"""The certified-social-workers-per-10,000 indicator on a fixture county (定海区 in the test tree: 城东街道 with 甲、乙
社区, 昌国街道 with 丙社区), checked against figures worked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.socialwork import policy, selectors, services

COUNTY, CHENGDONG, CHANGGUO = "330902000000", "330902001000", "330902002000"


def _worker(user, region, level, status_left=False):
    data = {"name": "社工", "sex": "F", "region_code": region, "level": level}
    if level != "none":
        data.update(certificate_no=f"C{region}{level}", certified_on="2020-06-01")
    return services.add_worker(user, data)


@pytest.fixture
def county(make_user):
    user = make_user("county", COUNTY)
    # 城东街道: 3 certified (2 助理, 1 社工师) + 1 without a certificate; 昌国街道: 1 高级 + 1 助理.
    for region, level in (("330902001001", "assistant"), ("330902001002", "assistant"),
                          (CHENGDONG, "social_worker"), ("330902001001", "none"),
                          ("330902002001", "senior"), (CHANGGUO, "assistant")):
        _worker(user, region, level)
    # another county's worker never counts
    other = make_user("county", "330903000000")
    _worker(other, "330903001001", "senior")
    # 2025 常住人口: the townships (the county's own figure is not entered: the sum of its townships is used)
    services.save_population(user, {"region_code": CHENGDONG, "year": 2025, "residents": 30000})
    services.save_population(user, {"region_code": CHANGGUO, "year": 2025, "residents": 7000})
    six = ("has_site", "has_equipment", "has_staff", "has_funding", "has_rules", "has_services")
    services.save_station(user, {"region_code": CHENGDONG, "name": "城东街道社工站", **dict.fromkeys(six, True)})
    services.save_station(user, {"region_code": CHANGGUO, "name": "昌国街道社工站", "has_site": True})
    return user


def test_per_10k_rounds_half_up():
    assert policy.per_10k(3, 30000) == Decimal("1.00")
    assert policy.per_10k(2, 7000) == Decimal("2.86")  # 2.857… → 2.86
    assert policy.per_10k(1, 0) is None


@pytest.mark.django_db
def test_indicators_equal_hand_computed_values(county):
    out = selectors.indicators(county, "", 2025)
    rows = {r["region_code"]: r for r in out["rows"]}
    assert rows[CHENGDONG]["certified"] == 3 and rows[CHENGDONG]["assistant"] == 2
    assert rows[CHENGDONG]["per_10k"] == Decimal("1.00")  # 3 ÷ 30,000 × 10,000
    assert rows[CHANGGUO]["certified"] == 2 and rows[CHANGGUO]["per_10k"] == Decimal("2.86")  # 2 ÷ 7,000 × 10,000
    total = out["total"]
    assert (total["certified"], total["residents"]) == (5, 37000)
    assert total["per_10k"] == Decimal("1.35")  # 5 ÷ 37,000 × 10,000 = 1.351…
    assert (total["stations"], total["stations_complete"]) == (2, 1)
    # a year without population figures: counts, no ratio
    assert selectors.indicators(county, "", 2024)["total"]["per_10k"] is None


@pytest.mark.django_db
def test_indicator_page_and_api(county, api_client):
    client = Client()
    client.login(username=county.username, password=PASSWORD)
    page = client.get("/socialwork/indicators/?year=2025")
    assert page.status_code == 200 and "2.86" in page.content.decode() and "1.35" in page.content.decode()
    assert client.get("/socialwork/indicators/?year=7475").status_code == 422
    r = api_client(county).get("/api/v1/social-work/indicators?year=2025")
    assert r.status_code == 200 and r.json()["total"]["per_10k"] == "1.35"
    assert api_client(county).get("/api/v1/social-work/indicators?year=7475").status_code == 422
    for url in ("/socialwork/", "/socialwork/stations/", "/socialwork/grades/", "/socialwork/?export=xlsx"):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_rules_of_registration(county):
    from minzheng.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as exc:
        services.add_worker(county, {"name": "甲", "sex": "M", "region_code": CHENGDONG, "level": "assistant"})
    assert {e.field for e in exc.value.errors} == {"certificate_no", "certified_on"}
    with pytest.raises(ValidationFailed):
        services.save_station(county, {"region_code": "330902001001", "name": "村里"})  # not a township
    assert services.load_post_grades(None, [["", "2024-01-01", "A1", "助理社工", "1", "助理社会工作师", "4200",
                                             "5200", "示例"]]) == 1
    with pytest.raises(ValidationFailed):
        services.load_post_grades(None, [["", "2024-01-01", "A1", "x", "1", "assistant", "5200", "4200", "示例"]])
