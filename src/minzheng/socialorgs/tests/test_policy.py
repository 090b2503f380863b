"""Pure rules: evaluation eligibility around the 2-year and 5-year boundaries and the 2-/3-year bars
(民政部令第39号), 基金会 spending on worked accounts (基金会管理条例 第二十九条), the credit code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from minzheng.socialorgs import policy
from minzheng.socialorgs.tests.factories import make_uscc

D = dt.date


def hist(**kw) -> policy.History:
    base = {"registered_on": D(2020, 3, 1), "annual_results": dict.fromkeys(range(2020, 2027), "pass")}
    return policy.History(**{**base, **kw})


def test_two_full_years_after_registration():
    h = hist(registered_on=D(2022, 3, 1), annual_results={2022: "pass", 2023: "pass"})
    assert any("未满两个年度" in r for r in policy.eligibility(h, D(2024, 2, 29)))
    assert policy.eligibility(h, D(2024, 3, 1)) == []


def test_grade_valid_five_years_and_reapplication_two_years_before_expiry():
    awarded = D(2021, 6, 15)
    until = policy.valid_until(awarded)
    assert until == D(2026, 6, 14)
    g = policy.PastGrade(4, awarded, until)
    assert policy.grade_in_force(g, D(2026, 6, 14)) and not policy.grade_in_force(g, D(2026, 6, 15))
    # re-application opens 2 years before expiry: 2024-06-15
    assert any("有效期内" in r for r in policy.eligibility(hist(current=g), D(2024, 6, 14)))
    assert policy.eligibility(hist(current=g), D(2024, 6, 15)) == []
    # once expired, the grade is no longer in force: eligible
    assert policy.eligibility(hist(current=None, ever_graded=True), D(2026, 6, 15)) == []


def test_downgrade_bars_two_years_and_cancellation_three():
    down = hist(sanctions=[policy.Sanction("downgrade", D(2024, 5, 10))])
    assert any("2 年内不得申请" in r for r in policy.eligibility(down, D(2026, 5, 9)))
    assert policy.eligibility(down, D(2026, 5, 10)) == []
    cancel = hist(sanctions=[policy.Sanction("cancel", D(2024, 5, 10))])
    assert any("3 年内不得申请" in r for r in policy.eligibility(cancel, D(2027, 5, 9)))
    assert policy.eligibility(cancel, D(2027, 5, 10)) == []


def test_annual_check_conditions():
    on = D(2026, 7, 1)
    assert any("未参加 2025 年度年检" in r for r in policy.eligibility(hist(annual_results={2024: "pass"}), on))
    assert any("2025 年度年检不合格" in r for r in
               policy.eligibility(hist(annual_results={2024: "pass", 2025: "fail"}), on))
    assert any("连续 2 年基本合格" in r for r in
               policy.eligibility(hist(annual_results={2024: "basic", 2025: "basic"}), on))
    assert policy.eligibility(hist(annual_results={2024: "basic", 2025: "pass"}), on) == []
    reasons = policy.eligibility(hist(punished_last_year=True, under_investigation=True, listed="活动异常名录"), on)
    assert len(reasons) == 3


def test_public_foundation_worked_accounts():
    # 上年总收入 1,234,567.89 → 70 % = 864,197.52 (864,197.523 rounded to the fen)
    ok = policy.FoundationAccounts(public=True, last_year_income=Decimal("1234567.89"),
                                   last_year_fund_balance=Decimal(0),
                                   mission_spending=Decimal("864197.52"), pay_and_admin=Decimal("95000.00"),
                                   total_spending=Decimal("950000.00"))
    checks = policy.spending_checks(ok)
    assert [c.ok for c in checks] == [True, True]
    assert "864197.52" in checks[0].required and "95000.00" in checks[1].required
    short = policy.spending_checks(ok.__class__(**{**ok.__dict__, "mission_spending": Decimal("864197.51"),
                                                   "pay_and_admin": Decimal("95000.01")}))
    assert [c.ok for c in short] == [False, False]
    assert "低于上年总收入的 70%（864197.52）" in short[0].message


def test_private_foundation_worked_accounts():
    # 上年基金余额 20,000,000.00 → 8 % = 1,600,000.00; 总支出 2,000,000.00 → 10 % = 200,000.00
    a = policy.FoundationAccounts(public=False, last_year_income=Decimal(0), last_year_fund_balance=Decimal("20000000"),
                                  mission_spending=Decimal("1600000.00"), pay_and_admin=Decimal("200000.00"),
                                  total_spending=Decimal("2000000.00"))
    assert [c.ok for c in policy.spending_checks(a)] == [True, True]
    b = policy.FoundationAccounts(**{**a.__dict__, "mission_spending": Decimal("1599999.99")})
    assert [c.ok for c in policy.spending_checks(b)] == [False, True]


def test_grade_bands_and_committee():
    bands = {"5": "900", "4": "800", "3": "700", "2": "600", "1": "500"}
    assert [policy.grade_for(Decimal(s), bands) for s in ("900", "899.9", "700", "500", "499.9")] == [5, 4, 3, 1, 0]
    assert policy.committee_problems(policy.Committee(9, 6, 4)) == []
    assert "三分之二" in policy.committee_problems(policy.Committee(9, 5, 5))[0]
    assert "半数" in policy.committee_problems(policy.Committee(9, 6, 3))[0]
    assert "7—25" in policy.committee_problems(policy.Committee(6, 6, 6))[0]


def test_credit_code():
    assert policy.uscc_error(make_uscc()) is None
    assert "校验位" in policy.uscc_error("51330902000000011X")
    assert "以 5" in policy.uscc_error("91110000600037341L")
