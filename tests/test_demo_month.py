"""The demo's month, walked in a browser as the village clerk, the township officer and the county officer (issue 12):
after `minzheng demo` every page of the monthly cycle shows real work — findings from the comparison, payrolls to
check and approve, a funds chart, failed payments to handle, and one chain per household."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("Chromium is missing: `make test` installs it with scripts/system-deps.sh")
pytestmark = [pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (scripts/system-deps.sh)"),
              pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(monkeypatch):
    from minzheng.synthetic import demo

    monkeypatch.setenv("MINZHENG_TODAY", "2026-11-20")
    return demo.setup(county="330902", people=3000)


@pytest.fixture
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def sign_in(browser, base: str, username: str, width: int = 1366):
    from minzheng.synthetic.demo import DEMO_PASSWORD

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    context.set_default_timeout(20000)
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form button")
    page.wait_for_url(f"{base}/")
    return page


def confirm_step(page, comment: str) -> None:
    """A ServiceFormPage with confirmation: submit, then the comment on the confirmation page, then confirm."""
    page.click("main form button[type=submit]")
    page.fill("textarea[name=confirm_comment]", comment)
    page.click("main form button.btn-danger")


def test_the_demo_month_walked_as_village_township_and_county(browser, live_server, demo, tmp_path):
    from django.db.models import Count

    from minzheng.benefits.models import Entitlement
    from minzheng.payroll.models import Payroll

    month = demo["month"]
    assert month["comparison"]["created"] > 0 and sum(m["failed"] for m in month["closed"].values()) > 0
    base = live_server.url
    shots = tmp_path

    # The village clerk: the work list, and a household of the village with its chain.
    village = sign_in(browser, base, "village_demo")
    village.goto(f"{base}/inbox/")
    assert "待办" in village.content()
    village.goto(f"{base}/registry/households/")
    with village.expect_navigation():  # read the household page only once it has replaced the list
        village.click("table tbody a[href^='/registry/households/']")
    assert "一户一条救助链" in village.content()
    village.screenshot(path=str(shots / "village-household.png"), full_page=True)
    village.context.close()

    # The township officer: this month's payroll awaits its 初审 (confirmed with a comment); failed payments to handle.
    township = sign_in(browser, base, "township_demo")
    draft = Payroll.objects.filter(region_code=demo_township(), status="draft", month="2026-11-01").first()
    township.goto(f"{base}/payroll/{draft.pk}/check/")
    confirm_step(township, "已核对人数与金额")
    township.wait_for_url(f"{base}/payroll/{draft.pk}/")
    assert "乡镇已初审" in township.content()
    township.goto(f"{base}/payroll/failed/")
    body = township.content()
    assert any(reason in body for reason in ("账户已销户", "户名与账号不符", "账户冻结"))
    township.screenshot(path=str(shots / "township-failed.png"), full_page=True)
    township.context.close()

    # The county officer: approves the roll, sees the findings, the comparison runs, the funds chart, and the chain of
    # a household with several programs.
    county = sign_in(browser, base, "county_demo")
    county.goto(f"{base}/payroll/{draft.pk}/approve/")
    confirm_step(county, "与财政资金核对一致")
    county.wait_for_url(f"{base}/payroll/{draft.pk}/")
    assert "已锁定" in county.content()
    county.goto(f"{base}/verification/findings/?month=2026-11")
    assert county.locator("table tbody tr").count() > 0
    county.screenshot(path=str(shots / "county-findings.png"), full_page=True)
    county.goto(f"{base}/verification/runs/")
    assert "2026-11" in county.content()
    county.goto(f"{base}/payroll/funds/?year=2026")
    assert county.locator("svg").count() > 0
    county.screenshot(path=str(shots / "county-funds.png"), full_page=True)
    richest = (Entitlement.objects.values("household_id").annotate(n=Count("program", distinct=True))
               .order_by("-n", "household_id").first())
    assert richest["n"] >= 2
    county.goto(f"{base}/registry/households/{richest['household_id']}/")
    chain = county.locator("table").last.inner_text()
    programs = set(Entitlement.objects.filter(household_id=richest["household_id"]).values_list("program", flat=True))
    from minzheng.benefits import catalogue

    assert all(catalogue.PROGRAMS[p] in chain for p in programs) and "发放" in chain
    county.screenshot(path=str(shots / "county-chain.png"), full_page=True)
    # The plan indicators: the board, one indicator's charts (ECharts drew them), and a drill-down to a township.
    county.goto(f"{base}/indicators/?plan=tianmen")
    assert "每千名老年人拥有养老床位数" in county.content()
    county.click("text=每千名老年人拥有养老床位数")
    county.wait_for_selector("#mz-chart-regions canvas")
    assert county.locator("#mz-chart-trend canvas").count() == 1
    county.screenshot(path=str(shots / "county-indicator.png"), full_page=True)
    with county.expect_navigation():
        county.click("main table tbody a")
    assert "街道" in county.locator("dl").inner_text() or "镇" in county.locator("dl").inner_text()
    county.context.close()
    phone = sign_in(browser, base, "county_demo", width=390)
    phone.goto(f"{base}/indicators/?plan=zhoushan")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(shots / "phone-indicators.png"), full_page=True)
    if os.environ.get("MINZHENG_SHOTS"):
        for shot in shots.glob("*.png"):
            shutil.copy(shot, os.environ["MINZHENG_SHOTS"])
    phone.context.close()


def demo_township() -> str:
    from minzheng.core.models import User

    return User.objects.get(username="township_demo").region_id
