"""Fixtures of the registry's tests (shared ones — `make_user`, `api_client`, `staff` … — live in the root
conftest.py and the benefits fixtures plugin)."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import PASSWORD, VILLAGE_A
from minzheng.registry import services
from minzheng.registry.tests.factories import make_id, make_person

COUNTY = "330902000000"


@pytest.fixture
def county(make_user):
    """A county (定海区) officer: sees and changes every village of the local tree."""
    return make_user("county", COUNTY)


@pytest.fixture
def login(make_user):
    """A logged-in browser client for a new user of `role` in `region`: `login("village", VILLAGE_A)`."""

    def factory(role: str, region: str, **extra) -> Client:
        user = make_user(role, region, **extra)
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        client.user = user
        return client

    return factory


@pytest.fixture
def family(county):
    """A household in village A: head 王建国, spouse 李秀英, son 王小明 → (household, [head, spouse, son])."""
    people = [make_person(county, "王建国", make_id("19700101", "M"), phone="13800001111"),
              make_person(county, "李秀英", make_id("19720303", "F")),
              make_person(county, "王小明", make_id("20000505", "M"))]
    household = services.create_household(county, {
        "region_code": VILLAGE_A, "urban_rural": "rural", "address": "甲社区 8 号", "ref": "FAM-1",
        "members": [{"person_id": p.pk, "relation": r} for p, r in zip(people, ("户主", "配偶", "子"), strict=True)]})
    return household, people
