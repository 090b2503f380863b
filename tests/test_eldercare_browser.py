"""养老服务 in a browser (issue 14): a home-care order from its registration by the village clerk to the county's
monthly settlement, and a device alarm from the device's signed post to its closure by the clerk — at desktop width
and on a phone (390 × 844), with screenshots."""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.request

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


def submit(page) -> None:
    with page.expect_navigation():  # a bare wait_for_load_state may still see the old page as loaded
        page.click("main form button[type=submit]")


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_order_from_creation_to_settlement(browser, live_server, make_user, monkeypatch, tmp_path):
    from minzheng.core import protected
    from minzheng.eldercare.models import Order, Settlement
    from minzheng.eldercare.services import homecare
    from minzheng.eldercare.tests.factories import elder, provider

    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-20")
    county, clerk = make_user("county", "330902000000"), make_user("village", "330902001001")
    _, item, worker = provider(county, price="45.00")
    person = elder(clerk, name="陈阿公")
    homecare.add_quota(county, {"person_id": person.pk, "source": "service_subsidy", "monthly": "60.00",
                                "from_month": "2026-01"})
    number = protected.unseal(person, "id_number_enc")
    base = live_server.url

    # The village clerk, on a phone: registers the order for the family, dispatches it, records the worker's
    # check-in and check-out and the elder's rating.
    page = sign_in(browser, base, clerk, width=390)
    page.goto(f"{base}/eldercare/orders/new/")
    page.fill("#id_id_number", number)
    page.select_option("#id_item_id", str(item.pk))
    page.fill("#id_quantity", "2")
    page.fill("#id_scheduled_on", "2026-04-21")
    page.select_option("#id_source", "family")
    submit(page)
    assert "已登记订单" in page.content() and "陈阿公" in page.content()
    no_sideways_scroll(page)
    order = Order.objects.get()
    page.click("text=派单")
    page.select_option("#id_worker_id", str(worker.pk))
    submit(page)
    page.click("text=签到")
    page.fill("#id_lat", "30.012300")
    page.fill("#id_lng", "122.106700")
    submit(page)
    page.click("text=签退")
    submit(page)
    page.click("text=确认评价")
    page.select_option("#id_rating", "5")
    submit(page)
    assert "已确认" in page.content()
    page.screenshot(path=str(tmp_path / "order-confirmed-390.png"), full_page=True)
    page.context.close()
    order.refresh_from_db()
    assert (order.state, order.amount_fen, order.rating) == ("confirmed", 9000, 5)

    # The county officer, after the month: settles April (with a comment on the confirmation step).
    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-03")
    page = sign_in(browser, base, county)
    page.goto(f"{base}/eldercare/settlements/run/")
    page.fill("#id_month", "2026-04")
    page.click("main form button[type=submit]")
    page.fill("textarea[name=confirm_comment]", "已核对四月服务订单")
    page.click("main form button.btn-danger")
    page.wait_for_url(f"{base}/eldercare/settlements/")
    assert "已结算" in page.content()
    s = Settlement.objects.get()
    assert (s.total_fen, s.gov_fen, s.self_fen) == (9000, 6000, 3000)
    with page.expect_navigation():  # read the detail page only once it has replaced the list
        page.click("table tbody a")
    body = page.content()
    assert "陈阿公" in body and "60.00" in body and "30.00" in body
    with page.expect_download() as download:
        page.click("text=下载结算文件")
    from pathlib import Path

    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "陈阿公" in text and text.strip().splitlines()[-1].endswith("90.00,60.00,30.00")
    page.screenshot(path=str(tmp_path / "settlement-1366.png"), full_page=True)
    page.context.close()
    order.refresh_from_db()
    assert order.state == "settled"


def test_an_alarm_from_device_post_to_closure(browser, live_server, make_user, monkeypatch, tmp_path):
    from minzheng.eldercare.models import Alarm
    from minzheng.eldercare.policy.alarms import sign
    from minzheng.eldercare.tests.factories import device, elder

    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-20")
    county, clerk = make_user("county", "330902000000"), make_user("village", "330902001001")
    dev, key = device(county, person=elder(clerk, name="林阿婆"), serial="SOS-0417", kind="button")
    base = live_server.url

    # The device posts, signed with its own key.
    body = json.dumps({"event_id": "0417-001", "kind": "sos"}).encode()
    ts = int(time.time())
    request = urllib.request.Request(f"{base}/api/v1/elderly/alarms", data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Device-Serial": dev.serial, "X-Timestamp": str(ts),
        "X-Signature": sign(bytes.fromhex(key), ts, body)})
    with urllib.request.urlopen(request) as response:
        assert response.status == 201
        answer = json.loads(response.read())
    assert answer["target"] == "village"

    # The village clerk, on a phone: the queue shows it; acknowledges, then closes it with what was done.
    page = sign_in(browser, base, clerk, width=390)
    page.goto(f"{base}/eldercare/alarms/?state=open")
    assert "紧急呼叫" in page.content() and "林阿婆" in page.content()
    no_sideways_scroll(page)
    page.screenshot(path=str(tmp_path / "alarm-queue-390.png"), full_page=True)
    page.click(f"table tbody a[href='/eldercare/alarms/{answer['id']}/']")
    page.click("text=响应")
    submit(page)
    assert "已响应" in page.content()
    page.click("text=处置完成")
    page.select_option("#id_outcome", "visited")
    page.fill("#id_action_taken", "上门查看，老人误按呼叫器，身体无恙")
    submit(page)
    assert "已处置" in page.content() and "误按呼叫器" in page.content()
    page.context.close()
    alarm = Alarm.objects.get(pk=answer["id"])
    assert alarm.state == "closed" and alarm.ack_seconds is not None and alarm.closed_by == clerk
