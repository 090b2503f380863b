"""The relief pages open for the roles that may see them, show names not codes, export their rows, and the forms
reach the services."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.relief.services import disasters, reserve
from minzheng.relief.tests.factories import event, family, receive, warehouse


def _client(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def world(staff, report_rules):
    county = staff["county"]
    ev = event(county, started_on="2026-07-01")
    disasters.record_report(staff["village"], {"event_id": ev.pk, "region_code": "330902001001", "stage": "initial",
                                               "reported_on": "2026-07-01", "affected_persons": 12,
                                               "reporter": "张信息员"})
    household, _ = family(staff["village"])
    disasters.register_affected(staff["village"], {"event_id": ev.pk, "household_id": household.pk,
                                                   "house_damage": "collapsed"})
    wh = warehouse(county)
    receive(county, wh, quantity=10)
    sent = reserve.dispatch(county, {"warehouse_id": wh.pk, "item": "帐篷", "quantity": 2,
                                     "region_code": "330902001001", "event_id": ev.pk})
    return {"event": ev, "warehouse": wh, "dispatch": sent}


@pytest.mark.parametrize("url", ["/relief/events/", "/relief/reports/", "/relief/households/",
                                 "/relief/warehouses/", "/relief/stock/", "/relief/dispatches/", "/relief/ledger/"])
def test_lists_open_and_export(staff, world, url):
    c = _client(staff["county"])
    r = c.get(url)
    assert r.status_code == 200
    assert "330902001001" not in r.content.decode().replace('title="330902001001"', "")  # names, code on hover
    r = c.get(url + "?export=csv")
    assert r.status_code == 200 and len(b"".join(r.streaming_content if r.streaming else [r.content])) > 10


def test_detail_pages_and_forms(staff, world):
    c = _client(staff["county"])
    page = c.get(f"/relief/events/{world['event'].pk}/").content.decode()
    assert "甲社区" in page and "台风灾害" in page and "受灾家庭" in page
    assert "帐篷" in c.get(f"/relief/warehouses/{world['warehouse'].pk}/").content.decode()
    r = c.post(f"/relief/warehouses/{world['warehouse'].pk}/receipt/",
               {"item": "帐篷", "unit": "顶", "quantity": "5", "source": "donation"})
    assert r.status_code == 302
    r = c.post(f"/relief/dispatches/{world['dispatch'].pk}/sign/", {"signed_by": "甲社区 李主任"})
    assert r.status_code == 302
    world["dispatch"].refresh_from_db()
    assert world["dispatch"].status == "signed"


def test_a_village_clerk_sees_events_but_not_the_county_reserve(staff, world):
    c = _client(staff["village"])
    assert c.get("/relief/events/").status_code == 200
    assert "帐篷" not in c.get("/relief/stock/").content.decode()
    assert c.get(f"/relief/warehouses/{world['warehouse'].pk}/").status_code == 404
    assert c.get("/relief/warehouses/new/").status_code == 403


def test_unsigned_dispatches_are_in_the_keepers_inbox(staff, world):
    c = _client(staff["county"])
    page = c.get("/inbox/").content.decode()
    assert "救灾物资调拨待签收" in page and "帐篷 2顶" in page
