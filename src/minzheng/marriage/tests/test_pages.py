"""Pages of the marriage registry: lists with filters and export, detail pages, the printable certificate data sheet,
the registration form (refusal reasons on the page), the 撤销 confirmation step, statistics; 403 for villages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from minzheng.marriage.models import Registration
from minzheng.marriage.tests.factories import divorce, marriage, party


@pytest.fixture
def browser(registrar_setup):
    c = Client()
    assert c.login(username=registrar_setup["user"].username, password=PASSWORD)
    return c


@pytest.fixture
def data(api):
    a, b = party("金城", "19900101", "M"), party("武静", "19910101", "F")
    cert = api.post("/api/v1/marriage/registrations", marriage(a, b, day="2026-01-05"),
                    content_type="application/json").json()
    app = api.post("/api/v1/marriage/registrations", divorce(a, b, cert["certificate_no"], day="2026-04-01",
                                                             counselling=True), content_type="application/json").json()
    api.post("/api/v1/marriage/registrations", marriage(party("小李", "20100101", "M"), party("小王", "20000101", "F")),
             content_type="application/json")
    return {"a": a, "b": b, "registration_id": cert["registration_id"], "application_id": app["application_id"]}


def test_lists_details_and_exports(browser, data):
    for name in ("marriage_registration_list", "marriage_divorce_list", "marriage_refusal_list",
                 "marriage_appointment_list", "marriage_counselling_list", "marriage_statistics"):
        r = browser.get(reverse(name))
        assert r.status_code == 200, name
    page = browser.get(reverse("marriage_registration_list")).content.decode()
    assert "金城" in page and "330902**********" in page and "19900101" not in page
    refusals = browser.get(reverse("marriage_refusal_list")).content.decode()
    assert "男方未满二十二周岁" in refusals
    export = browser.get(reverse("marriage_registration_list") + "?export=csv")
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode("utf-8-sig") if export.streaming else export.content.decode()
    assert "金城" in body and "19900101" not in body
    assert browser.get(reverse("marriage_registration_list") + "?id_number=12345").status_code == 422
    detail = browser.get(reverse("marriage_registration", args=[data["registration_id"]])).content.decode()
    assert "JDH01-2026-000001" in detail
    sheet = browser.get(reverse("marriage_certificate", args=[data["registration_id"]])).content.decode()
    assert "登记数据页" in sheet and "JDH01-2026-000001" in sheet
    d = browser.get(reverse("marriage_divorce", args=[data["application_id"]])).content.decode()
    assert "2026-05-06" in d and "冷静期内" in d
    stats = browser.get(reverse("marriage_statistics") + "?year=2026").content.decode()
    assert "辅导率 100.0%" in stats
    assert browser.get(reverse("marriage_statistics") + "?year=9999").status_code == 422


def test_register_form_shows_refusal_reasons(browser, registrar_setup):
    a, b = party("赵小", "20050101", "M"), party("钱小", "20000101", "F")
    form = {"type": "marriage", "registry": "DH01", "date": "2026-04-10", "a_name": a["name"], "a_sex": "M",
            "a_id_number": a["id_number"], "a_birth_date": a["birth_date"], "a_voluntary": "on",
            "b_name": b["name"], "b_sex": "F", "b_id_number": b["id_number"], "b_birth_date": b["birth_date"],
            "b_voluntary": "on", "declaration_signed": "on"}
    r = browser.post(reverse("marriage_register"), form)
    assert r.status_code == 422 and "男方未满二十二周岁" in r.content.decode()
    form["a_id_number"], form["a_birth_date"] = party("赵大", "19950101", "M")["id_number"], "1995-01-01"
    r = browser.post(reverse("marriage_register"), form)
    assert r.status_code == 302
    assert Registration.objects.filter(name_a="赵小", in_force=True).exists()


def test_revoke_needs_confirmation(browser, data):
    url = reverse("marriage_revoke", args=[data["registration_id"]])
    form = {"basis": "court", "decision": "（2026）浙0902民初1号", "reason": "胁迫结婚"}
    r = browser.post(url, form)
    assert r.status_code == 200 and "确认办理说明" in r.content.decode()
    assert Registration.objects.get(pk=data["registration_id"]).status == "registered"
    r = browser.post(url, {**form, "_confirm_step": "1", "confirm_comment": "依判决撤销"})
    assert r.status_code == 302
    assert Registration.objects.get(pk=data["registration_id"]).status == "revoked"


def test_village_may_not_see_marriage_pages(db, make_user, registrar_setup):
    user = make_user("village", "330902001001")
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    assert c.get(reverse("marriage_registration_list")).status_code == 403
    assert c.get(reverse("adoption_list")).status_code == 403
