"""Assistance pages (server side): a 低保 case taken from application to entitlement through the forms by a
village clerk, a township officer and a county officer; the inbox; documents; printable sheets; standards pages."""

from __future__ import annotations

import re

from django.test import Client

from minzheng.benefits.models import Case, CaseDocument, Entitlement
from minzheng.core.models import AuditEntry
from tests.conftest import PASSWORD
from tests.test_assistance_workflow import demo_standards, poor_family, staff, today  # noqa: F401 (fixtures)


def login(user) -> Client:
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def post_action(client, case_id, action, expect=302, **fields):
    data = {f"{action}-{k}": v for k, v in fields.items()}
    response = client.post(f"/benefits/cases/{case_id}/act/{action}/", data)
    assert response.status_code == expect, response.content.decode()[:3000]
    return response


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.content.decode()


def apply_for_dibao(clerk, family) -> Case:
    head = family[1][0]
    response = clerk.post(f"/benefits/households/{family[0].pk}/apply/", {
        "program": "dibao", "applicant_id": str(head.pk), "channel": "clerk", "proxy_document": "委托书 2026-001",
        "bank_name": "农商银行", "bank_account": "6228480012345678"})
    assert response.status_code == 302, response.content.decode()[:3000]
    return Case.objects.get(household=family[0], program="dibao")


