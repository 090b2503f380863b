"""政策找人 self-check through the policy engine (answers, or the registry after binding), and complaints /
objections / fraud reports tracked with deadlines in the staff inbox and answered in the portal."""

from __future__ import annotations

import pytest
from django.test import Client

from minzheng.benefits.services import cases
from minzheng.benefits.tests.factories import VISIT, today
from minzheng.core import app_registry
from minzheng.core.models import AuditEntry
from minzheng.portal.models import Complaint
from minzheng.portal.tests.factories import bound_client, id_number_of, post, sign_in

pytestmark = pytest.mark.django_db
APPLY = {"program": "dibao", "authorise": True, "authorisation_signed_by": "王芳"}


def _programs(response) -> dict:
    assert response.status_code == 200, response.content
    return {p["program"]: p for p in response.json()["programs"]}


def test_selfcheck_from_answers_before_binding(outbox, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    client = Client()
    sign_in(client, outbox, "13600001111")
    # a mother without income and two children in 甲社区: 低保 estimated; an 85-year-old: 高龄津贴
    found = _programs(post(client, "/portal/api/selfcheck", {
        "region_code": "330902001001", "area": "urban",
        "members": [{"age": 46, "labour": "partial", "monthly_income": "300"}, {"age": 14}, {"age": 11}]}))
    assert found["dibao"]["eligible"] is True and found["dibao"]["estimated_monthly_amount"] != "0.00"
    assert found["dibao"]["reasons"] and found["age_allowance"]["eligible"] is False
    elder = _programs(post(client, "/portal/api/selfcheck", {
        "region_code": "330902001001", "area": "rural", "members": [{"age": 85, "monthly_income": "5000"}]}))
    assert elder["age_allowance"]["eligible"] is True and elder["dibao"]["eligible"] is False
    # a well-off household: nothing
    rich = _programs(post(client, "/portal/api/selfcheck", {
        "region_code": "330902001001", "area": "urban", "members": [{"age": 40, "monthly_income": "20000"}]}))
    assert not any(p["eligible"] for p in rich.values())
    # without answers an unbound account is told what to do; bad input is a 422, never a 500
    for body in ({}, {"region_code": "3309", "members": [{"age": 40}]}, {"members": [{"age": 400}]},
                 {"region_code": "330902001001", "members": [{"age": 40, "monthly_income": 1.5}]}):
        assert post(client, "/portal/api/selfcheck", body).status_code == 422, body


def test_selfcheck_from_the_registry_after_binding(outbox, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    _household, people = poor_family
    client = bound_client(outbox, "13600002222", people[0], id_number_of(people[0]))
    found = _programs(post(client, "/portal/api/selfcheck", {}))
    assert found["dibao"]["eligible"] is True
    page = client.post("/portal/selfcheck/", {"use": "registry"})
    assert page.status_code == 200 and "最低生活保障：可能符合" in page.content.decode()


def test_objection_during_notice_is_answered_from_the_staff_inbox(outbox, poor_family, demo_standards, staff,
                                                                  monkeypatch, client):
    today(monkeypatch, "2026-11-02")
    _household, people = poor_family
    citizen = bound_client(outbox, "13600003333", people[0], id_number_of(people[0]))
    number = post(citizen, "/portal/api/applications", APPLY).json()["case_number"]
    early = post(citizen, "/portal/api/complaints", {"kind": "objection", "text": "公示的金额不对", "case_id": number})
    assert early.status_code == 409  # only during 公示
    town, county = staff["township"], staff["county"]
    cases.act(town, number, "accept")
    cases.act(town, number, "record_home_visit", VISIT)
    cases.act(town, number, "request_verification")
    cases.act(county, number, "record_verification", {"result": "passed", "report_ref": "HD-1"})
    cases.act(town, number, "initial_review", {"opinion": "拟同意", "recommend": "approve"})
    cases.act(town, number, "publish_notice", {"place": "甲社区公开栏"})
    response = post(citizen, "/portal/api/complaints", {"kind": "objection", "text": "公示的家庭人口写错了",
                                                         "case_id": number})
    assert response.status_code == 201, response.content
    objection = response.json()
    assert objection["due_on"] > "2026-11-02" and objection["state"] == "open"
    fraud = post(citizen, "/portal/api/complaints", {"kind": "fraud", "text": "某某有车有房仍领低保",
                                                     "subject": "隔壁李某"}).json()
    # in the township's 待办, with its deadline; the fraud report names no reporter
    provider = next(p for p in app_registry.inbox_providers() if p.key == "portal_complaints")
    section = provider.todo(town, 10)
    assert section.count == 2 and {i.due_on for i in section.items} == {Complaint.objects.first().due_on}
    assert all("王芳" not in i.title + i.detail for i in section.items)
    assert provider.todo(staff["other_township"], 10).count == 0
    fraud_entry = AuditEntry.objects.get(object_type="portal_complaint", object_id=str(fraud["id"]))
    assert fraud_entry.actor_name == "portal:举报人"
    # the staff page: the reporter is protected; a village clerk reads but does not answer
    browser = Client()
    browser.force_login(town)
    page = browser.get(f"/portal/staff/complaints/{fraud['id']}/").content.decode()
    assert "举报人信息已保护" in page and "137" not in page and "王芳" not in page
    listing = browser.get("/portal/staff/complaints/?kind=fraud")
    assert listing.status_code == 200 and "举报涉嫌骗保" in listing.content.decode()
    assert browser.get("/portal/staff/complaints/?export=csv").status_code == 200
    village = Client()
    village.force_login(staff["village"])
    assert village.post(f"/portal/staff/complaints/{objection['id']}/", {"answer": "已核实"}).status_code == 403
    assert browser.post(f"/portal/staff/complaints/{objection['id']}/", {"answer": "经复核，家庭人口登记无误。"}
                        ).status_code == 302
    other = Client()
    other.force_login(staff["other_township"])
    assert other.get(f"/portal/staff/complaints/{objection['id']}/").status_code == 404
    # answered in the portal
    answered = citizen.get(f"/portal/api/complaints/{objection['id']}").json()
    assert answered["state"] == "answered" and answered["answer"] == "经复核，家庭人口登记无误。"
    assert provider.todo(town, 10).count == 1
