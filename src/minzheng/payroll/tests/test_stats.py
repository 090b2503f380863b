"""Funds statistics equal the sum of locked payroll lines to the fen (drafts excluded), by program, region, month
and payment status, scoped; the API answers the same figures as exact decimal text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.payroll import stats
from minzheng.payroll.models import Payroll, PayrollLine
from minzheng.payroll.services import generate as gen
from minzheng.payroll.tests.factories import T1, T2, lock

pytestmark = pytest.mark.django_db


def test_statistics_equal_the_locked_lines_to_the_fen(world):
    gen.generate(None, "2026-03")
    gen.generate(None, "2026-04")
    for p in Payroll.objects.filter(region_code__in=(T1, T2)).exclude(month__month=4, program="age_allowance"):
        lock(world, p)
    locked = PayrollLine.objects.filter(payroll__status__in=("approved", "exported", "reconciled"))
    expected = sum((line.amount for line in locked.filter(region_code__startswith="330902")), Decimal("0.00"))
    r = stats.funds(world["county"], month="2026-04")
    assert Decimal(r["total"]) == expected and r["lines"] == locked.filter(region_code__startswith="330902").count()
    assert sum(Decimal(i["amount"]) for i in r["by_program"]) == expected
    assert sum(Decimal(i["amount"]) for i in r["by_region"]) == expected
    assert sum(Decimal(i["amount"]) for i in r["by_month"]) == expected
    assert {i["key"] for i in r["by_status"]} == {"pending"}
    assert {i["key"] for i in r["by_region"]} == {T1, T2}
    assert {i["label"] for i in r["by_region"]} == {"城东街道", "昌国街道"}  # names, not codes
    draft = Payroll.objects.get(month__month=4, program="age_allowance", region_code=T1)
    assert draft.status == "draft" and "age_allowance" in {i["key"] for i in r["by_program"]}  # March's, locked
    april_age = [x for x in r["rows"] if x["month"] == "2026-04" and x["program"] == "age_allowance"]
    assert april_age == []  # the April draft is not counted
    mine = stats.funds(world["township"], month="2026-04", level="village")
    assert {i["key"][:9] for i in mine["by_region"]} == {"330902001"}
    assert Decimal(mine["total"]) == sum(
        (x.amount for x in locked.filter(region_code__startswith="330902001")), Decimal("0.00"))
    march = stats.funds(world["county"], month="2026-03", program="dibao")
    assert march["from"] == "2026-01" and {i["key"] for i in march["by_month"]} == {"2026-03"}


def test_the_api_gives_the_same_figures_as_decimal_text(world, api_client):
    gen.generate(None, "2026-04")
    for p in Payroll.objects.filter(region_code=T1):
        lock(world, p)
    r = stats.funds(world["county"], month="2026-04")
    client = api_client(world["county"])
    body = client.get("/api/v1/funds/stats?month=2026-04").json()
    assert body["total"] == f"{r['total']:.2f}" == "4150.50" and body["from"] == "2026-01" and body["to"] == "2026-04"
    assert [(g["key"], g["amount"]) for g in body["by_program"]] == [
        (g["key"], f"{g['amount']:.2f}") for g in r["by_program"]]
    assert {row["region_name"] for row in body["rows"]} == {"城东街道"}
    villages = client.get("/api/v1/funds/stats?month=2026-04&level=village").json()
    assert {row["region_name"] for row in villages["rows"]} == {"甲社区", "乙社区"}
    bad = client.get("/api/v1/funds/stats?month=2026-13&level=galaxy&region_code=abc")
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"month", "level", "region_code"}
