"""Appointments by registry, day and slot within the slot's capacity (data: models.SlotCapacity, 520/七夕 peaks).
The registry row is locked while counting, so concurrent bookings never exceed the capacity."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from minzheng.core import audit, roles, validation
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.marriage import codes, policy, selectors
from minzheng.marriage.models import Appointment, Registry
from minzheng.marriage.schemas import AppointmentIn

PERMISSION = "marriage.register"


def book(actor, data: Any) -> Appointment:
    if not roles.has_perm(actor, PERMISSION):
        raise Forbidden("您的角色不能登记婚姻登记预约")
    d = validation.validate(AppointmentIn, data)
    found = selectors.registry_by_code(actor, d.registry)
    if found is None:
        raise ValidationFailed.one("registry", f"婚姻登记机关“{d.registry}”不存在或不在您的管辖范围内")
    with transaction.atomic():
        registry = Registry.objects.select_for_update().get(pk=found.pk)
        places = policy.capacity(selectors.capacity_rules(registry.pk), d.day, d.slot)
        taken = Appointment.objects.filter(registry=registry, day=d.day, slot=d.slot, status="booked").count()
        if taken >= places:
            raise Conflict(f"{d.day:%Y-%m-%d} {codes.SLOTS[d.slot]} 已约满（可预约 {places} 个）")
        row = Appointment.objects.create(registry=registry, region_code=registry.region_code, day=d.day,
                                         slot=d.slot, kind=d.kind, name_a=d.name_a, name_b=d.name_b,
                                         created_by=actor)
        audit.record(actor, audit.Event("create", "marriage_appointment", row.pk, registry.region_code, {
            "day": [None, d.day], "slot": [None, codes.SLOTS[d.slot]], "kind": [None, codes.KINDS[d.kind]],
            "names": [None, f"{d.name_a}、{d.name_b}"]}))
    return row


def set_status(actor, appointment_id, status: str) -> Appointment:
    if not roles.has_perm(actor, PERMISSION):
        raise Forbidden("您的角色不能办理婚姻登记预约")
    if status not in ("cancelled", "done", "missed"):
        raise ValidationFailed.one("status", "状态取值无效")
    with transaction.atomic():
        row = selectors.get_appointment(actor, appointment_id)
        row = Appointment.objects.select_for_update().get(pk=row.pk)
        if row.status != "booked":
            raise Conflict(f"该预约{codes.APPOINTMENT_STATUS[row.status]}")
        row.status = status
        row.save(update_fields=["status"])
        audit.record(actor, audit.Event("update", "marriage_appointment", row.pk, row.region_code,
                                        {"status": ["已预约", codes.APPOINTMENT_STATUS[status]]}))
    return row
