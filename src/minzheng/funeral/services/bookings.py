"""清明 tomb-sweeping: time slots with a capacity per cemetery (county), bookings and the QR check-in at the gate.

A booking takes its places with one conditional UPDATE (`booked = booked + n WHERE id = … AND booked + n <=
capacity`): on SQLite the IMMEDIATE transaction serialises writers, on PostgreSQL the UPDATE locks the row and
re-checks the WHERE after a concurrent writer commits — so however many requests arrive at once, a slot never takes
more than its capacity and the one that does not fit gets a 409."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from minzheng.core import audit, clock, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound
from minzheng.funeral.models import Cemetery, SweepBooking, SweepSlot
from minzheng.funeral.schemas import BookingIn, CheckInIn, SlotIn
from minzheng.funeral.services.waivers import require_manage


def create_slot(actor, data: dict[str, Any]) -> SweepSlot:
    require_manage(actor)
    s = validation.validate(SlotIn, data)
    try:
        with transaction.atomic():
            cemetery = Cemetery.objects.visible_to(actor, "change").filter(pk=s.cemetery_id).first()
            if cemetery is None:
                raise NotFound()
            slot = SweepSlot.objects.create(cemetery=cemetery, region_code=cemetery.region_code, day=s.day,
                                            starts=s.starts, ends=s.ends, capacity=s.capacity)
            audit.record(actor, audit.Event("create", "sweep_slot", slot.pk, slot.region_code, {
                "cemetery": [None, cemetery.name], "day": [None, s.day], "starts": [None, f"{s.starts:%H:%M}"],
                "capacity": [None, s.capacity]}))
    except IntegrityError:
        raise Conflict("该公墓该日期该开始时间的时段已存在") from None
    return slot


def book(actor, data: dict[str, Any]) -> SweepBooking:
    """POST /api/v1/funeral/bookings: 201 with the booking, 409 when the slot has no room for the party."""
    if not roles.has_perm(actor, "funeral.book"):
        raise Forbidden("您的角色不能登记祭扫预约")
    b = validation.validate(BookingIn, data)
    with transaction.atomic():
        slot = SweepSlot.objects.visible_to(actor).select_related("cemetery").filter(pk=b.slot_id).first()
        if slot is None:
            raise NotFound()
        if slot.day < clock.today():
            raise Conflict(f"该时段（{slot.day}）已过，不能预约")
        taken = SweepSlot.objects.filter(pk=slot.pk, booked__lte=F("capacity") - b.party_size).update(
            booked=F("booked") + b.party_size)
        if not taken:
            slot.refresh_from_db(fields=["booked"])
            raise Conflict(f"该时段已约满：可预约 {slot.capacity} 人，已预约 {slot.booked} 人，"
                           f"不足 {b.party_size} 人的名额，请选择其他时段")
        booking = SweepBooking.objects.create(slot=slot, region_code=slot.region_code, visitor_name=b.visitor_name,
                                              party_size=b.party_size, token=secrets.token_urlsafe(18),
                                              created_by=actor)
        audit.record(actor, audit.Event("create", "sweep_booking", booking.pk, booking.region_code, {
            "slot": [None, slot.pk], "party_size": [None, b.party_size]}))
    return booking


def check_in(actor, data) -> SweepBooking:
    """The QR code scanned at the gate on the day of the slot: once. `data`: {"token": …} or the token itself."""
    if not roles.has_perm(actor, "funeral.checkin"):
        raise Forbidden("您的角色不能办理祭扫入园核验")
    token = validation.validate(CheckInIn, data if isinstance(data, dict) else {"token": data}).token
    with transaction.atomic():
        booking = (SweepBooking.objects.visible_to(actor).select_related("slot", "slot__cemetery")
                   .filter(token=token).first())
        if booking is None:
            raise NotFound()
        if booking.slot.day != clock.today():
            raise Conflict(f"预约日期为 {booking.slot.day}，当日方可入园")
        done = SweepBooking.objects.filter(pk=booking.pk, status="booked").update(status="checked_in",
                                                                                   checked_in_at=timezone.now())
        if not done:
            raise Conflict("该预约已入园或已取消")
        booking.refresh_from_db()
        audit.record(actor, audit.Event("checkin", "sweep_booking", booking.pk, booking.region_code, {
            "status": ["booked", "checked_in"]}))
    return booking


def cancel(actor, booking_id) -> SweepBooking:
    if not roles.has_perm(actor, "funeral.book"):
        raise Forbidden("您的角色不能取消祭扫预约")
    with transaction.atomic():
        booking = SweepBooking.objects.visible_to(actor).filter(pk=booking_id).first()
        if booking is None:
            raise NotFound()
        if not SweepBooking.objects.filter(pk=booking.pk, status="booked").update(status="cancelled"):
            raise Conflict("该预约已入园或已取消")
        SweepSlot.objects.filter(pk=booking.slot_id, booked__gte=booking.party_size).update(
            booked=F("booked") - booking.party_size)
        booking.refresh_from_db()
        audit.record(actor, audit.Event("update", "sweep_booking", booking.pk, booking.region_code, {
            "status": ["booked", "cancelled"]}))
    return booking
