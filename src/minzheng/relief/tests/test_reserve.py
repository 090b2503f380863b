"""The material reserve: receipts, dispatches (never below zero, also with 20 officers at once), sign-off, returns,
stocktakes with their differences explained, write-offs — and the ledger balancing after each."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from minzheng.core import clock
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.relief import selectors
from minzheng.relief.models import Movement, Stock
from minzheng.relief.services import reserve
from minzheng.relief.tests.factories import receive, warehouse


def _stock(wh, item="帐篷") -> int:
    return Stock.objects.get(warehouse=wh, item__name=item).quantity


def test_receipt_dispatch_return_keep_the_ledger_balanced(staff):
    county = staff["county"]
    wh = warehouse(county)
    receive(county, wh, quantity=10, expires_on="2030-01-01")
    receive(county, wh, quantity=5, source="donation", supplier="红十字会")
    sent = reserve.dispatch(county, {"warehouse_id": wh.pk, "item": "帐篷", "quantity": 6,
                                     "region_code": "330902001001", "recipient": "甲社区"})
    assert (sent.delta, sent.balance, sent.status) == (-6, 9, "sent")
    reserve.sign(county, sent.pk, {"signed_by": "甲社区 张主任", "signed_on": sent.moved_on.isoformat()})
    with pytest.raises(Conflict):
        reserve.sign(county, sent.pk, {"signed_by": "又一次"})
    back = reserve.return_goods(county, sent.pk, {"quantity": 4, "note": "安置结束回收"})
    assert back.balance == 13
    with pytest.raises(Conflict, match="最多 2"):
        reserve.return_goods(county, sent.pk, {"quantity": 3})
    assert _stock(wh) == 13
    assert selectors.ledger_check(wh.pk)["balanced"]


def test_short_stock_is_refused_with_what_is_available(staff):
    county = staff["county"]
    wh = warehouse(county)
    receive(county, wh, quantity=3)
    with pytest.raises(reserve.ShortStock) as exc:
        reserve.dispatch(county, {"warehouse_id": wh.pk, "item": "帐篷", "quantity": 4, "region_code": "330902001001"})
    assert exc.value.available == 3 and exc.value.status == 409
    assert _stock(wh) == 3 and Movement.objects.filter(kind="dispatch").count() == 0


def test_a_unit_other_than_the_items_is_refused(staff):
    wh = warehouse(staff["county"])
    receive(staff["county"], wh, quantity=3)
    with pytest.raises(ValidationFailed, match="顶"):
        receive(staff["county"], wh, unit="个", quantity=3)


def test_stocktake_differences_need_a_reason_and_become_ledger_rows(staff):
    county = staff["county"]
    wh = warehouse(county)
    receive(county, wh, quantity=10)
    receive(county, wh, item="棉被", unit="床", quantity=20)
    with pytest.raises(ValidationFailed) as exc:
        reserve.record_stocktake(county, {"warehouse_id": wh.pk, "counted_by": "陈保管、李会计",
                                          "lines": [{"item": "帐篷", "counted": 9}, {"item": "棉被", "counted": 20}]})
    assert [e.field for e in exc.value.errors] == ["lines[0].explanation"]
    take = reserve.record_stocktake(county, {
        "warehouse_id": wh.pk, "counted_by": "陈保管、李会计",
        "lines": [{"item": "帐篷", "counted": 9, "explanation": "一顶受潮霉变，已另行报废处理"},
                  {"item": "棉被", "counted": 21, "explanation": "上次出库少发一床"}]})
    assert _stock(wh) == 9 and _stock(wh, "棉被") == 21
    kinds = sorted(Movement.objects.filter(stocktake=take).values_list("kind", "delta"))
    assert kinds == [("adjust_gain", 1), ("adjust_loss", -1)]
    assert selectors.ledger_check(wh.pk)["balanced"]


def test_write_off_and_expiry_list(staff, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-07-01")
    county = staff["county"]
    wh = warehouse(county)
    receive(county, wh, item="方便面", unit="箱", quantity=50, expires_on="2026-08-15")
    receive(county, wh, item="饮用水", unit="箱", quantity=50, expires_on="2027-12-31")
    soon = list(selectors.expiring(county, clock.today(), 90))
    assert [m.item.name for m in soon] == ["方便面"]
    reserve.write_off(county, {"warehouse_id": wh.pk, "item": "方便面", "quantity": 50, "note": "过期报废"})
    assert list(selectors.expiring(county, clock.today(), 90)) == []  # nothing left of it
    assert selectors.ledger_check(wh.pk)["balanced"]


def test_roles_and_regions(staff):
    wh = warehouse(staff["county"])
    receive(staff["county"], wh, quantity=3)
    with pytest.raises(Forbidden):
        reserve.dispatch(staff["village"], {"warehouse_id": wh.pk, "item": "帐篷", "quantity": 1,
                                            "region_code": "330902001001"})
    with pytest.raises(NotFound):  # the county's warehouse is outside a township keeper's subtree
        reserve.dispatch(staff["township"], {"warehouse_id": wh.pk, "item": "帐篷", "quantity": 1,
                                             "region_code": "330902001001"})
    with pytest.raises(Forbidden):
        warehouse(staff["township"], region="330903000000")


def _together(count, work):
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # the test decides which failures are acceptable
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_dispatches_against_ten_in_stock(make_user):
    county = make_user("county", "330902000000")
    wh = warehouse(county)
    receive(county, wh, quantity=10)
    results = _together(20, lambda i: reserve.dispatch(county, {
        "warehouse_id": wh.pk, "item": "帐篷", "quantity": 1, "region_code": "330902001001",
        "recipient": f"第{i}组"}))
    done = [r for r in results if isinstance(r, Movement)]
    refused = [r for r in results if isinstance(r, reserve.ShortStock)]
    assert len(done) == 10 and len(refused) == 10, results
    assert all(r.available == 0 for r in refused)
    assert _stock(wh) == 0
    assert sorted(m.balance for m in done) == list(range(10))  # each saw the stock its own take left
    check = selectors.ledger_check(wh.pk)
    assert check["balanced"], check
