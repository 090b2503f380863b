"""Special care through the API and the pages: register, list with the page's filters, the timely rate, roles;
the lists open and export."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.specialcare.tests.factories import person, registered


def post(client, url, body):
    return client.post(url, body if isinstance(body, str) else json.dumps(body), content_type="application/json")


def test_register_and_list_through_the_api(staff, api_client):
    _, number = person(staff["village"], "周建军")
    town = api_client(staff["township"])
    r = post(town, "/api/v1/specialcare/persons", {"id_number": number, "category": "disabled_veteran",
                                                   "nature": "duty", "grade": 4, "certificate_no": "CJ001"})
    assert r.status_code == 201, r.content.decode()
    assert r.json()["category_label"] == "残疾军人" and r.json()["id_verified_on"]
    r = town.get("/api/v1/specialcare/persons?category=disabled_veteran")
    assert r.json()["count"] == 1 and r.json()["items"][0]["name"] == "周建军"
    assert town.get("/api/v1/specialcare/persons?category=nope").status_code == 422
    assert post(api_client(staff["village"]), "/api/v1/specialcare/persons", {}).status_code == 403
    assert post(town, "/api/v1/specialcare/adjustments", {}).status_code == 403
    r = town.get("/api/v1/specialcare/timely-rate?year=2026")
    assert r.status_code == 200 and r.json()["rate"] == "—"
    assert town.get("/api/v1/specialcare/timely-rate?year=7475").status_code == 422


@pytest.mark.parametrize("url", ["/specialcare/", "/specialcare/certifications/", "/specialcare/residents/"])
def test_pages_open_and_export(staff, url):
    e = registered(staff, "吴光荣", "martyr_family")
    c = Client()
    assert c.login(username=staff["county"].username, password=PASSWORD)
    page = c.get(url)
    assert page.status_code == 200
    if url == "/specialcare/":
        assert "烈士遗属" in page.content.decode()
        assert "吴光荣" in c.get(f"/specialcare/{e.pk}/").content.decode()
    r = c.get(url + "?export=xlsx")
    assert r.status_code == 200


def test_uncertified_persons_are_in_the_inbox(staff):
    registered(staff, "郑卫东", "demobilized_veteran")
    c = Client()
    assert c.login(username=staff["township"].username, password=PASSWORD)
    page = c.get("/inbox/").content.decode()
    assert "优抚对象年度确认" in page and "郑卫东" in page
