"""清明 tomb-sweeping booking: capacity per cemetery and slot held under concurrent requests (20 parallel bookings for
10 places → exactly 10, the others 409), the API's 201/409, and the QR check-in once on the day."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from django.db import connections

from minzheng.core.errors import Conflict
from minzheng.funeral.models import SweepBooking, SweepSlot
from minzheng.funeral.services import bookings
from minzheng.funeral.tests import factories

COUNTY = "330902000000"


def _together(count: int, work) -> list:
    """work(i) in `count` threads released at once (each its own connection); each result or exception."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # the test decides what is acceptable
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_bookings_for_ten_places_make_exactly_ten(make_user, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-20")
    clerk = make_user("township", "330902001000")
    slot = factories.slot(factories.cemetery(), dt.date(2026, 4, 4), capacity=10)

    results = _together(20, lambda i: bookings.book(clerk, {"slot_id": slot.pk, "visitor_name": f"祭扫人{i}",
                                                            "party_size": 1}))
    made = [r for r in results if isinstance(r, SweepBooking)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(made) == 10 and len(refused) == 10, results
    assert all("已约满" in str(r) for r in refused)
    slot.refresh_from_db()
    assert slot.booked == 10 and SweepBooking.objects.filter(slot=slot).count() == 10


@pytest.mark.django_db
def test_booking_api_answers_201_then_409_when_full(staff, api_client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-20")
    slot = factories.slot(factories.cemetery(), dt.date(2026, 4, 4), capacity=3)
    town = api_client(staff["township"])

    def post(body):
        return town.post("/api/v1/funeral/bookings", json.dumps(body), content_type="application/json")

    first = post({"slot_id": slot.pk, "visitor_name": "王芳", "party_size": 2})
    assert first.status_code == 201, first.content.decode()
    assert first.json()["cemetery_name"] == "定海区公益性公墓" and len(first.json()["token"]) >= 20
    full = post({"slot_id": slot.pk, "visitor_name": "张三", "party_size": 2})
    assert full.status_code == 409 and "已约满" in full.json()["detail"]
    assert post({"slot_id": slot.pk, "visitor_name": "张三", "party_size": 1}).status_code == 201
    assert post({"slot_id": slot.pk, "visitor_name": "李四", "party_size": 1}).status_code == 409
    assert post({"slot_id": slot.pk, "visitor_name": "", "party_size": 1}).status_code == 422
    assert post({"slot_id": slot.pk, "visitor_name": "王五", "party_size": 11}).status_code == 422
    assert api_client(staff["village"]).post("/api/v1/funeral/bookings", json.dumps(
        {"slot_id": slot.pk, "visitor_name": "王五"}), content_type="application/json").status_code == 403
    assert api_client(staff["other_county"]).post("/api/v1/funeral/bookings", json.dumps(
        {"slot_id": slot.pk, "visitor_name": "王五"}), content_type="application/json").status_code == 404
    assert SweepSlot.objects.get().booked == 3

    # QR check-in: only on the day, only once.
    token = first.json()["token"]

    def check_in():
        return town.post("/api/v1/funeral/check-in", json.dumps({"token": token}), content_type="application/json")

    assert check_in().status_code == 409  # 2026-03-20 is not the day
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-04")
    done = check_in()
    assert done.status_code == 200 and done.json()["status"] == "checked_in"
    assert check_in().status_code == 409
    # A cancellation gives its places back.
    second = SweepBooking.objects.get(visitor_name="张三")
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-21")
    assert town.post(f"/api/v1/funeral/bookings/{second.pk}/cancel").status_code == 200
    assert SweepSlot.objects.get().booked == 2
