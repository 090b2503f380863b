"""Test data for the policy engine: standards built in the test (no database), the evaluation input JSON, and a
run() that validates the input as the API does and evaluates it. Used by the kernel's and every program's policy
tests."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

from minzheng.benefits import catalogue
from minzheng.benefits.evaluation import parse
from minzheng.benefits.policy import Standards, StandardValue, evaluate

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
    """The evaluation input JSON for an urban household of 甲社区."""
    return {"program": program, "region_code": "330902001001", "month": month,
            "household": {"urban_rural": "urban", "members": members, **household}, "options": options or {}}


def run(body: dict, over: dict | None = None):
    """Validate the input as the API does (422 → ValidationFailed) and evaluate it under the test standards."""
    request = parse(copy.deepcopy(body), "ceil_yuan")
    return evaluate(request, make_standards(over, request.month))


def adult(**kw) -> dict:
    return {"birth_date": "1980-06-15", **kw}


def inc(kind: str, monthly: str | None = None, annual: str | None = None) -> dict:
    return {"kind": kind, **({"monthly": monthly} if monthly is not None else {"annual": annual})}


def load_test_standards(month_from: str = "2021-01-01") -> None:
    """BASE as rows of the Standard table, set by 定海区 (for the API and the CLI)."""
    from minzheng.benefits.models import Standard

    Standard.objects.bulk_create([
        Standard(program=p, item=i, region_code="330902000000", area="all", value=Decimal(v),
                 unit=catalogue.ITEMS[(p, i)].unit, effective_from=dt.date.fromisoformat(month_from), source="测试")
        for (p, i), v in BASE.items()])
