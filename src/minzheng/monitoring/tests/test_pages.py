"""The monitoring pages: lists with filters and export (names, labels, masked numbers), a warning's page with the
outcome form offering only what the role may do, the rules page (everyone reads, the county edits), the dashboard
with its Excel export, the 其他困难人员 form, the due list and a visit record with a photo; the home tile."""

from __future__ import annotations

import pytest
from django.test import Client

from minzheng.monitoring import scoring
from minzheng.monitoring.models import MonitoredPerson, Visit, VisitPlan, Warning
from minzheng.monitoring.services import visits as visit_services
from minzheng.monitoring.tests.factories import D

pytestmark = pytest.mark.django_db


def browser(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def ran(world):
    scoring.run("2026-11")
    return world


def test_lists_show_names_and_labels_and_export(ran):
    c = browser(ran["township"])
    page = c.get("/monitoring/warnings/").content.decode()
    assert "橙色" in page and "劳一" in page and "唯一劳动力死亡或重病" in page and "甲社区" in page
    assert c.get("/monitoring/warnings/?level=purple").status_code == 422
    page = c.get("/monitoring/persons/?layer=poverty_return").content.decode()
    assert "返一" in page and "防止返贫监测对象" in page and "**" in page
    export = c.get("/monitoring/persons/?export=csv")
    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "低保对象" in text and "**" in text
    for url in ("/monitoring/", "/monitoring/discoveries/", "/monitoring/rules/", "/monitoring/referrals/",
                "/monitoring/visits/", "/monitoring/visits/due/", "/monitoring/?month=2026-11"):
        assert c.get(url).status_code == 200, url
    xlsx = c.get("/monitoring/?month=2026-11&export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert c.get("/monitoring/?month=2026-13").status_code == 422


def test_the_outcome_form_offers_what_the_role_may_do(ran, make_user):
    w = Warning.objects.get(household_id=ran["h"]["low"])
    town = browser(ran["township"])
    form = town.get(f"/monitoring/warnings/{w.pk}/outcome/").content.decode()
    assert "纳入救助" in form and "转介" in form and "最低生活保障" in form
    county = browser(ran["county"]).get(f"/monitoring/warnings/{w.pk}/outcome/").content.decode()
    assert 'value="assist"' not in county and 'value="refer"' in county
    detail = browser(make_user("village", "330902001001")).get(f"/monitoring/warnings/{w.pk}/").content.decode()
    assert "办理预警" not in detail and "登记走访" in detail
    data = {"outcome": "assist", "program": "dibao", "reason": ""}
    first = town.post(f"/monitoring/warnings/{w.pk}/outcome/", data)
    assert first.status_code == 200 and "确认办理说明" in first.content.decode()
    done = town.post(f"/monitoring/warnings/{w.pk}/outcome/", {**data, "_confirm_step": "1",
                                                                "confirm_comment": "入户核实属实"})
    w.refresh_from_db()
    assert done.status_code == 302 and w.status == "assisted" and w.case_id


def test_rules_page_edit_by_county_only(ran):
    assert browser(ran["township"]).get("/monitoring/rules/new/").status_code == 403
    c = browser(ran["county"])
    assert c.get("/monitoring/rules/new/").status_code == 200
    r = c.post("/monitoring/rules/new/", {"code": "disaster", "region_code": "330902", "effective_from": "2026-01-01",
                                          "window_months": "3", "threshold": "5000", "weight": "30",
                                          "layers": ["dibao", "other"], "enabled": "on", "source": "本县规定"})
    assert r.status_code == 302, r.content.decode()[:2000]
    page = c.get("/monitoring/rules/?code=disaster").content.decode()
    assert "本县规定" in page and "低保对象、其他困难人员" in page


def test_other_hardship_added_and_removed_by_the_township(ran):
    c = browser(ran["township"])
    person = ran["fam"]["nobody"][1][0]
    r = c.post("/monitoring/persons/add/", {"id_number": person.id_number, "reason": "独居、子女失联"})
    assert r.status_code == 302
    row = MonitoredPerson.objects.get(person=person, layer="other")
    assert row.source == "township" and row.reason == "独居、子女失联"
    assert c.post("/monitoring/persons/add/", {"id_number": person.id_number, "reason": "再加"}).status_code == 409
    r = c.post(f"/monitoring/persons/{row.pk}/exit/", {"reason": "已就业", "_confirm_step": "1",
                                                       "confirm_comment": "核实"})
    row.refresh_from_db()
    assert r.status_code == 302 and row.exited_on == D(2026, 11, 23)


def test_visits_due_list_record_with_photo_and_home_tile(ran, make_user):
    visit_services.load_demo_plans(None, "330900000000", D(2024, 1, 1))
    assert VisitPlan.objects.count() == 4
    village = make_user("village", "330902001001")
    c = browser(village)
    due = c.get("/monitoring/visits/due/").content.decode()
    tekun = ran["fam"]["tekun"][1][0]
    assert "特一" in due and "特困人员" in due
    home = c.get("/").content.decode()
    assert "逾期未走访" in home
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("visit.png", _png(), content_type="image/png")
    r = c.post("/monitoring/visits/new/", {"person_id": tekun.pk, "visited_on": "2026-11-20", "visitor": "村协理员",
                                           "seen": "本人", "findings": "身体尚可，生活能自理", "photo": upload})
    assert r.status_code == 302, r.content.decode()[:3000]
    visit = Visit.objects.get(person=tekun)
    assert visit.photo_key and visit.region_code == "330902001001"
    due = c.get("/monitoring/visits/due/").content.decode()
    assert "2026-12-20" in due  # next monthly visit


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"\x00\x00\x00\x00"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
