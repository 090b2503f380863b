"""掌上民政 in a phone browser (issue 20), 390×844: a resident signs in with the code the log gateway "sent",
agrees to the privacy notice, binds to the registry, self-checks, applies for 低保 with two photos — reloading
mid-form and resuming from the draft kept on the device — then watches the case move as the township and county act
(their services called directly) and opens the decision letter. axe-core (from node_modules, package.json) checks
every portal page: zero serious or critical violations."""

from __future__ import annotations

import logging
import os
import shutil

import pytest

from minzheng import home as mz_home
from minzheng.portal.tests.factories import Outbox

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("Chromium is missing: `make test` installs it with scripts/system-deps.sh")
pytestmark = [pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (scripts/system-deps.sh)"),
              pytest.mark.django_db(transaction=True)]
AXE = mz_home.assets_dir() / "axe-core" / "axe.min.js"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 300
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 300


@pytest.fixture
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def outbox():
    handler = Outbox()
    logger = logging.getLogger("minzheng.portal.sms")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


CHECKED: list[str] = []


def accessible(page) -> None:
    """axe-core on the page as it is: no serious or critical violation (the source is evaluated through the
    DevTools protocol, so the page's CSP — no inline script — stays in force)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                           ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))")
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    assert bad == [], f"{page.url}: {bad}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url
    CHECKED.append(page.url)


def test_a_resident_signs_in_self_checks_applies_resumes_and_reads_the_decision(
        browser, live_server, staff, poor_family, demo_standards, outbox, monkeypatch, tmp_path):
    from minzheng.benefits.models import Case, CaseDocument
    from minzheng.benefits.services import cases
    from minzheng.benefits.tests.factories import VISIT, today
    from minzheng.portal.tests.factories import id_number_of

    assert AXE.exists(), "axe-core missing: npm ci (package.json)"
    today(monkeypatch, "2026-11-02")
    _household, people = poor_family
    base = f"{live_server.url}/portal"
    shots = os.environ.get("MINZHENG_SHOTS") or str(tmp_path)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.set_default_timeout(20000)
    page = context.new_page()

    # sign in: phone, the code from the log gateway
    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/login/")
    accessible(page)
    page.fill("#phone", "13912345678")
    page.click("button[value=code]")
    page.fill("#code", outbox.code_for("13912345678"))
    accessible(page)
    page.click("button[value=login]")
    page.wait_for_url(f"{base}/consent/")
    accessible(page)
    page.check("#agree")
    page.click("main form button")
    page.wait_for_url(f"{base}/bind/")
    accessible(page)
    page.fill("#id_number", id_number_of(people[0]))
    page.fill("#name", "王芳")
    page.click("main form button")
    page.wait_for_url(f"{base}/")
    assert "王芳，您好" in page.content()
    page.click("[data-portal-large-text]")  # large-text mode, kept on the device
    assert page.evaluate("document.documentElement.classList.contains('portal-large')")
    accessible(page)
    page.screenshot(path=f"{shots}/portal-home-large-390.png", full_page=True)

    # 政策找人 from what the registry knows
    page.goto(f"{base}/selfcheck/")
    accessible(page)
    page.click("#use-registry")
    page.wait_for_selector("#selfcheck-results")
    assert page.locator('[data-program="dibao"]').get_attribute("data-eligible") == "yes"
    accessible(page)
    page.screenshot(path=f"{shots}/portal-selfcheck-390.png", full_page=True)

    # apply for 低保: half the form, then the connection "drops" (reload) and the draft comes back
    page.goto(f"{base}/apply/")
    accessible(page)
    page.click("text=最低生活保障")
    page.wait_for_url(f"{base}/apply/dibao/")
    page.fill("#statement", "丈夫去世，本人打零工，两个孩子上学")
    page.fill("#bank_name", "工商银行定海支行")
    page.check("#authorise")
    page.wait_for_function("document.querySelector('[data-portal-draft-status]').textContent.includes('已自动保存')")
    context.set_offline(True)
    with pytest.raises(Exception):  # noqa: B017 - any network error: the page is offline
        page.reload(timeout=3000)
    context.set_offline(False)
    page.goto(f"{base}/apply/dibao/")
    assert page.input_value("#statement") == "丈夫去世，本人打零工，两个孩子上学"
    assert page.input_value("#bank_name") == "工商银行定海支行" and page.is_checked("#authorise")
    assert "已恢复" in page.locator("[data-portal-draft-status]").inner_text()
    accessible(page)
    page.fill("#authorisation_signed_by", "王芳")
    (tmp_path / "id.jpg").write_bytes(JPEG)
    (tmp_path / "hukou.png").write_bytes(PNG)
    page.set_input_files("#photos", [str(tmp_path / "id.jpg"), str(tmp_path / "hukou.png")])
    page.screenshot(path=f"{shots}/portal-apply-390.png", full_page=True)
    page.click("main form button")
    page.wait_for_url(f"{base}/cases/*/")
    case = Case.objects.get()
    assert (case.channel, case.state) == ("online", "applied")
    assert CaseDocument.objects.filter(case=case).count() == 2
    assert page.locator("#case-state").get_attribute("data-state") == "applied"
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('mz-portal-draft:')).length") == 0
    accessible(page)

    # the township and the county act; the resident sees each new state
    town, county = staff["township"], staff["county"]
    cases.act(town, case.pk, "accept")
    page.reload()
    assert page.locator("#case-state").get_attribute("data-state") == "accepted"
    assert "办理期限" in page.content()
    cases.act(town, case.pk, "record_home_visit", VISIT)
    cases.act(town, case.pk, "request_verification")
    cases.act(county, case.pk, "record_verification", {"result": "passed", "report_ref": "HD-2026-9"})
    cases.act(town, case.pk, "initial_review", {"opinion": "拟同意", "recommend": "approve"})
    cases.act(town, case.pk, "publish_notice", {"place": "甲社区公开栏"})
    page.reload()
    assert page.locator("#case-state").get_attribute("data-state") == "in_notice" and "公示期" in page.content()
    today(monkeypatch, "2026-11-10")
    cases.act(town, case.pk, "submit")
    cases.act(county, case.pk, "confirm", {"comment": "符合低保条件，予以确认", "payee_id": people[0].pk})
    page.goto(f"{base}/")
    assert page.locator(f'[data-case="{case.pk}"] .portal-state').get_attribute("data-state") == "approved"
    accessible(page)
    page.click(f'[data-case="{case.pk}"]')
    page.wait_for_selector("#letter-link")
    accessible(page)
    page.screenshot(path=f"{shots}/portal-case-390.png", full_page=True)
    page.click("#letter-link")
    page.wait_for_url(f"{base}/cases/{case.pk}/letter/")
    assert "最低生活保障确认通知书" in page.content() and "王芳" in page.content()
    accessible(page)

    # the other pages: payments, complaints — accessible too
    for path in ("/payments/", "/complaints/"):
        page.goto(f"{base}{path}")
        accessible(page)
    # and at a desktop width
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/")
    page.screenshot(path=f"{shots}/portal-home-1366.png", full_page=True)
    assert len(CHECKED) >= 15
    context.close()


def test_a_resident_books_orders_and_reads_notices(browser, live_server, staff, poor_family, monkeypatch, tmp_path):
    """The requests through the other apps (issue 20, round 2) at 390×844: a marriage appointment (free places per
    slot), a 清明 booking with its QR code, a home-care order, the 身后一件事 form, and the notice the township's
    dispatch sends — every page through axe-core."""
    import datetime as dt

    from django.utils import timezone

    from minzheng.benefits.tests.factories import today
    from minzheng.core import protected
    from minzheng.eldercare.models import Order
    from minzheng.eldercare.services import homecare
    from minzheng.eldercare.tests import factories as eldercare_factories
    from minzheng.funeral.tests import factories as funeral_factories
    from minzheng.marriage.services import registries
    from minzheng.portal import codes
    from minzheng.portal.services import binding, signin

    today(monkeypatch, "2026-11-02")
    _household, people = poor_family
    registries.ensure_registry(None, "DH01", "定海区婚姻登记处", "330902000000")
    registries.load_capacities(None, registries.sample_text("DH01"))
    funeral_factories.slot(funeral_factories.cemetery(), dt.date(2026, 11, 20), capacity=30)
    _provider, item, worker = eldercare_factories.provider(staff["county"])
    account = signin.open_account("13912345678")
    signin.consent(account, codes.PRIVACY_VERSION)
    binding.bind(account, protected.unseal(people[0], "id_number_enc"), people[0].name)
    token = signin._new_session(account, timezone.now(), "browser")
    base = f"{live_server.url}/portal"
    shots = os.environ.get("MINZHENG_SHOTS") or str(tmp_path)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.set_default_timeout(60000)
    context.add_cookies([{"name": "mz_portal", "value": token, "url": f"{live_server.url}/portal/"}])
    page = context.new_page()

    page.goto(f"{base}/apply/")
    accessible(page)
    page.click("text=婚姻登记预约")
    page.wait_for_url(f"{base}/book/marriage/")
    page.fill("#day", "2026-11-10")
    page.click("text=查看可预约时段")
    page.wait_for_selector("#slot-am1")
    assert "个号" in page.locator("label[for=slot-am1]").inner_text()
    accessible(page)
    page.check("#slot-am1")
    page.fill("#partner_name", "张伟")
    page.screenshot(path=f"{shots}/portal-marriage-390.png", full_page=True)
    page.click("text=提交预约")
    page.wait_for_url(f"{base}/requests/*/")
    assert page.locator("#request-state").get_attribute("data-state") == "booked"
    accessible(page)

    page.goto(f"{base}/book/sweeping/")
    accessible(page)
    page.check("main input[name=slot_id]")
    page.fill("#party_size", "3")
    page.click("text=提交预约")
    page.wait_for_url(f"{base}/requests/*/")
    assert page.locator(".portal-qr svg").count() == 1
    accessible(page)
    page.screenshot(path=f"{shots}/portal-sweeping-qr-390.png", full_page=True)

    page.goto(f"{base}/homecare/")
    accessible(page)
    page.select_option("#person_id", str(people[0].pk))
    page.select_option("#item_id", str(item.pk))
    page.fill("#scheduled_on", "2026-11-05")
    page.click("main form button")
    page.wait_for_url(f"{base}/requests/*/")
    order = Order.objects.get()
    homecare.dispatch(staff["county"], order.pk, {"worker_id": worker.pk})  # the staff act: a notice follows
    page.goto(f"{base}/bereavement/")
    accessible(page)
    page.screenshot(path=f"{shots}/portal-bereavement-390.png", full_page=True)

    page.goto(f"{base}/")
    assert page.locator("[data-request]").count() == 3 and "新消息" in page.content()
    accessible(page)
    page.screenshot(path=f"{shots}/portal-home-requests-390.png", full_page=True)
    page.goto(f"{base}/notices/")
    assert "已派单" in page.content()
    accessible(page)
    page.screenshot(path=f"{shots}/portal-notices-390.png", full_page=True)
    context.close()
