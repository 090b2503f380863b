"""The offline map in a browser: regions, place names, a boundary and its markers drawn by Leaflet served from the
instance, and not one request leaving it (every request is recorded; any other origin fails the test). Desktop and
phone width, with screenshots."""

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


def test_map_draws_stored_geometries_and_stays_offline(live_server, make_user):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    from minzheng.placenames.services import boundaries, places

    county = make_user("county", "330902000000")
    square = [[[122.0, 30.0], [122.1, 30.0], [122.1, 30.1], [122.0, 30.1], [122.0, 30.0]]]
    places.create(county, {"name": "城东街道", "region_code": "330902001000", "names_region": True,
                           "geometry": {"type": "Polygon", "coordinates": square}})
    places.create(county, {"name": "甲社区", "region_code": "330902001001",
                           "geometry": {"type": "Point", "coordinates": [122.05, 30.05]}})
    line = boundaries.create_line(county, {"name": "城东—昌国界线", "level": "township",
                                           "left_region": "330902001000", "right_region": "330902002000",
                                           "geometry": {"type": "LineString",
                                                        "coordinates": [[122.1, 30.0], [122.1, 30.1]]}})
    boundaries.add_marker(county, line.pk, {"number": "330902-001", "kind": "double", "lon": "122.1",
                                            "lat": "30.05"})
    base = live_server.url
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in (1366, 390):
            context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
            context.set_default_timeout(20000)

            def guard(route, request):
                if request.url.startswith((base, "data:")):
                    route.continue_()
                else:
                    outside.append(request.url)
                    route.abort()

            context.route("**/*", guard)
            page = context.new_page()
            seen: list[str] = []
            page.on("request", lambda r, seen=seen: seen.append(r.url))
            page.goto(f"{base}/login/")
            page.fill("#id_username", county.username)
            page.fill("#id_password", PASSWORD)
            page.click("form button")
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/placenames/map/")
            page.wait_for_selector("#placenames-map[data-ready='1']")
            assert "已绘制 4 个要素" in page.inner_text("#map-status")
            assert page.locator("#placenames-map .leaflet-interactive").count() >= 3  # polygon, line, points
            assert any("/static/vendor/leaflet/leaflet" in u for u in seen)
            assert page.locator(".leaflet-tile").count() == 0  # no tile layer at all
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            if SHOTS:
                page.screenshot(path=os.path.join(SHOTS, f"placenames_map_{width}.png"), full_page=True)
            assert all(u.startswith((base, "data:")) for u in seen), seen
            page.goto(f"{base}/placenames/?q=cd")  # the list: search by initials, phone width
            assert "城东街道" in page.inner_text("main")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            if SHOTS:
                page.screenshot(path=os.path.join(SHOTS, f"placenames_list_{width}.png"), full_page=True)
            context.close()
        browser.close()
    assert outside == []
