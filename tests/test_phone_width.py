"""At a phone's width (390 × 844) every main page, as every role, fits the screen: the nav collapses behind a menu
button and nothing scrolls the page sideways (wide tables scroll inside their own box).

A small demo county (the real townships and villages of 定海区, synthetic households, cases in every state, a month's
payroll and comparison findings) gives every list and detail page real rows; each role opens every nav entry it has,
the first record linked from each list, and the inbox."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ROLES = ("village_demo", "township_demo", "county_demo", "city_demo", "auditor_demo", "sysadmin_demo",
         "secadmin_demo")
MONTH = "2026-11"

if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("Chromium is missing: `make test` installs it with scripts/system-deps.sh")
pytestmark = [pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (scripts/system-deps.sh)"),
              pytest.mark.django_db(transaction=True)]

# What overflows, if anything: the page's own width, and the widest element that is not inside a scrolling box (or
# inside the map, whose Leaflet panes draw past the view on purpose and are clipped by the map's own box).
OVERFLOW = """() => {
  const width = window.innerWidth;
  const page = document.documentElement.scrollWidth;
  let culprit = "";
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && !el.closest(".table-responsive, .mz-table, .mz-scroll, .leaflet-container")) {
      culprit = el.tagName + (el.id ? "#" + el.id : "") + "." + (el.className || "") + " → " + Math.round(r.right);
      break;
    }
  }
  return {width, page, culprit};
}"""


@pytest.fixture
def demo_county(monkeypatch):
    """The demo set-up at a small size, then one month of work: payrolls generated and the comparison run."""
    from minzheng.payroll.services import generate
    from minzheng.synthetic import demo, feeds
    from minzheng.verification import compare

    monkeypatch.setenv("MINZHENG_TODAY", "2026-11-20")
    demo.setup(county="330902", people=600)
    generate.generate(None, MONTH)
    feeds.seed(MONTH, anomaly_rate=0.2, seed=7, county="330902")
    compare.run(MONTH)


@pytest.fixture
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def sign_in(browser, base: str, username: str):
    from minzheng.synthetic.demo import DEMO_PASSWORD

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=1)
    context.set_default_timeout(20000)
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form button")
    page.wait_for_url(f"{base}/")
    return page


def first_record_link(page) -> str | None:
    """The first link inside a table body (a person, a case, a payroll …), not a sort or pager link."""
    href = page.evaluate("""() => {
      const a = document.querySelector("table tbody a[href]:not(.mz-sort)");
      return a ? a.getAttribute("href") : null;
    }""")
    return href if href and href.startswith("/") and "export=" not in href else None


def test_every_main_page_fits_a_phone_for_every_role(browser, live_server, demo_county):
    problems, visited = [], 0
    for username in ROLES:
        page = sign_in(browser, live_server.url, username)
        # The nav is collapsed behind the menu button: its links are hidden until the button is pressed.
        assert page.locator(".navbar-toggler").is_visible(), username
        assert not page.locator("#mz-nav").is_visible(), username
        page.click(".navbar-toggler")
        page.wait_for_selector("#mz-nav.show")
        links = page.eval_on_selector_all("#mz-nav a.nav-link, #mz-nav a.dropdown-item",
                                          "els => els.map(e => e.getAttribute('href'))")
        # Plus every role's own account pages (not in the nav: the buttons beside 退出).
        targets = list(dict.fromkeys(["/", *links, "/account/password/", "/account/tokens/"]))
        seen_details = set()
        for path in targets:
            page.goto(f"{live_server.url}{path}")
            found = page.evaluate(OVERFLOW)
            visited += 1
            if found["page"] > found["width"] or found["culprit"]:
                problems.append(f"{username} {path}: {found}")
            detail = first_record_link(page)
            if detail and detail not in seen_details and path != "/":
                seen_details.add(detail)
                page.goto(f"{live_server.url}{detail}")
                found = page.evaluate(OVERFLOW)
                visited += 1
                if found["page"] > found["width"] or found["culprit"]:
                    problems.append(f"{username} {detail}: {found}")
        page.context.close()
    assert visited > 40
    assert problems == [], "\n".join(problems)
