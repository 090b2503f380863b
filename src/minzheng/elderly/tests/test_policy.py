"""Policy of the age allowance (高龄津贴; local rules: from the month after the birthday): worked cases. Pure."""

from __future__ import annotations

import pytest

from minzheng.benefits.tests.policy_inputs import payload, run

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
