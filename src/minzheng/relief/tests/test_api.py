"""The relief API as a client calls it: warehouses, receipts, dispatches (201, or 409 with the quantity available),
stock by warehouse, roles (403 before 404) and hostile input (4xx, never 5xx)."""

from __future__ import annotations

import json

import pytest


def post(client, url, body):
    return client.post(url, body if isinstance(body, str) else json.dumps(body), content_type="application/json")


@pytest.fixture
def county_api(staff, api_client):
    return api_client(staff["county"])


def _warehouse(client) -> int:
    r = post(client, "/api/v1/relief/warehouses", {"name": "定海区救灾物资储备库", "region_code": "330902000000",
                                                   "level": "county"})
    assert r.status_code == 201, r.content.decode()
    return r.json()["id"]


def test_receipt_dispatch_and_stock(county_api):
    wh = _warehouse(county_api)
    r = post(county_api, "/api/v1/relief/receipts", {"warehouse_id": wh, "item": "棉被", "unit": "床",
                                                     "quantity": 10, "source": "allocation"})
    assert r.status_code == 201 and r.json()["balance"] == 10
    r = post(county_api, "/api/v1/relief/dispatches", {"warehouse_id": wh, "item": "棉被", "quantity": 4,
                                                       "region_code": "330902001001"})
    assert r.status_code == 201 and r.json()["balance"] == 6 and r.json()["status"] == "sent"
    r = post(county_api, "/api/v1/relief/dispatches", {"warehouse_id": wh, "item": "棉被", "quantity": 7,
                                                       "region_code": "330902001001"})
    assert r.status_code == 409 and r.json()["available"] == 6 and "库存不足" in r.json()["detail"]
    r = county_api.get(f"/api/v1/relief/stock?warehouse_id={wh}")
    assert r.status_code == 200
    assert [(i["item"], i["unit"], i["quantity"]) for i in r.json()["items"]] == [("棉被", "床", 6)]
    assert county_api.get("/api/v1/relief/stock?warehouse_id=abc").status_code == 422


def test_roles_first_then_region(staff, api_client, county_api):
    wh = _warehouse(county_api)
    village = api_client(staff["village"])
    assert post(village, "/api/v1/relief/dispatches", {}).status_code == 403
    assert post(village, "/api/v1/relief/warehouses", {"name": "x", "region_code": "330902001001"}).status_code == 403
    other = api_client(staff["other_county"])
    r = post(other, "/api/v1/relief/receipts", {"warehouse_id": wh, "item": "棉被", "unit": "床", "quantity": 1,
                                                "source": "purchase"})
    assert r.status_code == 404
    assert api_client(staff["auditor"]).get("/api/v1/relief/stock").status_code == 403


@pytest.mark.parametrize("body", ['[1, 2]', ('{"warehouse_id": 1, "item": "x", "unit": "个", "quantity": 1e30, '
                                             '"source": "purchase"}'), '{"warehouse_id": 99999999999999999999999}',
                                  '{"warehouse_id": 1, "item": ["x"], "unit": "个", "quantity": 1, "source": "x"}'])
def test_hostile_bodies_are_4xx(county_api, body):
    r = post(county_api, "/api/v1/relief/receipts", body)
    assert 400 <= r.status_code < 500, r.content.decode()


def test_events_reports_and_households_through_the_api(staff, api_client, county_api, report_rules):
    from minzheng.relief.tests.factories import family

    r = post(county_api, "/api/v1/relief/events", {"name": "7·1 洪涝", "kind": "flood", "region_code": "330902",
                                                   "started_on": "2026-07-01"})
    assert r.status_code == 201, r.content.decode()
    event_id = r.json()["id"]
    village = api_client(staff["village"])
    assert village.get("/api/v1/relief/events").json()["count"] == 1  # the county's event is the village's too
    r = post(village, "/api/v1/relief/reports", {"event_id": event_id, "region_code": "330902001001",
                                                 "stage": "initial", "reported_on": "2026-07-01",
                                                 "affected_persons": 80, "crop_affected": "5.5", "reporter": "张"})
    assert r.status_code == 201 and r.json()["due_on"] == "2026-07-01" and r.json()["crop_affected"] == "5.50"
    household, _ = family(staff["village"])
    r = post(village, "/api/v1/relief/households", {"event_id": event_id, "household_id": household.pk,
                                                    "house_damage": "severe"})
    assert r.status_code == 201 and r.json()["warning_id"]
    r = county_api.get(f"/api/v1/relief/events/{event_id}/damage")
    assert r.json()["affected_persons"] == 80
