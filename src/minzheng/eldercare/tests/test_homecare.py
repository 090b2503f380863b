"""Home and community care: providers and prices, an order from registration to confirmation (with the state
checks), the monthly settlement against each elder's quota (SQL agreeing with the policy, across providers), the
settlement file (encrypted, formula-safe), 助餐 and 日间照料."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core import filestore
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.eldercare import selectors
from minzheng.eldercare.models import Order, Settlement, SettlementLine
from minzheng.eldercare.policy import settlement as policy
from minzheng.eldercare.services import homecare, settlement
from minzheng.eldercare.tests.factories import elder, provider, served_order


@pytest.fixture
def april(monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-20")


def test_an_order_from_registration_to_confirmation(staff, village_user, april):
    county, clerk = staff["county"], village_user
    prov, item, worker = provider(county, price="45.50")
    person = elder(clerk)
    order = homecare.create_order(clerk, {"person_id": person.pk, "item_id": item.pk, "quantity": 2,
                                          "scheduled_on": "2026-04-12", "source": "family"})
    assert (order.state, order.amount_fen, order.provider_id) == ("created", 9100, prov.pk)
    with pytest.raises(Conflict, match="不能签到"):
        homecare.check_in(clerk, order.pk, {})
    homecare.dispatch(clerk, order.pk, {"worker_id": worker.pk})
    row = homecare.check_in(clerk, order.pk, {"lat": "30.01", "lng": 122.1})
    assert row.state == "in_service" and row.checkin_at and str(row.checkin_lat) == "30.010000"
    row = homecare.check_out(clerk, order.pk, {"lat": "30.01", "lng": "122.1"})
    assert row.state == "done" and row.service_month == dt.date(2026, 4, 1)
    with pytest.raises(ValidationFailed):
        homecare.confirm(clerk, order.pk, {"rating": 6})
    row = homecare.confirm(clerk, order.pk, {"rating": 4, "feedback": "准时"})
    assert (row.state, row.rating) == ("confirmed", 4)
    with pytest.raises(Conflict, match="不能取消"):
        homecare.cancel(clerk, order.pk, {"reason": "x"})


def test_hostile_coordinates_and_other_providers_workers(staff, village_user, april):
    county = staff["county"]
    _, item, _ = provider(county)
    _, _, other_worker = provider(county, name="另一家服务中心")
    person = elder(village_user)
    order = homecare.create_order(village_user, {"person_id": person.pk, "item_id": item.pk,
                                                 "scheduled_on": "2026-04-12"})
    with pytest.raises(ValidationFailed, match="不属于该订单的服务组织"):
        homecare.dispatch(village_user, order.pk, {"worker_id": other_worker.pk})
    with pytest.raises(ValidationFailed):
        homecare.create_order(village_user, {"person_id": person.pk, "item_id": item.pk, "quantity": 10**9,
                                             "scheduled_on": "7475-01-01"})
    order.state = "dispatched"
    order.save()
    with pytest.raises(ValidationFailed, match="坐标超出范围"):
        homecare.check_in(village_user, order.pk, {"lat": "91", "lng": "0"})
    with pytest.raises(ValidationFailed, match="坐标应为数值"):
        homecare.check_in(village_user, order.pk, {"lat": "1e400", "lng": [1]})


def test_only_the_county_keeps_providers_and_prices(staff):
    with pytest.raises(Forbidden):
        provider(staff["township"])


def _orders_for_settlement(staff, village_user):
    county, clerk = staff["county"], village_user
    p1, item1, w1 = provider(county, price="30.00")
    p2, item2, w2 = provider(county, name="第二服务中心", price="50.00")
    a, b, c = elder(clerk, "老人甲"), elder(clerk, "老人乙"), elder(clerk, "老人丙")
    homecare.add_quota(county, {"person_id": a.pk, "source": "service_subsidy", "monthly": "60.00",
                                "from_month": "2026-01"})
    homecare.add_quota(county, {"person_id": a.pk, "source": "voucher", "monthly": "20.00",
                                "from_month": "2026-03", "to_month": "2026-03"})  # not in force in April
    homecare.add_quota(county, {"person_id": b.pk, "source": "voucher", "monthly": "1000.00",
                                "from_month": "2026-04"})
    served = [served_order(clerk, county, a, item1, w1), served_order(clerk, county, a, item2, w2),
              served_order(clerk, county, a, item1, w1), served_order(clerk, county, b, item2, w2, quantity=3),
              served_order(clerk, county, c, item1, w1)]
    unconfirmed = homecare.create_order(clerk, {"person_id": c.pk, "item_id": item1.pk,
                                                "scheduled_on": "2026-04-15"})
    return (p1, p2), (a, b, c), served, unconfirmed


def test_monthly_settlement_against_quotas(staff, village_user, monkeypatch, april):
    (p1, p2), (a, b, _c), served, unconfirmed = _orders_for_settlement(staff, village_user)
    county = staff["county"]
    with pytest.raises(Conflict, match="尚未结束"):
        settlement.settle_month(county, {"month": "2026-04"})
    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-03")
    with pytest.raises(Forbidden):
        settlement.settle_month(staff["township"], {"month": "2026-04"})
    result = settlement.settle_month(county, {"month": "2026-04"})
    # the policy on the same orders
    orders = [policy.Order(o.pk, o.person_id, o.provider_id, o.amount_fen, (o.checkout_at, o.pk)) for o in served]
    shares = policy.allocate(orders, {a.pk: 6000, b.pk: 100000})
    expected = policy.provider_totals(orders, shares)
    got = {s.provider_id: (s.total_fen, s.gov_fen, s.self_fen) for s in Settlement.objects.all()}
    assert got == expected
    # 老人甲: 30 + 50 + 30 against 60 → 30 + 30 paid, 20 + 30 own; 老人乙 fully paid; 老人丙 no quota
    assert got[p1.pk] == (9000, 3000, 6000) and got[p2.pk] == (20000, 18000, 2000)
    assert result["orders"] == 5 and result["gov_fen"] == 21000 and result["total_fen"] == 29000
    settled = {o.pk: (o.state, o.gov_fen, o.self_fen) for o in Order.objects.all()}
    assert all(settled[o.pk][0] == "settled" for o in served)
    assert settled[unconfirmed.pk] == ("created", None, None)
    assert {o.pk: (g, s) for o, (_, g, s) in zip(served, [settled[o.pk] for o in served], strict=True)} == \
        {o.pk: shares[o.pk] for o in served}
    assert SettlementLine.objects.filter(person=a).count() == 2  # one line per provider
    with pytest.raises(Conflict, match="已结算"):
        settlement.settle_month(county, {"month": "2026-04"})


def test_the_settlement_file_is_encrypted_formula_safe_and_adds_up(staff, village_user, monkeypatch, april):
    county = staff["county"]
    _p, item, w = provider(county, price="25.00")
    person = elder(village_user, name="=HYPERLINK(\"x\")")
    served_order(village_user, county, person, item, w)
    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-03")
    settlement.settle_month(county, {"month": "2026-04"})
    s = Settlement.objects.get()
    raw = filestore.path_of(s.file.key).read_bytes()
    assert b"HYPERLINK" not in raw and "老人".encode() not in raw  # encrypted on disk
    text = filestore.read_bytes(s.file).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("序号,老人姓名")
    assert "'=HYPERLINK" in lines[1]  # formula-safe
    assert lines[-1].startswith("合计") and lines[-1].endswith("25.00,0.00,25.00")


def test_nothing_to_settle_is_a_conflict(staff, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-03")
    with pytest.raises(Conflict, match="没有已确认"):
        settlement.settle_month(staff["county"], {"month": "2026-04"})


def test_meals_and_day_centre_attendance(staff, village_user, april):
    county, township = staff["county"], staff["township"]
    p, _, _ = provider(county)
    point = homecare.add_meal_point(county, {"name": "甲社区老年食堂", "region_code": "330902001001",
                                             "provider_id": p.pk, "seats": 40, "meal_price": "12.00"})
    homecare.record_meals(township, point.pk, {"served_on": "2026-04-18", "meals": 80, "elderly_meals": 65,
                                               "delivered": 10})
    with pytest.raises(Conflict, match="已登记"):
        homecare.record_meals(township, point.pk, {"served_on": "2026-04-18", "meals": 1, "elderly_meals": 1})
    with pytest.raises(ValidationFailed, match="不能超过供餐数"):
        homecare.record_meals(township, point.pk, {"served_on": "2026-04-19", "meals": 1, "elderly_meals": 2})
    center = homecare.add_day_center(county, {"name": "城东街道日间照料中心", "region_code": "330902001000",
                                              "services": "助餐、午休、康复、文娱", "places": 30})
    person = elder(village_user)
    homecare.record_attendance(township, center.pk, {"person_id": person.pk, "on": "2026-04-18",
                                                     "services": "午餐、康复"})
    with pytest.raises(Conflict, match="已签到"):
        homecare.record_attendance(township, center.pk, {"person_id": person.pk, "on": "2026-04-18"})
    assert selectors.attendance_for(county).count() == 1
    assert selectors.meal_records_for(county).get().elderly_meals == 65
