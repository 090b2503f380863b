"""Funds statistics equal the sum of locked payroll lines to the fen (drafts excluded), by program, region, month
and payment status, scoped; Excel export; and the payroll pages (generation job, detail with its steps, bank file
download, return upload, work list, statistics with the chart)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client

from minzheng.core.models import Job
from minzheng.payroll import export, stats, workflow
from minzheng.payroll import generate as gen
from minzheng.payroll.models import Payroll, PayrollLine
from tests.conftest import PASSWORD
from tests.test_payroll_generate import T1, T2, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def lock(world, p):  # noqa: F811
    workflow.act(world["township"] if p.region_code == T1 else world["township2"], p.pk, "check")
    workflow.act(world["county"], p.pk, "approve")


def test_statistics_equal_the_locked_lines_to_the_fen(world):  # noqa: F811
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


def test_excel_export_of_the_statistics(world, tmp_path):  # noqa: F811
    gen.generate(None, "2026-04")
    for p in Payroll.objects.filter(region_code=T1):
        lock(world, p)
    r = stats.funds(world["county"], month="2026-04")
    from openpyxl import load_workbook

    rows = list(load_workbook(stats.write_xlsx(r, tmp_path / "s.xlsx")).active.iter_rows(values_only=True))
    assert rows[0][0] == "救助项目" and rows[-1][0] == "合计" and rows[-1][-1] == r["total"]
    assert sum(Decimal(x[-1]) for x in rows[1:-1]) == Decimal(r["total"])


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_pages(world, tmp_path):  # noqa: F811
    township, county = login(world["township"]), login(world["county"])
    r = township.post("/payroll/", {"month": "2026-04", "program": "", "region_code": ""})
    job = Job.objects.get()
    assert r.status_code == 302 and job.status == "done" and job.result["payrolls"] == 2
    page = township.get("/payroll/?month=2026-04")
    assert page.status_code == 200 and "payroll-table" in page.content.decode()
    p = Payroll.objects.get(program="dibao", region_code=T1)
    detail = township.get(f"/payroll/{p.pk}/").content.decode()
    assert "3650.50" in detail and 'value="check"' in detail
    assert township.post(f"/payroll/{p.pk}/act/", {"action": "check"}).status_code == 302
    assert county.post(f"/payroll/{p.pk}/act/", {"action": "approve"}).status_code == 302
    p.refresh_from_db()
    assert p.status == "approved"
    assert login(world["township2"]).get(f"/payroll/{p.pk}/").status_code == 404
    assert login(world["village"]).get("/payroll/").status_code == 403
    assert township.post(f"/payroll/{p.pk}/export/", {"format": "csv"}).status_code == 403
    download = county.post(f"/payroll/{p.pk}/export/", {"format": "csv", "layout": "default"})
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[-1] == ["合计", "4", "3650.50"]
    returned = io.StringIO()
    w = csv.writer(returned)
    w.writerow(["流水号", "账号", "金额", "处理结果", "失败原因"])
    for row in rows[1:-1]:
        w.writerow([row[0], row[2], row[3], "成功", ""])
    upload = io.BytesIO(returned.getvalue().encode("utf-8"))
    upload.name = "return.csv"
    assert county.post(f"/payroll/{p.pk}/reconcile/", {"file": upload}).status_code == 302
    p.refresh_from_db()
    assert p.status == "reconciled"
    funds = county.get("/payroll/funds/?month=2026-04").content.decode()
    assert "<svg" in funds and "3650.50" in funds
    home = county.get("/").content.decode()  # the dashboard shows the year's locked payments with the chart
    assert 'id="home-funds"' in home and "3650.50" in home and "<svg" in home
    xlsx = county.get("/payroll/funds/?month=2026-04&download=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith(".xlsx")
    assert township.get("/payroll/failed/").status_code == 200
    assert export.FORMATS == ("csv", "xlsx", "txt")
