"""儿童福利 in a browser (issue 15): the county's quarterly home-visit plan for left-behind children, a 儿童主任 on a
phone (390 × 844) finding an overdue left-behind child, recording the visit, and the overdue count falling — on the
home tile, the due list and in the inbox; screenshots at each step."""

from __future__ import annotations

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


def sign_in(browser, base: str, user, width: int = 1366):
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


def test_a_left_behind_childs_quarterly_visit_recorded_on_a_phone(browser, live_server, make_user, monkeypatch,
                                                                   tmp_path):
    import datetime as dt

    from minzheng.children.services import policy_data, register
    from minzheng.registry.tests.factories import make_id, make_person

    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    shots = os.environ.get("MINZHENG_SHOTS") or str(tmp_path)
    county = make_user("county", "330902000000", first_name="王科长")
    director = make_user("village", "330902001001", first_name="张主任")
    policy_data.load_rows(county, "plans", [{"category": "left_behind", "kind": "home", "every": "3", "unit": "month",
                                             "region_code": "330902000000", "effective_from": "2026-01-01",
                                             "source": "示例值：留守儿童每季度入户走访"}])
    register.save_worker(county, {"kind": "director", "name": "张主任", "region_code": "330902001001",
                                  "user_id": director.pk})
    person = make_person(county, name="李小留", id_number=make_id("20160301", "M"), region="330902001001")
    child = register.register_child(county, {"person_id": person.pk, "category": "left_behind",
                                             "registered_on": dt.date(2025, 12, 1), "schooling": "primary",
                                             "school": "甲社区小学", "care_note": "父母在宁波务工，随祖母生活"})
    base = live_server.url

    # The county's plan: left-behind children, a home visit every 3 months.
    office = sign_in(browser, base, county)
    office.goto(f"{base}/children/plans/?category=left_behind")
    row = office.locator("table tbody tr").first.inner_text()
    assert "农村留守儿童" in row and "入户走访" in row and "3" in row and "月" in row
    office.screenshot(path=f"{shots}/children-plans-1366.png", full_page=True)

    # The 儿童主任 on a phone: one overdue visit on the home tile, the due list names the child.
    phone = sign_in(browser, base, director, width=390)
    assert phone.inner_text("#children-overdue").strip() == "1"
    phone.click("#children-tile a[href*='/children/due/']")
    assert phone.inner_text("#due-overdue").strip() == "1"
    assert "李小留" in phone.inner_text("main table") and "2026-03-01" in phone.inner_text("main table")
    no_sideways_scroll(phone)
    phone.screenshot(path=f"{shots}/children-due-390.png", full_page=True)

    # Record the home visit from the due list.
    phone.click(f"main table a[href='/children/{child.pk}/visit/']")
    phone.select_option("select[name=kind]", "home")
    phone.fill("input[name=seen]", "祖母、李小留本人")
    phone.fill("textarea[name=findings]", "学习生活正常，祖母身体尚可，已与父母视频通话")
    no_sideways_scroll(phone)
    phone.screenshot(path=f"{shots}/children-visit-390.png", full_page=True)
    phone.click("main form button[type=submit]")
    phone.wait_for_url(f"{base}/children/{child.pk}/")
    text = phone.inner_text("main")
    assert "已登记走访" in text and "2026-04-10" in text and "学习生活正常" in text and "2026-07-10" in text
    no_sideways_scroll(phone)
    phone.screenshot(path=f"{shots}/children-child-390.png", full_page=True)

    # The overdue count fell everywhere.
    phone.goto(f"{base}/")
    assert phone.inner_text("#children-overdue").strip() == "0"
    phone.goto(f"{base}/children/due/")
    assert phone.inner_text("#due-overdue").strip() == "0"
    office.goto(f"{base}/children/due/")
    assert office.inner_text("#due-overdue").strip() == "0"
    office.screenshot(path=f"{shots}/children-due-1366.png", full_page=True)
