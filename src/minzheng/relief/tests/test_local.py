"""灾害信息员 (roster, sealed phone, one-per-village coverage, reports naming their officer) and 应急避难场所 (opened
for an event, occupancy never above capacity, closed once)."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.relief import selectors
from minzheng.relief.models import InformationOfficer
from minzheng.relief.services import disasters, local
from minzheng.relief.tests.factories import event

VILLAGE = "330902001001"


def officer(user, region=VILLAGE, name="张信息员", **extra):
    return local.add_officer(user, {"region_code": region, "name": name, "phone": "13812345678",
                                    "trained_on": "2026-03-01", "training": "灾情统计报送培训", **extra})


def test_the_roster_seals_the_phone_and_shows_coverage(staff):
    row = officer(staff["village"])
    raw = InformationOfficer.objects.values_list("phone_enc", flat=True).get(pk=row.pk)
    assert b"13812345678" not in bytes(raw)
    assert row.phone_masked == "138****5678"
    with pytest.raises(ValidationFailed) as exc:
        local.add_officer(staff["township"], {"region_code": "330902001000", "name": "李", "phone": "12"})
    assert {e.field for e in exc.value.errors} == {"phone"}
    with pytest.raises(ValidationFailed, match="村级"):
        local.add_officer(staff["township"], {"region_code": "330902001000", "name": "李", "phone": "13800000000"})
    with pytest.raises(Forbidden):  # a village clerk registers only in their own village
        officer(staff["village"], region="330902001002")
    totals = selectors.coverage_totals(staff["township"])
    assert totals["covered"] == 1 and totals["villages"] > 1 and totals["uncovered"] == totals["villages"] - 1
    uncovered = selectors.coverage_for(staff["township"]).filter(officers=0).values_list("code", flat=True)
    assert VILLAGE not in set(uncovered)
    local.leave(staff["township"], row.pk, {})
    assert selectors.coverage_totals(staff["township"])["covered"] == 0


def test_a_report_records_the_reporting_officer(staff, report_rules):
    ev = event(staff["county"])
    row = officer(staff["village"])
    other = officer(staff["township"], region="330902001002", name="王信息员")
    report = disasters.record_report(staff["village"], {"event_id": ev.pk, "region_code": VILLAGE,
                                                        "stage": "initial", "reported_on": "2026-07-01",
                                                        "affected_persons": 8, "officer_id": row.pk})
    assert report.officer_id == row.pk and report.reporter == "张信息员"
    with pytest.raises(ValidationFailed, match="本村"):  # another village's officer
        disasters.record_report(staff["township"], {"event_id": ev.pk, "region_code": VILLAGE, "stage": "update",
                                                    "reported_on": "2026-07-02", "officer_id": other.pk})
    with pytest.raises(ValidationFailed, match="须填写灾害信息员"):
        disasters.record_report(staff["township"], {"event_id": ev.pk, "region_code": VILLAGE, "stage": "update",
                                                    "reported_on": "2026-07-02"})


def test_a_shelter_opens_for_an_event_within_its_capacity(staff, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-07-02")
    ev = event(staff["county"])
    shelter = local.add_shelter(staff["township"], {"name": "城东小学避灾点", "kind": "school",
                                                    "region_code": "330902001000", "capacity": 120,
                                                    "facilities": ["water", "toilet", "beds"]})
    assert shelter.facility_codes == ["water", "toilet", "beds"]
    with pytest.raises(ValidationFailed, match="容纳人数 120"):
        local.open_shelter(staff["township"], shelter.pk, {"event_id": ev.pk, "occupancy": 121})
    opening = local.open_shelter(staff["township"], shelter.pk, {"event_id": ev.pk, "occupancy": 60})
    with pytest.raises(Conflict, match="尚未关闭"):
        local.open_shelter(staff["township"], shelter.pk, {"event_id": ev.pk})
    local.set_occupancy(staff["township"], opening.pk, {"occupancy": 110})
    opening = local.set_occupancy(staff["township"], opening.pk, {"occupancy": 30})
    assert (opening.occupancy, opening.peak) == (30, 110)
    row = selectors.shelters_for(staff["county"]).get(pk=shelter.pk)
    assert row.occupancy == 30 and row.open_event == ev.name
    closed = local.close_shelter(staff["township"], opening.pk, {"closed_on": "2026-07-05"})
    assert (closed.occupancy, closed.peak) == (0, 110)
    with pytest.raises(Conflict):
        local.set_occupancy(staff["township"], opening.pk, {"occupancy": 1})


def _client(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.mark.parametrize("url", ["/relief/officers/", "/relief/officers/coverage/", "/relief/shelters/",
                                 "/relief/stocktakes/"])
def test_the_new_lists_open_and_export(staff, url):
    officer(staff["village"])
    local.add_shelter(staff["township"], {"name": "村文化礼堂", "kind": "hall", "region_code": VILLAGE,
                                          "capacity": 80, "facilities": ["water"]})
    c = _client(staff["county"])
    page = c.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "13812345678" not in body
    if url == "/relief/officers/":
        assert "138****5678" in body and "甲社区" in body
    if url == "/relief/shelters/":
        assert "应急供水" in body and "礼堂会堂" in body
    r = c.get(url + "?export=csv")
    assert r.status_code == 200
    assert "13812345678" not in b"".join(r.streaming_content if r.streaming else [r.content]).decode("utf-8-sig")


def test_the_shelter_pages_open_and_update(staff, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-07-02")
    ev = event(staff["county"])
    c = _client(staff["township"])
    r = c.post("/relief/shelters/new/", {"name": "城东小学", "kind": "school", "region_code": "330902001000",
                                         "capacity": "50", "facilities": ["water", "power"]})
    assert r.status_code == 302, r.content.decode()
    shelter = selectors.shelters_for(staff["township"]).get(name="城东小学")
    assert c.post(f"/relief/shelters/{shelter.pk}/open/", {"event_id": ev.pk, "occupancy": "60"}).status_code == 422
    assert c.post(f"/relief/shelters/{shelter.pk}/open/", {"event_id": ev.pk, "occupancy": "20"}).status_code == 302
    opening = selectors.openings_for(staff["township"]).get(shelter=shelter)
    assert "城东小学" in c.get(f"/relief/shelters/{shelter.pk}/").content.decode()
    assert c.post(f"/relief/shelter-openings/{opening.pk}/", {"occupancy": "0", "close": "on"}).status_code == 302
    opening.refresh_from_db()
    assert opening.closed_on is not None
