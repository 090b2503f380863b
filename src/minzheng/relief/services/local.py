"""Local capacity for disasters (one transaction each: role, scope, validation, audit):

    add_officer(actor, data) / train(actor, id, data) / leave(actor, id, data)   灾害信息员 roster of a village
    add_shelter(actor, data)                                                     应急避难场所
    open_shelter(actor, shelter_id, data)       opened for an event (one opening at a time), with its occupancy
    set_occupancy(actor, opening_id, data)      people staying now (never above capacity; the peak is kept)
    close_shelter(actor, opening_id, data)      closed: nobody stays any more
"""

from __future__ import annotations

from django.db import transaction

from minzheng.core import audit, clock, protected, regioncodes, validation
from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.relief import codes, selectors
from minzheng.relief.models import InformationOfficer, Shelter, ShelterOpening
from minzheng.relief.schemas import (
    OccupancyIn,
    OfficerIn,
    OfficerLeaveIn,
    ShelterCloseIn,
    ShelterIn,
    ShelterOpenIn,
    TrainingIn,
)
from minzheng.relief.services.reserve import _region

REPORT = "relief.report"


def add_officer(actor, data) -> InformationOfficer:
    selectors.require(actor, REPORT, "您的角色不能登记灾害信息员")
    d = validation.validate(OfficerIn, data)
    if regioncodes.level_of(d.region_code) != "village":
        raise ValidationFailed.one("region_code", "灾害信息员按村（社区）登记：须填写12位村级区划代码")
    with transaction.atomic():
        _region(actor, d.region_code)
        row = InformationOfficer.objects.create(region_code=d.region_code, name=d.name, role=d.role,
                                                trained_on=d.trained_on, training=d.training, recorded_by=actor)
        protected.seal_saved(row, "phone_enc", d.phone)  # bound to the row's id, known once inserted
        audit.record(actor, audit.Event("create", "relief_officer", row.pk, row.region_code, {
            "name": [None, d.name], "role": [None, codes.OFFICER_ROLES[d.role]], "phone": [None, row.phone_masked],
            "trained_on": [None, d.trained_on]}))
    return row


def train(actor, officer_id: int, data) -> InformationOfficer:
    """培训: the latest training of an officer (date and content)."""
    selectors.require(actor, REPORT, "您的角色不能登记培训")
    with transaction.atomic():
        row = selectors.get_officer(actor, officer_id, "change")
        d = validation.validate(TrainingIn, data)
        before = row.trained_on
        row.trained_on, row.training = d.trained_on, d.training
        row.save(update_fields=["trained_on", "training"])
        audit.record(actor, audit.Event("update", "relief_officer", row.pk, row.region_code, {
            "trained_on": [before, d.trained_on], "training": [None, d.training]}))
    return row


def leave(actor, officer_id: int, data) -> InformationOfficer:
    selectors.require(actor, REPORT, "您的角色不能办理信息员离岗")
    with transaction.atomic():
        row = selectors.get_officer(actor, officer_id, "change")
        d = validation.validate(OfficerLeaveIn, data)
        if not row.active:
            raise Conflict("该信息员已离岗")
        row.active, row.left_on = False, d.left_on or clock.today()
        row.save(update_fields=["active", "left_on"])
        audit.record(actor, audit.Event("update", "relief_officer", row.pk, row.region_code, {
            "active": [True, False], "left_on": [None, row.left_on]}))
    return row


def add_shelter(actor, data) -> Shelter:
    selectors.require(actor, REPORT, "您的角色不能登记避难场所")
    d = validation.validate(ShelterIn, data)
    with transaction.atomic():
        _region(actor, d.region_code)
        if Shelter.objects.filter(region_code=d.region_code, name=d.name).exists():
            raise ValidationFailed.one("name", f"该区划已有名为“{d.name}”的避难场所")
        row = Shelter.objects.create(name=d.name, kind=d.kind, region_code=d.region_code, address=d.address,
                                     capacity=d.capacity, area_m2=d.area_m2,
                                     facilities=",".join(dict.fromkeys(d.facilities)), manager=d.manager)
        audit.record(actor, audit.Event("create", "relief_shelter", row.pk, row.region_code, {
            "name": [None, d.name], "kind": [None, codes.SHELTER_KINDS[d.kind]], "capacity": [None, d.capacity],
            "facilities": [None, "、".join(codes.FACILITIES[f] for f in row.facility_codes)]}))
    return row


