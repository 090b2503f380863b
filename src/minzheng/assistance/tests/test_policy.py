"""Policy of the social assistance programs (低保, 低保边缘, 刚性支出, 特困, 临时救助): worked cases citing their rule,
boundaries, rounding, missing standards, and properties (hypothesis). Pure: the standards are built in the test."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minzheng.benefits.policy import COUNTED_KINDS, EXCLUDED_KINDS, MissingFact, MissingStandard
from minzheng.benefits.policy.money import round_amount
from minzheng.benefits.tests.policy_inputs import adult, inc, payload, run
from minzheng.core.errors import ValidationFailed
from minzheng.registry.codes import INCOME_KINDS

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
    assert set(INCOME_KINDS) == COUNTED_KINDS | EXCLUDED_KINDS and not COUNTED_KINDS & EXCLUDED_KINDS


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
            member.update(disability_category=draw(st.sampled_from("1234567")),
                          disability_grade=draw(st.integers(1, 4)), serious_illness=draw(st.booleans()))
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
