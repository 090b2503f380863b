"""Charity: the public-fundraising qualification and filing rules (《慈善法》), donations with receipts, and the
referral targets the monitoring app can offer (active projects covering a village)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.charity import policy, selectors, services
from minzheng.core.errors import Conflict, ValidationFailed

COUNTY = "330902000000"


@pytest.fixture
def county(make_user, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    return make_user("county", COUNTY)


def _org(user, registered="2024-01-01", recognised="2024-06-01", code="53330902MJ0000001X"):
    return services.add_organisation(user, {"name": "定海区慈善总会", "credit_code": code, "form": "association",
                                            "region_code": COUNTY, "registered_on": registered,
                                            "recognised_on": recognised})


def test_qualification_needs_recognition_and_the_years():
    assert policy.qualification_problems(True, dt.date(2025, 4, 10), dt.date(2026, 4, 10)) == []
    assert policy.qualification_problems(True, dt.date(2025, 4, 11), dt.date(2026, 4, 10))
    assert len(policy.qualification_problems(False, dt.date(2020, 1, 1), dt.date(2026, 4, 10), min_years=2)) == 1


@pytest.mark.django_db
def test_filing_requires_qualification_and_comes_before_the_start(county, api_client):
    org = _org(county)
    body = {"org_id": org.pk, "title": "困境儿童助学", "platform": "tencent", "starts_on": "2026-05-01",
            "ends_on": "2026-06-30", "target": "200000.00"}
    r = api_client(county).post("/api/v1/charity/filings", body, content_type="application/json")
    assert r.status_code == 422 and "公开募捐资格" in r.json()["errors"][0]["message"]
    young = _org(county, registered="2025-12-01", recognised="2026-01-01", code="53330902MJ0000002X")
    with pytest.raises(Conflict):
        services.grant_qualification(county, young.pk, {"qualified_on": "2026-04-10", "qualification_no": "Q1"})
    services.grant_qualification(county, org.pk, {"qualified_on": "2026-04-01", "qualification_no": "Q2"})
    r = api_client(county).post("/api/v1/charity/filings", {**body, "starts_on": "2026-04-01"},
                                content_type="application/json")
    assert r.status_code == 422 and "募捐开始前备案" in r.json()["errors"][0]["message"]
    r = api_client(county).post("/api/v1/charity/filings", {**body, "target": 2.5}, content_type="application/json")
    assert r.status_code == 422  # a JSON float is not money
    r = api_client(county).post("/api/v1/charity/filings", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["target"] == "200000.00" and r.json()["filing_no"].startswith("MJBA-")


@pytest.mark.django_db
def test_donations_in_money_and_kind_with_printable_receipt(county):
    org = _org(county)
    money = services.record_donation(county, {"org_id": org.pk, "donor_name": "张三", "donor_kind": "person",
                                              "form": "money", "amount": "1000.50", "received_on": "2026-04-09"})
    assert money.amount == Decimal("1000.50") and money.receipt_no.startswith("JZ")
    with pytest.raises(ValidationFailed) as exc:
        services.record_donation(county, {"org_id": org.pk, "donor_name": "某公司", "donor_kind": "organisation",
                                          "form": "goods", "received_on": "2026-04-09"})
    assert {e.field for e in exc.value.errors} == {"goods_description", "goods_value"}
    services.record_donation(county, {"org_id": org.pk, "donor_name": "某公司", "donor_kind": "organisation",
                                      "form": "goods", "goods_description": "棉被 200 床", "goods_value": "30000",
                                      "received_on": "2026-04-09"})
    assert selectors.organisation_totals(county, org) == {"money": Decimal("1000.50"), "goods": Decimal("30000.00")}
    client = Client()
    client.login(username=county.username, password=PASSWORD)
    page = client.get(f"/charity/donations/{money.pk}/receipt/")
    assert page.status_code == 200 and "1000.50" in page.content.decode() and money.receipt_no in page.content.decode()
    for url in ("/charity/", f"/charity/{org.pk}/", "/charity/projects/", "/charity/filings/", "/charity/donations/",
                "/charity/disclosures/", "/charity/trusts/", "/charity/complaints/", "/charity/donations/?export=csv",
                "/charity/projects/new/", "/charity/donations/new/", "/charity/complaints/new/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_referral_targets_cover_the_village(county, make_user, api_client):
    org = _org(county)
    common = {"org_id": org.pk, "domain": "poverty", "starts_on": "2026-01-01", "budget": "50000"}
    whole = services.add_project(county, {**common, "name": "全区助困", "region_code": COUNTY})
    town = services.add_project(county, {**common, "name": "城东助老", "region_code": "330902001000"})
    services.add_project(county, {**common, "name": "昌国助学", "region_code": "330902002000"})
    services.add_project(county, {**common, "name": "已结束", "region_code": COUNTY, "ends_on": "2026-03-31"})
    services.add_project(county, {**common, "name": "不接受转介", "region_code": COUNTY, "accepts_referrals": False})
    village = make_user("village", "330902001001")
    found = list(selectors.active_projects(village, "330902001001"))
    assert [p.pk for p in found] == [town.pk, whole.pk]  # the nearest area first
    r = api_client(village).get("/api/v1/charity/referral-targets?region_code=330902001001")
    assert r.status_code == 200 and r.json()["count"] == 2
    assert api_client(village).get("/api/v1/charity/referral-targets?region_code=330903001001").status_code == 404
    assert api_client(village).get("/api/v1/charity/referral-targets?region_code=abc").status_code == 422


@pytest.mark.django_db
def test_complaint_closed_once(county):
    row = services.add_complaint(county, {"region_code": COUNTY, "received_on": "2026-04-01",
                                          "content": "募捐信息未公开"})
    services.close_complaint(county, row.pk, {"result": "已责令公开"}, comment="核实")
    with pytest.raises(Conflict):
        services.close_complaint(county, row.pk, {"result": "再次"})
