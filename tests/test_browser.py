"""In a real browser (Playwright driving the system Chromium from Debian's packages, installed by
scripts/system-deps.sh): a village clerk files a 低保 application with a scanned document, the township officer
accepts, investigates, reviews and posts the notice, the county checks the data and confirms, and the
entitlement appears — each user in their own browser session."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import PASSWORD
from minzheng.benefits.models import Case, CaseDocument, Entitlement
from minzheng.benefits.tests.factories import today

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


def session(browser, live_server, user):
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit], form button")
    page.wait_for_url(f"{live_server.url}/")
    return page


def do(page, action: str, comment: str = "", **fields):
    """Open an action on the case page, fill its form and submit it; wait for the page to come back. Irreversible
    actions (given a `comment`) show a confirmation page first: fill in the comment and confirm."""
    page.click(f'details[data-action="{action}"] > summary')
    for name, value in fields.items():
        selector = f"#id_{action}-{name}"
        if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    with page.expect_navigation():
        page.click(f"#form-{action} button")
    if comment:
        assert page.locator("#confirm-form").count() == 1, page.content()[:3000]
        page.fill("#id_confirm_comment", comment)
        with page.expect_navigation():
            page.click("#confirm-submit")
    alert = page.locator(".alert-success")
    assert alert.count() == 1, page.content()[:3000]


def test_a_dibao_case_from_application_to_entitlement_by_three_users(browser, live_server, staff, poor_family,
                                                                     demo_standards, monkeypatch, tmp_path):
    household, people = poor_family
    today(monkeypatch, "2026-11-02")
    village = session(browser, live_server, staff["village"])

    # The village clerk files the application for the family from the household page.
    village.goto(f"{live_server.url}/registry/households/{household.pk}/")
    village.click("#apply-button")
    village.select_option("#id_program", "dibao")
    village.select_option("#id_applicant_id", str(people[0].pk))
    village.select_option("#id_channel", "clerk")
    village.fill("#id_proxy_document", "委托书 2026-017")
    village.fill("#id_bank_name", "浙江农商银行")
    village.fill("#id_bank_account", "6228480012345678")
    with village.expect_navigation():
        village.click("#application-form button.btn-primary")
    case = Case.objects.get(household=household, program="dibao")
    assert village.url.endswith(f"/benefits/cases/{case.pk}/")
    assert village.locator("#case-state").get_attribute("data-state") == "applied"

    # … and attaches the signed application form.
    scan = tmp_path / "申请书.pdf"
    scan.write_bytes(b"%PDF-1.4 signed application")
    village.click("#documents ~ details > summary")
    village.fill("#document-form #id_name", "低保申请书（签字）")
    village.set_input_files("#document-form #id_file", str(scan))
    with village.expect_navigation():
        village.click("#document-form button")
    assert CaseDocument.objects.filter(case=case, filename="申请书.pdf").count() == 1
    assert village.locator('details[data-action="accept"]').count() == 0  # not the clerk's step

    township = session(browser, live_server, staff["township"])
    township.goto(f"{live_server.url}/inbox/")
    with township.expect_navigation():
        township.click(f'tr[data-case="{case.pk}"] a')
    do(township, "accept")
    do(township, "record_home_visit", investigators="张三、李四", member_signature="王芳",
       findings="住房为租住，无大件家电；王芳打零工。")
    do(township, "request_verification")

    county = session(browser, live_server, staff["county"])
    county.goto(f"{live_server.url}/inbox/")
    with county.expect_navigation():
        county.click(f'tr[data-case="{case.pk}"] a')
    do(county, "record_verification", result="passed", report_ref="HD-2026-017")

    township.reload()
    do(township, "initial_review", recommend="approve", opinion="家庭人均收入低于低保标准，拟同意。")
    amount = township.locator("#policy-amount").inner_text()
    do(township, "publish_notice", place="村务公开栏")
    assert township.locator("#case-state").get_attribute("data-state") == "in_notice"

    today(monkeypatch, "2026-11-10")  # the 7-day notice is over
    township.reload()
    do(township, "submit")
    assert township.locator('details[data-action="confirm"]').count() == 0  # the county confirms

    county.reload()
    do(county, "confirm", comment="经审核符合低保条件，予以确认。", payee_id=str(people[0].pk))
    assert county.locator("#case-state").get_attribute("data-state") == "approved"
    assert county.locator("#case-amount").inner_text() == amount
    assert county.locator("#entitlements tbody tr[data-entitlement]").count() == 1

    ent = Entitlement.objects.get(source_case=case)
    assert (f"{ent.monthly_amount}", f"{ent.start_month:%Y-%m}", ent.status) == (amount, "2026-12", "active")
    assert [e.action for e in case.events.order_by("id")] == [
        "apply", "record_document", "accept", "record_home_visit", "request_verification", "record_verification",
        "initial_review", "publish_notice", "submit", "confirm"]
    # The county's confirmation comment (审核确认意见) is kept on the timeline.
    assert case.events.get(action="confirm").data["note"] == "经审核符合低保条件，予以确认。"
