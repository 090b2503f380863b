"""The typed payroll API: paged lists with the pages' filters (a bad filter is a Chinese 422), money as exact
decimal text in and out (JSON floats refused), hostile input answered with 4xx, and the OpenAPI document."""

from __future__ import annotations

import json

import pytest

from minzheng.core.validation import FLOAT_MESSAGE
from minzheng.payroll.models import Payroll, Recovery
from minzheng.payroll.services import generate as gen
from minzheng.payroll.tests.factories import T1, T2

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_lists_are_paged_and_filtered_like_the_pages(world, api_client):
    gen.generate(None, "2026-04")
    county = api_client(world["county"])
    page = county.get("/api/v1/payrolls?month=2026-04&limit=2").json()
    assert page["count"] == 3 and len(page["items"]) == 2
    rest = county.get("/api/v1/payrolls?month=2026-04&limit=2&offset=2").json()["items"]
    assert {p["id"] for p in page["items"] + rest} == set(
        Payroll.objects.filter(region_code__in=(T1, T2)).values_list("pk", flat=True))
    item = county.get(f"/api/v1/payrolls?month=2026-04&program=dibao&region_code={T1}").json()["items"]
    assert [(p["program_name"], p["total"], p["month"], p["lines"]) for p in item] == [
        ("最低生活保障", "3650.50", "2026-04", 4)]
    bad = county.get("/api/v1/payrolls?month=2026-99&status=nope&region_code=abc")
    assert bad.status_code == 422
    fields = {e["field"]: e["message"] for e in bad.json()["errors"]}
    assert set(fields) == {"month", "status", "region_code"} and "格式不正确" in fields["month"]
    outside = county.get("/api/v1/payrolls?region_code=330903")
    assert outside.status_code == 422 and "不在您的管辖范围内" in outside.json()["errors"][0]["message"]
    assert county.get("/api/v1/payrolls?limit=100000").status_code == 422
    p = Payroll.objects.get(program="dibao", region_code=T1)
    lines = county.get(f"/api/v1/payrolls/{p.pk}/lines?kind=regular&status=pending").json()
    assert lines["count"] == 4 and all(line["kind_label"] == "当月发放" for line in lines["items"])
    assert {line["payee_name"] for line in lines["items"]} == {"甲", "乙", "渐退", "增发"}
    assert county.get(f"/api/v1/payrolls/{p.pk}/lines?kind=bogus").status_code == 422


def test_detail_and_actions_are_typed(world, roll, api_client):
    township = api_client(world["township"])
    detail = township.get(f"/api/v1/payrolls/{roll.pk}").json()
    assert detail["allowed_actions"] == ["check"] and detail["total"] == "3650.50"
    assert detail["kinds"] == [{"kind": "regular", "kind_label": "当月发放", "lines": 4, "amount": "3650.50"}]
    assert detail["statuses"][0]["status_label"] == "待发放"
    r = post(township, f"/api/v1/payrolls/{roll.pk}/actions", {"action": "lock"})
    assert r.status_code == 422 and "check（乡镇初审）" in r.json()["errors"][0]["message"]
    r = post(township, f"/api/v1/payrolls/{roll.pk}/actions", {"action": "check", "extra": 1})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "extra"
    r = post(township, f"/api/v1/payrolls/{roll.pk}/actions", ["check"])
    assert r.status_code == 422
    assert township.get("/api/v1/payrolls/99999999999999999999").status_code == 422
    assert township.get("/api/v1/payrolls/0").status_code == 422
    r = post(township, f"/api/v1/payrolls/{roll.pk}/actions", {"action": "check", "note": "核对无误"})
    assert r.status_code == 200 and r.json()["status_label"] == "乡镇已初审，待县级审批"


def test_generation_body_is_validated(world, api_client):
    county = api_client(world["county"])
    r = post(county, "/api/v1/payrolls/generate", {"month": "2026-04", "program": "dibao", "region_code": T1})
    assert r.status_code == 200
    body = r.json()
    assert (body["payrolls"], body["total"], body["month"]) == (1, "3650.50", "2026-04")
    r = post(county, "/api/v1/payrolls/generate", {"month": "2026-04", "region": T1})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "region"
    r = post(county, "/api/v1/payrolls/generate", {"month": 202604})
    assert r.status_code == 422
    r = post(county, "/api/v1/payrolls/generate", {"month": "2026-04", "program": "nonsense"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "program"


def test_repayment_money_is_exact(world, api_client):
    ent = world["paid"]["dibao_a"][0]
    rec = Recovery.objects.create(entitlement=ent, program="dibao", region_code=ent.region_code,
                                  household=ent.household, payee=ent.payee, from_month="2025-12-01",
                                  to_month="2025-12-01", amount_fen=30000, reason="核查发现多发", found_on="2026-04-01")
    township = api_client(world["township"])
    r = post(township, f"/api/v1/recoveries/{rec.pk}/repay", {"amount": 100.5})
    assert r.status_code == 422 and r.json()["errors"][0]["message"] == FLOAT_MESSAGE
    r = post(township, f"/api/v1/recoveries/{rec.pk}/repay", {"amount": "1" + "0" * 30})
    assert r.status_code == 422
    r = post(township, f"/api/v1/recoveries/{rec.pk}/repay", {"amount": "100.50"})
    assert r.status_code == 200
    assert {k: r.json()[k] for k in ("repaid", "outstanding", "deducted", "status_label", "from_month")} == {
        "repaid": "100.50", "outstanding": "199.50", "deducted": "0.00", "status_label": "待追回",
        "from_month": "2025-12"}
    assert post(township, "/api/v1/recoveries/99999999999999999999/repay", {"amount": "1"}).status_code == 422


def test_openapi_shows_the_schemas(api_client, county_user):
    doc = api_client(county_user).get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert {"PayrollOut", "PayrollLineOut", "RecoveryOut", "FundsStatsOut", "GenerateIn", "RepayIn"} <= set(schemas)
    assert schemas["RepayIn"]["properties"]["amount"]["type"] == "string"
    listed = doc["paths"]["/api/v1/payrolls"]["get"]
    assert {"200", "403", "422"} <= set(listed["responses"])
    assert {p["name"] for p in listed["parameters"]} >= {"month", "program", "status", "region_code", "limit"}