def test_dibao_case_from_application_to_entitlement_through_the_pages(staff, poor_family, demo_standards,
                                                                       monkeypatch):
    village, township, county = (login(staff[r]) for r in ("village", "township", "county"))
    today(monkeypatch, "2026-11-02")
    case = apply_for_dibao(village, poor_family)
    assert case.state == "applied" and case.channel == "clerk"

    # The village clerk sees no accept or confirm form; the township sees acceptance in its inbox.
    html = page(village, f"/benefits/cases/{case.pk}/")
    assert "按当前标准和已登记情况试算" in html  # a live estimate before the initial review
    assert 'id="form-accept"' not in html and 'id="form-confirm"' not in html and 'id="document-form"' in html
    assert f'data-case="{case.pk}"' in page(township, "/inbox/")
    post_action(village, case.pk, "accept", expect=302)  # refused with a message, nothing changes
    case.refresh_from_db()
    assert case.state == "applied"

    post_action(township, case.pk, "accept")
    # A home visit needs two investigators: the form comes back with the Chinese reason and nothing is written.
    response = post_action(township, case.pk, "record_home_visit", expect=422, investigators="张三",
                           member_signature="王芳", findings="家中无大件家电", method="home_visit")
    assert "调查人员不少于 2 人" in response.content.decode()
    post_action(township, case.pk, "record_home_visit", investigators="张三、李四", member_signature="王芳",
                findings="家中无大件家电", method="home_visit")
    post_action(township, case.pk, "request_verification")
    assert f'data-case="{case.pk}"' in page(county, "/inbox/")  # the county's data check
    post_action(county, case.pk, "record_verification", result="passed", report_ref="HD-2026-001")
    post_action(township, case.pk, "initial_review", recommend="approve", opinion="符合条件")
    case.refresh_from_db()
    assert case.state == "reviewed" and case.policy_amount is not None
    html = page(township, f"/benefits/cases/{case.pk}/")
    breakdown = re.search(r'id="policy".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    assert breakdown.count("<tr>") >= 3 and "低保标准" in breakdown  # the line-by-line breakdown is shown
    assert "试算" not in html  # the stored evaluation of the initial review, not a live one
    post_action(township, case.pk, "publish_notice", place="村务公开栏")

    # The notice sheet shows name, household size and amount only.
    sheet = page(township, "/benefits/notices/?program=dibao")
    row = re.search(r'<table id="notice-table">.*?</table>', sheet, re.S).group(0)
    assert "王芳" in row and f">{case.policy_amount}<" in row and ">3<" in row
    assert not re.search(r"\d{6}\*+\d{2,4}|\d{17}[\dX]", row)  # no ID number, masked or not

    today(monkeypatch, "2026-11-10")  # after the 7-day notice
    post_action(township, case.pk, "submit")
    html = page(township, f"/benefits/cases/{case.pk}/")
    assert 'id="form-confirm"' not in html  # not delegated: the county confirms
    post_action(county, case.pk, "confirm", payee_id=str(poor_family[1][0].pk))
    case.refresh_from_db()
    assert case.state == "approved" and case.amount == case.policy_amount
    ent = Entitlement.objects.get(source_case=case)
    assert ent.monthly_amount == case.amount and f"{ent.start_month:%Y-%m}" == "2026-12"
    assert ent.bank_name == "农商银行" and ent.bank_account_masked.endswith("5678")

    letter = page(county, f"/benefits/cases/{case.pk}/print/decision/")
    assert "确认通知书" in letter and str(case.amount) in letter and "行政复议" in letter
    post_action(township, case.pk, "issue_decision", document_no="DB-2026-088")
    case.refresh_from_db()
    assert case.state == "granted"
    assert f'data-case="{case.pk}"' in page(county, "/inbox/?tab=done")


def test_overriding_the_amount_needs_a_reason(staff, api_client, poor_family, demo_standards, monkeypatch):
    from tests.test_assistance_workflow import to_submitted

    county = login(staff["county"])
    case = to_submitted(staff, api_client, poor_family, monkeypatch)
    today(monkeypatch, "2026-11-10")
    response = post_action(county, case["id"], "confirm", expect=422, amount="9999.00",
                           payee_id=str(poor_family[1][0].pk))
    assert "须说明理由" in response.content.decode()
    assert not Entitlement.objects.filter(source_case_id=case["id"]).exists()


def test_documents_are_encrypted_at_rest_scoped_and_audited(staff, poor_family, demo_standards, monkeypatch,
                                                            settings):
    from minzheng import home

    today(monkeypatch, "2026-11-02")
    village = login(staff["village"])
    case = apply_for_dibao(village, poor_family)
    content = b"%PDF-1.4 ID copy of WANG Fang 330902198003150000"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = village.post(f"/benefits/cases/{case.pk}/documents/", {
        "name": "身份证复印件", "note": "", "file": SimpleUploadedFile("id.pdf", content, "application/pdf")})
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = CaseDocument.objects.get(case=case)
    stored = next(home.home_dir("documents").rglob(f"{doc.storage_key}.bin")).read_bytes()
    assert b"WANG Fang" not in stored and len(stored) > len(content)
    assert case.events.filter(action="record_document").count() == 1

    got = village.get(f"/benefits/cases/{case.pk}/documents/{doc.pk}/")
    assert got.status_code == 200 and got.content == content
    assert AuditEntry.objects.filter(action="export", object_type="case_document", object_id=str(doc.pk)).exists()
    other = login(staff["other_village"])
    assert other.get(f"/benefits/cases/{case.pk}/documents/{doc.pk}/").status_code == 404

    bad = village.post(f"/benefits/cases/{case.pk}/documents/", {
        "name": "脚本", "file": SimpleUploadedFile("run.exe", b"MZ...", "application/octet-stream")})
    assert bad.status_code == 422 and "不支持的文件类型" in bad.content.decode()
    assert CaseDocument.objects.filter(case=case).count() == 1


def test_printable_forms_and_children_have_no_notice(staff, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    village = login(staff["village"])
    case = apply_for_dibao(village, poor_family)
    application = page(village, f"/benefits/cases/{case.pk}/print/application/")
    assert "申请书" in application and "王小明" in application and "授权" in application
    assert "3600" in application  # the declared wage income
    visit = page(village, f"/benefits/cases/{case.pk}/print/investigation/")
    assert "调查人员签字" in visit
    assert village.get(f"/benefits/cases/{case.pk}/print/decision/").status_code == 409  # not decided yet
    assert village.get("/benefits/notices/?program=orphan").status_code == 409
    assert AuditEntry.objects.filter(action="export", object_type="case", object_id=str(case.pk)).count() == 2


def test_inbox_marks_overdue_work_first(staff, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    village, township = login(staff["village"]), login(staff["township"])
    case = apply_for_dibao(village, poor_family)
    post_action(township, case.pk, "accept")
    today(monkeypatch, "2026-11-20")  # 3 working days to start the investigation have passed
    from minzheng.benefits.cases import refresh_deadlines

    refresh_deadlines()
    html = page(township, "/inbox/")
    row = re.search(rf'<tr class="([^"]*)" data-case="{case.pk}">', html)
    assert row and "table-danger" in row.group(1) and "已超期" in html


def test_standards_pages_list_add_and_history(staff, demo_standards):
    county, village = login(staff["county"]), login(staff["village"])
    html = page(village, "/benefits/standards/?program=dibao&item=standard&region_code=330902001001")
    assert "低保标准" in html
    assert village.get("/benefits/standards/new/").status_code == 403
    response = county.post("/benefits/standards/new/", {
        "program": "dibao", "item": "standard", "region_code": "330902000000", "area": "urban", "value": "1234",
        "unit": "", "effective_from": "2027-01-01", "source": "测试文件〔2026〕1号"})
    assert response.status_code == 302, response.content.decode()[:2000]
    history = page(county, response["Location"])
    assert "1234" in history and "测试文件〔2026〕1号" in history
    rejected = county.post("/benefits/standards/new/", {
        "program": "dibao", "item": "standard", "region_code": "330903000000", "area": "urban", "value": "1",
        "effective_from": "2027-01-01", "source": "x"})
    assert rejected.status_code == 403  # another county


def test_temporary_assistance_is_applied_for_with_the_amount_asked(staff, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    village = login(staff["village"])
    form = {"program": "temporary", "subtype": "emergency", "applicant_id": str(poor_family[1][0].pk),
            "channel": "family", "requested_amount": "12.345"}
    bad = village.post(f"/benefits/households/{poor_family[0].pk}/apply/", form)
    assert bad.status_code == 200 and "金额格式不正确" in bad.content.decode()  # the form again, with the reason
    assert not Case.objects.filter(program="temporary").exists()
    response = village.post(f"/benefits/households/{poor_family[0].pk}/apply/", form | {"requested_amount": "800"})
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(program="temporary")
    assert (case.subtype, case.facts) == ("emergency", {"requested_amount": "800"})
    html = page(village, f"/benefits/cases/{case.pk}/")
    assert "试算" in html and "800.00" in html  # the live estimate uses the amount asked for


def test_the_case_page_requests_and_lists_verification_reports(staff, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    village, township = login(staff["village"]), login(staff["township"])
    case = apply_for_dibao(village, poor_family)
    assert "生成核对报告" not in page(village, f"/benefits/cases/{case.pk}/")  # not the clerk's to ask
    html = page(township, f"/benefits/cases/{case.pk}/")
    assert f'action="/verification/cases/{case.pk}/report/"' in html
    response = township.post(f"/verification/cases/{case.pk}/report/")
    assert response.status_code == 302
    listed = re.search(r'<ul class="small" id="reports">(.*?)</ul>', page(township, f"/benefits/cases/{case.pk}/"),
                       re.S).group(1)
    assert response["Location"] in listed
