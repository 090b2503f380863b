"""Subsidies decided by the assessment (elderly.policy.subsidies): 护理补贴 by GB/T 42195-2022 level and 养老服务补贴
for 低保, 特困 and 低保边缘 elderly — worked cases, the level taken from the latest assessment in a case, every demo
county evaluating, and the payroll paying them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.benefits import case_evaluation, evaluation, programs
from minzheng.benefits.policy.types import MissingStandard
from minzheng.benefits.tests.factories import entitle, today
from minzheng.benefits.tests.policy_inputs import payload, run
from minzheng.elderly.services import assessments
from minzheng.elderly.tests.factories import assessment, elder

CARE = {("care_subsidy", "level_2"): "200", ("care_subsidy", "level_3"): "400", ("care_subsidy", "level_4"): "600"}
SERVICE = {("service_subsidy", "amount_tekun"): "150", ("service_subsidy", "amount_dibao"): "100",
           ("service_subsidy", "amount_edge"): "60"}
OLD = "1950-01-01"


def test_both_are_declared_monthly_programs_the_payroll_pays():
    for code in ("care_subsidy", "service_subsidy"):
        assert programs.get(code).app_label == "elderly" and code in programs.payable()
    assert programs.name("care_subsidy") == "护理补贴" and programs.name("service_subsidy") == "养老服务补贴"


@pytest.mark.parametrize(("member", "eligible", "amount", "reason"), [
    ({"birth_date": OLD, "capability_level": 4}, True, "600.00", "4级"),
    ({"birth_date": OLD, "capability_level": 2}, True, "200.00", "2级"),
    ({"birth_date": OLD, "capability_level": 1}, False, "0.00", "未设置该等级"),  # level_1 not set here
    ({"birth_date": OLD, "capability_level": 0}, False, "0.00", "能力完好"),
    ({"birth_date": OLD}, False, "0.00", "尚无老年人能力评估结果"),
    ({"birth_date": "1966-03-02", "capability_level": 4}, False, "0.00", "未满60"),  # 59 on 1 March 2026
    ({"birth_date": "1966-03-01", "capability_level": 3}, True, "400.00", "3级"),  # 60 on the 1st
])
def test_care_subsidy_by_level(member, eligible, amount, reason):
    result = run(payload("care_subsidy", [member]), CARE).as_dict()
    assert result["eligible"] is eligible and result["monthly_amount"] == amount
    assert reason in "".join(result["members"][0]["reasons"])


@pytest.mark.parametrize(("household", "benefits", "eligible", "amount"), [
    ({"recognised": ["tekun"]}, [], True, "150.00"),
    ({"recognised": ["dibao", "dibao_edge"]}, [], True, "100.00"),
    ({"recognised": ["dibao_edge"]}, [], True, "60.00"),
    ({}, [{"program": "tekun", "monthly": "1500"}], True, "150.00"),  # a 特困 person's own benefit
    ({"recognised": ["orphan"]}, [], False, "0.00"),
    ({}, [], False, "0.00"),
])
def test_service_subsidy_for_poor_elderly(household, benefits, eligible, amount):
    member = {"birth_date": OLD, "existing_benefits": benefits}
    result = run(payload("service_subsidy", [member], **household), SERVICE).as_dict()
    assert result["eligible"] is eligible and result["monthly_amount"] == amount


def test_a_missing_amount_stops_the_calculation():
    with pytest.raises(MissingStandard):
        run(payload("service_subsidy", [{"birth_date": OLD}], recognised=["dibao"]), {})


def test_a_bad_level_is_a_422():
    from minzheng.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        run(payload("care_subsidy", [{"birth_date": OLD, "capability_level": 5}]), CARE)


@pytest.mark.django_db
@pytest.mark.parametrize("county", ["330902", "431302", "652324", "429006", "150102"])
def test_every_demo_county_evaluates_both(demo_standards, county):
    for program, member, household in (("care_subsidy", {"birth_date": OLD, "capability_level": 3}, {}),
                                       ("service_subsidy", {"birth_date": OLD}, {"recognised": ["dibao"]})):
        body = {"program": program, "region_code": county, "month": "2026-03", "options": {},
                "household": {"urban_rural": "rural", "members": [member], **household}}
        out = evaluation.evaluate_payload(body)
        assert out["eligible"] and Decimal(out["monthly_amount"]) > 0, (county, program, out["reasons"])


@pytest.mark.django_db
def test_a_case_takes_the_level_of_the_latest_assessment_and_the_payroll_pays_it(staff, demo_standards,
                                                                                  monkeypatch):
    from minzheng.payroll.models import PayrollLine
    from minzheng.payroll.services import generate

    today(monkeypatch, "2026-05-10")
    household, person = elder(staff["village"])
    ent = entitle(household, person, program="care_subsidy", amount="300.00", person=person,
                  start=dt.date(2026, 5, 1))
    case = ent.source_case
    assessments.record_assessment(staff["village"], assessment(person, 60, assessed_on="2026-03-01"))
    assessments.record_assessment(staff["village"], assessment(person, 25, reason="immediate",
                                                               assessed_on="2026-05-05"))
    may, _ = case_evaluation.build_payload(case, dt.date(2026, 5, 1))
    assert may["household"]["members"][0]["capability_level"] == 4
    april, _ = case_evaluation.build_payload(case, dt.date(2026, 4, 1))
    assert april["household"]["members"][0]["capability_level"] == 2  # the one in force then
    result = case_evaluation.evaluate(case, dt.date(2026, 5, 1))
    assert result.eligible and result.monthly_amount == Decimal("800.00")  # demo 4级 (示例值)
    generate.generate(None, "2026-05", program="care_subsidy")
    line = PayrollLine.objects.get(entitlement=ent, kind="regular")
    assert line.amount_fen == 30000 and line.program == "care_subsidy"
