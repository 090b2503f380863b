"""Applying through the portal: the case is made by the kernel's create_case (channel 网上申请) for the citizen's own
household, lands in the township's inbox like a clerk-filed one, photos go to the encrypted file store, the
household-check authorisation is signed; tracking shows state, next step and deadline; the decision letter and
payments by month; and a citizen never sees another household's data (every endpoint × another's ids → 404)."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from minzheng.benefits import selectors as benefits_selectors
from minzheng.benefits.models import Case, CaseDocument
from minzheng.benefits.services import cases
from minzheng.benefits.tests.factories import VISIT, entitle, today
from minzheng.core.models import AuditEntry, StoredFile
from minzheng.portal.models import Application
from minzheng.portal.tests.factories import bound_client, id_number_of, post
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200 + b"photo"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
APPLY = {"program": "dibao", "statement": "丈夫去世，本人打零工收入不稳定", "authorise": True,
         "authorisation_signed_by": "王芳", "bank_name": "工商银行定海支行", "bank_account": "6222020200001234567"}


@pytest.fixture
def citizen(outbox, poor_family, demo_standards):
    _household, people = poor_family
    return bound_client(outbox, "13700001234", people[0], id_number_of(people[0]))


def test_apply_for_dibao_lands_in_the_township_inbox_as_online(citizen, poor_family, staff, monkeypatch):
    today(monkeypatch, "2026-11-02")
    household, people = poor_family
    unsigned = post(citizen, "/portal/api/applications", {**APPLY, "authorise": False})
    assert unsigned.status_code == 422 and unsigned.json()["errors"][0]["field"] == "authorisation_signed_by"
    response = post(citizen, "/portal/api/applications", APPLY)
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["case_number"])
    assert (case.program, case.channel, case.household_id, case.applicant_id, case.state) == (
        "dibao", "online", household.pk, people[0].pk, "applied")
    assert body["state_label"] == "待受理" and body["next_step"].startswith("等待乡镇")
    assert case.bank_account_masked.endswith("4567")
    # in the township's inbox, as a clerk-filed application is
    assert case in benefits_selectors.inbox(staff["township"])
    application = Application.objects.get()
    assert (application.authorisation_signed_by, application.case_id) == ("王芳", case.pk)
    # audited as the citizen through the core system actor: the channel's label, no staff id (issue 20 round 2:
    # was "portal:137****1234" with the id of an inactive staff row)
    entry = AuditEntry.objects.filter(object_type="case", object_id=str(case.pk), action="create").get()
    assert (entry.actor_name, entry.actor_id) == ("网上申请（居民本人）137****1234", None)
    assert case.events.get().actor_name == "网上申请（居民本人）137****1234"
    # the same again: the kernel's rule (one open case) answers
    assert post(citizen, "/portal/api/applications", APPLY).status_code == 409


def test_photos_through_the_page_go_to_the_encrypted_store(citizen, poor_family, monkeypatch, settings):
    today(monkeypatch, "2026-11-02")
    response = citizen.post("/portal/apply/dibao/", {
        "statement": "生活困难", "authorise": "1", "authorisation_signed_by": "王芳",
        "photos": [_file("id.jpg", JPEG), _file("hukou.png", PNG)]})
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert response["Location"] == f"/portal/cases/{case.pk}/"
    docs = CaseDocument.objects.filter(case=case).order_by("id")
    assert [d.name for d in docs] == ["身份证照片", "户口簿照片"]
    stored = StoredFile.objects.filter(category="case_document")
    assert stored.count() == 2
    from minzheng.core import filestore

    on_disk = b"".join(filestore.path_of(s.key).read_bytes() for s in stored)
    assert JPEG not in on_disk and PNG not in on_disk  # encrypted at rest
    assert filestore.read_bytes(stored.get(name="id.jpg")) == JPEG
    # a file that is not a picture is refused, nothing written
    other = citizen.post("/portal/apply/temporary/", {"statement": "x", "photos": [_file("a.jpg", b"<html>")]})
    assert other.status_code == 422 and "照片无法读取" in other.content.decode() and Case.objects.count() == 1


def _file(name, data):
    f = io.BytesIO(data)
    f.name = name
    return f


def test_tracking_through_the_decision_letter_and_payments(citizen, poor_family, staff, monkeypatch):
    today(monkeypatch, "2026-11-02")
    household, people = poor_family
    number = post(citizen, "/portal/api/applications", APPLY).json()["case_number"]
    town, county = staff["township"], staff["county"]
    cases.act(town, number, "accept")
    row = _mine(citizen)[0]
    assert (row["state"], row["deadline"]) == ("accepted", str(Case.objects.get().due_on))
    assert row["next_step"].startswith("工作人员将入户调查") and row["decision_letter"] is False
    cases.act(town, number, "record_home_visit", VISIT)
    cases.act(town, number, "request_verification")
    cases.act(county, number, "record_verification", {"result": "passed", "report_ref": "HD-1", "summary": "无异常"})
    cases.act(town, number, "initial_review", {"opinion": "拟同意", "recommend": "approve"})
    cases.act(town, number, "publish_notice", {"place": "甲社区公开栏"})
    detail = citizen.get(f"/portal/api/applications/{number}").json()
    assert detail["state"] == "in_notice" and detail["notice_until"]
    assert citizen.get(f"/portal/cases/{number}/letter/").status_code == 409  # no decision yet
    today(monkeypatch, "2026-11-10")
    cases.act(town, number, "submit")
    cases.act(county, number, "confirm", {"comment": "符合条件，予以确认", "payee_id": people[0].pk})
    detail = citizen.get(f"/portal/api/applications/{number}").json()
    assert detail["state"] == "approved" and detail["decision_letter"] is True
    assert [h["label"] for h in detail["history"]][:2] == ["提出申请", "受理"]
    page = citizen.get(f"/portal/cases/{number}/letter/")
    assert page.status_code == 200 and "确认通知书" in page.content.decode()
    # payments by month: the payroll lines of the household's entitlements
    from minzheng.payroll.services import generate

    entitle(household, people[0], amount="800.00")
    generate.generate(None, "2026-04")
    paid = citizen.get("/portal/api/payments").json()
    assert paid["count"] >= 1 and paid["items"][0]["amount"] == "800.00"


def _mine(client):
    response = client.get("/portal/api/applications")
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_a_citizen_never_sees_another_households_data(outbox, poor_family, demo_standards, staff, monkeypatch):
    today(monkeypatch, "2026-11-02")
    _household, people = poor_family
    mine = bound_client(outbox, "13700001234", people[0], id_number_of(people[0]))
    other_home, others = make_family(staff["other_village"], [("孙强", "19600101", "M")],
                                     region="330902001002")
    theirs = bound_client(outbox, "13700005678", others[0], id_number_of(others[0]), address="127.0.0.2")
    their_case = post(theirs, "/portal/api/applications", {**APPLY, "authorisation_signed_by": "孙强"})
    assert their_case.status_code == 201, their_case.content
    their_number = their_case.json()["case_number"]
    cases.act(staff["township"], their_number, "accept")
    their_complaint = post(theirs, "/portal/api/complaints", {"kind": "fraud", "text": "邻居开豪车领低保，请核查"})
    assert their_complaint.status_code == 201
    complaint_id = their_complaint.json()["id"]
    # every endpoint that takes an id, with the other household's ids: 404, never their data
    for url in (f"/portal/api/applications/{their_number}", f"/portal/api/complaints/{complaint_id}",
                f"/portal/cases/{their_number}/", f"/portal/cases/{their_number}/letter/"):
        response = mine.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert "孙强" not in response.content.decode()
    response = mine.post(f"/portal/api/applications/{their_number}/photos", {"file": _file("a.jpg", JPEG)})
    assert response.status_code == 404
    for body in ({"kind": "objection", "text": "对公示有异议，情况不实", "case_id": their_number},
                 {"kind": "complaint", "text": "对决定不服，请复核", "case_id": their_number}):
        assert post(mine, "/portal/api/complaints", body).status_code == 404
    # lists hold only their own
    assert _mine(mine) == [] and mine.get("/portal/api/complaints").json()["items"] == []
    assert mine.get("/portal/api/payments").json()["items"] == []
    assert [m["name"] for m in mine.get("/portal/api/me").json()["members"]] == ["王芳", "王小明", "王小红"]
    # the self-check reads the citizen's own household, never an id given
    assert post(mine, "/portal/api/selfcheck", {}).status_code == 200
    # the application names only the citizen's own members
    response = post(mine, "/portal/api/applications", {"program": "age_allowance", "beneficiary_id": others[0].pk})
    assert response.status_code == 422
    assert Case.objects.filter(household=other_home).count() == 1


def test_unbound_accounts_see_nothing_personal(outbox):
    client = Client()
    from minzheng.portal.tests.factories import sign_in

    sign_in(client, outbox, "13700009999")
    for url in ("/portal/api/applications", "/portal/api/payments", "/portal/api/complaints", "/portal/api/programs"):
        assert client.get(url).status_code == 403, url
    assert post(client, "/portal/api/applications", APPLY).status_code == 403
    response = client.get("/portal/")
    assert response.status_code == 302 and response["Location"] == "/portal/consent/"
