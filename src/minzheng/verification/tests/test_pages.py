"""Verification pages: the report for a case (conclusion with reasons, names and labels, stored, audited, scoped),
核实待办 with its filters and export, a finding's page with its outcomes as service forms (核实属实 asks for a
confirmation comment; a township is not offered the county's outcomes), the feed upload (a background job with a
per-row error report, showing the chosen kind's columns) and the list of loaded department files."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from conftest import PASSWORD
from minzheng.core.models import AuditEntry, Job
from minzheng.core.pages.forms import COMMENT_FIELD, STEP_FIELD
from minzheng.core.spreadsheets import write_rows
from minzheng.registry.tests.factories import make_id
from minzheng.verification import compare, report
from minzheng.verification.models import Finding, VerificationReport
from minzheng.verification.tests.factories import MONTH

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def test_report_concludes_from_the_feeds_and_is_scoped(world, make_user, api_client):
    township = make_user("township", "330902001000")
    e = world["e"]
    rep = report.request_report(township, e["A"].source_case)  # 甲 household: car, business, income, deposits
    assert rep.conclusion == "ineligible"
    text = "；".join(rep.reasons)
    # The engine's verdict on the verified figures (the car the department found counts), then each difference.
    assert "按核对后数据测算不符合条件" in text and "第1辆车价值 80000.00 元超过上限" in text
    assert "甲商贸有限公司" in text and "核对差异：非豁免车辆部门数据 1 辆，申报 0 辆" in text
    assert "核对差异：甲二：工资性收入部门数据近12个月 3000.00 元，申报 0.00 元" in text
    assert rep.data["verified"]["eligible"] is False
    assert rep.data["household_size"] == 3 and len(rep.data["members"]) == 3
    a2 = next(m for m in rep.data["members"] if m["name"] == "甲二")
    assert a2["income"]["social_insurance"]["months"]["2026-11"] == "3000.00"
    assert a2["income"]["social_insurance"]["months"]["2026-10"] == "0.00"
    assert a2["vehicle"][0]["plate"] == "浙L12345" and "*" in a2["id_number"]
    assert AuditEntry.objects.filter(action="report_create", object_id=str(rep.pk)).exists()
    orphan_case = e["D2"].source_case  # 丁二: nothing in the feeds; the case recorded her as an orphan
    orphan_case.facts = {"members": {str(e["D2"].person_id): {"child_status": "orphan"}}}
    orphan_case.save(update_fields=["facts"])
    clean = report.request_report(township, orphan_case)
    assert clean.conclusion == "eligible" and clean.reasons[0].startswith("按核对后数据测算符合条件")
    # Pages: printable for the township, 404 for another county, 403 for a village clerk.
    page = login(township).get(f"/verification/reports/{rep.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and "不符合" in body and "浙L12345" in body
    # Names and labels, not codes: the program, the village, the business's role and state, the standards.
    assert "最低生活保障" in body and "甲社区" in body and "法定代表人，存续" in body
    assert "低保标准（元/人/年）" in body and "line_year" not in body and "legal_rep" not in body
    assert login(make_user("county", "330903000000")).get(f"/verification/reports/{rep.pk}/").status_code == 404
    assert login(make_user("village", "330902001001")).get(f"/verification/reports/{rep.pk}/").status_code == 403
    r = login(township).post(f"/verification/cases/{e['C'].source_case_id}/report/")
    assert r.status_code == 302
    assert login(township).post("/verification/cases/99999999999999999999/report/").status_code == 404
    newest = VerificationReport.objects.latest("id")
    assert r.url == f"/verification/reports/{newest.pk}/" and newest.conclusion == "ineligible"  # 2 homes, deposits
    moved = login(township).get(r.url).content.decode()
    assert "住宅" in moved and "residential" not in moved
    api = api_client(township).post(f"/api/v1/cases/{e['B'].source_case_id}/verification-report")
    assert api.status_code == 201 and api.json()["conclusion_label"] in ("不符合", "需核实")
    assert api_client(township).get(f"/api/v1/verification-reports/{newest.pk}").json()["month"] == "2026-11"
    assert api_client(make_user("village", "330902001001")).post(
        f"/api/v1/cases/{e['B'].source_case_id}/verification-report").status_code == 403


def test_report_on_declared_income_above_the_line_never_says_eligible(world, make_user):
    """Departments report nothing for this household, but its own declaration is above the line: the report is the
    policy engine's verdict on the verified figures (declared stands where departments report nothing), never 符合."""
    from minzheng.benefits.tests.factories import grant
    from minzheng.registry.tests.factories import make_family

    township = make_user("township", "330902001000")
    household, (head, _spouse) = make_family(township, [("辛一", "19800101", "M"), ("辛二", "19810101", "F")],
                                            incomes=[(0, "wage", "44329.75"), (1, "wage", "77415.43")], year=2026)
    case = grant("dibao", household, payee=head).source_case
    rep = report.request_report(township, case)
    assert rep.conclusion == "ineligible" and rep.data["verified"]["eligible"] is False
    assert not any("符合条件，" in r for r in rep.reasons) and rep.data["verified"]["differences"] == []
    assert "按核对后数据测算不符合条件" in rep.reasons[0]


