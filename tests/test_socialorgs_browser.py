"""社会组织 in a browser (issue 18): an annual report filed for a foundation by township staff on its behalf (on a
phone), reviewed by the 业务主管单位 (a second township officer) and concluded by the registry (the county) — with
the 基金会 spending checks shown, and screenshots at 390 and 1366 px."""

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


@pytest.fixture(autouse=True)
def sample_rules(transactional_db):
    """The report deadlines and grade bands come from a data migration; an earlier transactional test flushes the
    tables, so load the 示例 set again (idempotent)."""
    from minzheng.socialorgs.services import rules

    rules.load_sample()


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


def submit(page) -> None:
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_annual_report_filed_reviewed_by_supervisor_and_registry(browser, live_server, make_user, monkeypatch,
                                                                   tmp_path):
    from minzheng.socialorgs.models import AnnualReport
    from minzheng.socialorgs.tests.factories import org

    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-20")
    registry = make_user("county", "330902000000", full_name="县民政局社会组织科")
    clerk = make_user("township", "330902001000", full_name="街道经办")
    supervisor = make_user("township", "330902001000", full_name="街道（业务主管单位）")
    shots = os.environ.get("MINZHENG_SHOTS") or str(tmp_path)
    foundation = org(registry, name="城东教育发展基金会", kind="foundation", fundraising="public",
                     registered_on=dt.date(2018, 5, 1), supervisor="城东街道办事处")
    base = live_server.url

    # The township clerk, on a phone, files the 2025 report for the foundation.
    page = sign_in(browser, base, clerk, width=390)
    page.goto(f"{base}/socialorgs/{foundation.pk}/")
    page.click("text=报送年度工作报告")
    assert page.input_value("#id_year") == "2025"
    page.fill("#id_summary", "资助困难学生 120 名，开展助学活动 6 次")
    page.fill("#id_income", "800000.00")
    page.fill("#id_total_spending", "760000.00")
    page.fill("#id_net_assets", "3000000.00")
    page.fill("#id_mission_spending", "700000.00")
    page.fill("#id_pay_and_admin", "60000.00")
    page.fill("#id_last_year_income", "950000.00")
    page.check("#id_audited")
    submit(page)
    body = page.content()
    assert "已报送年度工作报告" in body and "待业务主管单位初审" in body
    # 公募: 70 % of 950,000.00 = 665,000.00 ≤ 700,000.00; 10 % of 760,000.00 = 76,000.00 ≥ 60,000.00
    assert "665000.00" in body and "76000.00" in body and "不符合" not in body
    no_sideways_scroll(page)
    page.screenshot(path=f"{shots}/socialorgs-report-filed-390.png", full_page=True)
    page.context.close()
    report = AnnualReport.objects.get()

    # The supervisor (业务主管单位) agrees, from the 待办.
    page = sign_in(browser, base, supervisor)
    page.goto(f"{base}/inbox/")
    assert "城东教育发展基金会" in page.content()
    page.goto(f"{base}/socialorgs/reports/{report.pk}/")
    page.click("text=业务主管单位初审")
    page.select_option("#id_decision", "agree")
    page.fill("#id_opinion", "同意报送登记管理机关")
    submit(page)
    assert "已登记初审意见" in page.content() and "待登记管理机关审查" in page.content()
    page.context.close()

    # The registry concludes: 合格.
    page = sign_in(browser, base, registry)
    page.goto(f"{base}/socialorgs/reports/?state=supervised")
    page.click("table tbody a[href^='/socialorgs/reports/']")
    page.click("text=登记管理机关审查")
    page.select_option("#id_decision", "pass")
    page.fill("#id_opinion", "2025 年度年检合格")
    submit(page)
    body = page.content()
    assert "已作出年检结论" in body and "已出具年检结论" in body and "合格" in body
    page.screenshot(path=f"{shots}/socialorgs-report-concluded-1366.png", full_page=True)
    report.refresh_from_db()
    assert (report.state, report.result, report.supervised_by_id, report.concluded_by_id) == (
        "concluded", "pass", supervisor.pk, registry.pk)

    # The register, the evaluation list and the indicators at both widths.
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in (("orgs", "/socialorgs/"), ("org", f"/socialorgs/{foundation.pk}/"),
                          ("indicators", "/socialorgs/indicators/"), ("communities", "/communities/indicators/")):
            page.goto(f"{base}{url}")
            assert page.locator("h1").count() >= 1
            if width == 390:
                no_sideways_scroll(page)
            page.screenshot(path=f"{shots}/socialorgs-{name}-{width}.png", full_page=True)
    with page.expect_download() as download:
        page.evaluate("window.location.href = '/socialorgs/?export=csv'")
    assert download.value.suggested_filename.endswith(".csv")
