"""委托照料 agreements (phone encrypted and masked, fee in Decimal, one open per person, end), the inbox items (an
agreement ending within 30 days, a 特困 person without an assessment), the care record page, the placement pages
with their confirmation step, the case page's care panel and the printable 供养证."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.assistance import inbox, services
from minzheng.assistance.models import CareAgreement, Placement
from minzheng.assistance.tests.factories import HOME_NAME, institution, items, tekun_person
from minzheng.benefits.tests.factories import post, today
from minzheng.core import crypto
from minzheng.core.models import AuditEntry
from minzheng.core.pages.forms import COMMENT_FIELD, STEP_FIELD

pytestmark = pytest.mark.django_db
URL = "/api/v1/care/agreements"
AGREEMENT = {"carer_name": "张照料", "carer_relation": "侄子", "carer_phone": "+86 138-0013-8000",
             "duties": "每日送餐、打扫卫生、陪同就医", "monthly_fee": "300.00", "visit_frequency": "daily",
             "start_on": "2026-05-01", "end_on": "2026-05-31", "signed_on": "2026-04-28"}


def test_an_agreement_is_recorded_with_the_phone_sealed_and_masked(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person, _ = tekun_person(staff["village"])
    r = post(api_client(staff["village"]), URL, {**AGREEMENT, "person_id": person.pk})
    assert r.status_code == 201, r.content.decode()
    out = r.json()
    assert (out["carer_phone"], out["monthly_fee"], out["visit_frequency_label"]) == ("138****8000", "300.00", "每天")
    row = CareAgreement.objects.get(pk=out["id"])
    assert row.monthly_fee == Decimal("300.00") and b"13800138000" not in bytes(row.carer_phone_enc)
    assert crypto.decrypt(row.carer_phone_enc,
                          crypto.aad("assistance_careagreement", "carer_phone_enc", row.pk)) == "13800138000"
    assert "13800138000" not in str(AuditEntry.objects.get(object_type="care_agreement").changes)
    second = post(api_client(staff["village"]), URL, {**AGREEMENT, "person_id": person.pk})
    assert second.status_code == 409 and "未终止的委托照料协议" in second.json()["detail"]
    ended = post(api_client(staff["village"]), f"{URL}/{out['id']}/end",
                 {"on": "2026-05-09", "reason": "照料人外出务工"})
    assert ended.status_code == 200 and ended.json()["open"] is False
    assert api_client(staff["township"]).get(URL + "?active=0").json()["count"] == 1
    assert api_client(staff["township"]).get(URL + "?active=1").json()["count"] == 0
    assert api_client(staff["other_village"]).get(URL).json()["count"] == 0


def test_bad_agreements_are_chinese_422s_and_only_for_tekun_persons(staff, api_client, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person, _ = tekun_person(staff["village"])
    client = api_client(staff["village"])
    bad = post(client, URL, {**AGREEMENT, "person_id": person.pk, "monthly_fee": 300.5, "carer_phone": "12345",
                             "visit_frequency": "sometimes", "end_on": "2026-04-01"})
    assert bad.status_code == 422
    errors = {e["field"]: e["message"] for e in bad.json()["errors"]}
    assert {"monthly_fee", "carer_phone", "visit_frequency"} <= set(errors)
    assert "每天" in errors["visit_frequency"]
    huge = post(client, URL, {**AGREEMENT, "person_id": person.pk, "monthly_fee": "1" * 30})
    assert huge.status_code == 422
    period = post(client, URL, {**AGREEMENT, "person_id": person.pk, "end_on": "2026-04-01"})
    assert period.status_code == 422 and "不能早于起始日期" in period.json()["errors"][0]["message"]
    from minzheng.registry.tests.factories import person_household

    _, plain = person_household(staff["village"], "普通居民")
    not_tekun = post(client, URL, {**AGREEMENT, "person_id": plain.pk})
    assert not_tekun.status_code == 409 and "没有在保的特困人员" in not_tekun.json()["detail"]
    assert post(api_client(staff["city"]), URL, {**AGREEMENT, "person_id": person.pk}).status_code == 403
    assert CareAgreement.objects.count() == 0


def test_inbox_lists_agreements_ending_and_persons_never_assessed(staff, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person, _ = tekun_person(staff["village"])
    section = inbox.not_assessed_todo(staff["village"], 10)
    assert section.count == 1 and section.items[0].url == f"/assistance/care/persons/{person.pk}/assess/"
    services.record_assessment(staff["village"], {"person_id": person.pk, **items(0)})
    assert inbox.not_assessed_todo(staff["village"], 10).count == 0
    services.add_agreement(staff["village"], {**AGREEMENT, "person_id": person.pk, "end_on": "2026-06-05"})
    section = inbox.agreements_todo(staff["village"], 10)
    assert section.count == 1 and section.overdue == 0 and "2026-06-05" in section.items[0].detail
    today(monkeypatch, "2026-06-06")
    assert inbox.agreements_todo(staff["township"], 10).overdue == 1
    assert inbox.agreements_todo(staff["other_village"], 10).count == 0
    assert inbox.agreements_todo(staff["city"], 10).count == 0  # the city reads but does not record


def test_pages_care_record_placement_with_confirmation_panel_and_certificate(staff, client_for, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person, ent = tekun_person(staff["village"])
    services.record_assessment(staff["village"], {"person_id": person.pk, **items(4)})
    home = institution(staff["county"])
    county = client_for(staff["county"])
    url = f"/assistance/care/persons/{person.pk}/placements/new/"
    form = {"institution_id": str(home.pk), "from_on": "2026-05-01", "room": "3-201", "reason": "完全丧失自理能力"}
    step = county.post(url, form)
    assert step.status_code == 200 and "确认办理说明" in step.content.decode() and not Placement.objects.exists()
    done = county.post(url, {**form, STEP_FIELD: "1", COMMENT_FIELD: "经本人同意入住"})
    assert done.status_code == 302 and Placement.objects.filter(person=person, to_on__isnull=True).exists()
    assert client_for(staff["township"]).get(url).status_code == 403
    care = county.get(f"/assistance/care/persons/{person.pk}/").content.decode()
    assert "集中供养" in care and HOME_NAME in care and "完全丧失生活自理能力" in care
    for path in ("/assistance/care/placements/", "/assistance/care/institutions/", "/assistance/care/agreements/"):
        page = county.get(path)
        assert page.status_code == 200, path
    assert HOME_NAME in county.get("/assistance/care/placements/?open=1").content.decode()
    csv_export = county.get("/assistance/care/institutions/?export=csv")
    text = b"".join(csv_export.streaming_content).decode("utf-8-sig")
    assert "6217" in text and "6217000099998887777" not in text  # masked in exports too
    panel = county.get(f"/benefits/cases/{ent.source_case_id}/").content.decode()
    assert 'id="care-panel"' in panel and "完全丧失生活自理能力" in panel and "打印供养证" in panel
    cert = county.get(f"/assistance/care/persons/{person.pk}/certificate/")
    assert cert.status_code == 200
    sheet = cert.content.decode()
    assert "特困人员救助供养证" in sheet and person.id_number not in sheet and person.id_number_masked in sheet
    assert "集中供养" in sheet and HOME_NAME in sheet and "完全丧失生活自理能力" in sheet
    assert "1580.00 元" in sheet and "定海区民政局" in sheet and "2026-05-10 至 2027-04-30" in sheet
    assert AuditEntry.objects.filter(action="export", object_type="entitlement",
                                     changes__print=[None, "tekun_certificate"]).exists()
    assert client_for(staff["other_village"]).get(f"/assistance/care/persons/{person.pk}/certificate/").status_code \
        == 404


def test_the_certificate_of_a_dispersed_person_names_the_carer(staff, client_for, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _, person, _ = tekun_person(staff["village"])
    services.add_agreement(staff["village"], {**AGREEMENT, "person_id": person.pk})
    sheet = client_for(staff["village"]).get(f"/assistance/care/persons/{person.pk}/certificate/").content.decode()
    assert "分散供养" in sheet and "张照料（侄子）" in sheet and "138****8000" in sheet and "未评估" in sheet
    end = client_for(staff["village"]).get(f"/assistance/care/agreements/{CareAgreement.objects.get().pk}/end/")
    assert end.status_code == 200
