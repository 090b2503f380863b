"""The case page (server side): a 低保 case taken from application to entitlement through the forms by a village
clerk, a township officer and a county officer; names instead of codes; the confirmation step of irreversible
actions; the application form's field errors."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from minzheng.benefits.models import Case, Entitlement
from minzheng.benefits.tests.factories import today
from minzheng.benefits.tests.pages import (
    apply_for_dibao,
    confirm_action,
    login,
    page,
    post_action,
    to_submitted,
)
from minzheng.core.pages.forms import COMMENT_FIELD, STEP_FIELD

pytestmark = pytest.mark.django_db


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
    # Confirming is irreversible: a confirmation step with the county's opinion (new in the platform step).
    confirm_action(county, case.pk, "confirm", "经审核符合低保条件，予以确认。", payee_id=str(poor_family[1][0].pk))
    case.refresh_from_db()
    assert case.state == "approved" and case.amount == case.policy_amount
    ent = Entitlement.objects.get(source_case=case)
    assert ent.monthly_amount == case.amount and f"{ent.start_month:%Y-%m}" == "2026-12"
    assert ent.bank_name == "农商银行" and ent.bank_account_masked.endswith("5678")

    letter = page(county, f"/benefits/cases/{case.pk}/print/decision/")
    assert "确认通知书" in letter and str(case.amount) in letter and "行政复议" in letter
    assert f"您于 {case.applied_on:%Y-%m-%d} 申请的最低生活保障" in letter and "按月发放" in letter
    confirm_action(township, case.pk, "issue_decision", "2026-11-12 当面送达，王芳签收", document_no="DB-2026-088")
    case.refresh_from_db()
    assert case.state == "granted"
    issued = case.events.get(action="issue_decision").data
    assert issued == {"document_no": "DB-2026-088", "note": "2026-11-12 当面送达，王芳签收"}
    assert f'data-case="{case.pk}"' in page(county, "/inbox/?tab=done")


def test_the_case_page_shows_names_not_codes(staff, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    village = login(staff["village"])
    case = apply_for_dibao(village, poor_family)
    html = page(village, f"/benefits/cases/{case.pk}/")
    members = html.split('id="members"', 1)[1].split("</table>", 1)[0]
    assert '<span title="02">户主</span>' in members  # the relation label, the code on hover
    assert '<span title="F">女</span>' in members and "王小明" in members
    assert "最低生活保障" in html and 'data-state="applied"' in html and "待受理" in html
    assert "城东街道甲社区" in html  # the household's region by name
    assert "（村/社区协理员）" in html  # who applied, with the role label


def test_overriding_the_amount_needs_a_reason(staff, poor_family, demo_standards, monkeypatch):
    county = login(staff["county"])
    case = to_submitted(staff, poor_family, monkeypatch)
    today(monkeypatch, "2026-11-10")
    response = confirm_action(county, case.pk, "confirm", "确认", expect=422, amount="9999.00",
                              payee_id=str(poor_family[1][0].pk))
    assert "须说明理由" in response.content.decode()
    assert not Entitlement.objects.filter(source_case=case).exists()


def test_a_refusal_asks_for_the_reason_on_the_confirmation_step_and_prints_it(staff, poor_family, demo_standards,
                                                                              monkeypatch):
    county = login(staff["county"])
    case = to_submitted(staff, poor_family, monkeypatch)
    url = f"/benefits/cases/{case.pk}/act/refuse/"
    html = page(county, f"/benefits/cases/{case.pk}/")
    assert 'data-action="refuse"' in html and 'name="refuse-reason"' not in html  # the reason comes next

    first = county.post(url, {})
    text = htmllib.unescape(first.content.decode())
    assert first.status_code == 200 and "不予确认理由" in text and "不能撤销" in text
    case.refresh_from_db()
    assert case.state == "submitted"  # nothing happens before the confirmation

    empty = county.post(url, {STEP_FIELD: "1", COMMENT_FIELD: "  "})
    assert empty.status_code == 422 and "请填写不予确认理由" in empty.content.decode()
    too_long = county.post(url, {STEP_FIELD: "1", COMMENT_FIELD: "长" * 2001})
    assert too_long.status_code == 422 and "最多 2000 个字" in too_long.content.decode()
    case.refresh_from_db()
    assert case.state == "submitted"

    back = county.post(url, {"edit": "1"})  # 返回修改: the case page with the action's form open
    assert back.status_code == 200 and 'id="form-refuse"' in back.content.decode()

    done = county.post(url, {STEP_FIELD: "1", COMMENT_FIELD: "家庭人均收入高于当地低保标准"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.refusal_reason) == ("refused", "家庭人均收入高于当地低保标准")
    letter = page(county, f"/benefits/cases/{case.pk}/print/decision/")
    assert "不予确认通知书" in letter and "家庭人均收入高于当地低保标准" in letter


def test_the_confirmation_step_keeps_what_was_entered(staff, poor_family, demo_standards, monkeypatch):
    county = login(staff["county"])
    case = to_submitted(staff, poor_family, monkeypatch)
    today(monkeypatch, "2026-11-10")
    son = poor_family[1][1]
    first = county.post(f"/benefits/cases/{case.pk}/act/confirm/", {"confirm-payee_id": str(son.pk),
                                                                     "confirm-bank_name": "邮储银行"})
    html = first.content.decode()
    assert first.status_code == 200
    assert f'<input type="hidden" name="confirm-payee_id" value="{son.pk}">' in html
    assert "王小明" in html and "邮储银行" in html  # the summary shows the payee by name
    assert "审核确认意见" in html


def test_temporary_assistance_is_applied_for_with_the_amount_asked(staff, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    village = login(staff["village"])
    form = {"program": "temporary", "subtype": "emergency", "applicant_id": str(poor_family[1][0].pk),
            "channel": "family", "requested_amount": "12.345"}
    bad = village.post(f"/benefits/households/{poor_family[0].pk}/apply/", form)
    # The form again with the service's reason at the field; 422 since the platform step (was 200).
    assert bad.status_code == 422
    field = htmllib.unescape(bad.content.decode()).split('id="id_requested_amount"', 1)[1].split("</div>", 1)[0]
    assert "金额格式不正确" in field
    assert not Case.objects.filter(program="temporary").exists()
    response = village.post(f"/benefits/households/{poor_family[0].pk}/apply/", form | {"requested_amount": "800"})
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(program="temporary")
    assert (case.subtype, case.facts) == ("emergency", {"requested_amount": "800"})
    html = page(village, f"/benefits/cases/{case.pk}/")
    assert "试算" in html and "800.00" in html  # the live estimate uses the amount asked for


def test_a_second_application_is_refused_with_the_reason_above_the_form(staff, poor_family, demo_standards,
                                                                        monkeypatch):
    today(monkeypatch, "2026-11-02")
    village = login(staff["village"])
    apply_for_dibao(village, poor_family)
    again = village.post(f"/benefits/households/{poor_family[0].pk}/apply/", {
        "program": "dibao", "applicant_id": str(poor_family[1][0].pk), "channel": "family"})
    assert again.status_code == 409
    assert "已有在办的最低生活保障申请" in again.content.decode()
    assert Case.objects.filter(program="dibao").count() == 1


def test_roles_that_do_not_file_applications_get_403(staff, poor_family):
    assert login(staff["county"]).get(f"/benefits/households/{poor_family[0].pk}/apply/").status_code == 403
    assert login(staff["other_village"]).get(f"/benefits/households/{poor_family[0].pk}/apply/").status_code == 404


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
