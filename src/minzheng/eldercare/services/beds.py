"""家庭养老床位 (一床一人一码): open a bed for an assessed elder at home with a provider and an agreement, end it; the
bed's label carries only an opaque random token (no personal data), resolved by an authorised worker's scan."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, validation
from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.eldercare import levels, selectors
from minzheng.eldercare.models import FamilyBed
from minzheng.eldercare.policy import beds as policy
from minzheng.eldercare.schemas import BedIn, EndIn
from minzheng.eldercare.services.common import not_future, require
from minzheng.registry.selectors import get_person

SERVE = "eldercare.serve"


def new_token() -> str:
    """32 url-safe characters from the OS's random source (192 bits): unguessable, names nothing."""
    return secrets.token_urlsafe(24)


def open_bed(actor, data: dict[str, Any]) -> FamilyBed:
    require(actor, SERVE, "您的角色不能办理家庭养老床位")
    d = validation.validate(BedIn, data)
    person = get_person(actor, d.person_id)
    provider = selectors.providers_for(actor).filter(pk=d.provider_id).first()
    if provider is None or not provider.active:
        raise ValidationFailed.one("provider_id", "服务组织不存在、已停用或不在您的辖区内")
    if person.death_date is not None:
        raise Conflict(f"{person.name}已死亡")
    level = levels.current_level(person.pk)
    if level is None:
        raise Conflict(f"{person.name}没有有效的老年人能力评估（GB/T 42195）：家庭养老床位须先评估")
    not_future(d.agreement_from, "agreement_from", "协议起始日期")
    required = d.required_visits or policy.required_visits(level)
    try:
        with transaction.atomic():
            row = FamilyBed.objects.create(person=person, region_code=person.region_id, provider=provider,
                                           agreement_no=d.agreement_no, agreement_from=d.agreement_from,
                                           agreement_to=d.agreement_to, assessed_level=level,
                                           required_visits=required, address=d.address, token=new_token(),
                                           created_by=actor)
            audit.record(actor, audit.Event("create", "eldercare_bed", row.pk, row.region_code, {
                "person": [None, person.pk], "provider": [None, provider.name],
                "agreement_no": [None, d.agreement_no], "assessed_level": [None, level],
                "required_visits": [None, required]}))
    except IntegrityError:
        raise Conflict(f"{person.name}已有服务中的家庭养老床位") from None
    return row


def end_bed(actor, bed: FamilyBed | int, data: dict[str, Any]) -> FamilyBed:
    require(actor, SERVE, "您的角色不能办理家庭养老床位")
    if not isinstance(bed, FamilyBed):
        bed = selectors.get_bed(actor, bed)
    d = validation.validate(EndIn, data)
    with transaction.atomic():
        row = FamilyBed.objects.select_for_update().get(pk=bed.pk)
        if row.state != "active":
            raise Conflict(f"该床位已于 {row.ended_on} 终止")
        if d.on < row.agreement_from:
            raise ValidationFailed.one("on", f"终止日期不能早于协议起始日期（{row.agreement_from}）")
        not_future(d.on, "on", "终止日期")
        row.state, row.ended_on, row.end_reason = "ended", d.on, d.reason
        row.save(update_fields=["state", "ended_on", "end_reason"])
        audit.record(actor, audit.Event("update", "eldercare_bed", row.pk, row.region_code, {
            "state": ["服务中", "已终止"], "ended_on": [None, d.on], "end_reason": [None, d.reason]}))
    return row


def scan(actor, token: str) -> FamilyBed:
    """A scanned label: the bed for an authorised worker (403 for a role that may not see it, 404 for an unknown
    token or a bed outside the region); the scan is audited (who opened which bed's record)."""
    require(actor, "eldercare.view", "您的角色无权查看家庭养老床位")
    bed = selectors.bed_by_token(actor, token)
    audit.record(actor, audit.Event("scan", "eldercare_bed", bed.pk, bed.region_code, {"token": [None, "扫码查看"]}))
    return bed