def test_findings_list_filters_and_exports(world, make_user):
    compare.run(MONTH)
    township = make_user("township", "330902001000")
    c = login(township)
    page = c.get("/verification/findings/?month=2026-11&rule=death")
    body = page.content.decode()
    assert page.status_code == 200 and "甲一" in body and "乙一" not in body
    assert "救助对象死亡" in body and "甲社区" in body and "已逾期" not in body  # labels and names
    # Region filter: a village or township code selects its subtree; a malformed code is a clear 422.
    county = login(make_user("county", "330902000000"))
    body = county.get("/verification/findings/?status=&region_code=330902002001").content.decode()
    assert "己二" in body and "甲一" not in body
    body = county.get("/verification/findings/?status=&region_code=330902001").content.decode()
    assert "甲一" in body and "己二" not in body
    bad = county.get("/verification/findings/?status=&region_code=abc")
    assert bad.status_code == 422 and "区划代码" in bad.content.decode() and "筛选条件有误" in bad.content.decode()
    # Open findings by default; 全部 (status=) shows handled ones too.
    Finding.objects.filter(rule="death").update(status="dismissed")
    assert "甲一" not in county.get("/verification/findings/?rule=death").content.decode().split("<tbody>")[1]
    assert "甲一" in county.get("/verification/findings/?rule=death&status=").content.decode()
    # Overdue: past the deadline and still open.
    Finding.objects.filter(rule="vehicle").update(due_on="2026-11-01")
    assert "已逾期" in county.get("/verification/findings/?rule=vehicle").content.decode()
    export = county.get("/verification/findings/?status=&export=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0] == ("规则", "涉及人员", "村(社区)", "比对月份", "比对依据", "涉及月金额（元）", "核实期限", "逾期",
                       "状态")
    assert len(rows) == 1 + Finding.objects.filter(region_code__startswith="330902").count()
    vehicle = next(r for r in rows if r[0] == "拥有非生活必需车辆")
    assert vehicle[7] == "是" and vehicle[8] == "待核实" and str(vehicle[5]) in ("500", "500.0")
    assert login(make_user("village", "330902001001")).get("/verification/findings/").status_code == 403
    assert c.get("/").status_code == 200 and "核实待办" in c.get("/").content.decode()


