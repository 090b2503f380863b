"""Regression tests of issue 11, defect 10: the inputs the probe saw answered with a 500 (or a 200), each pinned to
the 4xx it must get. The broad sweep is tests/test_api_hostile.py and the schemathesis run; these name the cases."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from minzheng.registry.tests.factories import make_person

TOO_BIG = (str(2**63), str(2**70), "0.0", "1_000", "+1", "true", "-1")


def _json(client, method: str, url: str, body) -> object:
    return getattr(client, method)(url, body if isinstance(body, str) else json.dumps(body),
                                   content_type="application/json")


def _list_operations(client) -> list[str]:
    schema = client.get("/api/v1/openapi.json").json()
    return [path for path, methods in schema["paths"].items()
            if "get" in methods and any(p["name"] == "offset" for p in methods["get"].get("parameters", []))]


@pytest.mark.django_db
def test_pagination_takes_only_bounded_whole_numbers(api_client, county_user):
    client = api_client(county_user)
    lists = _list_operations(client)
    assert len(lists) >= 15  # every paginated list endpoint of every app
    for path in lists:
        for value in TOO_BIG:
            for name in ("offset", "limit"):
                response = client.get(path, {name: value})
                assert response.status_code == 422, (path, name, value, response.status_code)
                assert name in {e["field"] for e in response.json()["errors"]}
        fine = client.get(path, {"offset": "0", "limit": "500"})
        assert fine.status_code == 200 or {e["field"] for e in fine.json()["errors"]} & {"offset", "limit"} == set()


@pytest.mark.django_db
def test_ids_past_64_bits_in_paths_and_bodies_are_422(api_client, county_user, village_user):
    client = api_client(county_user)
    for url in (f"/api/v1/persons/{2**63}", f"/api/v1/households/{2**70}", f"/api/v1/payrolls/{2**63}/lines"):
        assert client.get(url).status_code == 422, url
    person = make_person(village_user)
    for body in ({"household_id": 2**70, "relation": "子"}, {"to_household_id": 2**63, "relation": "子"}):
        url = f"/api/v1/persons/{person.pk}/move"
        assert _json(client, "post", url, body).status_code in (404, 422), body
    response = _json(client, "post", "/api/v1/payrolls/1/fix-account", {"entitlement_id": 2**70, "account": "1"})
    assert response.status_code in (404, 422)
    response = _json(client, "post", "/api/v1/persons", {"name": "甲", "id_number": "x", "region_code": 2**70})
    assert response.status_code == 422


@pytest.mark.django_db
def test_a_json_list_where_an_object_is_expected_is_4xx(api_client, county_user):
    client = api_client(county_user)
    for url in ("/api/v1/standards", "/api/v1/persons", "/api/v1/households", "/api/v1/cases",
                "/api/v1/policy/evaluate", "/api/v1/payrolls/generate"):
        response = _json(client, "post", url, "[1]")
        if response.status_code == 403:  # a role that may not act learns nothing about the body (ADR 0009)
            assert url == "/api/v1/cases"  # applications are made by villages and townships
            continue
        assert response.status_code == 422, (url, response.status_code)
        assert response.json()["errors"] == [{"field": "body", "message": "请求体应为 JSON 对象"}], url


@pytest.mark.django_db
def test_patch_with_a_list_or_null_body_changes_nothing(api_client, county_user, village_user):
    client = api_client(county_user)
    person = make_person(village_user, name="原名")
    for body in ("[null,null]", "[]", "null", '"text"', "1", '[{"name": "改名"}]'):
        response = _json(client, "patch", f"/api/v1/persons/{person.pk}", body)
        assert 400 <= response.status_code < 500, (body, response.status_code)
    assert client.get(f"/api/v1/persons/{person.pk}").json()["name"] == "原名"
    household_id = make_household_id(village_user)
    response = _json(client, "patch", f"/api/v1/households/{household_id}", "[null,null]")
    assert 400 <= response.status_code < 500


def make_household_id(clerk) -> int:
    from minzheng.registry.tests.factories import person_household

    household, _ = person_household(clerk)
    return household.pk


@pytest.mark.django_db
def test_funds_stats_year_out_of_range_is_422(api_client, county_user):
    client = api_client(county_user)
    for year in ("-364", "0", "99999", str(2**70), "abc"):
        response = client.get("/api/v1/funds/stats", {"year": year})
        assert response.status_code == 422, (year, response.status_code)
    page = Client()
    page.force_login(county_user)
    for year in ("-364", str(2**70), "abc"):
        assert page.get("/payroll/funds/", {"year": year}).status_code in (200, 422), year


@pytest.mark.django_db
def test_pages_with_malformed_codes_answer_4xx(county_user, demo_standards):
    page = Client()
    page.force_login(county_user)
    # The probe's /assistance/standards/… is this page (the standards are the benefits kernel's).
    assert page.get("/benefits/standards/dibao/standard/330902/all/").status_code == 200
    for url in ("/benefits/standards/dibao/standard/abc/all/", f"/benefits/standards/dibao/standard/{2**70}/all/",
                "/benefits/standards/dibao/standard/330902/galaxy/", "/benefits/standards/nope/standard/330902/all/"):
        assert page.get(url).status_code == 404, url
    for query in ("abc", "=1+1", str(2**70)):
        response = page.get("/registry/export/households/", {"region_code": query})
        assert response.status_code in (404, 422), (query, response.status_code)


def test_a_payroll_month_past_next_month_is_422(county_user, api_client, monkeypatch):
    """Found by the fuzz run: a month like 7475-07 passed the API's date check and made the arrears window 65,000
    months long (a request that never ended)."""
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    client = api_client(county_user)
    for month in ("7475-07", "2026-06", "1999-12"):
        r = client.post("/api/v1/payrolls/generate", {"month": month}, content_type="application/json")
        assert r.status_code == 422 and "发放月份应在 2000-01 至 2026-05" in r.json()["errors"][0]["message"], month
    assert client.post("/api/v1/payrolls/generate", {"month": "2026-05"},
                       content_type="application/json").status_code == 200


@pytest.mark.django_db
def test_a_nul_character_in_text_is_422_not_a_database_error(api_client, county_user):
    """PostgreSQL cannot store U+0000 in text: every Text field refuses it with a Chinese message (the fuzz run found
    it through the 清明 check-in's token), on SQLite too, so both databases answer the same."""
    from minzheng.core import validation
    from minzheng.core.errors import ValidationFailed
    from minzheng.funeral.schemas import CheckInIn

    with pytest.raises(ValidationFailed) as exc:
        validation.validate(CheckInIn, {"token": "ab\x00cd"})
    assert "空字符" in exc.value.errors[0].message
    client = api_client(county_user)
    r = client.post("/api/v1/persons", json.dumps({"name": "张\x00三", "id_number": "330902199001011234",
                                                     "region_code": "330902001001"}), content_type="application/json")
    assert r.status_code == 422 and any("空字符" in e["message"] for e in r.json()["errors"])
