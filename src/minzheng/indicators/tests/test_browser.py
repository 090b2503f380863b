"""The indicators in a browser (issue 19): the board, an indicator's page with its charts and breakdowns, the
drill-down to a township and to the records behind the value, and the funds and caseload board — at desktop width
and on a phone (390 × 844), charts drawn (ECharts canvases), no sideways scrolling."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

from conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("Chromium is missing: `make test` installs it with scripts/system-deps.sh")
pytestmark = [pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (scripts/system-deps.sh)"),
              pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def sign_in(browser, base: str, user, width: int):
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 900}, locale="zh-CN")
    context.set_default_timeout(20000)
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button")
    page.wait_for_url(f"{base}/")
    return page


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", [1366, 390])
def test_board_indicator_drill_down_records_and_funds_board(browser, live_server, make_user, monkeypatch, width,
                                                            demo_standards, tmp_path):
    from minzheng.benefits.tests.factories import grant
    from minzheng.indicators import compute, services
    from minzheng.payroll.models import PayrollLine
    from minzheng.payroll.services import generate
    from minzheng.registry.tests.factories import make_family

    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-10")
    county = make_user("county", "330902000000")
    jan = dt.date(2026, 1, 1)
    tekun, (old,) = make_family(county, [("钱老伯", "19510101", "M")], region="330902001002", urban_rural="rural")
    grant("tekun", tekun, person=old, amount="800.00", start=jan)
    family, _ = make_family(county, [("祖母", "19440101", "F"), ("孙子", "20140101", "M")], region="330902001001")
    grant("dibao", family, amount="500.00", start=jan)
    generate.generate(None, "2026-04")
    PayrollLine.objects.update(status="paid")
    services.load_definitions(None, "seed")
    compute.run("2026Q2")
    base = live_server.url
    page = sign_in(browser, base, county, width)

    page.goto(f"{base}/indicators/?plan=tianmen&period=2026Q2")
    page.click("a[href^='/indicators/tm_tekun_recipients/']")
    page.wait_for_selector("#mz-chart-trend canvas")
    assert page.locator("#mz-chart-bd-sex canvas").count() == 1  # the breakdown by sex is drawn
    assert "按年龄段" in page.content()
    no_sideways_scroll(page)
    page.screenshot(path=tmp_path / f"indicator-{width}.png", full_page=True)
    page.click("main table >> text=城东街道")  # drill down to the township
    page.wait_for_selector("text=城东街道")
    assert "region_code=330902001000" in page.url
    page.click("dd a[href^='/indicators/records/benefits.tekun.in_force/']")
    page.wait_for_selector("text=钱老伯")
    no_sideways_scroll(page)

    page.goto(f"{base}/indicators/funds/?period=2026")
    page.wait_for_selector("#mz-funds-months canvas")
    assert page.locator("#mz-funds-programs canvas").count() == 1
    assert "1300.00" in page.content()
    no_sideways_scroll(page)
    page.screenshot(path=tmp_path / f"funds-{width}.png", full_page=True)
    with page.expect_download() as download:
        page.click("text=导出 Excel（全部图表）")
    assert download.value.suggested_filename.endswith(".xlsx")
