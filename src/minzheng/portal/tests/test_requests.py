"""Requests through the other apps' own services: a marriage appointment (registry, day, slot, capacity — a full
slot is a clear Chinese 409), a 清明 booking (capacity, the QR check-in code), 身后一件事 reported by the family and a
home-care order; each in 我的办件, each audited as 网上申请（居民本人）, and another household's ids → 404."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.benefits.tests.factories import today
from minzheng.core.models import AuditEntry
from minzheng.eldercare.models import Order
from minzheng.eldercare.services import homecare
from minzheng.eldercare.tests import factories as eldercare_factories
from minzheng.funeral.models import DeathRegistration, SweepBooking
from minzheng.funeral.tests import factories as funeral_factories
from minzheng.marriage.models import Appointment
from minzheng.marriage.services import registries
from minzheng.portal.models import Notice, ServiceRequest
from minzheng.portal.tests.factories import bound_client, id_number_of, post
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db
DAY = "2026-11-10"  # a Tuesday
CAPACITY = ("registry,slot,capacity,day,weekday,effective_from,note\n"
            "DH01,am1,1,,,2020-01-01,\nDH01,am2,2,,,2020-01-01,\n")
LABEL = "网上申请（居民本人）"


@pytest.fixture
def citizen(outbox, poor_family, monkeypatch):
    today(monkeypatch, "2026-11-02")
    _household, people = poor_family
    return bound_client(outbox, "13700001234", people[0], id_number_of(people[0]))


@pytest.fixture
def neighbour(outbox, staff):
    """A citizen of another household in the same village."""
    _household, people = make_family(staff["village"], [("李强", "19750210", "M")])
    return bound_client(outbox, "13900005678", people[0], id_number_of(people[0]), address="127.0.0.2")


@pytest.fixture
def registry(db):
    row = registries.ensure_registry(None, "DH01", "定海区婚姻登记处", "330902000000")
    registries.load_capacities(None, CAPACITY)
    return row


def test_marriage_appointment_through_the_marriage_service(citizen, neighbour, registry):
    slots = citizen.get("/portal/api/marriage/slots", {"registry": "DH01", "day": DAY}).json()
    assert {s["slot"]: s["free"] for s in slots}["am1"] == 1
    response = post(citizen, "/portal/api/marriage/appointments",
                    {"registry": "DH01", "day": DAY, "slot": "am1", "kind": "marriage", "partner_name": "张伟"})
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    appointment = Appointment.objects.get()
    assert (body["kind"], body["object_id"], body["state"], body["state_label"]) == (
        "marriage", appointment.pk, "booked", "已预约")
    assert (appointment.name_a, appointment.name_b, str(appointment.day), appointment.slot) == (
        "王芳", "张伟", DAY, "am1")
    # the marriage app's own audit entry names the channel, not a staff account
    entry = AuditEntry.objects.get(object_type="marriage_appointment", action="create")
    assert (entry.actor_name, entry.actor_id) == (f"{LABEL}137****1234", None)
    assert Notice.objects.filter(account__requests__pk=body["id"], key__endswith=":made").count() == 1
    # the slot is full now: the marriage service's capacity rule answers, in Chinese
    full = post(neighbour, "/portal/api/marriage/appointments",
                {"registry": "DH01", "day": DAY, "slot": "am1", "partner_name": "赵丽"})
    assert full.status_code == 409 and full.json()["detail"] == "2026-11-10 09:00–10:00 已约满（可预约 1 个）"
    page = neighbour.post("/portal/book/marriage/", {"registry": "DH01", "day": DAY, "slot": "am1",
                                                     "kind": "marriage", "partner_name": "赵丽"})
    assert page.status_code == 422 and "已约满（可预约 1 个）" in page.content.decode()
    assert Appointment.objects.count() == 1
    # a past day, or one beyond the booking window, is refused before the service
    past = post(citizen, "/portal/api/marriage/appointments", {"registry": "DH01", "day": "2026-10-01", "slot": "am2"})
    assert past.status_code == 422 and past.json()["errors"][0]["field"] == "day"
    # tracked in 我的办件, cancellable by the resident (the marriage service's own step)
    listed = citizen.get("/portal/api/requests").json()
    assert [r["id"] for r in listed["items"]] == [body["id"]] and listed["items"][0]["cancellable"]
    cancelled = post(citizen, f"/portal/api/requests/{body['id']}/cancel", {})
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"


def test_sweeping_booking_shows_the_qr_code_and_keeps_the_capacity(citizen, neighbour, staff):
    cemetery = funeral_factories.cemetery()
    slot = funeral_factories.slot(cemetery, dt.date(2026, 11, 20), capacity=3)
    listed = citizen.get("/portal/api/sweeping/slots").json()
    assert [(s["id"], s["left"]) for s in listed] == [(slot.pk, 3)]
    response = citizen.post("/portal/book/sweeping/", {"slot_id": str(slot.pk), "party_size": "2"})
    assert response.status_code == 302, response.content.decode()[:1500]
    link = ServiceRequest.objects.get()
    assert response["Location"] == f"/portal/requests/{link.pk}/"
    booking = SweepBooking.objects.get()
    assert (booking.visitor_name, booking.party_size, link.object_id) == ("王芳", 2, booking.pk)
    page = citizen.get(f"/portal/requests/{link.pk}/").content.decode()
    assert "入园二维码" in page and "<svg" in page and "取消预约" in page
    # 1 place left, a party of 2 does not fit: the funeral service's message
    full = post(neighbour, "/portal/api/sweeping/bookings", {"slot_id": slot.pk, "party_size": 2})
    assert full.status_code == 409 and "该时段已约满" in full.json()["detail"]
    # the gate scans the code with the funeral app's own check-in (on the day)
    today_ = dt.date(2026, 11, 20)
    from minzheng.funeral.services import bookings

    with pytest.MonkeyPatch.context() as m:
        today(m, today_.isoformat())
        bookings.check_in(staff["county"], booking.token)
    assert citizen.get(f"/portal/api/requests/{link.pk}").json()["state_label"] == "已入园"


def test_family_reports_a_death_and_the_township_completes_it(citizen, poor_family, staff, caplog, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    funeral_factories.rules(staff["county"])
    household, people = poor_family
    joined = household.memberships.get(person=people[2]).joined_on  # the family was registered today (real clock)
    died = (joined + dt.timedelta(days=1)).isoformat()
    today(monkeypatch, (joined + dt.timedelta(days=5)).isoformat())
    _other, others = make_family(staff["village"], [("陈伯", "19400101", "M")])
    strange = post(citizen, "/portal/api/deaths", {"person_id": others[0].pk, "death_date": died})
    assert strange.status_code == 404 and not DeathRegistration.objects.exists()
    response = post(citizen, "/portal/api/deaths", {"person_id": people[2].pk, "death_date": died,
                                                    "place": "市人民医院", "relation": "母女"})
    assert response.status_code == 201, response.content.decode()
    death = DeathRegistration.objects.get()
    assert (death.person_id, death.source, death.status, death.informant_id) == (
        people[2].pk, "family", "pending", people[0].pk)
    assert AuditEntry.objects.get(object_type="death_registration", action="create").actor_name.startswith(LABEL)
    # the township confirms the certificate in its own page/service: the resident is told (notice + SMS)
    from minzheng.funeral.services import deaths

    caplog.set_level("WARNING", logger="minzheng.portal.sms")
    with django_capture_on_commit_callbacks(execute=True):
        deaths.confirm_certificate(staff["township"], death.pk, {"certificate_no": "浙2026123456",
                                                                 "source": "hospital"})
    notice = Notice.objects.get(key=f"death:{death.pk}:completed")
    assert "已办结" in notice.text and notice.account.person_id == people[0].pk
    assert [r.phone for r in caplog.records if "已办结" in r.getMessage()] == ["13700001234"]  # through the gateway
    body = citizen.get(f"/portal/api/requests/{response.json()['id']}").json()
    assert body["state"] == "completed" and any(x["label"] == "还需办理" for x in body["lines"])


def test_home_care_order_and_dispatch_notice(citizen, poor_family, staff, caplog,
                                             django_capture_on_commit_callbacks):
    _household, people = poor_family
    _provider, item, worker = eldercare_factories.provider(staff["county"])
    items = citizen.get("/portal/api/homecare/items").json()
    assert [i["id"] for i in items] == [item.pk] and "助浴" in items[0]["label"]
    response = post(citizen, "/portal/api/homecare/orders", {"person_id": people[0].pk, "item_id": item.pk,
                                                             "quantity": 2, "scheduled_on": "2026-11-05"})
    assert response.status_code == 201, response.content.decode()
    order = Order.objects.get()
    assert (order.source, order.person_id, order.quantity, order.amount_fen) == ("citizen", people[0].pk, 2, 10000)
    assert order.requested_by.username == "system:portal"  # the reserved account, never a staff member
    caplog.set_level("WARNING", logger="minzheng.portal.sms")
    with django_capture_on_commit_callbacks(execute=True):
        homecare.dispatch(staff["county"], order.pk, {"worker_id": worker.pk})
    assert Notice.objects.filter(key=f"homecare:{order.pk}:dispatched").count() == 1
    sms = [r.getMessage() for r in caplog.records if "已派单" in r.getMessage()]
    assert len(sms) == 1 and "137****1234" in sms[0] and "13700001234" not in sms[0]  # masked in the log


def test_another_households_requests_are_404(citizen, neighbour, poor_family, registry, staff):
    _household, people = poor_family
    _p, item, _w = eldercare_factories.provider(staff["county"])
    made = post(citizen, "/portal/api/homecare/orders", {"person_id": people[1].pk, "item_id": item.pk,
                                                         "scheduled_on": "2026-11-05"}).json()
    booked = post(citizen, "/portal/api/marriage/appointments",
                  {"registry": "DH01", "day": DAY, "slot": "am2", "partner_name": "张伟"}).json()
    for rid in (made["id"], booked["id"]):
        assert neighbour.get(f"/portal/api/requests/{rid}").status_code == 404
        assert post(neighbour, f"/portal/api/requests/{rid}/cancel", {}).status_code == 404
        assert neighbour.get(f"/portal/requests/{rid}/").status_code == 404
        assert neighbour.post(f"/portal/requests/{rid}/cancel/").status_code == 404
    assert neighbour.get("/portal/api/requests").json()["count"] == 0
    # the neighbour cannot order for, or report the death of, someone of the citizen's household
    assert post(neighbour, "/portal/api/homecare/orders", {"person_id": people[1].pk, "item_id": item.pk,
                                                           "scheduled_on": "2026-11-05"}).status_code == 404
    assert post(neighbour, "/portal/api/deaths", {"person_id": people[1].pk,
                                                  "death_date": "2026-10-30"}).status_code == 404
    assert Appointment.objects.get().status == "booked" and Order.objects.count() == 1
