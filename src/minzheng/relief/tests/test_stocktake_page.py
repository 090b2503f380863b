"""The stocktake page: counted quantities per item (the book as the default), every difference explained, a
confirmation step, then the ledger adjusted in one transaction and still balanced."""

from __future__ import annotations

from django.test import Client

from conftest import PASSWORD
from minzheng.relief import selectors
from minzheng.relief.models import Movement, Stock, Stocktake
from minzheng.relief.tests.factories import receive, warehouse


def test_the_stocktake_form_adjusts_the_ledger_after_confirmation(staff):
    county = staff["county"]
    wh = warehouse(county)
    receive(county, wh, item="帐篷", unit="顶", quantity=10)
    receive(county, wh, item="棉被", unit="床", quantity=40)
    tent, quilt = (selectors.item_named(n) for n in ("帐篷", "棉被"))
    c = Client()
    assert c.login(username=county.username, password=PASSWORD)
    page = c.get(f"/relief/warehouses/{wh.pk}/stocktake/").content.decode()
    assert "帐篷实盘数量（顶，账面 10）" in page and 'value="40"' in page
    form = {"counted_by": "陈保管", f"counted_{tent.pk}": "9", f"counted_{quilt.pk}": "40"}
    r = c.post(f"/relief/warehouses/{wh.pk}/stocktake/", form)  # a difference without its reason
    assert r.status_code == 200 and "确认办理说明" in r.content.decode()  # the confirmation step comes first
    r = c.post(f"/relief/warehouses/{wh.pk}/stocktake/", {**form, "_confirm_step": "1", "confirm_comment": "季度盘点"})
    assert r.status_code == 422 and "须说明差异原因" in r.content.decode()
    assert not Stocktake.objects.exists() and Movement.objects.count() == 2  # nothing half-written
    form[f"explanation_{tent.pk}"] = "1顶霉变，待报损"
    r = c.post(f"/relief/warehouses/{wh.pk}/stocktake/", {**form, "_confirm_step": "1", "confirm_comment": "季度盘点"})
    assert r.status_code == 302
    take = Stocktake.objects.get()
    assert Stock.objects.get(warehouse=wh, item=tent).quantity == 9
    loss = Movement.objects.get(stocktake=take)
    assert (loss.kind, loss.delta, loss.balance, loss.note) == ("adjust_loss", -1, 9, "1顶霉变，待报损")
    assert selectors.ledger_check(wh.pk)["balanced"]
    detail = c.get(f"/relief/stocktakes/{take.pk}/").content.decode()
    assert "1顶霉变，待报损" in detail and "陈保管" in detail
    assert c.get(f"/relief/warehouses/{wh.pk}/stocktake/").status_code == 200
    village = Client()
    assert village.login(username=staff["village"].username, password=PASSWORD)
    assert village.get(f"/relief/warehouses/{wh.pk}/stocktake/").status_code == 403
