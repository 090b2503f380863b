"""In Chromium (Debian's package, driven by Playwright): a list page at phone width does not scroll sideways, the
menu collapses behind its button, and the region picker cascades by name with HTMX. At desktop width the nav is a
normal bar. Set MZ_SCREENSHOTS=/some/dir to keep screenshots of both widths for a look."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import PASSWORD, VILLAGE_A, VILLAGE_B, VILLAGE_C
from minzheng.core import jobs, roles
from minzheng.core.tests.helpers import COUNTY, URLS, entry, local

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
pytestmark = [pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (scripts/system-deps.sh)"),
              pytest.mark.django_db(transaction=True), pytest.mark.urls(URLS)]


@pytest.fixture
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def data(make_user):
    user = make_user(roles.COUNTY, COUNTY, full_name="县民政局经办人")
    for i, region in enumerate([VILLAGE_A, VILLAGE_B, VILLAGE_C] * 12):
        entry(region, f"经办人{i:02d}", ["update", "member_add", "create"][i % 3], at=local(2026, 11, 1 + i % 28),
              amount=f"{1234.5 * (i + 1):.2f}", fen=98765 * i, id_masked="330902**********1X",
              note="家庭成员因病致贫，申请临时救助，已入户核实并公示七天无异议" if i % 4 == 0 else "")
    return user


def open_page(browser, live_server, user, width: int, height: int):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/t/entries/")
    return page


def settled(page) -> None:
    # A function, not an expression string: the page's Content-Security-Policy forbids eval.
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shot(page, name: str) -> None:
    folder = os.environ.get("MZ_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_phone_width_list_page_menu_and_region_picker(browser, live_server, data):
    page = open_page(browser, live_server, data, 390, 844)
    assert no_sideways_scroll(page)
    table_box = page.locator(".mz-table")
    assert table_box.evaluate("e => e.scrollWidth > e.clientWidth")  # the wide table scrolls inside its box
    shot(page, "list-390.png")

    nav_link = page.locator("#mz-nav .nav-link", has_text="人员")
    assert not nav_link.is_visible()
    page.click("button.navbar-toggler")
    page.wait_for_selector("#mz-nav.collapse.show")  # Bootstrap ignores clicks while the menu is still moving
    assert nav_link.is_visible()
    shot(page, "list-390-menu.png")
    page.click("button.navbar-toggler")
    nav_link.wait_for(state="hidden")

    picker = page.locator(".mz-region-picker")
    assert not picker.is_visible()  # the filters fold away on a phone
    page.click("#filter-toggle")
    page.wait_for_selector("#filter-box.collapse.show")
    page.select_option(".mz-region-picker select >> nth=0", label="城东街道")
    second = page.locator(".mz-region-picker select >> nth=1")
    second.wait_for(state="visible")
    assert second.locator("option").all_inner_texts() == ["全部", "甲社区", "乙社区"]
    assert page.input_value("#id_region") == "330902001000"
    settled(page)  # a person is never faster than htmx's swap; a test can be
    second.select_option(label="乙社区")
    page.wait_for_function("() => document.querySelector('#id_region').value === '330902001002'")
    with page.expect_navigation():
        page.click("#filters button[type=submit]")
    assert "region=330902001002" in page.url
    shot(page, "list-390-picked.png")
    regions = page.locator(".mz-table tbody td:nth-child(4)").all_inner_texts()
    assert regions and set(regions) == {"乙社区"}
    assert no_sideways_scroll(page)

    page.goto(f"{live_server.url}/t/entries/?region=1")
    assert page.locator("#filter-errors").is_visible()
    assert no_sideways_scroll(page)
    shot(page, "list-390-error.png")


def test_desktop_width_has_a_normal_navbar(browser, live_server, data):
    page = open_page(browser, live_server, data, 1366, 900)
    assert not page.locator("button.navbar-toggler").is_visible()
    assert page.locator("#mz-nav .nav-link", has_text="人员").is_visible()
    assert no_sideways_scroll(page)
    shot(page, "list-1366.png")


def test_every_kind_of_page_fits_a_phone(browser, live_server, data, make_user):
    clerk = make_user(roles.VILLAGE, VILLAGE_A, full_name="甲社区协理员")
    page = open_page(browser, live_server, data, 390, 844)
    for path, name in ((f"/t/users/{clerk.pk}/", "detail"), ("/t/import/", "import"), ("/t/users/", "users")):
        page.goto(f"{live_server.url}{path}")
        assert no_sideways_scroll(page), path
        shot(page, f"{name}-390.png")
    page.check(f'input[name="ids"][value="{clerk.pk}"]')
    with page.expect_navigation():
        page.click('button[name="bulk"]')
    assert "批量停用：请确认" in page.content() and no_sideways_scroll(page)
    shot(page, "bulk-confirm-390.png")
    page.goto(f"{live_server.url}/t/grant/")
    page.select_option("#id_kind", "expense")
    page.fill("#id_amount", "800")
    page.fill("#id_note", "因病致贫，医疗费用支出较大，经入户调查核实，申请支出型临时救助" * 2)
    with page.expect_navigation():
        page.click("form.mz-form button[type=submit]")
    assert "确认办理说明" in page.content() and no_sideways_scroll(page)
    shot(page, "confirm-390.png")


def test_a_large_export_waits_on_its_job_page_at_phone_width(browser, live_server, data, settings, monkeypatch):
    settings.MINZHENG_EXPORT_INLINE_ROWS = 10  # the 36 rows are "many"
    waiting = []
    monkeypatch.setattr(jobs, "run_in_background", waiting.append)  # the queue is busy: the job waits
    page = open_page(browser, live_server, data, 390, 844)
    with page.expect_navigation():
        page.click("#export-csv")
    assert re.search(r"/jobs/\d+/$", page.url), page.url
    assert "导出数据较多，已转为后台任务，完成后可在此下载" in page.content() and no_sideways_scroll(page)
    shot(page, "export-job-390.png")
    jobs.run(waiting[0])  # a worker gets to it: the page's poll shows the file
    page.wait_for_selector("#export-download")
    assert "导出行数" in page.content() and no_sideways_scroll(page)
    shot(page, "export-done-390.png")
