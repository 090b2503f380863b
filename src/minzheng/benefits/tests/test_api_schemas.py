"""The kernel's typed API: every operation documents its schemas and its errors in the OpenAPI document, every
workflow action has an input schema, lists are paginated with checked filters, hostile input is a 4xx (never a
500), and a caller who may not act is refused before the body is looked at."""

from __future__ import annotations

import json

import pytest

from minzheng.benefits import codes, workflow
from minzheng.benefits.schemas import cases as case_schemas
from minzheng.benefits.schemas import entitlements as entitlement_schemas
from minzheng.benefits.tests.factories import VISIT, act, ent_act, entitle, items, open_case, post, today
from minzheng.benefits.tests.policy_inputs import payload

pytestmark = pytest.mark.django_db


def _component(doc: dict, schema: dict) -> dict:
    ref = schema.get("$ref") or ""
    assert ref.startswith("#/components/schemas/"), schema
    return doc["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_every_benefits_operation_declares_its_schemas_and_errors(api_client, county_user):
    response = api_client(county_user).get("/api/v1/openapi.json")  # the schema is for signed-in staff
    assert response.status_code == 200
    doc = response.json()
    operations = [(path, method, op) for path, ops in doc["paths"].items() for method, op in ops.items()
                  if op["operationId"].startswith("minzheng_benefits_api")]
    assert len(operations) == 20
    for path, method, op in operations:
        codes = op["responses"]
        assert {"400", "401", "403", "404", "409", "422"} <= set(codes), (path, method)
        assert _component(doc, codes["422"]["content"]["application/json"]["schema"])["properties"]["errors"]
        ok = next(codes[c] for c in ("200", "201") if c in codes)
        out = _component(doc, ok["content"]["application/json"]["schema"])
        assert out.get("properties") and "additionalProperties" not in out, (path, method, out)  # not a bare dict
        if method == "post":
            body = op["requestBody"]["content"]["application/json"]["schema"]
            assert body.get("properties") or body.get("oneOf"), (path, body)
    paged = doc["components"]["schemas"]["PagedCaseOut"]["properties"]
    assert set(paged) == {"items", "count"}
    actions = doc["paths"]["/api/v1/cases/{case_id}/actions"]["post"]["requestBody"]["content"]["application/json"]
    assert set(actions["schema"]["discriminator"]["mapping"]) == set(workflow.ACTIONS)
    visit = doc["components"]["schemas"]["VisitIn"]
    assert visit["properties"]["investigators"]["title"] == "调查人员" and "findings" in visit["required"]
    money = doc["components"]["schemas"]["CaseDetailOut"]["properties"]["amount"]
    assert {"type": "string", "example": "1234.50"} in money["anyOf"]


def test_every_action_has_an_input_schema():
    assert set(case_schemas.ACTION_INPUTS) == set(workflow.ACTIONS)
    assert set(entitlement_schemas.ACTION_INPUTS) == set(codes.ENTITLEMENT_ACTIONS)


def test_lists_are_paginated_and_bad_filters_are_a_422(staff, api_client, poor_family, demo_standards, monkeypatch):
    first = open_case(staff, api_client, poor_family, monkeypatch)
    household, people = poor_family
    second = post(api_client(staff["township"]), "/api/v1/cases", {
        "program": "tekun", "household_id": household.pk, "applicant_id": people[0].pk,
        "beneficiary_id": people[0].pk, "facts": {"support_payer_able": False}}).json()
    town = api_client(staff["township"])
    page = town.get("/api/v1/cases", {"limit": 1}).json()
    assert page["count"] == 2 and [r["id"] for r in page["items"]] == [second["id"]]  # newest first
    assert [r["id"] for r in items(town.get("/api/v1/cases", {"limit": 1, "offset": 1}))] == [first["id"]]
    assert [r["id"] for r in items(town.get("/api/v1/cases", {"state": "applied", "program": "dibao"}))] == [
        first["id"]]
    assert items(town.get("/api/v1/cases", {"region_code": "330902002"})) == []  # another township's subtree
    for bad in ({"state": "bogus"}, {"program": "welfare"}, {"region_code": "12x"}, {"household_id": "-1"},
                {"overdue": "maybe"}, {"limit": 0}, {"limit": 501}):
        response = town.get("/api/v1/cases", bad)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == next(iter(bad)), bad
    assert town.get("/api/v1/entitlements", {"region_code": "abc"}).status_code == 422  # was an empty list
    assert town.get("/api/v1/entitlements", {"program": "nope"}).status_code == 422
    assert town.get("/api/v1/reviews", {"due_before": "2026-13-01"}).status_code == 422
    assert town.get("/api/v1/standards/history", {"program": "dibao"}).status_code == 422  # item, region, area


def test_hostile_input_is_a_4xx_never_a_500(staff, api_client, poor_family, demo_standards, monkeypatch):
    case = open_case(staff, api_client, poor_family, monkeypatch)
    town = api_client(staff["township"])
    url = f"/api/v1/cases/{case['id']}/actions"
    for body, field in (([1, 2], "body"), ('"accept"', "body"), ("{not json", "body"), ({"note": "x"}, "action"),
                        ({"action": 5}, "action"), ({"action": "accept", "note": ["x"]}, "note")):
        response = post(town, url, body)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field, (body, response)
    assert post(town, url, {"action": "approve_everything"}).status_code == 409  # not an action of the workflow
    assert town.get(f"/api/v1/cases/{10 ** 30}").status_code == 422
    assert town.get("/api/v1/entitlements/0").status_code == 422
    household, people = poor_family
    huge = post(town, "/api/v1/cases", {"program": "dibao", "household_id": 10 ** 30})
    assert huge.status_code == 422 and huge.json()["errors"][0]["field"] == "household_id"
    listed = post(town, "/api/v1/cases", {"program": "dibao", "household_id": household.pk,
                                          "applicant_id": people[0].pk, "facts": {"members": [people[0].pk]}})
    assert listed.status_code == 422 and listed.json()["errors"][0]["field"] == "facts.members"
    many = payload("dibao", [{"birth_date": "1980-01-01"}] * 51)
    response = post(town, "/api/v1/policy/evaluate", many)
    assert response.status_code == 422 and "50" in response.json()["errors"][0]["message"]
    rich = payload("dibao", [{"birth_date": "1980-01-01", "incomes": [{"kind": "wage", "monthly": 10 ** 40}]}])
    response = post(town, "/api/v1/policy/evaluate", rich)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "household.members[0].incomes[0].monthly"
    act(town, case["id"], "accept")
    formula = act(town, case["id"], "record_home_visit", **{**VISIT, "findings": "=HYPERLINK(\"http://x\")"})
    assert formula["timeline"][-1]["data"]["findings"] == "=HYPERLINK(\"http://x\")"  # text, stored as given


def test_missing_fields_are_named_in_chinese(staff, api_client, poor_family, demo_standards, monkeypatch):
    case = open_case(staff, api_client, poor_family, monkeypatch)
    town = api_client(staff["township"])
    act(town, case["id"], "accept")
    err = act(town, case["id"], "record_home_visit", 422, member_signature=" ", visited_on="2026-11-20")
    assert {(e["field"], e["message"]) for e in err["errors"]} == {
        ("investigators", "须填写调查人员"), ("member_signature", "须填写在场家庭成员签字"),
        ("findings", "须填写调查情况")}
    err = act(town, case["id"], "record_home_visit", 422, **VISIT, method="phone")
    assert err["errors"][0]["field"] == "method" and "57号 第十六条" in err["errors"][0]["message"]
    err = act(town, case["id"], "record_home_visit", 422, **VISIT, visited_on="2026-11-01")
    assert err["errors"] == [{"field": "visited_on", "message": "调查日期不能早于受理日期 2026-11-02"}]


def test_a_caller_who_may_not_act_learns_nothing_about_the_body(staff, api_client, poor_family, demo_standards,
                                                                monkeypatch):
    case = open_case(staff, api_client, poor_family, monkeypatch)
    url = f"/api/v1/cases/{case['id']}/actions"
    assert post(api_client(staff["city"]), url, {"action": "accept", "note": ["not text"]}).status_code == 403
    assert post(api_client(staff["other_township"]), url, {"action": "accept", "note": ["x"]}).status_code == 404
    assert act(api_client(staff["village"]), case["id"], "accept", 403, note=["x"])
    household, people = poor_family
    today(monkeypatch, "2026-11-20")
    ent = entitle(household, people[0])
    town = api_client(staff["township"])
    assert ent_act(town, ent.pk, "decrease", 403, new_amount=1.5)["detail"].startswith("“减发”须由县级")
    assert post(api_client(staff["village"]), "/api/v1/delegations", []).status_code == 403
    assert post(api_client(staff["township"]), "/api/v1/standards", "[]").status_code == 403
    assert post(api_client(staff["auditor"]), "/api/v1/policy/evaluate", "[]").status_code == 403


def test_the_cli_prints_what_the_api_answers(staff, api_client, poor_family, demo_standards, monkeypatch, capsys):
    from minzheng import cli

    case = open_case(staff, api_client, poor_family, monkeypatch)
    town = staff["township"]
    assert cli.main(["cases", "show", str(case["id"]), "--user", town.username]) == 0
    shown = json.loads(capsys.readouterr().out)
    answered = api_client(town).get(f"/api/v1/cases/{case['id']}").json()
    for event in shown["timeline"] + answered["timeline"]:
        event.pop("at")  # the same instant, written to the microsecond (CLI) or the millisecond (API)
    assert shown == answered
    assert cli.main(["cases", "act", str(case["id"]), "accept", "--user", town.username,
                     "--data", '{"note": ["x"]}']) == 2
    assert capsys.readouterr().err == "note: 应为文本\n"


def test_a_page_is_a_fixed_number_of_queries(staff, api_client, demo_standards, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from minzheng.registry.tests.factories import make_family

    town = api_client(staff["township"])

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert town.get(url).status_code == 200
        return len(captured)

    counts = []
    for n in (1, 4):
        while len(items(town.get("/api/v1/cases/inbox"))) < n:
            household, people = make_family(staff["village"], [(f"户主{n}", "19700101", "M")])
            act(town, open_case(staff, api_client, (household, people), monkeypatch)["id"], "accept")
            entitle(household, people[0], program="tekun", person=people[0])  # with its own granted case
        lists = {"/api/v1/cases": 2 * n, "/api/v1/cases/inbox": n, "/api/v1/cases/done": n, "/api/v1/entitlements": n}
        assert {url: len(items(town.get(url))) for url in lists} == lists
        counts.append([queries(url) for url in lists])
    assert counts[0] == counts[1], counts
