"""The monitoring API: scoped, masked, paged lists filtered like the pages (a bad filter is a Chinese 422), the
outcome endpoint, 403 for roles that may not see or act (before any lookup), 404 outside the region."""

from __future__ import annotations

import json

import pytest

from minzheng.monitoring import scoring
from minzheng.monitoring.models import Warning

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def ran(world):
    scoring.run("2026-11")
    return world


def test_monitored_persons_by_layer_are_scoped_and_masked(ran, api_client, make_user):
    client = api_client(ran["county"])
    r = client.get("/api/v1/monitored-persons?layer=poverty_return&current=1")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["count"] == 2  # the planted case and its near-miss are both 防返贫 monitored (only one is new)
    item = body["items"][0]
    assert item["layer"] == "poverty_return" and item["layer_label"] == "防止返贫监测对象"
    assert "*" in item["id_number"] and {i["name"] for i in body["items"]} == {"返一", "返二"}
    assert client.get("/api/v1/monitored-persons?layer=rich").status_code == 422
    other = api_client(make_user("county", "330903000000")).get("/api/v1/monitored-persons")
    assert other.status_code == 200 and other.json()["count"] == 0
    assert api_client(make_user("auditor", "330902000000")).get("/api/v1/monitored-persons").status_code == 403


def test_warnings_list_filters_and_outcome(ran, api_client):
    client = api_client(ran["township"])
    r = client.get("/api/v1/warnings?month=2026-11&level=orange&status=open&signal=earner_loss")
    assert r.status_code == 200, r.content
    items = r.json()["items"]
    assert len(items) == 1
    item = items[0]
    assert set(item) >= {"id", "month", "household_id", "person_id", "level", "score", "signals", "reasons", "status",
                         "due_date"}
    assert item["month"] == "2026-11" and item["signals"] == ["earner_loss"] and item["due_date"] == "2026-11-30"
    assert client.get("/api/v1/warnings?level=purple").status_code == 422
    assert client.get("/api/v1/warnings?month=2026-13").status_code == 422
    low = Warning.objects.get(household_id=ran["h"]["low"])
    r = post(client, f"/api/v1/warnings/{low.pk}/outcome", {"outcome": "assist", "program": "dibao"})
    assert r.status_code == 200, r.content
    assert r.json()["warning"]["status"] == "assisted" and r.json()["case_id"]
    r = post(client, f"/api/v1/warnings/{low.pk}/outcome", {"outcome": "dismiss", "reason": "再次"})
    assert r.status_code == 409
    med = Warning.objects.get(household_id=ran["h"]["medical"])
    r = post(client, f"/api/v1/warnings/{med.pk}/outcome", {"outcome": "refer", "referral_to": "medical",
                                                           "receiving_body": "区医保局"})
    assert r.status_code == 200 and r.json()["referral"]["receiving_body"] == "区医保局"
    ref = r.json()["referral"]["id"]
    r = post(client, f"/api/v1/referrals/{ref}/answer", {"status": "accepted", "answer": "已救助 3000 元"})
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    for bad in ([1, 2], {"outcome": "maybe"}, {"outcome": "dismiss", "reason": 3.5}):
        assert post(client, f"/api/v1/warnings/{med.pk}/outcome", bad).status_code in (409, 422)


def test_roles_and_regions(ran, api_client, make_user):
    w = Warning.objects.get(household_id=ran["h"]["earner"])
    village = api_client(make_user("village", "330902001001"))
    assert village.get(f"/api/v1/warnings/{w.pk}").status_code == 200
    assert post(village, f"/api/v1/warnings/{w.pk}/outcome", {"outcome": "dismiss", "reason": "x"}).status_code == 403
    far = api_client(make_user("township", "330902002000"))
    assert far.get(f"/api/v1/warnings/{w.pk}").status_code == 404
    assert post(far, f"/api/v1/warnings/{w.pk}/outcome", {"outcome": "dismiss", "reason": "x"}).status_code == 404
    assert api_client(make_user("sysadmin", "330902000000")).get("/api/v1/warnings").status_code == 403


def test_discoveries_by_month(ran, api_client):
    client = api_client(ran["county"])
    r = client.get("/api/v1/discoveries?month=2026-11")
    assert r.status_code == 200, r.content
    items = r.json()["items"]
    assert items and {"household_id", "programs", "estimated_monthly_amount", "reasons"} <= set(items[0])
    assert isinstance(items[0]["estimated_monthly_amount"], str)
    recipients = {ran["h"][k] for k in ("medical", "disability", "tekun", "rigid")}
    assert not recipients & {i["household_id"] for i in items}


def test_rules_are_read_by_all_and_written_by_the_county(ran, api_client):
    r = api_client(ran["township"]).get("/api/v1/monitoring-rules?code=medical_oop")
    assert r.status_code == 200 and r.json()["items"][0]["threshold"] == "5000"
    body = {"code": "medical_oop", "region_code": "330902", "effective_from": "2026-01-01", "window_months": 6,
            "threshold": "8000", "weight": 35, "source": "定海区民政局2026年预警阈值"}
    assert post(api_client(ran["township"]), "/api/v1/monitoring-rules", body).status_code == 403
    r = post(api_client(ran["county"]), "/api/v1/monitoring-rules", body)
    assert r.status_code == 201, r.content
    assert r.json()["weight"] == 35
    assert post(api_client(ran["county"]), "/api/v1/monitoring-rules", {**body, "region_code": "330903"}) \
        .status_code == 422  # another county's
    assert post(api_client(ran["county"]), "/api/v1/monitoring-rules", {**body, "threshold": 1.5}).status_code == 422
