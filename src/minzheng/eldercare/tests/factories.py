"""Test data for 养老服务: institutions (through assistance's register and this app's profile), providers with an item
and a worker, elders, orders walked to confirmation, devices."""

from __future__ import annotations

import datetime as dt

from minzheng.eldercare.services import alarms, beds, homecare, institutions
from minzheng.registry.tests.factories import person_household

ACCOUNT = "6217000099998887777"


def institution(county, name="定海区城东颐养院", region="330902001000", ownership="public_private", nursing=60,
                dementia=20, general=40):
    return institutions.register_institution(county, {
        "name": name, "kind": "elderly_care", "region_code": region, "operator": "城东颐养公司",
        "bank_name": "工商银行定海支行", "account": ACCOUNT, "ownership": ownership, "licence_kind": "filing",
        "licence_no": "浙舟定民养备2026001", "licence_on": "2026-01-05", "beds_nursing": nursing,
        "beds_dementia": dementia, "beds_general": general})


def elder(clerk, name="老人甲", born="19400301", region="330902001001"):
    return person_household(clerk, name, born, region)[1]


def provider(county, name="定海区暖心居家养老服务中心", region="330902001000", price="50.00", item="助浴"):
    p = homecare.add_provider(county, {"name": name, "kind": "home_care", "region_code": region,
                                       "contact_name": "王经理", "phone": "13800138000",
                                       "bank_name": "农商银行定海支行",
                                       "account": "6222020200001112222"})
    i = homecare.add_item(county, {"provider_id": p.pk, "name": item, "unit": "visit", "price": price})
    from minzheng.eldercare.services import institutions as inst

    w = inst.add_worker(county, {"provider_id": p.pk, "name": "护理员李", "role": "care_worker",
                                 "certificate": "care_4", "certificate_no": "S2026001", "phone": "13900139000",
                                 "hired_on": "2025-06-01"})
    return p, i, w


def served_order(clerk, county, person, item, worker, on=dt.date(2026, 4, 10), quantity=1, rating=5, bed=None):
    """An order walked from creation to the elder's confirmation."""
    o = homecare.create_order(clerk, {"person_id": person.pk, "item_id": item.pk, "quantity": quantity,
                                      "scheduled_on": on.isoformat(), "source": "family",
                                      "bed_id": bed.pk if bed else None})
    homecare.dispatch(clerk, o.pk, {"worker_id": worker.pk})
    homecare.check_in(clerk, o.pk, {"lat": "30.0123", "lng": "122.1067"})
    homecare.check_out(clerk, o.pk, {"lat": "30.0124", "lng": "122.1068"})
    return homecare.confirm(clerk, o.pk, {"rating": rating, "feedback": "满意"})


def bed(clerk, person, prov, levels, level=3):
    levels[person.pk] = level
    return beds.open_bed(clerk, {"person_id": person.pk, "provider_id": prov.pk, "agreement_no": f"JTCW-{person.pk}",
                                 "agreement_from": "2026-04-01", "address": "城东街道甲社区幸福路 1 号"})


def device(county, person=None, bed_row=None, serial="DEV-0001", kind="wearable", provider_id=None):
    return alarms.register_device(county, {"serial": serial, "kind": kind,
                                           "person_id": person.pk if person else None,
                                           "bed_id": bed_row.pk if bed_row else None, "provider_id": provider_id})
