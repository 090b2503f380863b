"""The township's 临时救助备用金 (民发〔2018〕23号 先行救助): the county tops it up, the township pays an 急难型 case in
cash before the decision, the payroll then pays only what the decision grants beyond it (never twice), the county
reimburses the fund; the ledger balances; pages and scoping."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.assistance import reserve
from minzheng.assistance.models import ReserveEntry
from minzheng.benefits.models import Case, Entitlement
from minzheng.benefits.tests.factories import VISIT, act, open_case, today
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.core.pages.forms import COMMENT_FIELD, STEP_FIELD
from minzheng.payroll.models import PayrollLine
from minzheng.payroll.services import generate as gen

pytestmark = pytest.mark.django_db
TOWNSHIP = "330902001000"


def emergency_case(staff, api_client, family, monkeypatch, amount="1000.00") -> dict:
    return open_case(staff, api_client, family, monkeypatch, program="temporary", subtype="emergency",
                     facts={"requested_amount": amount})


def decide(staff, api_client, case_id) -> None:
    town = api_client(staff["township"])
    act(town, case_id, "accept")
    act(town, case_id, "record_home_visit", **VISIT)
    act(town, case_id, "initial_review", opinion="情况属实", recommend="approve")
    act(town, case_id, "confirm")


def test_an_advance_is_paid_once_the_payroll_pays_only_the_rest_and_the_fund_balances(
        staff, api_client, poor_family, demo_standards, monkeypatch):
    reserve.top_up(staff["county"], {"region_code": TOWNSHIP, "amount": "5000.00", "note": "定民〔2026〕1号"})
    case = emergency_case(staff, api_client, poor_family, monkeypatch, "1000.00")
    with pytest.raises(Conflict, match="余额不足"):
        reserve.advance(staff["township"], {"case_id": case["id"], "amount": "6000.00", "note": "现金"})
    reserve.advance(staff["township"], {"case_id": case["id"], "amount": "800.00", "note": "现金，户主签收"})
    assert reserve.balance(TOWNSHIP) == Decimal("4200.00")
    assert Case.objects.get(pk=case["id"]).advance_paid == Decimal("800.00")
    with pytest.raises(Conflict, match="不能重复登记"):
        reserve.advance(staff["township"], {"case_id": case["id"], "amount": "100.00", "note": "再次"})
    decide(staff, api_client, case["id"])
    ent = Entitlement.objects.get(source_case_id=case["id"])
    assert (ent.monthly_amount, ent.advance_paid) == (Decimal("1000.00"), Decimal("800.00"))
    today(monkeypatch, f"{ent.start_month:%Y-%m}-05")
    gen.generate(None, ent.start_month)
    (line,) = PayrollLine.objects.filter(entitlement=ent)
    assert (line.kind, line.amount) == ("one_off", Decimal("200.00"))  # only what was not paid in cash
    with pytest.raises(Forbidden):
        reserve.reimburse(staff["township"], {"case_id": case["id"]})
    reserve.reimburse(staff["county"], {"case_id": case["id"]})
    assert reserve.balance(TOWNSHIP) == Decimal("5000.00")
    with pytest.raises(Conflict):
        reserve.reimburse(staff["county"], {"case_id": case["id"]})


def test_an_advance_covering_the_decision_pays_nothing_more(staff, api_client, poor_family, demo_standards,
                                                           monkeypatch):
    reserve.top_up(staff["county"], {"region_code": TOWNSHIP, "amount": "2000.00"})
    case = emergency_case(staff, api_client, poor_family, monkeypatch, "1000.00")
    reserve.advance(staff["township"], {"case_id": case["id"], "amount": "1000.00", "note": "现金"})
    decide(staff, api_client, case["id"])
    ent = Entitlement.objects.get(source_case_id=case["id"])
    today(monkeypatch, f"{ent.start_month:%Y-%m}-05")
    gen.generate(None, ent.start_month)
    assert not PayrollLine.objects.filter(entitlement=ent).exists()


def test_only_an_undecided_emergency_case_in_the_region_is_advanced(staff, api_client, poor_family, demo_standards,
                                                                   monkeypatch):
    reserve.top_up(staff["county"], {"region_code": TOWNSHIP, "amount": "2000.00"})
    expense = open_case(staff, api_client, poor_family, monkeypatch, program="temporary", subtype="expense",
                        facts={"requested_amount": "500.00"})
    with pytest.raises(ValidationFailed, match="急难型"):
        reserve.advance(staff["township"], {"case_id": expense["id"], "amount": "100.00", "note": "现金"})
    with pytest.raises(Exception) as outside:
        reserve.advance(staff["other_township"], {"case_id": expense["id"], "amount": "100.00", "note": "现金"})
    assert getattr(outside.value, "status", None) == 404
    with pytest.raises(Forbidden):
        reserve.advance(staff["village"], {"case_id": expense["id"], "amount": "100.00", "note": "现金"})
    with pytest.raises(ValidationFailed):
        reserve.top_up(staff["county"], {"region_code": TOWNSHIP, "amount": 12.5})  # a JSON float: refused
    with pytest.raises(ValidationFailed):
        reserve.top_up(staff["county"], {"region_code": "330903001000", "amount": "10"})  # another county's


def test_the_ledger_page_shows_balances_and_the_advance_asks_for_confirmation(staff, api_client, poor_family,
                                                                             demo_standards, monkeypatch):
    reserve.top_up(staff["county"], {"region_code": TOWNSHIP, "amount": "3000.00"})
    case = emergency_case(staff, api_client, poor_family, monkeypatch)
    town = Client()
    assert town.login(username=staff["township"].username, password=PASSWORD)
    data = {"case_id": case["id"], "amount": "600.00", "on": "2026-11-02", "note": "现金，户主签收"}
    first = town.post("/assistance/reserve/advance/", data)
    assert first.status_code == 200 and STEP_FIELD in first.content.decode()
    assert not ReserveEntry.objects.filter(kind="advance").exists()
    done = town.post("/assistance/reserve/advance/", {**data, STEP_FIELD: "1", COMMENT_FIELD: "急难，先行支付"})
    assert done.status_code == 302
    page = town.get("/assistance/reserve/").content.decode()
    assert "城东街道" in page and "2400.00" in page and "先行救助支出" in page
    assert town.get("/assistance/reserve/top-up/").status_code == 403  # the county tops up
    village = Client()
    assert village.login(username=staff["village"].username, password=PASSWORD)
    assert village.get("/assistance/reserve/advance/").status_code == 403
