"""居家社区养老: providers, service items, monthly quotas, orders (create → dispatch → check in → check out →
confirm, or cancel), 助餐 points with meals served, 日间照料中心 with attendance.

Who acts: the county keeps providers, prices and quotas; whoever serves the elder (village, township, county)
registers orders for a family or the citizen channel, dispatches them and records the worker's check-in/out from
the worker's phone (time from the server clock, place as the phone reports it) and the elder's confirmation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, protected, validation
from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.eldercare import codes, selectors
from minzheng.eldercare.models import (
    Attendance,
    DayCenter,
    MealPoint,
    MealRecord,
    Order,
    Provider,
    Quota,
    ServiceItem,
)
from minzheng.eldercare.policy.settlement import amount_fen, fen_of
from minzheng.eldercare.schemas import (
    AttendanceIn,
    CancelIn,
    ConfirmIn,
    DayCenterIn,
    DispatchIn,
    ItemIn,
    MealPointIn,
    MealRecordIn,
    OrderIn,
    PlaceIn,
    ProviderIn,
    QuotaIn,
)
from minzheng.eldercare.services.common import not_future, now, own_region, require
from minzheng.registry.selectors import get_person

MANAGE, RECORD, SERVE = "eldercare.manage", "eldercare.record", "eldercare.serve"


# ---- providers, items, quotas ----------------------------------------------------------------------------------------


def add_provider(actor, data: dict[str, Any]) -> Provider:
    require(actor, MANAGE, "养老服务组织由县级民政部门登记")
    d = validation.validate(ProviderIn, data)
    own_region(actor, d.region_code)
    try:
        with transaction.atomic():
            row = Provider.objects.create(name=d.name, kind=d.kind, region_code=d.region_code,
                                          credit_code=d.credit_code, contact_name=d.contact_name,
                                          bank_name=d.bank_name, created_by=actor)
            protected.seal_saved(row, "phone_enc", d.phone or None)
            protected.seal_saved(row, "account_enc", d.account or None)
            audit.record(actor, audit.Event("create", "eldercare_provider", row.pk, row.region_code, {
                "name": [None, d.name], "kind": [None, codes.PROVIDER_KINDS[d.kind]],
                "phone": [None, row.phone_masked], "account": [None, row.account_masked]}))
    except IntegrityError:
        raise Conflict(f"该区划已登记名为“{d.name}”的服务组织") from None
    return row


def add_item(actor, data: dict[str, Any]) -> ServiceItem:
    require(actor, MANAGE, "服务项目和价格由县级民政部门确定")
    d = validation.validate(ItemIn, data)
    provider = selectors.get_provider(actor, d.provider_id)
    try:
        with transaction.atomic():
            row = ServiceItem.objects.create(provider=provider, region_code=provider.region_code, name=d.name,
                                             unit=d.unit, price_fen=fen_of(d.price))
            audit.record(actor, audit.Event("create", "eldercare_item", row.pk, row.region_code, {
                "provider": [None, provider.name], "name": [None, d.name], "price": [None, d.price],
                "unit": [None, codes.ITEM_UNITS[d.unit]]}))
    except IntegrityError:
        raise Conflict(f"{provider.name}已有服务项目“{d.name}”") from None
    return row


def add_quota(actor, data: dict[str, Any]) -> Quota:
    require(actor, MANAGE, "服务额度由县级民政部门核定")
    d = validation.validate(QuotaIn, data)
    person = get_person(actor, d.person_id)
    with transaction.atomic():
        row = Quota.objects.create(person=person, region_code=person.region_id, source=d.source,
                                   monthly_fen=fen_of(d.monthly), from_month=d.from_month, to_month=d.to_month,
                                   created_by=actor)
        audit.record(actor, audit.Event("create", "eldercare_quota", row.pk, row.region_code, {
            "person": [None, person.pk], "source": [None, codes.QUOTA_SOURCES[d.source]],
            "monthly": [None, d.monthly], "from_month": [None, d.from_month], "to_month": [None, d.to_month]}))
    return row


# ---- orders ------------------------------------------------------------------------------------------------------


def create_order(actor, data: dict[str, Any]) -> Order:
    require(actor, SERVE, "您的角色不能登记服务订单")
    d = validation.validate(OrderIn, data)
    person = get_person(actor, d.person_id)
    item = selectors.items_for(actor).filter(pk=d.item_id).first()
    if item is None:
        raise ValidationFailed.one("item_id", "服务项目不存在或不在您的辖区内")
    if not (item.active and item.provider.active):
        raise Conflict(f"服务项目“{item.name}”或其服务组织已停用")
    bed = None
    if d.bed_id is not None:
        bed = selectors.beds_for(actor).filter(pk=d.bed_id).first()
        if bed is None or bed.person_id != person.pk or bed.state != "active":
            raise ValidationFailed.one("bed_id", "家庭养老床位不存在、已终止或不属于该老人")
        if bed.provider_id != item.provider_id:
            raise ValidationFailed.one("item_id", f"家庭养老床位的服务组织为{bed.provider.name}，请选择其服务项目")
    with transaction.atomic():
        row = Order.objects.create(person=person, region_code=person.region_id, provider=item.provider, item=item,
                                   bed=bed, quantity=d.quantity, price_fen=item.price_fen,
                                   amount_fen=amount_fen(item.price_fen, d.quantity), source=d.source, note=d.note,
                                   scheduled_on=d.scheduled_on, requested_by=actor)
        audit.record(actor, audit.Event("create", "eldercare_order", row.pk, row.region_code, {
            "person": [None, person.pk], "provider": [None, item.provider.name], "item": [None, item.name],
            "quantity": [None, d.quantity], "amount_fen": [None, row.amount_fen],
            "source": [None, codes.ORDER_SOURCES[d.source]], "bed": [None, bed.pk if bed else None]}))
    return row


def _step(actor, order, states: tuple[str, ...], what: str):
    """The order locked for a step, in one of `states` (409 otherwise)."""
    row = Order.objects.select_for_update().get(pk=order.pk)
    if row.state not in states:
        raise Conflict(f"订单当前为“{codes.ORDER_STATES[row.state]}”，不能{what}")
    return row


def _get(actor, order):
    require(actor, SERVE, "您的角色不能办理服务订单")
    return order if isinstance(order, Order) else selectors.get_order(actor, order)


def dispatch(actor, order: Order | int, data: dict[str, Any]) -> Order:
    order = _get(actor, order)
    d = validation.validate(DispatchIn, data)
    worker = selectors.workers_for(actor).filter(pk=d.worker_id, provider_id=order.provider_id,
                                                 left_on__isnull=True).first()
    if worker is None:
        raise ValidationFailed.one("worker_id", "服务人员不属于该订单的服务组织或已离职")
    with transaction.atomic():
        row = _step(actor, order, ("created", "dispatched"), "派单")
        row.state, row.worker, row.dispatched_at = "dispatched", worker, now()
        row.save(update_fields=["state", "worker", "dispatched_at"])
        audit.record(actor, audit.Event("update", "eldercare_order", row.pk, row.region_code, {
            "state": ["已登记", "已派单"], "worker": [None, worker.name]}))
    return row


def check_in(actor, order: Order | int, data: dict[str, Any]) -> Order:
    order = _get(actor, order)
    d = validation.validate(PlaceIn, data)
    with transaction.atomic():
        row = _step(actor, order, ("dispatched",), "签到")
        row.state, row.checkin_at, row.checkin_lat, row.checkin_lng = "in_service", now(), d.lat, d.lng
        row.save(update_fields=["state", "checkin_at", "checkin_lat", "checkin_lng"])
        audit.record(actor, audit.Event("update", "eldercare_order", row.pk, row.region_code, {
            "state": ["已派单", "服务中"], "checkin_at": [None, row.checkin_at],
            "checkin_place": [None, f"{d.lat},{d.lng}" if d.lat is not None else ""]}))
    return row


def check_out(actor, order: Order | int, data: dict[str, Any]) -> Order:
    order = _get(actor, order)
    d = validation.validate(PlaceIn, data)
    with transaction.atomic():
        row = _step(actor, order, ("in_service",), "签退")
        at = now()
        row.state, row.checkout_at, row.checkout_lat, row.checkout_lng = "done", at, d.lat, d.lng
        row.service_month = at.date().replace(day=1)
        row.save(update_fields=["state", "checkout_at", "checkout_lat", "checkout_lng", "service_month"])
        audit.record(actor, audit.Event("update", "eldercare_order", row.pk, row.region_code, {
            "state": ["服务中", "服务完成待确认"], "checkout_at": [None, at],
            "checkout_place": [None, f"{d.lat},{d.lng}" if d.lat is not None else ""]}))
    return row


def confirm(actor, order: Order | int, data: dict[str, Any]) -> Order:
    """The elder (or family) confirms the service and rates it, as recorded by the clerk or the worker's phone."""
    order = _get(actor, order)
    d = validation.validate(ConfirmIn, data)
    with transaction.atomic():
        row = _step(actor, order, ("done",), "确认")
        row.state, row.confirmed_at, row.rating, row.feedback = "confirmed", now(), d.rating, d.feedback
        row.save(update_fields=["state", "confirmed_at", "rating", "feedback"])
        audit.record(actor, audit.Event("update", "eldercare_order", row.pk, row.region_code, {
            "state": ["服务完成待确认", "已确认"], "rating": [None, d.rating], "feedback": [None, d.feedback]}))
    return row