def _within(shelter: Shelter, occupancy: int) -> None:
    if occupancy > shelter.capacity:
        raise ValidationFailed.one("occupancy", f"安置人数不能超过{shelter.name}的容纳人数 {shelter.capacity} 人："
                                                "请启用其他避难场所")


def open_shelter(actor, shelter_id: int, data) -> ShelterOpening:
    selectors.require(actor, REPORT, "您的角色不能启用避难场所")
    with transaction.atomic():
        shelter = selectors.get_shelter(actor, shelter_id, "change")
        d = validation.validate(ShelterOpenIn, data)
        shelter = Shelter.objects.select_for_update().get(pk=shelter.pk)
        event = selectors.get_event(actor, d.event_id)
        if not (regioncodes.in_subtree(shelter.region_code, event.region_code)
                or regioncodes.in_subtree(event.region_code, shelter.region_code)):
            raise ValidationFailed.one("event_id", "该避难场所不在此次灾害的受灾区划内")
        current = ShelterOpening.objects.filter(shelter=shelter, closed_on__isnull=True).first()
        if current is not None:
            raise Conflict(f"{shelter.name}已于 {current.opened_on} 启用，尚未关闭")
        _within(shelter, d.occupancy)
        day = d.opened_on or clock.today()
        if day < event.started_on:
            raise ValidationFailed.one("opened_on", f"启用日期不能早于灾害发生日期 {event.started_on}")
        row = ShelterOpening.objects.create(shelter=shelter, event=event, region_code=shelter.region_code,
                                            opened_on=day, occupancy=d.occupancy, peak=d.occupancy,
                                            recorded_by=actor)
        audit.record(actor, audit.Event("create", "relief_shelter_opening", row.pk, row.region_code, {
            "shelter": [None, shelter.pk], "event": [None, event.pk], "opened_on": [None, day],
            "occupancy": [None, d.occupancy]}))
    return row


def set_occupancy(actor, opening_id: int, data) -> ShelterOpening:
    selectors.require(actor, REPORT, "您的角色不能登记安置人数")
    with transaction.atomic():
        row = selectors.get_opening(actor, opening_id, "change")
        d = validation.validate(OccupancyIn, data)
        row = ShelterOpening.objects.select_for_update().select_related("shelter").get(pk=row.pk)
        if row.closed_on is not None:
            raise Conflict(f"该避难场所已于 {row.closed_on} 关闭")
        _within(row.shelter, d.occupancy)
        before = row.occupancy
        row.occupancy, row.peak = d.occupancy, max(row.peak, d.occupancy)
        row.save(update_fields=["occupancy", "peak"])
        audit.record(actor, audit.Event("update", "relief_shelter_opening", row.pk, row.region_code, {
            "occupancy": [before, d.occupancy]}))
    return row


def close_shelter(actor, opening_id: int, data) -> ShelterOpening:
    selectors.require(actor, REPORT, "您的角色不能关闭避难场所")
    with transaction.atomic():
        row = selectors.get_opening(actor, opening_id, "change")
        d = validation.validate(ShelterCloseIn, data)
        row = ShelterOpening.objects.select_for_update().get(pk=row.pk)
        if row.closed_on is not None:
            raise Conflict(f"该避难场所已于 {row.closed_on} 关闭")
        day = d.closed_on or clock.today()
        if day < row.opened_on:
            raise ValidationFailed.one("closed_on", f"关闭日期不能早于启用日期 {row.opened_on}")
        before = row.occupancy
        row.closed_on, row.occupancy = day, 0
        row.save(update_fields=["closed_on", "occupancy"])
        audit.record(actor, audit.Event("update", "relief_shelter_opening", row.pk, row.region_code, {
            "closed_on": [None, day], "occupancy": [before, 0]}))
    return row
