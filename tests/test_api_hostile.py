"""Every operation in the OpenAPI document, given hostile input — ids past 64 bits, wrong types, a JSON list where an
object is expected, floats and huge numbers in bodies, malformed dates and codes — answers a 4xx with a JSON reason,
never a 500. Read from the schema, so a new app's endpoints are covered without editing this test."""

from __future__ import annotations

import json

import pytest

HUGE = str(2**70)
QUERIES = [{"limit": "abc"}, {"offset": HUGE}, {"limit": "0"}, {"region_code": "abc"}, {"region_code": "=1+1"},
           {"month": "2026-13"}, {"status": "<script>"}, {"program": "x" * 5000}, {"year": "-364"}]
BODIES = ["[1]", "null", '"text"', '{"amount": 1.5, "id": ' + HUGE + "}", '{"action": [], "program": {}}',
          "{not json", '{"name": "=HYPERLINK(\\"http://x\\")", "region_code": 123456789012345678901234567890}']


@pytest.fixture
def operations(api_client, county_user):
    client = api_client(county_user)
    schema = client.get("/api/v1/openapi.json").json()
    out = [(method.upper(), path) for path, methods in schema["paths"].items() for method in methods]
    assert len(out) > 40
    return client, out


def _urls(path: str) -> list[str]:
    if "{" not in path:
        return [path]
    import re

    return [re.sub(r"\{[^}]+\}", value, path) for value in ("1", HUGE, "abc")]


@pytest.mark.django_db
def test_no_operation_answers_500_to_hostile_input(operations):
    client, ops = operations
    failures = []
    for method, path in ops:
        for url in _urls(path):
            if method == "GET":
                attempts = [client.get(url, query) for query in QUERIES]
            else:
                send = getattr(client, method.lower())
                attempts = [send(url, body, content_type="application/json") for body in BODIES]
            for response in attempts:
                if response.status_code >= 500:
                    failures.append(f"{method} {url}: {response.status_code}")
                elif response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
                    body = json.loads(response.content)
                    if "detail" not in body:
                        failures.append(f"{method} {url}: {response.status_code} without a reason")
    assert failures == []


@pytest.mark.django_db
def test_a_parameter_sent_twice_is_refused_not_silently_taken_from_the_last(api_client, county_user):
    """Django keeps the last of repeated values; the APIs answer 422 naming the parameter (core.api_parser)."""
    client = api_client(county_user)
    once = client.get("/api/v1/addresses/match", {"text": "甲社区 1 号"})
    assert once.status_code == 200
    twice = client.get("/api/v1/addresses/match?text=0&text=false&text=%C3%AB")
    assert twice.status_code == 422
    assert twice.json()["errors"] == [{"field": "text", "message": "参数“text”只能出现一次（收到 3 个值）"}]
    listed = client.get("/api/v1/persons?limit=5&limit=6&offset=0")
    assert listed.status_code == 422 and listed.json()["errors"][0]["field"] == "limit"