def cancel(actor, order: Order | int, data: dict[str, Any]) -> Order:
    order = _get(actor, order)
    d = validation.validate(CancelIn, data)
    with transaction.atomic():
        row = _step(actor, order, ("created", "dispatched"), "取消")
        before = codes.ORDER_STATES[row.state]
        row.state, row.cancel_reason = "cancelled", d.reason
        row.save(update_fields=["state", "cancel_reason"])
        audit.record(actor, audit.Event("update", "eldercare_order", row.pk, row.region_code, {
            "state": [before, "已取消"], "cancel_reason": [None, d.reason]}))
    return row


ACTIONS = {"dispatch": dispatch, "check_in": check_in, "check_out": check_out, "confirm": confirm, "cancel": cancel}


def act(actor, order_id: int, data: dict[str, Any]) -> Order:
    """One step by name (the API): {"action": "dispatch", "worker_id": …} etc."""
    require(actor, SERVE, "您的角色不能办理服务订单")
    order = selectors.get_order(actor, order_id)
    action = data.get("action") if isinstance(data, dict) else None
    if action not in ACTIONS:
        raise ValidationFailed.one("action", "操作取值无效，应为：dispatch、check_in、check_out、confirm、cancel")
    return ACTIONS[action](actor, order, data)


# ---- 助餐 and 日间照料 ---------------------------------------------------------------------------------------------


