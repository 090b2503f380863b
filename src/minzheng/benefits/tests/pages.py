"""Helpers of the benefits page tests (a plain module, like factories): sign in, post a case action through its
form (with the confirmation step of irreversible actions), and take a 低保 case to the county through the services."""

from __future__ import annotations

from django.test import Client

from conftest import PASSWORD
from minzheng.benefits.models import Case
from minzheng.benefits.services import cases
from minzheng.benefits.tests.factories import today
from minzheng.core.pages.forms import COMMENT_FIELD, STEP_FIELD

VISIT = {"investigators": ["张调查", "李调查"], "member_signature": "王芳", "findings": "住房简陋，无大额财产"}


def login(user) -> Client:
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.content.decode()


def post_action(client, case_id, action, expect=302, **fields):
    data = {f"{action}-{k}": v for k, v in fields.items()}
    response = client.post(f"/benefits/cases/{case_id}/act/{action}/", data)
    assert response.status_code == expect, response.content.decode()[:3000]
    return response


def confirm_action(client, case_id, action, comment, expect=302, **fields):
    """An irreversible action: the form, the confirmation page (checked), then the confirmed POST."""
    data = {f"{action}-{k}": v for k, v in fields.items()}
    url = f"/benefits/cases/{case_id}/act/{action}/"
    first = client.post(url, data)
    assert first.status_code == 200 and 'id="confirm-form"' in first.content.decode(), first.content.decode()[:3000]
    response = client.post(url, data | {STEP_FIELD: "1", COMMENT_FIELD: comment})
    assert response.status_code == expect, response.content.decode()[:3000]
    return response


def apply_for_dibao(clerk, family) -> Case:
    head = family[1][0]
    response = clerk.post(f"/benefits/households/{family[0].pk}/apply/", {
        "program": "dibao", "applicant_id": str(head.pk), "channel": "clerk", "proxy_document": "委托书 2026-001",
        "bank_name": "农商银行", "bank_account": "6228480012345678"})
    assert response.status_code == 302, response.content.decode()[:3000]
    return Case.objects.get(household=family[0], program="dibao")


def to_submitted(staff, family, monkeypatch) -> Case:
    """A 低保 case applied for on 2026-11-02 and submitted to the county on 2026-11-09, through the services."""
    household, people = family
    today(monkeypatch, "2026-11-02")
    case = cases.create_case(staff["village"], {
        "program": "dibao", "household_id": household.pk, "applicant_id": people[0].pk, "channel": "clerk",
        "proxy_document": "委托书 2026-001", "bank_account": "6222020200001234567", "bank_name": "工商银行"})
    town, county = staff["township"], staff["county"]
    for actor, action, data in [
        (town, "accept", {}), (town, "record_home_visit", VISIT), (town, "request_verification", {}),
        (county, "record_verification", {"result": "passed", "report_ref": "HD-2026-001"}),
        (town, "initial_review", {"opinion": "拟同意纳入低保", "recommend": "approve"}),
        (town, "publish_notice", {"place": "甲社区公开栏"}),
    ]:
        cases.act(actor, case.pk, action, data)
    today(monkeypatch, "2026-11-09")
    return cases.act(town, case.pk, "submit", {})
