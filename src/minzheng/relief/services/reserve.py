"""The relief-material reserve (救灾物资储备): warehouses, receipts (purchase, allocation from above, donation),
dispatches to events and villages with sign-off, returns, stocktakes with every difference explained, and
write-offs of expired goods.

The ledger balances at every moment: each change of a `Stock` row is made in the same transaction as the
`Movement` row recording it, with the balance right after it. Stock never goes negative, also when many officers
dispatch at once: a dispatch is one conditional UPDATE (`quantity = quantity - n WHERE quantity >= n`) — on
PostgreSQL the row lock makes a concurrent UPDATE wait and re-check its condition on the committed row; on SQLite the
IMMEDIATE transaction serialises writers — and the database refuses a negative balance (CHECK) as a last guard."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from minzheng.core import audit, clock, regioncodes, validation
from minzheng.core.errors import Conflict, FieldError, Forbidden, ValidationFailed
from minzheng.core.models import Region
from minzheng.relief import codes, selectors
from minzheng.relief.models import Movement, ReliefItem, Stock, Stocktake, StocktakeLine, Warehouse
from minzheng.relief.schemas import (
    DispatchIn,
    ReceiptIn,
    ReturnIn,
    SignIn,
    StocktakeIn,
    WarehouseIn,
    WriteOffIn,
)

STORE = "relief.store"


class ShortStock(Conflict):
    """409: not enough in stock; `available` is what the warehouse holds now."""

    def __init__(self, item: ReliefItem, available: int, wanted: int):
        super().__init__(f"{item.name}库存不足：现有 {available} {item.unit}，申请调拨 {wanted} {item.unit}")
        self.available = available


def _region(actor, code: str, field: str = "region_code") -> str:
    if not regioncodes.in_subtree(code, actor.region_id):
        raise Forbidden(f"只能办理本辖区（{actor.region_id}）及其下级区划的业务")
    if not Region.objects.filter(code=code).exists():
        raise ValidationFailed.one(field, f"区划代码 {code} 不存在")
    return code


def _movement_event(m: Movement, **extra) -> audit.Event:
    return audit.Event("create", "relief_movement", m.pk, m.region_code, {
        "warehouse": [None, m.warehouse_id], "item": [None, m.item.name], "kind": [None, codes.MOVEMENT_KINDS[m.kind]],
        "delta": [None, m.delta], "balance": [None, m.balance], **{k: [None, v] for k, v in extra.items()}})


def add_warehouse(actor, data) -> Warehouse:
    selectors.require(actor, STORE)
    d = validation.validate(WarehouseIn, data)
    with transaction.atomic():
        _region(actor, d.region_code)
        if Warehouse.objects.filter(region_code=d.region_code, name=d.name).exists():
            raise ValidationFailed.one("name", f"该区划已有名为“{d.name}”的储备库")
        wh = Warehouse.objects.create(name=d.name, level=d.level, region_code=d.region_code, address=d.address,
                                      keeper=d.keeper)
        audit.record(actor, audit.Event("create", "relief_warehouse", wh.pk, wh.region_code, {
            "name": [None, wh.name], "level": [None, codes.WAREHOUSE_LEVELS[wh.level]]}))
    return wh


def _item(name: str, unit: str | None = None) -> ReliefItem:
    """The catalogue item by name; a receipt registers a new one with its unit (a different unit is refused)."""
    item = ReliefItem.objects.filter(name=name).first()
    if item is None:
        if unit is None:
            raise ValidationFailed.one("item", f"物资“{name}”尚未入库登记")
        try:
            with transaction.atomic():
                item = ReliefItem.objects.create(name=name, unit=unit)
        except IntegrityError:  # registered at the same moment by another receipt
            item = ReliefItem.objects.get(name=name)
    if unit is not None and item.unit != unit:
        raise ValidationFailed.one("unit", f"物资“{name}”的计量单位为“{item.unit}”，不能按“{unit}”入库")
    return item


def _add(wh: Warehouse, item: ReliefItem, delta: int) -> int:
    """Add (delta > 0) to the stock row (created at 0 when new); the balance after it."""
    stock, _ = Stock.objects.get_or_create(warehouse=wh, item=item, defaults={"region_code": wh.region_code})
    Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + delta)
    return Stock.objects.values_list("quantity", flat=True).get(pk=stock.pk)


def _take(wh: Warehouse, item: ReliefItem, quantity: int) -> int:
    """Take `quantity` out only if it is there (one conditional UPDATE); the balance after it, or ShortStock."""
    taken = Stock.objects.filter(warehouse=wh, item=item, quantity__gte=quantity).update(
        quantity=F("quantity") - quantity)
    row = Stock.objects.filter(warehouse=wh, item=item).values_list("quantity", flat=True).first()
    if not taken:
        raise ShortStock(item, row or 0, quantity)
    return row


def receive(actor, data) -> Movement:
    """入库: a purchase, an allocation from above or a donation (with its expiry where the goods have one)."""
    selectors.require(actor, STORE)
    d = validation.validate(ReceiptIn, data)
    with transaction.atomic():
        wh = selectors.get_warehouse(actor, d.warehouse_id, "change")
        item = _item(d.item, d.unit)
        balance = _add(wh, item, d.quantity)
        m = Movement.objects.create(
            warehouse=wh, item=item, region_code=wh.region_code, kind="receipt", delta=d.quantity, balance=balance,
            moved_on=d.received_on or clock.today(), source=d.source, supplier=d.supplier, expires_on=d.expires_on,
            note=d.note, recorded_by=actor)
        audit.record(actor, _movement_event(m, source=codes.RECEIPT_SOURCES[d.source], expires_on=d.expires_on))
    return m


def dispatch(actor, data) -> Movement:
    """调拨出库 to a disaster and a village (or township): refused with the quantity available when stock is short.
    The receiving side signs for it later (sign)."""
    selectors.require(actor, STORE)
    d = validation.validate(DispatchIn, data)
    if not Region.objects.filter(code=d.region_code).exists():
        raise ValidationFailed.one("region_code", f"区划代码 {d.region_code} 不存在")
    with transaction.atomic():
        wh = selectors.get_warehouse(actor, d.warehouse_id, "change")
        item = _item(d.item)
        event = selectors.get_event(actor, d.event_id) if d.event_id is not None else None
        balance = _take(wh, item, d.quantity)
        m = Movement.objects.create(
            warehouse=wh, item=item, region_code=wh.region_code, kind="dispatch", delta=-d.quantity,
            balance=balance, moved_on=d.dispatched_on or clock.today(), event=event,
            destination_code=d.region_code, recipient=d.recipient, status="sent", note=d.note, recorded_by=actor)
        audit.record(actor, _movement_event(m, destination=d.region_code, event=event.pk if event else None))
    return m


def sign(actor, dispatch_id: int, data) -> Movement:
    """签收: who received the goods at the destination, and when."""
    selectors.require(actor, STORE)
    with transaction.atomic():
        m = selectors.get_dispatch(actor, dispatch_id, "change")  # 404 before the input (ADR 0009)
        d = validation.validate(SignIn, data)
        m = Movement.objects.select_for_update().get(pk=m.pk)
        if m.status == "signed":
            raise Conflict(f"该调拨已于 {m.signed_on} 由 {m.signed_by} 签收")
        m.status, m.signed_by, m.signed_on = "signed", d.signed_by, d.signed_on or clock.today()
        if m.signed_on < m.moved_on:
            raise ValidationFailed.one("signed_on", f"签收日期不能早于出库日期 {m.moved_on}")
        m.save(update_fields=["status", "signed_by", "signed_on"])
        audit.record(actor, audit.Event("update", "relief_movement", m.pk, m.region_code, {
            "status": ["sent", "signed"], "signed_by": [None, m.signed_by], "signed_on": [None, m.signed_on]}))
    return m


def return_goods(actor, dispatch_id: int, data) -> Movement:
    """回收入库: goods of a dispatch coming back (tents after the relocation ended) — never more than went out."""
    selectors.require(actor, STORE)
    with transaction.atomic():
        sent = selectors.get_dispatch(actor, dispatch_id, "change")
        d = validation.validate(ReturnIn, data)
        sent = Movement.objects.select_for_update().select_related("warehouse", "item").get(pk=sent.pk)
        back = -sent.delta - (sent.returns.aggregate(s=Sum("delta"))["s"] or 0)
        if d.quantity > back:
            raise Conflict(f"该调拨可回收的{sent.item.name}最多 {back} {sent.item.unit}")
        balance = _add(sent.warehouse, sent.item, d.quantity)
        m = Movement.objects.create(
            warehouse=sent.warehouse, item=sent.item, region_code=sent.region_code, kind="return", delta=d.quantity,
            balance=balance, moved_on=d.returned_on or clock.today(), event=sent.event, dispatch=sent,
            destination_code=sent.destination_code, note=d.note, recorded_by=actor)
        audit.record(actor, _movement_event(m, dispatch=sent.pk))
    return m


def record_stocktake(actor, data) -> Stocktake:
    """盘点: the counted quantity of each item; every difference with the book needs its reason and becomes a
    盘盈/盘亏 ledger row, so the book equals the count afterwards."""
    selectors.require(actor, STORE)
    d = validation.validate(StocktakeIn, data)
    errors: list[FieldError] = []
    with transaction.atomic():
        wh = selectors.get_warehouse(actor, d.warehouse_id, "change")
        day = d.counted_on or clock.today()
        names = [line.item for line in d.lines]
        if len(set(names)) != len(names):
            raise ValidationFailed.one("lines", "同一物资在盘点明细中出现了多次")
        items = {i.name: i for i in ReliefItem.objects.filter(name__in=names)}
        book = dict(Stock.objects.select_for_update().filter(warehouse=wh, item__name__in=names)
                    .values_list("item__name", "quantity"))
        for i, line in enumerate(d.lines):
            if line.item not in items:
                errors.append(FieldError(f"lines[{i}].item", f"物资“{line.item}”尚未入库登记"))
            elif line.counted != book.get(line.item, 0) and not line.explanation:
                errors.append(FieldError(
                    f"lines[{i}].explanation",
                    f"{line.item}实盘 {line.counted} 与账面 {book.get(line.item, 0)} 不一致：须说明差异原因"))
        if errors:
            raise ValidationFailed(errors)
        take = Stocktake.objects.create(warehouse=wh, region_code=wh.region_code, counted_on=day,
                                        counted_by=d.counted_by, note=d.note, recorded_by=actor)
        events = [audit.Event("create", "relief_stocktake", take.pk, take.region_code, {
            "warehouse": [None, wh.pk], "counted_on": [None, day], "lines": [None, len(d.lines)]})]
        for line in d.lines:
            item, before = items[line.item], book.get(line.item, 0)
            StocktakeLine.objects.create(stocktake=take, item=item, book=before, counted=line.counted,
                                         explanation=line.explanation)
            diff = line.counted - before
            if diff == 0:
                continue
            balance = _add(wh, item, diff)
            m = Movement.objects.create(
                warehouse=wh, item=item, region_code=wh.region_code, kind="adjust_gain" if diff > 0 else "adjust_loss",
                delta=diff, balance=balance, moved_on=day, stocktake=take, note=line.explanation, recorded_by=actor)
            events.append(_movement_event(m, explanation=line.explanation))
        audit.record_many(actor, events)
    return take


def write_off(actor, data) -> Movement:
    """过期报废: expired or spoilt goods leave the book with the reason."""
    selectors.require(actor, STORE)
    d = validation.validate(WriteOffIn, data)
    with transaction.atomic():
        wh = selectors.get_warehouse(actor, d.warehouse_id, "change")
        item = _item(d.item)
        balance = _take(wh, item, d.quantity)
        m = Movement.objects.create(warehouse=wh, item=item, region_code=wh.region_code, kind="expire",
                                    delta=-d.quantity, balance=balance, moved_on=clock.today(), note=d.note,
                                    recorded_by=actor)
        audit.record(actor, _movement_event(m, note=d.note))
    return m

