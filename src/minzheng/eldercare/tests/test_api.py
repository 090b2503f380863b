"""The 养老服务 API: the grade endpoint, the device intake over HTTP (signature, replay, 401), orders walked through
their actions, settlements, the alarm queue and its actions, hostile bodies (4xx, never a 5xx), the OpenAPI."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client

from minzheng.eldercare.policy.alarms import sign
from minzheng.eldercare.services import institutions as inst_svc
from minzheng.eldercare.tests.factories import device, elder, institution, provider

pytestmark = pytest.mark.usefixtures("today")


def _device_post(client, serial, key, payload, ts=None, raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    ts = ts or int(time.time())
    return client.post("/api/v1/elderly/alarms", body, content_type="application/json",
                       HTTP_X_DEVICE_SERIAL=serial, HTTP_X_TIMESTAMP=str(ts),
                       HTTP_X_SIGNATURE=sign(bytes.fromhex(key), ts, body))


def test_grade_endpoint(staff, api_client, make_user):
    county = staff["county"]
    inst = institution(county)
    api = api_client(county)
    assert api.get(f"/api/v1/elderly/institutions/{inst.pk}/grade").json()["graded"] is False
    inst_svc.record_grading(county, inst.pk, {"assessed_on": "2026-04-01", "environment": "100",
                                              "facilities": "100", "management": "120", "service": "480",
                                              "assessors": "评定组"})
    out = api.get(f"/api/v1/elderly/institutions/{inst.pk}/grade").json()
    assert (out["level"], out["level_name"], out["total"]) == (4, "四级", "800.0")
    assert out["reasons"] == ["未达五级：总分 800.0 低于 900；环境、设施设备、运营管理、服务低于该部分满分的 90%"]
    assert api_client(make_user("county", "330903000000")).get(
        f"/api/v1/elderly/institutions/{inst.pk}/grade").status_code == 404
    assert api_client(make_user("auditor", "330902000000")).get(
        f"/api/v1/elderly/institutions/{inst.pk}/grade").status_code == 403
    listed = api.get("/api/v1/elderly/institutions?ownership=public_private").json()
    assert listed["count"] == 1 and listed["items"][0]["level_name"] == "四级"
    assert api.get("/api/v1/elderly/institutions?ownership=x").status_code == 422


def test_device_intake_over_http(staff, village_user, api_client):
    county = staff["county"]
    dev, key = device(county, person=elder(village_user))
    anonymous = Client()
    first = _device_post(anonymous, dev.serial, key, {"event_id": "h-1", "kind": "fall", "lat": 30.01, "lng": 122.1})
    assert first.status_code == 201 and first.json()["target"] == "village" and not first.json()["duplicate"]
    replay = _device_post(anonymous, dev.serial, key, {"event_id": "h-1", "kind": "fall", "lat": 30.01, "lng": 122.1})
    assert replay.status_code == 200 and replay.json()["duplicate"] and replay.json()["id"] == first.json()["id"]
    assert anonymous.post("/api/v1/elderly/alarms", "{}", content_type="application/json").status_code == 401
    stale = _device_post(anonymous, dev.serial, key, {"event_id": "h-2", "kind": "sos"}, ts=int(time.time()) - 600)
    assert stale.status_code == 401 and stale.json()["detail"] == "设备签名无效或已过期"
    assert _device_post(anonymous, dev.serial, key, None, raw=b"[1, 2]").status_code == 422
    assert _device_post(anonymous, dev.serial, key, None, raw=b"{not json").status_code == 422
    # a user's token is no device signature
    assert api_client(county).post("/api/v1/elderly/alarms", "{}", content_type="application/json").status_code == 401
    queue = api_client(village_user).get("/api/v1/elderly/alarms?state=open").json()
    assert queue["count"] == 1 and queue["items"][0]["kind_label"] == "跌倒"
    alarm_id = queue["items"][0]["id"]
    clerk = api_client(village_user)
    bad = clerk.post(f"/api/v1/elderly/alarms/{alarm_id}/actions", {"action": "close", "outcome": "visited",
                                                                     "action_taken": "x"},
                     content_type="application/json")
    assert bad.status_code == 409
    ack = clerk.post(f"/api/v1/elderly/alarms/{alarm_id}/actions", {"action": "acknowledge"},
                     content_type="application/json")
    assert ack.status_code == 200 and ack.json()["state"] == "acknowledged" and ack.json()["ack_seconds"] >= 0
    done = clerk.post(f"/api/v1/elderly/alarms/{alarm_id}/actions",
                      {"action": "close", "outcome": "visited", "action_taken": "上门查看"},
                      content_type="application/json")
    assert done.json()["state"] == "closed" and done.json()["outcome"] == "visited"


def test_orders_through_the_api(staff, village_user, api_client):
    county = staff["county"]
    _, item, worker = provider(county, price="40.00")
    person = elder(village_user)
    api = api_client(village_user)
    created = api.post("/api/v1/elderly/orders", {"person_id": person.pk, "item_id": item.pk, "quantity": 2,
                                                  "scheduled_on": "2026-04-20", "source": "citizen"},
                       content_type="application/json")
    assert created.status_code == 201 and created.json()["amount"] == "80.00"
    pk = created.json()["id"]
    for body in ({"action": "dispatch", "worker_id": worker.pk}, {"action": "check_in", "lat": "30.1", "lng": "122"},
                 {"action": "check_out"}, {"action": "confirm", "rating": 5}):
        response = api.post(f"/api/v1/elderly/orders/{pk}/actions", body, content_type="application/json")
        assert response.status_code == 200, response.json()
    assert response.json()["state_label"] == "已确认"
    assert api.get("/api/v1/elderly/orders?state=confirmed").json()["count"] == 1
    assert api.post(f"/api/v1/elderly/orders/{pk}/actions", {"action": "fly"},
                    content_type="application/json").status_code == 422
    hostile = api.post("/api/v1/elderly/orders", [1, 2], content_type="application/json")
    assert hostile.status_code == 422
    huge = api.post("/api/v1/elderly/orders", {"person_id": 2**70, "item_id": "x", "quantity": 1.5,
                                               "scheduled_on": "9999-01-01"}, content_type="application/json")
    assert huge.status_code == 422 and {e["field"] for e in huge.json()["errors"]} >= {"person_id", "item_id"}
    assert api_client(staff["city"]).post("/api/v1/elderly/orders", {}, content_type="application/json"
                                          ).status_code == 403
    assert api.post("/api/v1/elderly/settlements", {"month": "2026-03"},
                    content_type="application/json").status_code == 403


def test_openapi_documents_the_schemas(staff, api_client):
    doc = api_client(staff["county"]).get("/api/v1/openapi.json").json()
    intake = doc["paths"]["/api/v1/elderly/alarms"]["post"]
    assert {p["name"] for p in intake["parameters"]} >= {"X-Device-Serial", "X-Timestamp", "X-Signature"}
    assert "security" not in intake  # no user token: the device signature authenticates
    body = json.dumps(intake["requestBody"])
    assert "event_id" in body and "occurred_at" in body
    assert "GradeOut" in doc["components"]["schemas"] and "AlarmReceivedOut" in doc["components"]["schemas"]
