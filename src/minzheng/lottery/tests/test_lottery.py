"""The welfare-lottery fund: receipts and projects by year, the elderly-care share against the minimum (exactly, at
the edge), progress forward only with acceptance, the API, the disclosure page and the lists."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.lottery import selectors, services
from minzheng.lottery.models import ShareRule

COUNTY = "330902000000"


def _fund(county, year=2026, elderly="440000.00", other="360000.00"):
    services.add_receipt(county, {"region_code": COUNTY, "year": year, "received_on": f"{year}-03-01",
                                  "amount": "1000000.50", "source": "province", "document_no": "浙财社〔2026〕1号"})
    a = services.add_project(county, {"region_code": COUNTY, "year": year, "name": "居家养老服务中心建设",
                                      "area": "elderly_care", "amount": elderly, "implementer": "区民政局"})
    b = services.add_project(county, {"region_code": COUNTY, "year": year, "name": "困境儿童关爱",
                                      "area": "child_welfare", "amount": other, "implementer": "区儿童福利指导中心"})
    return a, b


def test_the_elderly_share_is_checked_exactly(staff):
    county = staff["county"]
    _fund(county)  # 440000 of 800000 = 55 %: met
    out = selectors.fund(county, 2026)
    assert (out["received"], out["spent"], out["elderly_share"], out["rule_met"]) == (
        Decimal("1000000.50"), Decimal("800000.00"), "0.5500", True)
    services.add_project(county, {"region_code": COUNTY, "year": 2026, "name": "残疾人康复", "area": "disability",
                                  "amount": "0.01", "implementer": "区残联"})
    assert selectors.fund(county, 2026)["rule_met"] is False  # one fen more elsewhere and 55 % is missed
    assert selectors.fund(county, 2025)["rule_met"] is None  # nothing spent


def test_a_local_rule_can_ask_for_more(staff):
    import datetime as dt

    _fund(staff["county"], elderly="500000.00", other="300000.00")  # 62.5 %
    assert selectors.fund(staff["county"], 2026)["rule_met"] is True
    ShareRule.objects.create(region_code=COUNTY, min_share=Decimal("0.65"), effective_from=dt.date(2026, 1, 1),
                             source="示例：地方规定不低于65%")
    out = selectors.fund(staff["county"], 2026)
    assert (out["min_share"], out["rule_met"]) == ("0.6500", False)


def test_progress_goes_forward_to_acceptance(staff):
    a, _ = _fund(staff["county"])
    services.record_progress(staff["county"], a.pk, {"progress": "in_progress", "note": "已开工"})
    with pytest.raises(ValidationFailed):
        services.record_progress(staff["county"], a.pk, {"progress": "accepted"})
    services.record_progress(staff["county"], a.pk, {"progress": "accepted", "accepted_on": "2026-11-30",
                                                     "note": "验收合格"})
    with pytest.raises(Conflict):
        services.record_progress(staff["county"], a.pk, {"progress": "in_progress"})
    with pytest.raises(Forbidden):
        services.add_receipt(staff["township"], {})


def test_the_fund_api(staff, api_client):
    _fund(staff["county"])
    r = api_client(staff["county"]).get("/api/v1/lottery/fund?year=2026")
    assert r.status_code == 200, r.content.decode()
    body = r.json()
    assert {k: body[k] for k in ("received", "spent", "elderly_share", "rule_met")} == {
        "received": "1000000.50", "spent": "800000.00", "elderly_share": "0.5500", "rule_met": True}
    assert api_client(staff["county"]).get("/api/v1/lottery/fund?year=7475").status_code == 422
    assert api_client(staff["village"]).get("/api/v1/lottery/fund?year=2026").status_code == 403
    r = api_client(staff["county"]).post("/api/v1/lottery/receipts", json.dumps(
        {"region_code": COUNTY, "year": 2026, "received_on": "2026-05-01", "amount": 1.5, "source": "city"}),
        content_type="application/json")
    assert r.status_code == 422  # a JSON float is refused for money


@pytest.mark.parametrize("url", ["/lottery/", "/lottery/receipts/", "/lottery/disclosure/?year=2026"])
def test_pages(staff, url):
    _fund(staff["county"])
    c = Client()
    assert c.login(username=staff["county"].username, password=PASSWORD)
    page = c.get(url).content.decode()
    assert "定海区" in page or "居家养老" in page
    if "disclosure" in url:
        assert "55.00%" in page and "800,000.00" in page and "已达到" in page and "儿童福利" in page
    else:
        assert c.get(url + "?export=csv").status_code == 200
    v = Client()
    assert v.login(username=staff["village"].username, password=PASSWORD)
    assert v.get(url).status_code == 403