def test_a_finding_is_confirmed_with_a_comment_or_dismissed_with_a_reason(world, make_user):
    compare.run(MONTH)
    township = make_user("township", "330902001000")
    c = login(township)
    finding = Finding.objects.get(rule="child_out_of_school")
    detail = c.get(f"/verification/findings/{finding.pk}/")
    body = detail.content.decode()
    assert detail.status_code == 200 and "超龄且不在校" in body and "孤儿基本生活费" in body
    assert f"/verification/findings/{finding.pk}/confirm/" in body and "丁一" in body
    r = c.post(f"/verification/findings/{finding.pk}/dismiss/", {"reason": ""})
    assert r.status_code == 422 and "排除疑点须填写理由" in r.content.decode()
    # The rule's usual outcome is 停发, which a township may not decide without delegation: it is not offered.
    form = c.get(f"/verification/findings/{finding.pk}/confirm/").content.decode()
    assert '<option value="suspend" selected>' in form and 'value="stop"' not in form
    data = {"outcome": "suspend", "effective_month": "2026-12", "reason": "已毕业未升学"}
    first = c.post(f"/verification/findings/{finding.pk}/confirm/", data)
    assert first.status_code == 200 and STEP_FIELD in first.content.decode() and "暂停发放" in first.content.decode()
    finding.refresh_from_db()
    assert finding.status == "open"
    r = c.post(f"/verification/findings/{finding.pk}/confirm/", {**data, STEP_FIELD: "1", COMMENT_FIELD: ""})
    assert r.status_code == 422
    r = c.post(f"/verification/findings/{finding.pk}/confirm/",
               {**data, STEP_FIELD: "1", COMMENT_FIELD: "电话核实：已于6月毕业"})
    assert r.status_code == 302 and r.url == f"/verification/findings/{finding.pk}/"
    finding.refresh_from_db()
    assert finding.status == "confirmed" and finding.entitlement.status == "suspended"
    entry = AuditEntry.objects.get(action="finding_confirm", object_id=str(finding.pk))
    assert entry.changes["note"] == [None, "电话核实：已于6月毕业"]
    after = c.get(f"/verification/findings/{finding.pk}/").content.decode()
    assert "已核实属实" in after and "/confirm/" not in after  # handled: no more actions
    again = c.post(f"/verification/findings/{finding.pk}/dismiss/", {"reason": "x"})
    assert again.status_code == 409
    # A death is confirmed as a fact (登记死亡) — preselected, offered to the township too; a county may also decide
    # 停发. 确认死亡 is not offered for other rules.
    county = login(make_user("county", "330902000000"))
    death = Finding.objects.get(rule="death")
    form = county.get(f"/verification/findings/{death.pk}/confirm/").content.decode()
    assert '<option value="death" selected>' in form and 'value="stop"' in form
    assert '<option value="death" selected>' in c.get(f"/verification/findings/{death.pk}/confirm/").content.decode()
    vehicle = Finding.objects.filter(rule="vehicle", status="open").first()
    form = county.get(f"/verification/findings/{vehicle.pk}/confirm/").content.decode()
    assert 'value="stop"' in form and 'value="death"' not in form
    other = Finding.objects.get(rule="two_counties", entitlement=world["e"]["X"])
    assert c.get(f"/verification/findings/{other.pk}/").status_code == 404
    assert c.get(f"/verification/findings/{other.pk}/confirm/").status_code == 404
    city = login(make_user("city", "330900000000"))
    assert city.get(f"/verification/findings/{death.pk}/confirm/").status_code == 403


