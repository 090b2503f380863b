"""The typed verification API: paged findings with the page's filters (a bad filter is a Chinese 422), outcome bodies
validated field by field (money as decimal text, no floats, no unknown keys), hostile input answered with 4xx, the
feed snapshot list, and the OpenAPI document."""

from __future__ import annotations

import json

import pytest

from minzheng.core.validation import FLOAT_MESSAGE
from minzheng.verification import compare
from minzheng.verification.models import Finding
from minzheng.verification.tests.factories import MONTH

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_findings_are_paged_labelled_and_filtered_like_the_page(world, make_user, api_client):
    compare.run(MONTH)
    county = api_client(make_user("county", "330902000000"))
    everything = county.get(f"/api/v1/findings?month={MONTH}").json()
    assert everything["count"] == Finding.objects.filter(region_code__startswith="330902").count()
    page = county.get(f"/api/v1/findings?month={MONTH}&limit=3&offset=3").json()
    assert len(page["items"]) == 3 and page["count"] == everything["count"]
    death = county.get("/api/v1/findings?rule=death&region_code=330902001").json()["items"]
    assert [(f["rule_label"], f["person_name"], f["amount_at_stake"], f["status_label"], f["overdue"])
            for f in death] == [("救助对象死亡", "甲一", "500.00", "待核实", False)]
    bad = county.get("/api/v1/findings?region_code=abc&rule=nope&status=maybe")
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"region_code", "rule", "status"}
    assert county.get("/api/v1/findings/99999999999999999999").status_code == 422


def test_outcome_bodies_are_validated(world, make_user, api_client):
    compare.run(MONTH)
    county = api_client(make_user("county", "330902000000"))
    income = Finding.objects.get(rule="income_above_line")
    url = f"/api/v1/findings/{income.pk}/confirm"
    r = post(county, url, {"outcome": "decrease", "new_amount": 300.5, "notice_on": "2026-11-23"})
    assert r.status_code == 422 and r.json()["errors"][0] == {"field": "new_amount", "message": FLOAT_MESSAGE}
    r = post(county, url, {"outcome": "shrink", "effective_month": "2026-14", "notice": "x"})
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"outcome", "effective_month", "notice"}
    assert post(county, url, [{"outcome": "suspend"}]).status_code == 422
    income.refresh_from_db()
    assert income.status == "open"  # nothing half-written
    r = post(county, url, {"outcome": "decrease", "new_amount": "300.00", "notice_on": "2026-11-23",
                           "effective_month": "2026-12", "note": "入户核实：工资收入属实"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["status"], body["outcome_label"]) == ("confirmed", "减发")
    assert body["outcome_note"] == "入户核实：工资收入属实"
    death = Finding.objects.get(rule="death")
    r = post(county, f"/api/v1/findings/{death.pk}/dismiss", {"reason": "   "})
    assert r.status_code == 422 and "排除疑点须填写理由" in r.json()["errors"][0]["message"]
    r = post(county, f"/api/v1/findings/{death.pk}/dismiss", {"reason": "x" * 2001})
    assert r.status_code == 422


def test_feed_snapshots_are_listed_for_those_who_load_them(world, make_user, api_client):
    county = api_client(make_user("county", "330902000000"))
    listed = county.get("/api/v1/feed-snapshots?kind=vehicle").json()
    assert listed["count"] == 1 and listed["items"][0]["kind_label"] == "车辆"
    assert county.get("/api/v1/feed-snapshots?as_of_from=2026-11-30").json()["count"] == 0
    assert county.get("/api/v1/feed-snapshots?kind=x").status_code == 422
    assert api_client(make_user("township", "330902001000")).get("/api/v1/feed-snapshots").status_code == 403


def test_openapi_shows_the_schemas(api_client, county_user):
    doc = api_client(county_user).get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert {"FindingOut", "FindingConfirmIn", "DismissIn", "VerificationReportOut", "FeedSnapshotOut"} <= set(schemas)
    assert schemas["FindingOut"]["properties"]["amount_at_stake"]["type"] == "string"
    confirm = doc["paths"]["/api/v1/findings/{finding_id}/confirm"]["post"]
    assert {"200", "404", "409", "422"} <= set(confirm["responses"])
