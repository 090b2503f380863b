"""Real-name registration: sealed and blind-indexed ID number, masked phone, one registration per person, stars,
the certificate, the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.core import crypto
from minzheng.core.models import AuditEntry
from minzheng.registry.tests.factories import make_id
from minzheng.volunteers import policy, selectors, services
from minzheng.volunteers.models import Volunteer
from minzheng.volunteers.tests.factories import volunteer


@pytest.mark.django_db
def test_register_by_api_seals_and_masks(village_user, api_client):
    number = make_id(born="19850315", sex="F")
    r = api_client(village_user).post("/api/v1/volunteers", {"name": "王芳", "id_number": number,
                                                              "phone": "13912345678", "region_code": "330902001001"},
                                      content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["id_number_masked"] == number[:6] + "**********" + number[-2:]
    assert body["phone_masked"] == "139****5678" and body["sex"] == "F" and body["birth_date"] == "1985-03-15"
    row = Volunteer.objects.get(pk=body["id"])
    assert number.encode() not in bytes(row.id_number_enc)
    assert row.id_number_index == crypto.blind_index(number)
    assert selectors.volunteer_by_id_number(village_user, number).pk == row.pk
    again = api_client(village_user).post("/api/v1/volunteers", {"name": "王芳", "id_number": number,
                                                                  "region_code": "330902001001"},
                                          content_type="application/json")
    assert again.status_code == 409
    bad = api_client(village_user).post("/api/v1/volunteers", {"name": "", "id_number": "123",
                                                                "phone": "12", "region_code": "330903001001"},
                                        content_type="application/json")
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} == {"name"}
    bad = api_client(village_user).post("/api/v1/volunteers", {"name": "甲", "id_number": "123",
                                                                "region_code": "330902001001"},
                                        content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "id_number"
    outside = api_client(village_user).post("/api/v1/volunteers", {"name": "甲", "id_number": make_id(),
                                                                    "region_code": "330903001001"},
                                            content_type="application/json")
    assert outside.status_code == 422


def test_star_levels():
    assert policy.star(Decimal("99.9")) == 0
    assert policy.star(Decimal("100")) == 1
    assert policy.star(Decimal("1499")) == 4
    assert policy.star(Decimal("1500")) == 5
    assert policy.star(Decimal("50"), [(1, Decimal("40"))]) == 1


@pytest.mark.django_db
def test_star_rules_are_data_most_specific_region_wins(village_user):
    services.load_star_rules(None, [["", "2013-01-01", "1", "100", "示例"],
                                    ["330902", "2024-01-01", "1", "50", "本区"]])
    assert selectors.star_thresholds("330902001001", dt.date(2025, 1, 1)) == ((1, Decimal("50")),)
    assert selectors.star_thresholds("330903001001", dt.date(2025, 1, 1)) == ((1, Decimal("100")),)
    assert selectors.star_thresholds("330902001001", dt.date(2023, 1, 1)) == ((1, Decimal("100")),)


@pytest.mark.django_db
def test_certificate_states_hours_and_content_and_is_audited(village_user, api_client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2025-10-16")
    v = volunteer(village_user)
    for day, hours in (("2025-10-10", "2"), ("2025-10-13", "1.5")):
        services.record_hours(village_user, v.pk, {"activity": "助老配餐", "date": day, "hours": hours,
                                                   "organiser": "甲社区", "content": "送餐上门"})
    r = api_client(village_user).get(f"/api/v1/volunteers/{v.pk}/certificate")
    assert r.status_code == 200
    cert = r.json()
    assert cert["total_hours"] == "3.5" and len(cert["records"]) == 2 and cert["records"][0]["content"] == "送餐上门"
    client = Client()
    client.login(username=village_user.username, password=PASSWORD)
    page = client.get(cert["print_url"])
    assert page.status_code == 200 and "3.5" in page.content.decode() and "免费出具" in page.content.decode()
    assert AuditEntry.objects.filter(action="export", object_type="volunteer").count() == 2


@pytest.mark.django_db
def test_pages_list_export_and_forms(village_user, county_user, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2025-10-16")
    v = volunteer(village_user)
    client = Client()
    client.login(username=county_user.username, password=PASSWORD)
    page = client.get("/volunteers/")
    assert page.status_code == 200 and "志愿者甲" in page.content.decode()
    assert "13800001111" not in page.content.decode()
    export = client.get("/volunteers/?export=csv")
    assert export.status_code == 200
    assert client.get(f"/volunteers/{v.pk}/").status_code == 200
    assert client.get("/volunteers/?id_number=123").status_code == 422
    for url in ("/volunteers/records/", "/volunteers/activities/", "/volunteers/stations/",
                "/volunteers/organisations/", f"/volunteers/{v.pk}/hours/", "/volunteers/new/"):
        assert client.get(url).status_code == 200, url
    r = client.post(f"/volunteers/{v.pk}/hours/", {"activity": "巡河", "date": "2025-10-15", "hours": "2",
                                                    "organiser": "定海区河长办"})
    assert r.status_code == 302
    r = client.post("/volunteers/activities/new/", {"name": "防汛", "region_code": "330902001001",
                                                     "category": "emergency", "starts_on": "2025-10-01",
                                                     "ends_on": "2025-10-02", "risky": "on"})
    assert r.status_code == 422 and "人身意外伤害保险" in r.content.decode()
