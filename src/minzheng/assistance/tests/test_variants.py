"""低保边缘家庭 and 临时救助 (支出型 / 急难型) through the one case engine: their procedures, who approves which
amount, and the entitlement they create."""

from __future__ import annotations

import pytest

from minzheng.benefits import workflow as wf
from minzheng.benefits.models import Entitlement
from minzheng.benefits.tests.factories import VISIT, act, open_case, post, today
from minzheng.registry.tests.factories import make_family


@pytest.fixture
def edge_family(staff):
    """Two adults earning 1,500 元/month each (1,300 after the work-cost deduction): per capita above the demo
    低保 standard, below 1.5 × it."""
    return make_family(staff["village"], [("赵强", "19780101", "M", {"labour_capacity": "full"}),
                                          ("钱梅", "19800101", "F", {"labour_capacity": "full"})],
                       incomes=[(0, "wage", "18000"), (1, "wage", "18000")])


def investigate(staff, api_client, case_id, verification=True):
    town, county = api_client(staff["township"]), api_client(staff["county"])
    act(town, case_id, "accept")
    if verification:
        act(town, case_id, "record_home_visit", **VISIT)
        act(town, case_id, "request_verification")
        act(county, case_id, "record_verification", result="passed", report_ref="HD-1")
    return act(town, case_id, "initial_review", opinion="情况属实", recommend="approve")


def test_dibao_edge_has_no_public_notice_and_records_a_recognition(staff, api_client, edge_family, demo_standards,
                                                                   monkeypatch):
    case = open_case(staff, api_client, edge_family, monkeypatch, program="dibao_edge")
    reviewed = investigate(staff, api_client, case["id"])
    assert reviewed["state"] == wf.SUBMITTED  # straight to the county: no 公示 for 边缘家庭
    assert reviewed["policy_result"]["eligible"] is True, reviewed["policy_result"]["reasons"]
    deadlines = {d["code"]: d for d in reviewed["deadlines"]}
    assert "notice" not in deadlines and deadlines["overall"]["label"].startswith("全程办理时限（30")
    today(monkeypatch, "2026-11-05")
    done = act(api_client(staff["county"]), case["id"], "confirm")
    ent = Entitlement.objects.get(source_case_id=case["id"])
    assert done["state"] == wf.APPROVED and ent.program == "dibao_edge" and ent.monthly_amount == 0
    assert ent.end_month is None and ent.review_months == 12


def test_dibao_edge_rejects_a_dibao_household(staff, api_client, poor_family, demo_standards, monkeypatch):
    case = open_case(staff, api_client, poor_family, monkeypatch, program="dibao_edge")
    reviewed = investigate(staff, api_client, case["id"])
    assert reviewed["policy_result"]["eligible"] is False  # eligible for 低保 itself, so not 边缘


def temporary(staff, api_client, family, monkeypatch, kind, amount):
    return open_case(staff, api_client, family, monkeypatch, program="temporary", subtype=kind,
                     facts={"requested_amount": amount})


def test_small_expense_assistance_is_approved_by_the_township_as_a_one_off_amount(staff, api_client, poor_family,
                                                                                  demo_standards, monkeypatch):
    """The payment itself — once, in the next payroll and its bank file — is tested where the payroll is:
    payroll/tests/test_one_off_and_holds.py."""
    case = temporary(staff, api_client, poor_family, monkeypatch, "expense", "1500.00")
    reviewed = investigate(staff, api_client, case["id"])
    assert reviewed["state"] == wf.REVIEWED  # 支出型: 公示 before approval
    assert reviewed["policy_result"]["procedure"]["approval_level"] == "township"
    town = api_client(staff["township"])
    act(town, case["id"], "publish_notice")
    today(monkeypatch, "2026-11-10")
    submitted = act(town, case["id"], "submit")
    assert submitted["awaiting_role"] == "township" and submitted["delegated"] is True
    confirmed = act(town, case["id"], "confirm")
    assert confirmed["amount"] == "1500.00"
    ent = Entitlement.objects.get(source_case_id=case["id"])
    assert ent.start_month == ent.end_month and ent.monthly_amount == 1500  # one month, one amount


def test_a_large_amount_goes_to_the_county_and_a_township_cannot_raise_it_past_its_limit(
        staff, api_client, poor_family, demo_standards, monkeypatch):
    case = temporary(staff, api_client, poor_family, monkeypatch, "expense", "5000.00")
    investigate(staff, api_client, case["id"])
    town = api_client(staff["township"])
    act(town, case["id"], "publish_notice")
    today(monkeypatch, "2026-11-10")
    submitted = act(town, case["id"], "submit")
    assert submitted["awaiting_role"] == "county" and submitted["delegated"] is False
    act(town, case["id"], "confirm", expect=403)
    assert act(api_client(staff["county"]), case["id"], "confirm")["amount"] == "5000.00"

    small = temporary(staff, api_client, make_family(staff["village"], [("孙丽", "19700101", "F")]), monkeypatch,
                      "expense", "800.00")
    investigate(staff, api_client, small["id"])
    act(town, small["id"], "publish_notice")
    today(monkeypatch, "2026-11-18")
    act(town, small["id"], "submit")
    response = post(town, f"/api/v1/cases/{small['id']}/actions",
                    {"action": "confirm", "amount": "2500.00", "override_reason": "病情加重"})
    assert response.status_code == 403 and "超过乡镇（街道）审批限额 2000" in response.json()["detail"]


def test_emergency_assistance_is_paid_first_without_data_check_or_notice(staff, api_client, poor_family,
                                                                         demo_standards, monkeypatch):
    case = temporary(staff, api_client, poor_family, monkeypatch, "emergency", "1000.00")
    reviewed = investigate(staff, api_client, case["id"], verification=False)
    assert reviewed["state"] == wf.SUBMITTED and reviewed["policy_result"]["procedure"]["pay_first"] is True
    assert act(api_client(staff["township"]), case["id"], "confirm")["state"] == wf.APPROVED


def test_temporary_needs_a_known_kind(staff, api_client, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    household, people = poor_family
    response = post(api_client(staff["village"]), "/api/v1/cases", {
        "program": "temporary", "subtype": "centralised", "household_id": household.pk,
        "applicant_id": people[0].pk, "channel": "family"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "subtype"