def _optional_provider(actor, provider_id):
    if provider_id is None:
        return None
    found = selectors.providers_for(actor).filter(pk=provider_id).first()
    if found is None:
        raise ValidationFailed.one("provider_id", "服务组织不存在或不在您的辖区内")
    return found


def add_meal_point(actor, data: dict[str, Any]) -> MealPoint:
    require(actor, MANAGE, "助餐点由县级民政部门登记")
    d = validation.validate(MealPointIn, data)
    own_region(actor, d.region_code)
    provider = _optional_provider(actor, d.provider_id)
    try:
        with transaction.atomic():
            row = MealPoint.objects.create(name=d.name, region_code=d.region_code, provider=provider, seats=d.seats,
                                           meal_price_fen=fen_of(d.meal_price))
            audit.record(actor, audit.Event("create", "eldercare_meal_point", row.pk, row.region_code, {
                "name": [None, d.name], "provider": [None, provider.name if provider else None]}))
    except IntegrityError:
        raise Conflict(f"该区划已登记名为“{d.name}”的助餐点") from None
    return row


def record_meals(actor, point: MealPoint | int, data: dict[str, Any]) -> MealRecord:
    require(actor, RECORD, "助餐记录由乡镇（街道）或县级登记")
    if not isinstance(point, MealPoint):
        point = selectors.get_meal_point(actor, point)
    d = validation.validate(MealRecordIn, data)
    not_future(d.served_on, "served_on", "日期")
    try:
        with transaction.atomic():
            row = MealRecord.objects.create(point=point, region_code=point.region_code, served_on=d.served_on,
                                            meals=d.meals, elderly_meals=d.elderly_meals, delivered=d.delivered,
                                            created_by=actor)
            audit.record(actor, audit.Event("create", "eldercare_meal", row.pk, row.region_code, {
                "point": [None, point.name], "served_on": [None, d.served_on], "meals": [None, d.meals],
                "elderly_meals": [None, d.elderly_meals], "delivered": [None, d.delivered]}))
    except IntegrityError:
        raise Conflict(f"{point.name} {d.served_on} 的供餐已登记") from None
    return row


def add_day_center(actor, data: dict[str, Any]) -> DayCenter:
    require(actor, MANAGE, "日间照料中心由县级民政部门登记")
    d = validation.validate(DayCenterIn, data)
    own_region(actor, d.region_code)
    provider = _optional_provider(actor, d.provider_id)
    try:
        with transaction.atomic():
            row = DayCenter.objects.create(name=d.name, region_code=d.region_code, provider=provider,
                                           services=d.services, places=d.places)
            audit.record(actor, audit.Event("create", "eldercare_day_center", row.pk, row.region_code, {
                "name": [None, d.name], "services": [None, d.services], "places": [None, d.places]}))
    except IntegrityError:
        raise Conflict(f"该区划已登记名为“{d.name}”的日间照料中心") from None
    return row


def record_attendance(actor, center: DayCenter | int, data: dict[str, Any]) -> Attendance:
    require(actor, RECORD, "日间照料签到由乡镇（街道）或县级登记")
    if not isinstance(center, DayCenter):
        center = selectors.get_day_center(actor, center)
    d = validation.validate(AttendanceIn, data)
    person = get_person(actor, d.person_id)
    not_future(d.on, "on", "日期")
    try:
        with transaction.atomic():
            row = Attendance.objects.create(center=center, person=person, region_code=center.region_code, on=d.on,
                                            services=d.services, created_by=actor)
            audit.record(actor, audit.Event("create", "eldercare_attendance", row.pk, row.region_code, {
                "center": [None, center.name], "person": [None, person.pk], "on": [None, d.on]}))
    except IntegrityError:
        raise Conflict(f"{person.name} {d.on} 已签到") from None
    return row


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)
