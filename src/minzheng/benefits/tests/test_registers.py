"""The registers the workflow reads: delegation of confirmation to townships (its API, the most specific row in
force) and the conflict-of-interest register (flags open and new cases; a county home visit before confirming)."""

from __future__ import annotations

import datetime as dt

from minzheng.benefits.tests.factories import VISIT, act, items, post, to_submitted
from minzheng.registry.tests.factories import make_family

D = dt.date

TOWNSHIP_A = "330902001000"


def test_delegation_lets_the_township_confirm_and_shortens_the_limit(staff, api_client, poor_family, demo_standards,
                                                                    monkeypatch):
    town, county = api_client(staff["township"]), api_client(staff["county"])
    body = {"program": "dibao", "region_code": "330902", "delegated": True, "effective_from": "2026-11-01",
            "document": "定民〔2026〕12号"}
    assert post(town, "/api/v1/delegations", body).status_code == 403
    assert post(county, "/api/v1/delegations", {**body, "program": "orphan"}).status_code == 422
    assert post(county, "/api/v1/delegations", body).status_code == 201
    assert post(county, "/api/v1/delegations", body).status_code == 409  # same start date: add a new row instead
    assert [d["delegated"] for d in items(town.get("/api/v1/delegations"))] == [True]
    case = to_submitted(staff, api_client, poor_family, monkeypatch)
    assert case["delegated"] and case["awaiting_role"] == "township" and case["confirming_role"] == "township"
    overall = next(d for d in case["deadlines"] if d["code"] == "overall")
    assert overall["label"] == "全程办理时限（20个工作日）" and overall["due"] == "2026-11-30"
    assert [r["id"] for r in items(town.get("/api/v1/cases/inbox"))] == [case["id"]]
    assert items(county.get("/api/v1/cases/inbox")) == []
    assert act(town, case["id"], "confirm")["state"] == "approved"


def test_delegation_taken_back_for_one_township(staff, db):
    from minzheng.benefits import selectors
    from minzheng.benefits.services import registers

    county = staff["county"]
    registers.set_delegation(county, {"program": "dibao", "region_code": "330902", "delegated": True,
                                      "effective_from": "2026-01-01", "document": "县文"})
    registers.set_delegation(county, {"program": "dibao", "region_code": TOWNSHIP_A, "delegated": False,
                                      "effective_from": "2026-06-01", "document": "收回"})
    assert selectors.delegated("dibao", "330902001001", D(2026, 5, 31))
    assert not selectors.delegated("dibao", "330902001001", D(2026, 6, 1))
    assert selectors.delegated("dibao", "330902002001", D(2026, 6, 1))
    assert not selectors.delegated("tekun", "330902002001", D(2026, 6, 1))


def test_conflict_of_interest_register_flags_the_case(staff, api_client, poor_family, demo_standards, monkeypatch):
    _, people = poor_family
    town, county = api_client(staff["township"]), api_client(staff["county"])
    case = to_submitted(staff, api_client, poor_family, monkeypatch)
    assert not case["conflict_of_interest"]
    assert post(api_client(staff["village"]), "/api/v1/conflict-register", {}).status_code == 403
    row = post(town, "/api/v1/conflict-register", {"relative_id": people[1].pk, "staff_kind": "committee",
                                                   "staff_name": "王村委", "relation": "外甥"})
    assert row.status_code == 201
    case = town.get(f"/api/v1/cases/{case['id']}").json()
    assert case["conflict_of_interest"] and case["needs_county_visit"]
    assert case["timeline"][-1]["action"] == "flag_conflict"
    assert "单独登记备案" in act(county, case["id"], "confirm", 409)["detail"]
    assert act(town, case["id"], "county_home_visit", 403, **VISIT)
    act(county, case["id"], "county_home_visit", **VISIT)
    assert act(county, case["id"], "confirm")["state"] == "approved"
    other, others = make_family(staff["village"], [("李四", "19600101", "M")])
    from minzheng.benefits.services import registers

    registers.register_relative(staff["county"], {"relative_id": others[0].pk, "staff_kind": "staff",
                                                  "staff_name": "县经办", "relation": "父子"})
    created = post(api_client(staff["township"]), "/api/v1/cases", {
        "program": "dibao", "household_id": other.pk, "applicant_id": others[0].pk}).json()
    assert created["conflict_of_interest"] and created["channel"] == "family"
