"""Policy engine: worked cases for every program (each citing its rule), boundaries, properties, input validation,
and the evaluation API/CLI. The worked cases are pure (no database): the standards are built in the test."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minzheng.benefits import policy_input as inputs
from minzheng.benefits import catalogue
from minzheng.benefits.policy import (
    COUNTED_KINDS, EXCLUDED_KINDS, MissingFact, MissingStandard, Standards, StandardValue, evaluate,
)
from minzheng.benefits.policy.money import round_amount
from minzheng.core.errors import ValidationFailed
from minzheng.registry.codes import INCOME_KINDS

MONTH = dt.date(2026, 3, 1)

# Test standards (urban area of 定海区), chosen so the arithmetic is easy to follow.
BASE = {
    ("dibao", "standard"): "800",
    ("dibao", "topup_elderly"): "50", ("dibao", "topup_minor"): "60",
    ("dibao", "topup_severe_disability"): "100", ("dibao", "topup_serious_illness"): "80",
    ("dibao", "employment_cost_deduction"): "100", ("dibao", "rigid_expense_deduction_ratio"): "0.5",
    ("dibao", "financial_assets_per_capita_months"): "24", ("dibao", "vehicle_value_limit"): "50000",
    ("dibao", "vehicle_count_limit"): "1", ("dibao", "housing_units_limit"): "1",
    ("tekun", "basic_centralised"): "1200", ("tekun", "basic_dispersed"): "1000",
    ("tekun", "care_self"): "100", ("tekun", "care_partial"): "300", ("tekun", "care_full"): "800",
    ("orphan", "centralised"): "1500", ("orphan", "dispersed"): "1000",
    ("unsupported_child", "centralised"): "1500", ("unsupported_child", "dispersed"): "1000",
    ("disability_living", "amount"): "100",
    ("disability_care", "grade1"): "200", ("disability_care", "grade2"): "150",
    ("age_allowance", "band_80"): "50", ("age_allowance", "band_90"): "100", ("age_allowance", "band_100"): "300",
    ("temporary", "cap_multiplier"): "3", ("temporary", "township_limit"): "1000",
    ("rigid_expense", "disposable_income_per_capita"): "36000", ("rigid_expense", "expense_ratio"): "0.5",
}


def make_standards(over: dict | None = None, month: dt.date = MONTH) -> Standards:
    """over: {(program, item): value | (value, unit) | None (remove)}."""
    table = dict(BASE)
    table.update(over or {})
    values = {}
    for (program, name), value in table.items():
        if value is None:
            continue
        value, unit = value if isinstance(value, tuple) else (value, catalogue.ITEMS[(program, name)].unit)
        values[(program, name)] = StandardValue(program, name, Decimal(value), unit, "330902000000", "定海区", "all",
                                                dt.date(2021, 1, 1), None, "测试标准")
    return Standards(values, "330902001001", "urban", month)


def payload(program: str, members: list[dict], month: str = "2026-03", options: dict | None = None,
            **household) -> dict:
    return {"program": program, "region_code": "330902001001", "month": month,
            "household": {"urban_rural": "urban", "members": members, **household}, "options": options or {}}


def run(body: dict, over: dict | None = None):
    request = inputs.parse(copy.deepcopy(body), "ceil_yuan")
    return evaluate(request, make_standards(over, request.month))


def adult(**kw) -> dict:
    return {"birth_date": "1980-06-15", **kw}


def inc(kind: str, monthly: str | None = None, annual: str | None = None) -> dict:
    return {"kind": kind, **({"monthly": monthly} if monthly is not None else {"annual": annual})}


# ---- 低保 ---------------------------------------------------------------------------------------------------------

R23 = "民发〔2021〕57号 第二十三条（补差）"
R13 = "民发〔2021〕57号 第十三条（收入）"
R14 = "民发〔2021〕57号 第十四条（财产）"
R8 = "民发〔2021〕57号 第八条（单人户）"
R27 = "民发〔2021〕57号 第二十七条（分类施保）"

DIBAO_CASES = [
    # (id, rule, members, household extra, standards override, eligible, amount, inclusion)
    ("no-income-single", R23, [adult()], {}, {}, True, "800.00", "household"),
    ("gap-two-persons-wage-deduction", R23 + "；" + R13, [adult(incomes=[inc("wage", "1000")]), adult()], {}, {},
     True, "700.00", "household"),  # 800×2 − (1000 − 100)
    ("income-exactly-at-standard", R23, [adult(incomes=[inc("pension", "800")])], {}, {}, False, "0.00", None),
    ("income-one-fen-below", R23, [adult(incomes=[inc("pension", "799.99")])], {}, {}, True, "1.00", "household"),
    ("excluded-incomes-not-counted", R13,
     [adult(incomes=[inc("pension", "500"), inc("assistance", "1000"), inc("basic_pension", "300"),
                     inc("age_allowance", "100"), inc("special_care", "200"), inc("family_planning", "50"),
                     inc("scholarship", "100"), inc("award", "1000")])], {}, {}, True, "300.00", "household"),
    ("annual-twelfths-exact-at-standard", R13 + "（年收入÷12 精确计算）",
     [adult(incomes=[inc("property", annual="1000"), inc("transfer", annual="1000"), inc("other", annual="1000")])],
     {}, {("dibao", "standard"): "250"}, False, "0.00", None),  # 3 × 1000/12 = 250 exactly, not 249.99
    ("annual-income", R13, [adult(incomes=[inc("pension", annual="1000")])], {}, {}, True, "717.00", "household"),
    ("topup-overlap-highest-only", R27,
     [{"birth_date": "1950-01-01", "serious_illness": True, "disability_category": "4", "disability_grade": 1}],
     {}, {}, True, "900.00", "household"),  # 800 + max(50, 80, 100)
    ("topup-elderly-60-exactly", R27, [{"birth_date": "1966-03-01"}], {}, {}, True, "850.00", "household"),
    ("topup-elderly-59", R27, [{"birth_date": "1966-03-02"}], {}, {}, True, "800.00", "household"),
    ("topup-minor-17", R27, [adult(), {"birth_date": "2008-03-02"}], {}, {}, True, "1660.00", "household"),
    ("topup-minor-18-exactly", R27, [adult(), {"birth_date": "2008-03-01"}], {}, {}, True, "1600.00", "household"),
    ("rigid-expense-deduction", R13, [adult(incomes=[inc("pension", "700")])],
     {"rigid_expenses": [{"kind": "medical", "annual": "2400"}, {"kind": "education", "annual": "9999"}]}, {},
     True, "200.00", "household"),  # 700 − 200×0.5
    ("member-not-counted", "民发〔2021〕57号 第七条",
     [adult(), adult(counted=False, incomes=[inc("wage", "5000")])], {}, {}, True, "800.00", "household"),
    ("financial-assets-over-limit", R14, [adult()], {"assets": {"financial": "19200.01"}}, {}, False, "0.00", None),
    ("financial-assets-at-limit", R14, [adult()], {"assets": {"financial": "19200"}}, {}, True, "800.00",
     "household"),
    ("vehicle-over-value", R14, [adult()], {"assets": {"vehicles": [{"value": "50000.01"}]}}, {}, False, "0.00",
     None),
    ("two-vehicles", R14, [adult()], {"assets": {"vehicles": [{"value": "1000"}, {"value": "1000"}]}}, {}, False,
     "0.00", None),
    ("two-houses", R14, [adult()], {"assets": {"housing_units": 2}}, {}, False, "0.00", None),
    ("single-person-gap", R8,
     [adult(incomes=[inc("wage", "2000")]), adult(disability_category="4", disability_grade=1)], {}, {}, True,
     "900.00", "single_person"),  # per capita 950 ∈ [800, 1200): member 2 alone: 800 − 0 + 100
    ("single-person-fixed", R8,
     [adult(incomes=[inc("wage", "2000")]), adult(serious_illness=True)], {},
     {("dibao", "single_person_amount"): "300"}, True, "380.00", "single_person"),
    ("single-person-above-edge", R8,
     [adult(incomes=[inc("wage", "3000")]), adult(disability_category="4", disability_grade=1)], {}, {}, False,
     "0.00", None),  # per capita 1450 ≥ 1.5 × 800
    ("single-person-own-income", R8,
     [adult(incomes=[inc("wage", "1100")]), adult(serious_illness=True, incomes=[inc("pension", "900")])], {}, {},
     False, "0.00", None),
    ("grade4-mental-not-severe-by-default", R8,
     [adult(incomes=[inc("wage", "2000")]), adult(disability_category="6", disability_grade=4)], {}, {}, False,
     "0.00", None),
    ("grade4-mental-severe-where-set", R8 + "；舟山/玛纳斯规划",
     [adult(incomes=[inc("wage", "2000")]), adult(disability_category="6", disability_grade=4)], {},
     {("dibao", "severe_mental_grade"): "4"}, True, "900.00", "single_person"),
    ("standard-per-year", R23, [adult()], {}, {("dibao", "standard"): ("14000", "元/人/年")}, True, "1167.00",
     "household"),
]


@pytest.mark.parametrize("case", DIBAO_CASES, ids=[c[0] for c in DIBAO_CASES])
def test_dibao_worked_cases(case):
    _id, _rule, members, extra, over, eligible, amount, inclusion = case
    result = run(payload("dibao", members, **extra), over).as_dict()
    assert result["eligible"] is eligible, result["reasons"]
    assert result["monthly_amount"] == amount
    assert result.get("inclusion") == inclusion
    assert result["reasons"] and all(isinstance(r, str) for r in result["reasons"])


def test_dibao_breakdown_names_the_standard_and_its_source():
    result = run(payload("dibao", [adult(incomes=[inc("wage", annual="6000")])])).as_dict()
    standard = next(line for line in result["breakdown"] if line["code"] == "standard")
    assert standard["source"]["region_code"] == "330902000000" and standard["source"]["effective_from"] == "2021-01-01"
    assert "定海区" in standard["source_text"]
    codes = [line["code"] for line in result["breakdown"]]
    assert codes.index("income") < codes.index("deduction_employment") < codes.index("gap") < codes.index(
        "monthly_amount")
    assert result["procedure"]["public_notice"] is True and result["procedure"]["pay_from"] == "next_month"


def test_dibao_single_person_cliff_is_the_rule():
    """57号 Art.8: 单独申请 is for members of 低保边缘 households; a household just under the standard gets the small
    household gap, just over it a severely disabled member gets a one-person gap. Pinned so nobody changes it
    unknowingly (the monotonicity property below is stated for households without such members)."""
    members = [adult(incomes=[inc("wage", "1699")]), adult(disability_category="4", disability_grade=1)]
    below = run(payload("dibao", members)).as_dict()
    members[0]["incomes"] = [inc("wage", "1700")]
    above = run(payload("dibao", members)).as_dict()
    assert below["inclusion"] == "household" and below["monthly_amount"] == "101.00"  # 1600 − 1599 + 100
    assert above["inclusion"] == "single_person" and above["monthly_amount"] == "900.00"


@pytest.mark.parametrize("rule,expected", [
    ("ceil_yuan", "717.00"), ("round_half_up_yuan", "717.00"), ("ceil_jiao", "716.70"),
    ("round_half_up_jiao", "716.70"), ("ceil_fen", "716.67"), ("round_half_up_fen", "716.67"),
])
def test_rounding_rule_is_configurable(rule, expected):
    # 800 − 1000/12 = 716.666…
    body = payload("dibao", [adult(incomes=[inc("pension", annual="1000")])], options={"rounding": rule})
    assert run(body).as_dict()["monthly_amount"] == expected


@pytest.mark.parametrize("value,rule,expected", [
    ("716.5", "round_half_up_yuan", "717.00"), ("716.49", "round_half_up_yuan", "716.00"),
    ("716.01", "ceil_yuan", "717.00"), ("716", "ceil_yuan", "716.00"), ("0.005", "round_half_up_fen", "0.01"),
    ("0.004", "round_half_up_fen", "0.00"), ("0.001", "ceil_fen", "0.01"),
])
def test_round_amount(value, rule, expected):
    from fractions import Fraction

    assert str(round_amount(Fraction(Decimal(value)), rule)) == expected


def test_missing_standard_fails_loudly():
    with pytest.raises(MissingStandard) as exc:
        run(payload("dibao", [adult()]), {("dibao", "standard"): None})
    assert "低保标准" in exc.value.message and "dibao.standard" in exc.value.message
    # A top-up the household needs but the place never set: an error, not 0.
    with pytest.raises(MissingStandard) as exc:
        run(payload("dibao", [{"birth_date": "1950-01-01"}]), {("dibao", "topup_elderly"): None})
    assert "分类施保·老年人" in exc.value.message
    # An optional item (单人户定额) may be absent; a defaulted one (边缘倍数) falls back to the national figure.
    result = run(payload("dibao", [adult()]), {("dibao", "single_person_amount"): None}).as_dict()
    assert result["eligible"]


def test_income_kinds_partition():
    assert COUNTED_KINDS | EXCLUDED_KINDS == set(INCOME_KINDS) and not COUNTED_KINDS & EXCLUDED_KINDS


# ---- 低保边缘、刚性支出 ----------------------------------------------------------------------------------------------

EDGE_CASES = [
    ("per-capita-at-standard-is-edge", [adult(incomes=[inc("pension", "800")])], {}, True),
    ("per-capita-below-standard-is-dibao", [adult(incomes=[inc("pension", "799.99")])], {}, False),
    ("just-below-edge-line", [adult(incomes=[inc("pension", "1199.99")])], {}, True),
    ("at-edge-line", [adult(incomes=[inc("pension", "1200")])], {}, False),
    ("edge-line-from-standard", [adult(incomes=[inc("pension", "1500")])], {("dibao", "edge_multiplier"): "2"}, True),
    ("assets-exceeded", [adult(incomes=[inc("pension", "900")])], {}, False),
]


@pytest.mark.parametrize("case", EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_dibao_edge_worked_cases(case):
    """民发〔2021〕57号 第八条: not 低保, per-capita < 1.5 × standard, assets within limits."""
    _id, members, over, eligible = case
    extra = {"assets": {"housing_units": 3}} if _id == "assets-exceeded" else {}
    result = run(payload("dibao_edge", members, **extra), over).as_dict()
    assert result["eligible"] is eligible, result["reasons"]
    assert result["monthly_amount"] == "0.00"


def test_edge_multiplier_default_cites_national_rule():
    result = run(payload("dibao_edge", [adult(incomes=[inc("pension", "900")])])).as_dict()
    line = next(line for line in result["breakdown"] if line["code"] == "edge_limit")
    assert line["amount"] == "1200.00" and line["source"]["default"] is True
    assert "57号" in line["source_text"]


RIGID_CASES = [
    # members, expenses (annual), recognised, eligible — 《刚性支出困难家庭认定办法》第四条
    ("eligible", [adult(incomes=[inc("wage", "1600")]), adult(incomes=[inc("wage", "1600")])], "20000", [], True),
    ("ratio-exactly-at-limit", [adult(incomes=[inc("pension", "1500")]), adult(incomes=[inc("pension", "1500")])],
     "18000", [], False),
    ("ratio-above-limit", [adult(incomes=[inc("pension", "1500")]), adult(incomes=[inc("pension", "1500")])],
     "18000.01", [], True),
    ("dibao-household", [adult(incomes=[inc("pension", "500")])], "20000", [], False),
    ("edge-household", [adult(incomes=[inc("pension", "1000")])], "20000", [], False),
    ("tekun-recognised", [adult(incomes=[inc("pension", "1500")])], "20000", ["tekun"], False),
    ("income-at-disposable", [adult(incomes=[inc("pension", "3000")])], "40000", [], False),
    ("no-expenses", [adult(incomes=[inc("pension", "1500")])], "0", [], False),
]


@pytest.mark.parametrize("case", RIGID_CASES, ids=[c[0] for c in RIGID_CASES])
def test_rigid_expense_worked_cases(case):
    _id, members, spent, recognised, eligible = case
    body = payload("rigid_expense", members, recognised=recognised,
                   rigid_expenses=[{"kind": "medical", "annual": spent}])
    result = run(body, {("dibao", "rigid_expense_deduction_ratio"): "0"}).as_dict()
    assert result["eligible"] is eligible, result["reasons"]
    assert result["procedure"]["valid_months"] == 12


# ---- 特困 -----------------------------------------------------------------------------------------------------------

R43 = "民发〔2021〕43号"
TEKUN_CASES = [
    # id, member, options, over, eligible, amount — 43号 第四条至第九条、第二十至二十三条
    ("age-60-exactly", {"birth_date": "1966-03-01", "self_care_unmet": 0}, {}, {}, True, "1100.00"),
    ("age-59-no-disability", {"birth_date": "1966-03-02", "self_care_unmet": 0}, {}, {}, False, "0.00"),
    ("age-16-exactly", {"birth_date": "2010-03-01", "self_care_unmet": 0}, {}, {}, False, "0.00"),
    ("age-15", {"birth_date": "2010-03-02", "self_care_unmet": 0}, {}, {}, True, "1100.00"),
    ("age-17-where-minor-age-18", {"birth_date": "2009-01-01", "self_care_unmet": 0}, {},
     {("tekun", "minor_age"): "18"}, True, "1100.00"),
    ("grade3-intellectual", adult(disability_category="5", disability_grade=3, self_care_unmet=2), {}, {}, True,
     "1300.00"),
    ("grade3-limb-not-listed", adult(disability_category="4", disability_grade=3, self_care_unmet=0), {}, {}, False,
     "0.00"),
    ("grade2-limb", adult(disability_category="4", disability_grade=2, self_care_unmet=4), {}, {}, True, "1800.00"),
    ("grade2-visual-not-listed", adult(disability_category="1", disability_grade=2, self_care_unmet=0), {}, {},
     False, "0.00"),
    ("grade1-visual", adult(disability_category="1", disability_grade=1, self_care_unmet=6), {}, {}, True,
     "1800.00"),
    ("partial-care-3-unmet", {"birth_date": "1950-01-01", "self_care_unmet": 3}, {}, {}, True, "1300.00"),
    ("full-care-4-unmet", {"birth_date": "1950-01-01", "self_care_unmet": 4}, {}, {}, True, "1800.00"),
    ("centralised", {"birth_date": "1950-01-01", "self_care_unmet": 0}, {"centralised": True}, {}, True, "1300.00"),
    ("basic-from-default-multiplier", {"birth_date": "1950-01-01", "self_care_unmet": 0}, {},
     {("tekun", "basic_dispersed"): None}, True, "1140.00"),  # 1.3 × 800 + 100
    ("basic-from-local-multiplier", {"birth_date": "1950-01-01", "self_care_unmet": 0}, {},
     {("tekun", "basic_dispersed"): None, ("tekun", "basic_multiplier"): "2", ("tekun", "care_self"): "0"}, True,
     "1600.00"),  # 天门: 城市特困不低于低保标准2倍，已包含照料护理标准
    ("income-at-standard", {"birth_date": "1950-01-01", "self_care_unmet": 0,
                            "incomes": [{"kind": "pension", "monthly": "800"}]}, {}, {}, False, "0.00"),
    ("income-below-standard", {"birth_date": "1950-01-01", "self_care_unmet": 0,
                               "incomes": [{"kind": "pension", "monthly": "799.99"}]}, {}, {}, True, "1100.00"),
    ("excluded-income", {"birth_date": "1940-01-01", "self_care_unmet": 0,
                         "incomes": [{"kind": "basic_pension", "monthly": "900"},
                                     {"kind": "age_allowance", "monthly": "100"}]}, {}, {}, True, "1100.00"),
    ("orphan-chooses-orphan-allowance", {"birth_date": "2015-01-01", "self_care_unmet": 0,
                                         "existing_benefits": [{"program": "orphan", "monthly": "1000"}]}, {}, {},
     False, "0.00"),
]


@pytest.mark.parametrize("case", TEKUN_CASES, ids=[c[0] for c in TEKUN_CASES])
def test_tekun_worked_cases(case):
    _id, member, options, over, eligible, amount = case
    result = run(payload("tekun", [member], options=options, support_payer_able=False), over).as_dict()
    assert result["eligible"] is eligible, result["members"][0]["reasons"]
    assert result["monthly_amount"] == amount
    assert result["members"][0]["eligible"] is eligible


def test_tekun_support_payer_able_excludes_and_is_required():
    body = payload("tekun", [{"birth_date": "1950-01-01", "self_care_unmet": 0}], support_payer_able=True)
    result = run(body).as_dict()
    assert not result["eligible"] and "第八条" in result["members"][0]["reasons"][0]
    body["household"].pop("support_payer_able")
    with pytest.raises(ValidationFailed) as exc:
        run(body)
    assert exc.value.errors[0].field == "household.support_payer_able"


def test_tekun_needs_self_care_assessment():
    with pytest.raises(MissingFact) as exc:
        run(payload("tekun", [{"birth_date": "1950-01-01"}], support_payer_able=False))
    assert exc.value.field == "household.members[0].self_care_unmet"


# ---- 孤儿、事实无人抚养儿童 ----------------------------------------------------------------------------------------

CHILD_CASES = [
    # program, member, options, eligible, amount — 民发〔2019〕62号 (补差)
    ("orphan-dispersed", "orphan", {"birth_date": "2016-05-01", "child_status": "orphan"}, {}, True, "1000.00"),
    ("orphan-centralised", "orphan", {"birth_date": "2016-05-01", "child_status": "orphan"}, {"centralised": True},
     True, "1500.00"),
    ("orphan-offset-dibao", "orphan", {"birth_date": "2016-05-01", "child_status": "orphan",
                                       "existing_benefits": [{"program": "dibao", "monthly": "300.50"},
                                                             {"program": "disability_living", "monthly": "100"}]},
     {}, True, "600.00"),  # 1000 − 400.50 = 599.50 → ceil
    ("orphan-offset-above-standard", "orphan", {"birth_date": "2016-05-01", "child_status": "orphan",
                                                "existing_benefits": [{"program": "tekun", "monthly": "1100"}]},
     {}, True, "0.00"),
    ("orphan-18-exactly", "orphan", {"birth_date": "2008-03-01", "child_status": "orphan"}, {}, False, "0.00"),
    ("orphan-17", "orphan", {"birth_date": "2008-03-02", "child_status": "orphan"}, {}, True, "1000.00"),
    ("orphan-not-recorded", "orphan", {"birth_date": "2016-05-01"}, {}, False, "0.00"),
    ("unsupported-child", "unsupported_child", {"birth_date": "2016-05-01", "child_status": "unsupported"}, {},
     True, "1000.00"),
    ("unsupported-is-not-orphan", "orphan", {"birth_date": "2016-05-01", "child_status": "unsupported"}, {},
     False, "0.00"),
]


@pytest.mark.parametrize("case", CHILD_CASES, ids=[c[0] for c in CHILD_CASES])
def test_child_allowance_worked_cases(case):
    _id, program, member, options, eligible, amount = case
    result = run(payload(program, [member], options=options)).as_dict()
    assert result["eligible"] is eligible, result["members"][0]["reasons"]
    assert result["monthly_amount"] == amount
    assert result["procedure"]["public_notice"] is False  # no public notice for children


# ---- 两项补贴 --------------------------------------------------------------------------------------------------------

DISABILITY_CASES = [
    # program, member, household extra, over, eligible, amount — 国发〔2015〕52号
    ("living-dibao-household", "disability_living", adult(disability_category="4", disability_grade=3),
     {"recognised": ["dibao"]}, {}, True, "100.00"),
    ("living-not-dibao", "disability_living", adult(disability_category="4", disability_grade=3), {}, {}, False,
     "0.00"),
    ("living-edge-not-covered", "disability_living", adult(disability_category="4", disability_grade=3),
     {"recognised": ["dibao_edge"]}, {}, False, "0.00"),
    ("living-edge-covered-where-set", "disability_living", adult(disability_category="4", disability_grade=3),
     {"recognised": ["dibao_edge"]}, {("disability_living", "include_dibao_edge"): "1"}, True, "100.00"),
    ("living-single-person-dibao", "disability_living",
     adult(disability_category="6", disability_grade=2, existing_benefits=[{"program": "dibao", "monthly": "900"}]),
     {}, {}, True, "100.00"),
    ("living-orphan-excluded", "disability_living",
     {"birth_date": "2015-01-01", "disability_category": "5", "disability_grade": 2,
      "existing_benefits": [{"program": "orphan", "monthly": "1000"}]}, {"recognised": ["dibao"]}, {}, False, "0.00"),
    ("living-no-certificate", "disability_living", adult(), {"recognised": ["dibao"]}, {}, False, "0.00"),
    ("care-grade1", "disability_care", adult(disability_category="1", disability_grade=1), {}, {}, True, "200.00"),
    ("care-grade2", "disability_care", adult(disability_category="4", disability_grade=2), {}, {}, True, "150.00"),
    ("care-grade3-mental-not-covered", "disability_care", adult(disability_category="6", disability_grade=3), {}, {},
     False, "0.00"),
    ("care-grade3-mental-covered-where-set", "disability_care", adult(disability_category="6", disability_grade=3),
     {}, {("disability_care", "grade3_mental"): "60"}, True, "60.00"),
    ("care-grade3-limb", "disability_care", adult(disability_category="4", disability_grade=3), {},
     {("disability_care", "grade3_mental"): "60"}, False, "0.00"),
]


@pytest.mark.parametrize("case", DISABILITY_CASES, ids=[c[0] for c in DISABILITY_CASES])
def test_disability_subsidies_worked_cases(case):
    _id, program, member, extra, over, eligible, amount = case
    result = run(payload(program, [member], **extra), over).as_dict()
    assert result["eligible"] is eligible, result["members"][0]["reasons"]
    assert result["monthly_amount"] == amount


def test_person_programs_sum_over_members_and_respect_options_members():
    members = [adult(disability_category="4", disability_grade=1), adult(disability_category="5", disability_grade=2),
               adult()]
    result = run(payload("disability_care", members)).as_dict()
    assert result["monthly_amount"] == "350.00" and [m["eligible"] for m in result["members"]] == [True, True, False]
    only = run(payload("disability_care", members, options={"members": [1]})).as_dict()
    assert only["monthly_amount"] == "150.00" and [m["index"] for m in only["members"]] == [1]


# ---- 高龄津贴 --------------------------------------------------------------------------------------------------------

AGE_CASES = [
    # birth, month, household extra, over, eligible, amount — 地方规定：满周岁的次月起
    ("80th-birthday-this-month", "1946-03-15", "2026-03", {}, {}, False, "0.00"),
    ("80th-birthday-last-month", "1946-03-15", "2026-04", {}, {}, True, "50.00"),
    ("80th-birthday-on-the-1st", "1946-03-01", "2026-03", {}, {}, False, "0.00"),
    ("80th-birthday-on-the-1st-next-month", "1946-03-01", "2026-04", {}, {}, True, "50.00"),
    ("90", "1935-12-31", "2026-03", {}, {}, True, "100.00"),
    ("89-turning-90-this-month", "1936-03-10", "2026-03", {}, {}, True, "50.00"),
    ("100", "1925-01-01", "2026-03", {}, {}, True, "300.00"),
    ("80-poor-where-set", "1940-01-01", "2026-03", {"recognised": ["dibao"]},
     {("age_allowance", "band_80_poor"): "100"}, True, "100.00"),
    ("80-poor-not-set", "1940-01-01", "2026-03", {"recognised": ["dibao"]}, {}, True, "50.00"),
    ("90-poor-uses-90-band", "1930-01-01", "2026-03", {"recognised": ["tekun"]},
     {("age_allowance", "band_80_poor"): "100"}, True, "100.00"),
    ("79", "1947-01-01", "2026-03", {}, {}, False, "0.00"),
    ("leap-day-90th-birthday-is-1-march", "1936-02-29", "2026-03", {}, {}, True, "50.00"),
    ("leap-day-90th-birthday-next-month", "1936-02-29", "2026-04", {}, {}, True, "100.00"),
]


@pytest.mark.parametrize("case", AGE_CASES, ids=[c[0] for c in AGE_CASES])
def test_age_allowance_worked_cases(case):
    _id, birth, month, extra, over, eligible, amount = case
    result = run(payload("age_allowance", [{"birth_date": birth}], month=month, **extra), over).as_dict()
    assert result["eligible"] is eligible, result["members"][0]["reasons"]
    assert result["monthly_amount"] == amount


# ---- 临时救助 --------------------------------------------------------------------------------------------------------

TEMP_CASES = [
    # options, members, over, eligible, amount, approval, pay_first — 暂行办法 第四十七至四十九条；民发〔2018〕23号
    ("emergency-within-cap", {"kind": "emergency", "requested_amount": "1000"}, [adult(incomes=[inc("wage", "9000")])],
     {}, True, "1000.00", "township", True),
    ("emergency-capped", {"kind": "emergency", "requested_amount": "3000"}, [adult()], {}, True, "2400.00", "county",
     True),
    ("emergency-just-over-township", {"kind": "emergency", "requested_amount": "1000.01"}, [adult()], {}, True,
     "1000.01", "county", True),
    ("expense-eligible", {"kind": "expense", "requested_amount": "2000"}, [adult(incomes=[inc("wage", "2999.99")])],
     {}, True, "2000.00", "county", False),
    ("expense-income-at-line", {"kind": "expense", "requested_amount": "2000"},
     [adult(incomes=[inc("pension", "3000")])], {}, False, "0.00", None, False),
    ("cap-truncated-to-fen", {"kind": "emergency", "requested_amount": "5000"}, [adult()],
     {("dibao", "standard"): ("7600", "元/人/年"), ("temporary", "cap_multiplier"): "1.3"}, True, "823.33",
     "township", True),
]


@pytest.mark.parametrize("case", TEMP_CASES, ids=[c[0] for c in TEMP_CASES])
def test_temporary_worked_cases(case):
    _id, options, members, over, eligible, amount, approval, pay_first = case
    result = run(payload("temporary", members, options=options), over).as_dict()
    assert result["eligible"] is eligible, result["reasons"]
    assert result["monthly_amount"] == amount
    assert result["procedure"]["approval_level"] == approval
    assert result["procedure"]["pay_first"] is pay_first
    assert result["procedure"]["public_notice"] is (not pay_first)


# ---- properties (hypothesis) -------------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=6000, places=2, allow_nan=False, allow_infinity=False)
income_st = st.builds(lambda kind, amount, annual: inc(kind, annual=str(amount)) if annual else inc(kind, str(amount)),
                      st.sampled_from(sorted(INCOME_KINDS)), money, st.booleans())
birth_st = st.dates(min_value=dt.date(1925, 1, 1), max_value=dt.date(2026, 2, 28)).map(lambda d: d.isoformat())


@st.composite
def households(draw, candidates: bool):
    members = []
    for _ in range(draw(st.integers(1, 5))):
        member = {"birth_date": draw(birth_st), "incomes": draw(st.lists(income_st, max_size=3))}
        if candidates and draw(st.booleans()):
            member.update(disability_category=draw(st.sampled_from("1234567")), disability_grade=draw(st.integers(1, 4)),
                          serious_illness=draw(st.booleans()))
        members.append(member)
    return members


def _amount(members, rounding="ceil_yuan") -> Decimal:
    return Decimal(run(payload("dibao", members, options={"rounding": rounding})).as_dict()["monthly_amount"])


def _no_income(members):
    return [{**m, "incomes": []} for m in members]


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(households(candidates=True), st.sampled_from(["ceil_yuan", "round_half_up_fen"]))
def test_dibao_amount_never_negative_and_never_above_the_no_income_amount(members, rounding):
    amount = _amount(members, rounding)
    assert amount >= 0
    assert amount <= _amount(_no_income(members), rounding)


@PROPERTY
@given(households(candidates=False), st.data())
def test_dibao_amount_is_monotone_in_income(members, data):
    """More counted income never means more money (households without 单人户 candidates, see the cliff test)."""
    before = _amount(members)
    index = data.draw(st.integers(0, len(members) - 1))
    extra = data.draw(st.decimals(min_value=Decimal("0.01"), max_value=3000, places=2))
    richer = copy.deepcopy(members)
    richer[index]["incomes"].append(inc(data.draw(st.sampled_from(sorted(COUNTED_KINDS))), str(extra)))
    assert _amount(richer) <= before


@PROPERTY
@given(households(candidates=False))
def test_dibao_eligible_exactly_when_per_capita_below_standard(members):
    counted = sum((Decimal(i.get("monthly") or 0) * 12 + Decimal(i.get("annual") or 0)
                   for m in members for i in m["incomes"] if i["kind"] in COUNTED_KINDS), Decimal(0))
    employment = sum(min(Decimal(100) * 12, sum((Decimal(i.get("monthly") or 0) * 12 + Decimal(i.get("annual") or 0)
                                                 for i in m["incomes"] if i["kind"] in ("wage", "business")),
                                                Decimal(0))) for m in members)
    below = (counted - employment) < Decimal(800) * 12 * len(members)  # compared in twelfths: exact
    assert run(payload("dibao", members)).eligible is below


# ---- input validation ----------------------------------------------------------------------------------------------

def _errors(body) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as exc:
        inputs.parse(body, "ceil_yuan")
    return {e.field: e.message for e in exc.value.errors}


def test_parse_rejects_floats_with_a_chinese_message():
    body = inputs.loads('{"program": "dibao", "region_code": "330902", "month": "2026-03", "household": '
                        '{"urban_rural": "urban", "members": [{"birth_date": "1980-01-01", '
                        '"incomes": [{"kind": "wage", "monthly": 1000.5}, {"kind": "wage", "monthly": 1.0}]}],'
                        '"assets": {"financial": 1e3}}}')
    errors = _errors(body)
    assert "浮点数" in errors["household.members[0].incomes[0].monthly"]
    assert "浮点数" in errors["household.members[0].incomes[1].monthly"]
    assert "浮点数" in errors["household.assets.financial"]
    # Integers are exact and accepted.
    body = inputs.loads('{"program": "dibao", "region_code": "330902", "month": "2026-03", "household": '
                        '{"urban_rural": "urban", "members": [{"birth_date": "1980-01-01", '
                        '"incomes": [{"kind": "wage", "monthly": 1000}]}]}}')
    assert inputs.parse(body, "ceil_yuan").household.members[0].incomes[0].amount == Decimal(1000)


def test_parse_reports_every_problem_at_once():
    errors = _errors({"program": "dibaox", "region_code": "33090", "month": "2026-13", "extra": 1,
                      "household": {"urban_rural": "city", "members": [
                          {"birth_date": "1980-02-30", "serious_ilness": True, "disability_grade": 5,
                           "incomes": [{"kind": "salary", "monthly": "-1"}, {"kind": "wage", "monthly": "1",
                                                                              "annual": "12"}]}]},
                      "options": {"rounding": "floor"}})
    assert set(errors) >= {"program", "region_code", "month", "extra", "household.urban_rural",
                           "household.members[0].birth_date", "household.members[0].serious_ilness",
                           "household.members[0].disability_grade", "household.members[0].incomes[0].kind",
                           "household.members[0].incomes[0].monthly", "household.members[0].incomes[1]",
                           "options.rounding"}
    assert errors["extra"] == "不支持的字段" and "YYYY-MM" in errors["month"]


def test_parse_program_specific_requirements():
    errors = _errors(payload("temporary", [adult()]))
    assert set(errors) == {"options.kind", "options.requested_amount"}
    errors = _errors(payload("temporary", [adult()], options={"kind": "急难型", "requested_amount": "0"}))
    assert set(errors) == {"options.requested_amount"}
    errors = _errors(payload("dibao", [adult(disability_grade=2)]))
    assert "同时填写" in errors["household.members[0].disability_grade"]
    errors = _errors(payload("dibao", [{"birth_date": "2026-04-01"}]))
    assert "晚于" in errors["household.members[0].birth_date"]
    errors = _errors(payload("dibao_edge", []))
    assert "household.members" in errors
    errors = _errors(payload("age_allowance", [adult()], options={"members": [3]}))
    assert "options.members[0]" in errors


def test_chinese_names_are_accepted_for_codes():
    body = payload("dibao", [{"birth_date": "1980-01-01", "sex": "女", "disability_category": "肢体残疾",
                              "disability_grade": "1"}])
    body["household"]["urban_rural"] = "农村"
    request = inputs.parse(body, "ceil_yuan")
    assert request.household.urban_rural == "rural"
    member = request.household.members[0]
    assert (member.sex, member.disability_category, member.disability_grade) == ("F", "4", 1)


# ---- API and CLI (database: the standards come from the Standard table) ---------------------------------------------

def _load_test_standards(month_from="2021-01-01"):
    from minzheng.benefits.models import Standard

    Standard.objects.bulk_create([
        Standard(program=p, item=i, region_code="330902000000", area="all", value=Decimal(v),
                 unit=catalogue.ITEMS[(p, i)].unit, effective_from=dt.date.fromisoformat(month_from), source="测试")
        for (p, i), v in BASE.items()])


def _post(client, url, body):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(url, data, content_type="application/json")


@pytest.mark.django_db
def test_api_evaluate_happy_path(village_user, api_client):
    from minzheng.benefits.models import Standard
    from minzheng.core.models import AuditEntry

    _load_test_standards()
    client = api_client(village_user)  # creating the token is audited
    before = (Standard.objects.count(), AuditEntry.objects.count())
    body = payload("dibao", [adult(incomes=[inc("wage", "1000")]), {"birth_date": "1950-01-01"}])
    response = _post(client, "/api/v1/policy/evaluate", body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["eligible"] is True and data["monthly_amount"] == "750.00"  # 1600 − 900 + 50
    standard = next(line for line in data["breakdown"] if line["code"] == "standard")
    assert standard["source"]["region_code"] == "330902000000" and standard["source"]["region_name"] == "定海区"
    assert (Standard.objects.count(), AuditEntry.objects.count()) == before  # nothing written


@pytest.mark.django_db
def test_api_evaluate_422_in_chinese(village_user, api_client):
    _load_test_standards()
    client = api_client(village_user)
    raw = json.dumps(payload("dibao", [adult()])).replace('"1980-06-15"', '"1980-06-15", "incomes": '
                                                          '[{"kind": "wage", "monthly": 100.5}]')
    response = _post(client, "/api/v1/policy/evaluate", raw)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "输入有误，未保存任何数据"
    assert body["errors"] == [{"field": "household.members[0].incomes[0].monthly", "message": inputs.FLOAT_MESSAGE}]
    response = _post(client, "/api/v1/policy/evaluate", "{not json")
    assert response.status_code == 422 and response.json()["errors"][0]["message"] == "请求体不是有效的 JSON"
    response = _post(client, "/api/v1/policy/evaluate", {**payload("dibao", [adult()]), "region_code": "330999"})
    assert response.status_code == 422 and "不存在" in response.json()["errors"][0]["message"]
    # A standard missing for the place and month: 422 naming it, never a calculation with 0.
    response = _post(client, "/api/v1/policy/evaluate", payload("dibao", [adult()], month="2020-12"))
    assert response.status_code == 422 and "低保标准" in response.json()["detail"]
    response = _post(client, "/api/v1/policy/evaluate", payload("tekun", [adult()], support_payer_able=False))
    assert response.status_code == 200  # not eligible (age 45): no self-care assessment needed
    response = _post(client, "/api/v1/policy/evaluate", payload("tekun", [{"birth_date": "1950-01-01"}],
                                                                support_payer_able=False))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "household.members[0].self_care_unmet"


@pytest.mark.django_db
def test_api_evaluate_forbidden_for_administrators(make_user, api_client):
    client = api_client(make_user("sysadmin", "330902000000"))
    assert _post(client, "/api/v1/policy/evaluate", payload("dibao", [adult()])).status_code == 403


@pytest.mark.django_db
def test_cli_policy_evaluate(tmp_path, capsys):
    from minzheng import cli

    _load_test_standards()
    path = tmp_path / "case.json"
    path.write_text(json.dumps(payload("orphan", [{"birth_date": "2016-01-01", "child_status": "orphan"}]),
                               ensure_ascii=False), encoding="utf-8")
    assert cli.main(["policy", "evaluate", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["eligible"] is True and out["monthly_amount"] == "1000.00"
    path.write_text('{"program": "orphan"}', encoding="utf-8")
    assert cli.main(["policy", "evaluate", str(path)]) == 2
    assert "region_code: 必填项不能为空" in capsys.readouterr().err
