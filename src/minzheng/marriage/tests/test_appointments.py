"""Appointments within the slot's capacity (data: the 示例 set with 520 and 七夕 peaks)."""

from __future__ import annotations


def book(api, day, slot="am1", name="预约人"):
    return api.post("/api/v1/marriage/appointments", {"registry": "DH01", "day": day, "slot": slot,
                                                      "kind": "marriage", "name_a": name, "name_b": "另一方"},
                    content_type="application/json")


def test_slot_full_is_409(api):
    for i in range(8):
        assert book(api, "2026-05-19", name=f"人{i}").status_code == 201
    full = book(api, "2026-05-19")
    assert full.status_code == 409 and "已约满" in full.json()["detail"]


def test_520_peak_has_more_places(api):
    slots = api.get("/api/v1/marriage/registries/DH01/slots", {"day": "2026-05-20"}).json()
    assert {s["slot"]: s["capacity"] for s in slots} == {"am1": 30, "am2": 40, "pm1": 40, "pm2": 30}
    sunday = api.get("/api/v1/marriage/registries/DH01/slots", {"day": "2026-05-24"}).json()
    assert all(s["capacity"] == 0 for s in sunday)
    assert book(api, "2026-05-24").status_code == 409


def test_unknown_registry_is_404_and_bad_day_422(api):
    assert api.get("/api/v1/marriage/registries/NOPE/slots", {"day": "2026-05-20"}).status_code == 404
    assert api.get("/api/v1/marriage/registries/DH01/slots", {"day": "9999-01-01"}).status_code == 422
