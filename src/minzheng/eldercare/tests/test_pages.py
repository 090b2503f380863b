"""The 养老服务 pages: every list renders with names (not codes) and exports its filtered rows; forms call the
services and land errors on the fields; the order steps and the alarm steps work from the pages; the QR label holds
only the opaque token; a scan opens the bed for an authorised worker only."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from minzheng.eldercare.models import Alarm, Order
from minzheng.eldercare.services import institutions as inst_svc
from minzheng.eldercare.tests.factories import bed, device, elder, institution, provider, served_order

pytestmark = pytest.mark.usefixtures("today")

LISTS = ["eldercare_institution_list", "eldercare_resident_list", "eldercare_worker_list", "eldercare_grading_list",
         "eldercare_round_list", "eldercare_inspection_list", "eldercare_credit_list", "eldercare_provider_list",
         "eldercare_item_list", "eldercare_quota_list", "eldercare_order_list", "eldercare_settlement_list",
         "eldercare_meal_point_list", "eldercare_meal_list", "eldercare_day_center_list",
         "eldercare_attendance_list", "eldercare_bed_list", "eldercare_device_list", "eldercare_alarm_list"]


@pytest.fixture
def world(staff, village_user, levels):
    county = staff["county"]
    inst = institution(county)
    inst_svc.record_grading(county, inst.pk, {"assessed_on": "2026-04-01", "environment": "110", "facilities": "120",
                                              "management": "140", "service": "550", "assessors": "评定组"})
    prov, item, worker = provider(county)
    person = elder(village_user, name="王阿婆")
    order = served_order(village_user, county, person, item, worker)
    b = bed(village_user, person, prov, levels)
    dev, key = device(county, bed_row=b)
    return {"institution": inst, "provider": prov, "item": item, "worker": worker, "person": person,
            "order": order, "bed": b, "device": dev, "key": key}


@pytest.mark.parametrize("name", LISTS)
def test_every_list_renders_and_exports(name, world, staff, client_for):
    client = client_for(staff["county"])
    response = client.get(reverse(name))
    assert response.status_code == 200, name
    xlsx = client.get(reverse(name) + "?export=xlsx")
    assert xlsx.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True).active.values)
    assert rows[0]  # the header in Chinese
    assert all(re.search(r"[\u4e00-\u9fff]", str(h)) for h in rows[0] if h)


def test_lists_show_names_and_labels(world, staff, client_for):
    client = client_for(staff["county"])
    page = client.get(reverse("eldercare_institution_list")).content.decode()
    assert "公建民营" in page and "五级" in page and "城东街道" in page
    page = client.get(reverse("eldercare_order_list")).content.decode()
    assert "王阿婆" in page and "已确认" in page and "50.00" in page
    page = client.get(reverse("eldercare_worker_list")).content.decode()
    assert "139****9000" in page and "13900139000" not in page
    bad = client.get(reverse("eldercare_order_list") + "?service_month=2026-13")
    assert bad.status_code == 422 and "月份" in bad.content.decode()


def test_the_village_clerk_sees_no_export_and_no_register_buttons(world, village_user, client_for):
    client = client_for(village_user)
    page = client.get(reverse("eldercare_institution_list"))
    assert page.status_code == 200 and "登记养老机构" not in page.content.decode()
    assert client.get(reverse("eldercare_order_list") + "?export=csv").status_code == 403


def test_register_an_institution_from_the_page(staff, client_for):
    client = client_for(staff["county"])
    url = reverse("eldercare_institution_add")
    bad = client.post(url, {"name": "", "kind": "elderly_care"})
    assert bad.status_code == 422
    ok = client.post(url, {"name": "定海区南珍颐养院", "kind": "elderly_care", "ownership": "private",
                           "region_code": "330902001000", "licence_kind": "filing", "beds_nursing": "30",
                           "beds_dementia": "10", "beds_general": "20", "bank_name": "工商银行",
                           "account": "6222020200009998888"})
    assert ok.status_code == 302
    detail = client.get(ok["Location"]).content.decode()
    assert "定海区南珍颐养院" in detail and "民办" in detail and "60" in detail


def test_an_order_walked_through_the_pages(world, staff, village_user, client_for):
    from minzheng.registry.selectors import get_person

    client = client_for(village_user)
    id_number = get_person(village_user, world["person"].pk).id_number_masked  # masked: not usable
    bad = client.post(reverse("eldercare_order_add"), {"id_number": id_number, "item_id": world["item"].pk,
                                                      "quantity": 1, "scheduled_on": "2026-04-21",
                                                      "source": "clerk"})
    assert bad.status_code == 422 and "未找到该身份证号的人员" in bad.content.decode()
    from minzheng.core import protected
    from minzheng.registry.models import Person

    number = protected.unseal(Person.objects.get(pk=world["person"].pk), "id_number_enc")
    created = client.post(reverse("eldercare_order_add"), {"id_number": number, "item_id": world["item"].pk,
                                                          "quantity": 2, "scheduled_on": "2026-04-21",
                                                          "source": "family"})
    assert created.status_code == 302
    pk = int(created["Location"].rstrip("/").split("/")[-1])
    page = client.get(created["Location"]).content.decode()
    assert "派单" in page and "签退" not in page.split("</h1>")[1].split("<section")[0]
    steps = [("eldercare_order_dispatch", {"worker_id": world["worker"].pk}),
             ("eldercare_order_checkin", {"lat": "30.01", "lng": "122.10"})]
    for name, data in steps:
        assert client.post(reverse(name, args=[pk]), data).status_code == 302
    assert client.post(reverse("eldercare_order_checkout", args=[pk]), {}).status_code == 302
    assert client.post(reverse("eldercare_order_confirm", args=[pk]), {"rating": "5"}).status_code == 302
    assert Order.objects.get(pk=pk).state == "confirmed"
    again = client.post(reverse("eldercare_order_checkin", args=[pk]), {})
    assert again.status_code == 409 and "不能签到" in again.content.decode()


def test_the_label_holds_only_the_token_and_the_scan_opens_the_bed(world, staff, village_user, client_for,
                                                                    make_user):
    client = client_for(village_user)
    b = world["bed"]
    label = client.get(reverse("eldercare_bed_label", args=[b.pk]))
    assert label.status_code == 200
    html = label.content.decode()
    assert "<svg" in html and "王阿婆" not in html
    import segno  # noqa: F401  (the dependency the label uses)

    scan = client.get(reverse("eldercare_bed_scan", args=[b.token]))
    assert scan.status_code == 302 and scan["Location"] == reverse("eldercare_bed", args=[b.pk])
    assert "王阿婆" in client.get(scan["Location"]).content.decode()
    outsider = client_for(make_user("village", "330903001001"))
    assert outsider.get(reverse("eldercare_bed_scan", args=[b.token])).status_code == 404
    assert client_for(make_user("auditor", "330902000000")).get(
        reverse("eldercare_bed_scan", args=[b.token])).status_code == 403
    anonymous = client.__class__()
    assert anonymous.get(reverse("eldercare_bed_scan", args=[b.token])).status_code == 302  # to the login page


def test_device_key_shown_once_and_alarm_steps_from_the_pages(world, staff, village_user, client_for):
    county = client_for(staff["county"])
    response = county.post(reverse("eldercare_device_add"), {"serial": "SOS-9", "kind": "button",
                                                            "bed_id": world["bed"].pk})
    assert response.status_code == 200
    key = re.search(r'id="device-key"[^>]*>([0-9a-f]{64})<', response.content.decode()).group(1)
    assert key not in county.get(reverse("eldercare_device_list")).content.decode()
    from minzheng.eldercare.services import alarms

    body = b'{"event_id": "p-1", "kind": "sos"}'
    import time

    from minzheng.eldercare.policy.alarms import sign

    ts = int(time.time())
    alarm, _ = alarms.receive("SOS-9", str(ts), sign(bytes.fromhex(key), ts, body), body)
    clerk = client_for(village_user)
    queue = clerk.get(reverse("eldercare_alarm_list")).content.decode()
    assert "紧急呼叫" in queue and "待响应" in queue
    assert clerk.post(reverse("eldercare_alarm_ack", args=[alarm.pk]), {}).status_code == 302
    closed = clerk.post(reverse("eldercare_alarm_close", args=[alarm.pk]),
                        {"outcome": "visited", "action_taken": "上门查看，老人误触"})
    assert closed.status_code == 302
    assert Alarm.objects.get(pk=alarm.pk).state == "closed"
