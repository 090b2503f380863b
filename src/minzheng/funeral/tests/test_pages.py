"""The funeral pages: lists with filters and export, registering a death with its confirmation step, the 身后一件事
record (and its print), the booking ticket with its QR and the check-in, the indicators."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.funeral.models import DeathRegistration, SweepBooking
from minzheng.funeral.services import bookings
from minzheng.funeral.tests import factories

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_register_a_death_from_the_page_with_confirmation(staff, funeral_rules, home, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-10")
    _, father, daughter, _ = factories.recipient_family(staff["village"])
    from minzheng.core import protected
    from minzheng.registry.models import Person

    number = protected.unseal(Person.objects.get(pk=father.pk), "id_number_enc")
    informant = protected.unseal(Person.objects.get(pk=daughter.pk), "id_number_enc")
    town = _client(staff["township"])
    form = {"id_number": number, "death_date": "2026-03-02", "source": "hospital", "certificate_no": "Z1",
            "place": "", "informant_id_number": informant, "informant_relation": "女", "disposal": "cremation",
            "funeral_home": str(home.pk), "outside_region": "", "cremated_on": "2026-03-05", "storage_days": "2",
            "ash_storage_months": "", "transport_km": ""}
    blank = town.get("/funeral/deaths/new/").content.decode()
    # The form's hints are shown, tied to their inputs for screen readers.
    assert 'id="id_certificate_no_helptext"' in blank and "家属申报未带死亡证明时留空" in blank
    assert 'aria-describedby="id_certificate_no_helptext"' in blank
    step = town.post("/funeral/deaths/new/", form)
    assert step.status_code == 200 and "确认办理说明" in step.content.decode(), step.content.decode()[-3000:]
    assert DeathRegistration.objects.count() == 0
    done = town.post("/funeral/deaths/new/", {**form, "_confirm_step": "1", "confirm_comment": "家属持证明办理"})
    assert done.status_code == 302, done.content.decode()[:2000]
    death = DeathRegistration.objects.get()
    from minzheng.core.models import AuditEntry

    created = AuditEntry.objects.get(object_type="death_registration", object_id=str(death.pk), action="create")
    assert created.changes["comment"] == [None, "家属持证明办理"]  # the 确认办理说明 is kept
    page = town.get(done["Location"]).content.decode()
    for text in ("特困人员救助供养", "高龄津贴", "护理补贴", "丧葬补助", "定海区殡仪馆", "户口注销"):
        assert text in page
    printed = town.get(f"/funeral/deaths/{death.pk}/?print=1")
    assert printed.status_code == 200 and "办理结果告知书" in printed.content.decode()
    listing = town.get("/funeral/?status=completed")
    assert listing.status_code == 200 and father.name in listing.content.decode()
    assert town.get("/funeral/?status=nonsense").status_code == 422
    export = town.get("/funeral/?export=csv")
    assert export.status_code == 200 and father.name in b"".join(export.streaming_content).decode("utf-8-sig")
    assert _client(staff["village"]).get("/funeral/").status_code == 403
    bad = town.post("/funeral/deaths/new/", {**form, "id_number": "110101199003070000", "_confirm_step": "1",
                                             "confirm_comment": "核对"})
    assert bad.status_code == 422 and "人员库中没有" in bad.content.decode()


def test_booking_ticket_qr_and_check_in_pages(staff, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-04")
    slot = factories.slot(factories.cemetery(), dt.date(2026, 4, 4), capacity=5)
    town = _client(staff["township"])
    assert town.get("/funeral/bookings/new/").status_code == 200
    made = town.post("/funeral/bookings/new/", {"slot": str(slot.pk), "visitor_name": "王芳", "party_size": "2"})
    assert made.status_code == 302
    booking = SweepBooking.objects.get()
    ticket = town.get(made["Location"]).content.decode()
    assert "<svg" in ticket and "清明祭扫预约凭证" in ticket and booking.token not in ticket.split("<svg")[0]
    assert town.get(f"/funeral/check-in/{booking.token}/").status_code == 200
    assert town.post(f"/funeral/check-in/{booking.token}/").status_code == 200
    assert SweepBooking.objects.get().status == "checked_in"
    assert town.post(f"/funeral/check-in/{booking.token}/").status_code == 409
    bookings.book(staff["township"], {"slot_id": slot.pk, "visitor_name": "张三", "party_size": 3})
    full = town.post("/funeral/bookings/new/", {"slot": str(slot.pk), "visitor_name": "李四", "party_size": "1"})
    assert full.status_code == 409 and "已约满" in full.content.decode()
    for url in ("/funeral/bookings/", "/funeral/slots/", "/funeral/cemeteries/", "/funeral/plots/",
                "/funeral/eco-burials/", "/funeral/settlements/", "/funeral/indicators/",
                "/funeral/bookings/?export=xlsx", "/funeral/plots/?export=csv"):
        assert town.get(url).status_code == 200, url
    assert town.get("/funeral/indicators/?year=1800").status_code == 422


def test_indicators_give_the_cremation_and_eco_burial_rates(staff, api_client, funeral_rules, home, monkeypatch):
    import json

    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-10")
    town = api_client(staff["township"])
    people = [factories.recipient_family(staff["village"], programs=("age_allowance",)) for _ in range(3)]
    for i, (_, father, daughter, _) in enumerate(people):
        body = {"person_id": father.pk, "death_date": "2026-03-01", "source": "police", "informant_id": daughter.pk}
        if i < 2:
            body["cremation"] = {"funeral_home_id": home.pk, "cremated_on": "2026-03-03"}
        assert town.post("/api/v1/funeral/deaths", json.dumps(body), content_type="application/json").status_code == 201
    death = DeathRegistration.objects.order_by("pk").first()
    eco = town.post("/api/v1/funeral/eco-burials", json.dumps({"death_id": death.pk, "kind": "sea",
                                                                "buried_on": "2026-03-08"}),
                    content_type="application/json")
    assert eco.status_code == 201 and eco.json()["reward"] == "2000.00"  # kernel one-off (示例 standard)
    again = town.post("/api/v1/funeral/eco-burials", json.dumps({"death_id": death.pk, "kind": "tree",
                                                                  "buried_on": "2026-03-08"}),
                      content_type="application/json")
    assert again.status_code == 409
    out = api_client(staff["county"]).get("/api/v1/funeral/indicators?year=2026").json()
    assert out["total"]["deaths"] == 3 and out["total"]["cremations"] == 2 and out["total"]["eco_burials"] == 1
    assert (out["total"]["cremation_rate"], out["total"]["eco_rate"]) == ("66.7", "33.3")
    assert [r["region_name"] for r in out["regions"]] == ["城东街道"]
    assert api_client(staff["county"]).get("/api/v1/funeral/indicators?year=7475").status_code == 422
