"""Verification report for a case (conclusion with reasons, stored, audited, scoped) and the findings pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from minzheng.core.models import AuditEntry
from minzheng.verification import compare, report
from minzheng.verification.models import Finding, VerificationReport
from tests.conftest import PASSWORD
from tests.test_assistance_workflow import demo_standards  # noqa: F401 (fixture)
from tests.test_verification_compare import MONTH, load, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def test_report_concludes_from_the_feeds_and_is_scoped(world, make_user, api_client):  # noqa: F811
    township = make_user("township", "330902001000")
    e = world["e"]
    rep = report.request_report(township, e["A"].source_case)  # 甲 household: car, business, income, deposits
    assert rep.conclusion == "ineligible"
    text = "；".join(rep.reasons)
    assert "非豁免车辆 1 辆" in text and "甲商贸有限公司" in text and "人均超过低保标准" in text
    assert rep.data["household_size"] == 3 and len(rep.data["members"]) == 3
    a2 = next(m for m in rep.data["members"] if m["name"] == "甲二")
    assert a2["income"]["social_insurance"]["months"]["2026-11"] == "3000.00"
    assert a2["income"]["social_insurance"]["months"]["2026-10"] == "0.00"
    assert a2["vehicle"][0]["plate"] == "浙L12345" and "*" in a2["id_number"]
    assert AuditEntry.objects.filter(action="report_create", object_id=str(rep.pk)).exists()
    clean = report.request_report(township, e["D2"].source_case)  # 丁二: nothing in the feeds
    assert clean.conclusion == "eligible"
    # Pages: printable for the township, 404 for another county, 403 for a village clerk.
    page = login(township).get(f"/verification/reports/{rep.pk}/")
    assert page.status_code == 200 and "不符合" in page.content.decode() and "浙L12345" in page.content.decode()
    assert login(make_user("county", "330903000000")).get(f"/verification/reports/{rep.pk}/").status_code == 404
    assert login(make_user("village", "330902001001")).get(f"/verification/reports/{rep.pk}/").status_code == 403
    r = login(township).post(f"/verification/cases/{e['C'].source_case_id}/report/")
    assert r.status_code == 302
    newest = VerificationReport.objects.latest("id")
    assert r.url == f"/verification/reports/{newest.pk}/" and newest.conclusion == "ineligible"  # 2 homes, deposits
    api = api_client(township).post(f"/api/v1/cases/{e['B'].source_case_id}/verification-report")
    assert api.status_code == 201 and api.json()["conclusion_label"] in ("不符合", "需核实")
    assert api_client(make_user("village", "330902001001")).post(
        f"/api/v1/cases/{e['B'].source_case_id}/verification-report").status_code == 403


def test_findings_pages_list_filter_and_confirm(world, make_user):  # noqa: F811
    compare.run(MONTH)
    township = make_user("township", "330902001000")
    c = login(township)
    page = c.get("/verification/findings/?month=2026-11&rule=death")
    body = page.content.decode()
    assert page.status_code == 200 and "甲一" in body and "乙一" not in body
    # Region filter: a village or township code selects its subtree; a malformed code lists nothing.
    county = login(make_user("county", "330902000000"))
    body = county.get("/verification/findings/?status=&region_code=330902002001").content.decode()
    assert "己二" in body and "甲一" not in body
    body = county.get("/verification/findings/?status=&region_code=330902001").content.decode()
    assert "甲一" in body and "己二" not in body
    assert "没有符合条件的疑点" in county.get("/verification/findings/?status=&region_code=abc").content.decode()
    finding = Finding.objects.get(rule="child_out_of_school")
    detail = c.get(f"/verification/findings/{finding.pk}/")
    assert detail.status_code == 200 and "超龄且不在校" in detail.content.decode()
    r = c.post(f"/verification/findings/{finding.pk}/", {"action": "dismiss", "reason": ""})
    assert "排除疑点须填写理由" in r.content.decode()
    r = c.post(f"/verification/findings/{finding.pk}/", {"action": "confirm", "outcome": "suspend",
                                                          "effective_month": "2026-12", "reason": "已毕业未升学"})
    assert r.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "confirmed" and finding.entitlement.status == "suspended"
    other = Finding.objects.get(rule="two_counties", entitlement=world["e"]["X"])
    assert c.get(f"/verification/findings/{other.pk}/").status_code == 404
    assert login(make_user("village", "330902001001")).get("/verification/findings/").status_code == 403
    assert c.get("/").status_code == 200 and "核实待办" in c.get("/").content.decode()


def test_feed_upload_page_runs_the_job(make_user, tmp_path):
    from minzheng.core.spreadsheets import write_rows
    from tests.conftest import make_id

    county = make_user("county", "330902000000")
    path = write_rows(tmp_path / "d.csv", ["身份证号", "死亡日期"], [(make_id(), "2026-10-01"), ("bad", "x")])
    with path.open("rb") as fh:
        r = login(county).post("/verification/feeds/", {"kind": "death", "as_of": "2026-11-20", "file": fh})
    assert r.status_code == 302
    from minzheng.core.models import Job

    job = Job.objects.latest("id")
    assert job.status == "done" and job.result["rows"] == 1 and job.result["rejected"] == 1
    assert login(make_user("township", "330902001000")).get("/verification/feeds/").status_code == 403
    assert dt.date.today()