def test_feed_upload_page_runs_the_job_and_lists_the_snapshots(make_user, tmp_path):
    county = make_user("county", "330902000000")
    c = login(county)
    page = c.get("/verification/feeds/?kind=vehicle").content.decode()
    assert "号牌号码" in page and "车辆价值" in page and "hx-get" in page  # the chosen kind's columns
    assert "迁入地区划" in c.get("/verification/feeds/spec/?kind=hukou_move").content.decode()
    path = write_rows(tmp_path / "d.csv", ["身份证号", "死亡日期"], [(make_id(), "2026-10-01"), ("bad", "x")])
    with path.open("rb") as fh:
        r = c.post("/verification/feeds/", {"kind": "death", "as_of": "2026-11-20", "file": fh})
    assert r.status_code == 302
    job = Job.objects.latest("id")
    assert job.status == "done" and job.result["rows"] == 1 and job.result["rejected"] == 1
    assert job.result["report_file"] and "第 3 行" in job.result["errors"][0]  # the per-row error report
    assert c.get(f"/jobs/{job.pk}/report/").status_code == 200
    assert c.get(f"/jobs/{job.pk}/report/").status_code == 200
    with path.open("rb") as fh:
        bad = c.post("/verification/feeds/", {"kind": "death", "as_of": "2026-13-01", "file": fh})
    assert bad.status_code == 422 and "日期格式不正确" in bad.content.decode()
    listed = c.get("/verification/feeds/snapshots/").content.decode()
    assert "死亡" in listed and "d.csv" in listed and "2026-11-20" in listed
    assert c.get("/verification/feeds/snapshots/?kind=vehicle").content.decode().count("d.csv") == 0
    rows = list(load_workbook(io.BytesIO(b"".join(c.get("/verification/feeds/snapshots/?export=xlsx")
                                                   .streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("数据类别", "数据日期", "有效行数", "拒绝行数") and rows[1][0] == "死亡" and rows[1][2] == 1
    assert login(make_user("township", "330902001000")).get("/verification/feeds/").status_code == 403
    assert login(make_user("township", "330902001000")).get("/verification/feeds/snapshots/").status_code == 403


def test_the_month_comparison_runs_from_the_page_as_a_job_and_is_listed(world, make_user):
    county = login(make_user("county", "330902000000"))
    form = county.get("/verification/runs/new/").content.decode()
    assert "比对月份" in form and "死亡疑点自动暂停支付" in form
    assert county.post("/verification/runs/new/", {"month": "2026-13"}).status_code == 422
    r = county.post("/verification/runs/new/", {"month": "2026-11"})
    assert r.status_code == 302
    job = Job.objects.latest("id")
    assert job.kind == "compare_run" and job.status == "done", job.result
    assert job.result["created"] == Finding.objects.filter(month="2026-11-01").count() > 0
    assert ["新增疑点数", job.result["created"]] in job.result["display"]
    listed = county.get("/verification/runs/").content.decode()
    assert "2026-11" in listed and "运行比对" in listed
    township = login(make_user("township", "330902001000"))
    assert township.get("/verification/runs/").status_code == 403
    assert township.post("/verification/runs/new/", {"month": "2026-11"}).status_code == 403


def test_each_feed_kind_has_a_template_that_loads_as_it_is(make_user, tmp_path):
    from minzheng.verification import feeds

    county = login(make_user("county", "330902000000"))
    page = county.get("/verification/feeds/?kind=vehicle").content.decode()
    assert "/verification/feeds/template/?kind=vehicle" in page
    response = county.get("/verification/feeds/template/?kind=vehicle")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header = [c.value for c in book["数据"][1]]
    assert "号牌号码" in header and "车辆价值" in header and book["填写说明"].max_row == len(header) + 1
    # Filled in under its own headers, the template loads without any header mapping.
    sheet = book["数据"]
    values = {"身份证号": make_id(), "号牌号码": "浙L99999", "车辆类型": "小型轿车", "登记日期": "2025-01-01",
              "车辆价值": "60000"}
    sheet.append([values.get(h, "") for h in header])
    path = tmp_path / "vehicle.xlsx"
    book.save(path)
    assert feeds.load("vehicle", path, dt.date(2026, 11, 20))["rows"] == 1
    assert county.get("/verification/feeds/template/?kind=nope").status_code == 400
    assert login(make_user("township", "330902001000")).get(
        "/verification/feeds/template/?kind=vehicle").status_code == 403


def test_feed_upload_page_holds_a_mostly_rejected_file_unless_confirmed(make_user, settings):
    """Issue 11 defect 7 on the page: the summary says what was kept; the checkbox confirms the replacement."""
    settings.MINZHENG_FEED_MAX_REJECT_SHARE = 0.05
    c = login(make_user("county", "330902000000"))
    header = ["身份证号", "号牌号码", "车辆类型", "登记日期", "车辆价值"]

    def post(rows, name, **extra):
        text = io.StringIO()
        import csv

        csv.writer(text).writerows([header, *rows])
        fh = io.BytesIO(text.getvalue().encode())
        fh.name = name
        c.post("/verification/feeds/", {"kind": "vehicle", "as_of": "2026-11-20", "file": fh, **extra})
        return Job.objects.latest("id")

    assert post([[make_id(), f"浙L{i}", "小型轿车", "2020-01-01", "1"] for i in range(10)], "a.csv").status == "done"
    bad = [[make_id(), "浙L99", "小型轿车", "2020-01-01", "1"]] + [["1", "x", "小型轿车", "2020-01-01", "1"]] * 3
    held = post(bad, "b.csv")
    assert held.result["held"] and held.result["kept"]["rows"] == 10
    page = c.get(f"/jobs/{held.pk}/").content.decode()
    assert "未替换当前快照：保留" in page and "（10 行）" in page
    assert "确认替换" in c.get("/verification/feeds/").content.decode()
    confirmed = post(bad, "b.csv", confirm_replace="on")
    assert not confirmed.result.get("held") and confirmed.result["rows"] == 1


def test_a_corrupt_upload_fails_its_job_with_a_chinese_reason(make_user):
    """Issue 11 defect 12 on the page: the job's message is Chinese, without library text or paths."""
    c = login(make_user("county", "330902000000"))
    for name, data in [("v.parquet", b"PAR1garbagePAR1"), ("v.xlsx", b"PK\x03\x04broken")]:
        fh = io.BytesIO(data)
        fh.name = name
        c.post("/verification/feeds/", {"kind": "vehicle", "as_of": "2026-11-20", "file": fh})
        job = Job.objects.latest("id")
        page = c.get(f"/jobs/{job.pk}/").content.decode()
        assert job.status == "failed" and "无法读取" in job.message, job.message
        assert "任务失败：无法读取" in page and "/tmp" not in job.message and "Error" not in job.message
