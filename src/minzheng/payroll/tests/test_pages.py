"""The payroll pages: generation (a background job), the list with its filters and exports, a payroll's page with its
lines and approval steps (审批 locks: a confirmation step whose comment goes to the audit entry), bank file download
and return upload, the failed-payment work list with account correction, recoveries with repayment, and funds
statistics with the chart and its Excel/CSV download (amounts as numeric cells)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from conftest import PASSWORD
from minzheng.core.models import AuditEntry, Job
from minzheng.core.pages.forms import COMMENT_FIELD, STEP_FIELD
from minzheng.payroll.models import Payroll, PayrollLine, Recovery
from minzheng.payroll.services import bank_files, bank_returns
from minzheng.payroll.services import generate as gen
from minzheng.payroll.tests.factories import ACCOUNT, T1, T2, accounts, lock, refs, write_return

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def xlsx_rows(response) -> list[tuple]:
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def test_generation_page_runs_the_job_and_checks_the_input_first(world):
    township = login(world["township"])
    assert 'type="month"' in township.get("/payroll/generate/").content.decode()
    bad = township.post("/payroll/generate/", {"month": "2026-13", "program": "", "region_code": ""})
    assert bad.status_code == 422 and "月份" in bad.content.decode() and not Job.objects.exists()
    r = township.post("/payroll/generate/", {"month": "2026-04", "program": "", "region_code": ""})
    job = Job.objects.get()
    assert r.status_code == 302 and r.url == f"/jobs/{job.pk}/"
    assert job.status == "done" and job.result["payrolls"] == 2  # the township's own: 低保 and 高龄津贴
    assert login(world["city"]).get("/payroll/generate/").status_code == 403


def test_list_filters_by_name_and_exports(world):
    gen.generate(None, "2026-04")
    county = login(world["county"])
    page = county.get("/payroll/?month=2026-04")
    body = page.content.decode()
    assert page.status_code == 200 and "payroll-table" in body
    assert "城东街道" in body and "昌国街道" in body and "最低生活保障" in body and "待乡镇初审" in body
    assert "沈家门街道" not in body  # another county
    body = county.get(f"/payroll/?month=2026-04&region_code={T2}").content.decode()
    assert "昌国街道" in body and "城东街道" not in body.split("<tbody>")[1]
    bad = county.get("/payroll/?month=2026-99&program=nonsense&region_code=abc")
    assert bad.status_code == 422
    text = bad.content.decode()
    assert "月份“2026-99”格式不正确" in text and "不是可选的值" in text
    rows = xlsx_rows(county.get("/payroll/?month=2026-04&program=dibao&export=xlsx"))
    assert rows[0] == ("发放月份", "救助项目", "乡镇(街道)", "状态", "笔数", "发放对象", "合计（元）")
    by_town = {r[2]: r for r in rows[1:]}
    assert set(by_town) == {"城东街道", "昌国街道"}
    assert by_town["城东街道"][1] == "最低生活保障" and by_town["城东街道"][4] == 4
    assert Decimal(str(by_town["城东街道"][6])) == Decimal("3650.50")
    csv_rows = list(csv.reader(io.StringIO(b"".join(
        county.get("/payroll/?month=2026-04&program=dibao&export=csv").streaming_content).decode("utf-8-sig"))))
    assert {r[6] for r in csv_rows[1:]} == {"3650.50", "999.99"}
    assert AuditEntry.objects.filter(action="export", object_type="payroll").count() == 2


def test_a_payroll_page_with_its_lines_steps_bank_file_and_return(world):
    township, county = login(world["township"]), login(world["county"])
    gen.generate(None, "2026-04")
    p = Payroll.objects.get(program="dibao", region_code=T1)
    detail = township.get(f"/payroll/{p.pk}/").content.decode()
    assert "3,650.50" in detail and f"/payroll/{p.pk}/check/" in detail and "城东街道" in detail
    assert "甲" in detail and "*" in detail and "当月发放" in detail  # payee, masked account, kind label
    assert not any(a in detail for a in accounts(world, p).values())
    only_arrears = township.get(f"/payroll/{p.pk}/?kind=arrears").content.decode()
    assert "没有符合条件的明细" in only_arrears
    assert township.get(f"/payroll/{p.pk}/?kind=bogus").status_code == 422
    lines = xlsx_rows(township.get(f"/payroll/{p.pk}/?export=xlsx"))
    assert lines[0][:6] == ("领取人", "银行账号", "类别", "所属月份", "金额（元）", "发放状态")
    assert len(lines) == 5 and sum(Decimal(str(r[4])) for r in lines[1:]) == Decimal("3650.50")
    assert all("*" in r[1] and r[1] not in accounts(world, p).values() for r in lines[1:])  # masked in exports too
    # 初审 by the township, then 审批（锁定） by the county with a confirmation step.
    assert county.get(f"/payroll/{p.pk}/check/").status_code == 403
    step = township.post(f"/payroll/{p.pk}/check/", {})  # 初审 too is confirmed with a comment (new in issue 12)
    text = step.content.decode()
    assert step.status_code == 200 and STEP_FIELD in text and "乡镇不能再重新生成" in text
    p.refresh_from_db()
    assert p.status == "draft"
    assert township.post(f"/payroll/{p.pk}/check/",
                         {STEP_FIELD: "1", COMMENT_FIELD: "已核对人数金额"}).status_code == 302
    p.refresh_from_db()
    assert p.status == "checked"
    assert AuditEntry.objects.get(action="check", object_id=str(p.pk)).changes["note"] == [None, "已核对人数金额"]
    first = county.post(f"/payroll/{p.pk}/approve/", {})
    assert first.status_code == 200 and STEP_FIELD in first.content.decode() and "不能再更改" in first.content.decode()
    p.refresh_from_db()
    assert p.status == "checked"  # nothing happens before the confirmation
    missing = county.post(f"/payroll/{p.pk}/approve/", {STEP_FIELD: "1", COMMENT_FIELD: ""})
    assert missing.status_code == 422 and "请填写确认办理说明" in missing.content.decode()
    done = county.post(f"/payroll/{p.pk}/approve/", {STEP_FIELD: "1", COMMENT_FIELD: "与财政资金核对一致"})
    assert done.status_code == 302 and done.url == f"/payroll/{p.pk}/"
    p.refresh_from_db()
    assert p.status == "approved"
    entry = AuditEntry.objects.get(action="approve", object_type="payroll", object_id=str(p.pk))
    assert entry.changes["note"] == [None, "与财政资金核对一致"]
    again = county.post(f"/payroll/{p.pk}/approve/", {STEP_FIELD: "1", COMMENT_FIELD: "再次"})
    assert again.status_code == 409 and "须先经乡镇" in again.content.decode()
    assert login(world["township2"]).get(f"/payroll/{p.pk}/").status_code == 404
    huge = "99999999999999999999"  # past 64 bits: a 404, never a database overflow
    assert township.get(f"/payroll/{huge}/").status_code == 404
    assert county.post(f"/payroll/{huge}/export/", {"format": "csv"}).status_code == 404
    assert township.get(f"/payroll/{huge}/fix-account/{huge}/").status_code == 404
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
    assert "<h2 class=\"h6\">银行回盘</h2>" in county.get(f"/payroll/{p.pk}/").content.decode()
    assert bank_files.FORMATS == ("csv", "xlsx", "txt")


def test_returning_a_checked_roll_needs_a_reason(world, roll):
    login(world["township"]).post(f"/payroll/{roll.pk}/check/", {STEP_FIELD: "1", COMMENT_FIELD: "已核对"})
    county = login(world["county"])
    assert "退回原因" in county.get(f"/payroll/{roll.pk}/return/").content.decode()
    r = county.post(f"/payroll/{roll.pk}/return/", {"note": ""})
    assert r.status_code == 422 and "请填写退回原因" in r.content.decode()
    assert county.post(f"/payroll/{roll.pk}/return/", {"note": "人数不符"}).status_code == 302
    roll.refresh_from_db()
    assert roll.status == "draft"
    entry = AuditEntry.objects.get(action="return", object_id=str(roll.pk))
    assert entry.changes["note"] == [None, "人数不符"]


def test_failed_payments_work_list_and_account_correction(world, locked, tmp_path):
    bank_files.export(world["county"], locked.pk, "csv", tmp_path / "bank.csv")
    r = refs(world, locked)
    write_return(tmp_path / "ret.csv", [[r["dibao_new"], ACCOUNT, "850.50", "失败", "户名与账号不符"]])
    bank_returns.reconcile(world["county"], locked.pk, tmp_path / "ret.csv")
    township = login(world["township"])
    page = township.get("/payroll/failed/").content.decode()
    ent = world["paid"]["dibao_new"][0]
    fix_url = f"/payroll/{locked.pk}/fix-account/{ent.pk}/"
    assert "户名与账号不符" in page and "850.50" in page and "乙社区" in page and fix_url in page
    assert fix_url not in login(world["city"]).get("/payroll/failed/").content.decode()  # the city only reads
    rows = xlsx_rows(township.get("/payroll/failed/?export=xlsx"))
    assert [(r_[1], Decimal(str(r_[4])), r_[5]) for r_ in rows[1:]] == [("乙", Decimal("850.50"), "户名与账号不符")]
    assert login(world["township2"]).get(fix_url).status_code == 404
    bad = township.post(fix_url, {"account": "12ab", "bank_name": ""})
    assert bad.status_code == 422 and "6 至 32 位数字" in bad.content.decode()
    assert township.post(fix_url, {"account": "6217 0000 1111 2222", "bank_name": "建设银行"}).status_code == 302
    assert PayrollLine.objects.get(payroll=locked, entitlement=ent).status == "reissue"
    assert "没有发放失败的记录" in township.get("/payroll/failed/").content.decode()
    assert township.get(fix_url).status_code == 404  # no longer on the list


def test_recoveries_list_and_repayment(world, make_user):
    ent = world["paid"]["dibao_a"][0]
    rec = Recovery.objects.create(entitlement=ent, program="dibao", region_code=ent.region_code,
                                  household=ent.household, payee=ent.payee, from_month="2025-12-01",
                                  to_month="2025-12-01", amount_fen=30000, reason="核查发现多发", found_on="2026-04-01")
    township = login(world["township"])
    page = township.get("/payroll/recoveries/").content.decode()
    assert "核查发现多发" in page and "300.00" in page and "待追回" in page and f"/recoveries/{rec.pk}/repay/" in page
    assert township.get("/payroll/recoveries/?status=bogus").status_code == 422
    bad = township.post(f"/payroll/recoveries/{rec.pk}/repay/", {"amount": "12.345"})
    assert bad.status_code == 422 and "最多两位小数" in bad.content.decode()
    too_much = township.post(f"/payroll/recoveries/{rec.pk}/repay/", {"amount": "400"})
    assert too_much.status_code == 422 and "不超过未追回金额 300.00 元" in too_much.content.decode()
    assert township.post(f"/payroll/recoveries/{rec.pk}/repay/", {"amount": "100.00"}).status_code == 302
    rows = xlsx_rows(township.get("/payroll/recoveries/?export=xlsx"))
    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert Decimal(str(row["已退回（元）"])) == Decimal("100.00")
    assert Decimal(str(row["未追回（元）"])) == Decimal("200.00")
    assert row["状态"] == "待追回" and row["领取人"] == "甲"
    assert login(world["township2"]).get(f"/payroll/recoveries/{rec.pk}/repay/").status_code == 404


def test_funds_statistics_page_chart_and_download(world):
    gen.generate(None, "2026-04")
    for p in Payroll.objects.filter(region_code=T1):
        lock(world, p)
    county = login(world["county"])
    funds = county.get("/payroll/funds/?month=2026-04&program=dibao").content.decode()
    assert "<svg" in funds and "3650.50" in funds and "城东街道" in funds
    assert county.get("/payroll/funds/?month=2026-13").status_code == 422
    home = county.get("/").content.decode()  # the dashboard shows the year's locked payments with the chart
    assert 'id="home-funds"' in home and "4150.50" in home and "<svg" in home
    xlsx = county.get("/payroll/funds/?month=2026-04&download=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith(".xlsx")
    rows = xlsx_rows(xlsx)
    assert rows[0][0] == "救助项目" and rows[-1][0] == "合计"
    assert isinstance(rows[-1][-1], (int, float)) and isinstance(rows[1][-2], int)  # numeric cells, not text
    assert Decimal(str(rows[-1][-1])) == Decimal("4150.50")
    assert sum(Decimal(str(x[-1])) for x in rows[1:-1]) == Decimal(str(rows[-1][-1]))
    assert {x[1] for x in rows[1:-1]} == {"城东街道"} and {x[0] for x in rows[1:-1]} == {"最低生活保障", "高龄津贴"}
    assert AuditEntry.objects.filter(action="export", object_type="funds_stats").exists()
    assert county.get("/payroll/funds/?download=pdf").status_code == 400


def test_a_page_of_payrolls_is_a_fixed_number_of_queries(world):
    gen.generate(None, "2026-04")
    county = login(world["county"])
    county.get("/payroll/")  # warm the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert county.get("/payroll/").status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    gen.generate(None, "2026-03")
    gen.generate(None, "2026-02")  # three times the rows (names, labels, links), the same queries
    assert Payroll.objects.count() == 3 * 4 and queries() == few
