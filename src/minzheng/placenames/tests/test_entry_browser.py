"""The entry pages of boundaries, addresses and region outlines in a browser at phone (390 px) and desktop width:
each page renders without widening the window (tables scroll inside their box), the map draws a region's own
outline. Screenshots to $MINZHENG_SCREENSHOTS when set."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
pytestmark = [pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (scripts/system-deps.sh)"),
              pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("MINZHENG_SCREENSHOTS", "")


def test_entry_pages_at_phone_and_desktop_width(live_server, make_user):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    from minzheng.placenames.services import addresses, boundaries, outlines, places
    from minzheng.placenames.tests.factories import square

    county = make_user("county", "330902000000")
    places.create(county, {"name": "昌国街道", "region_code": "330902002000", "names_region": True,
                           "geometry": square(122.2, 30.05, 0.06)})
    outlines.set_outline(county, {"region_code": "330902001000", "geometry": square(122.05, 30.05, 0.05)})
    estate = places.create(county, {"name": "城东小区", "region_code": "330902001001"})
    address = addresses.create(county, {"place_id": estate.pk, "region_code": "330902001001", "building": "3",
                                        "unit": "2", "room": "1801"})
    line = boundaries.create_line(county, {"name": "城东—昌国界线", "level": "township",
                                           "left_region": "330902001000", "right_region": "330902002000",
                                           "geometry": {"type": "LineString",
                                                        "coordinates": [[122.1, 30.0], [122.1, 30.1]]}})
    marker = boundaries.add_marker(county, line.pk, {"number": "330902-001", "kind": "double", "lon": "122.1",
                                                     "lat": "30.05"})
    inspection = boundaries.open_inspection(county, {"name": "第五轮乡级界线联检", "round_no": 5,
                                                     "started_on": "2026-03-01"})
    finding = boundaries.add_finding(county, inspection.pk, {"line_id": line.pk, "marker_id": marker.pk,
                                                             "kind": "marker_damaged", "description": "界桩底座松动"})
    dispute = boundaries.open_dispute(county, {"line_id": line.pk, "title": "北段山林权属争议", "parties": "城东、昌国",
                                               "opened_on": "2026-03-02"})
    boundaries.add_mediation(county, dispute.pk, {"on": "2026-03-09", "by": "县民政局区划地名科",
                                                  "record": "召集双方查阅界线协议书和附图，约定联合踏勘"})
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
           b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00"
           b"\x00IEND\xaeB`\x82")
    places.add_photo(county, estate.pk, SimpleUploadedFile("小区.png", png, "image/png"), "小区入口")
    boundaries.set_marker_photo(county, marker.pk, SimpleUploadedFile("界桩.png", png, "image/png"))
    pages = {"place": f"/placenames/{estate.pk}/", "photo_new": f"/placenames/{estate.pk}/photos/new/",
             "markers": "/placenames/markers/", "marker_photo_new": f"/placenames/markers/{marker.pk}/photo/new/",
             "line_new": "/placenames/boundaries/new/", "marker_new": f"/placenames/boundaries/{line.pk}/markers/new/",
             "inspections": "/placenames/inspections/", "inspection": f"/placenames/inspections/{inspection.pk}/",
             "finding_new": f"/placenames/inspections/{inspection.pk}/findings/new/",
             "rectify": f"/placenames/findings/{finding.pk}/rectify/",
             "dispute": f"/placenames/disputes/{dispute.pk}/",
             "mediation": f"/placenames/disputes/{dispute.pk}/mediation/",
             "address_new": "/placenames/addresses/new/", "address_edit": f"/placenames/addresses/{address.pk}/edit/",
             "addresses": "/placenames/addresses/", "outlines": "/placenames/outlines/",
             "outline_set": "/placenames/outlines/set/"}
    base = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in (1366, 390):
            context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
            context.set_default_timeout(20000)
            page = context.new_page()
            page.goto(f"{base}/login/")
            page.fill("#id_username", county.username)
            page.fill("#id_password", PASSWORD)
            page.click("form button")
            page.wait_for_url(f"{base}/")
            for name, url in pages.items():
                response = page.goto(base + url)
                assert response.status == 200, (name, response.status)
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
                if SHOTS:
                    page.screenshot(path=os.path.join(SHOTS, f"placenames_{name}_{width}.png"), full_page=True)
            page.goto(base + pages["place"])  # the thumbnail decodes: the photo is served back as an image
            thumb = page.locator("main img").first
            thumb.scroll_into_view_if_needed()  # lazy: below the fold at 390 px
            assert thumb.evaluate("i => i.decode().then(() => i.naturalWidth)") == 1
            page.goto(base + pages["inspection"])
            assert "界桩底座松动" in page.inner_text("main") and "登记整改" in page.inner_text("main")
            page.goto(f"{base}/placenames/map/")
            page.wait_for_selector("#placenames-map[data-ready='1']")
            assert page.locator("#placenames-map path.leaflet-interactive").count() >= 3  # two outlines, a line
            if SHOTS:
                page.screenshot(path=os.path.join(SHOTS, f"placenames_map_outlines_{width}.png"), full_page=True)
            context.close()
        browser.close()
