"""婚姻家庭辅导 (《婚姻登记条例》2025 adds it): a referral (at the divorce application or on request), sessions, and an
outcome; a 和好 outcome does not withdraw the application by itself (a party withdraws it, services.divorce)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from minzheng.core import audit, clock, roles, validation
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.marriage import codes, selectors
from minzheng.marriage.models import Counselling, CounsellingSession
from minzheng.marriage.schemas import CloseCounsellingIn, CounsellingIn, SessionIn

PERMISSION = "marriage.register"


def _require(actor) -> None:
    if not roles.has_perm(actor, PERMISSION):
        raise Forbidden("您的角色不能办理婚姻家庭辅导")


def refer(actor, data: Any) -> Counselling:
    _require(actor)
    d = validation.validate(CounsellingIn, data)
    app = selectors.get_application(actor, d.application_id) if d.application_id else None
    if app is not None:
        registry, names = app.registry, f"{app.marriage.name_a}、{app.marriage.name_b}"
    else:
        registry = selectors.registry_by_code(actor, d.registry) if d.registry else None
        if registry is None:
            raise ValidationFailed.one("registry", "请填写离婚登记申请编号，或管辖范围内的婚姻登记机关代码")
        names = d.names
        if not names:
            raise ValidationFailed.one("names", "须填写当事人")
    with transaction.atomic():
        row = Counselling.objects.create(application=app, registry=registry, region_code=registry.region_code,
                                         names=names, referred_on=d.date or clock.today(), provider=d.provider,
                                         topics=list(d.topics), created_by=actor)
        audit.record(actor, audit.Event("create", "marriage_counselling", row.pk, row.region_code, {
            "names": [None, names], "provider": [None, d.provider], "application": [None, app.pk if app else None]}))
    return row


def add_session(actor, counselling_id, data: Any) -> CounsellingSession:
    _require(actor)
    row = selectors.get_counselling(actor, counselling_id)
    d = validation.validate(SessionIn, data)
    with transaction.atomic():
        row = Counselling.objects.select_for_update().get(pk=row.pk)
        if row.status == "closed":
            raise Conflict("辅导已结束")
        s = CounsellingSession.objects.create(counselling=row, region_code=row.region_code, held_on=d.held_on,
                                              counsellor=d.counsellor, minutes=d.minutes,
                                              both_present=d.both_present, note=d.note)
        row.status = "in_progress"
        row.save(update_fields=["status"])
        audit.record(actor, audit.Event("create", "marriage_counselling_session", s.pk, row.region_code, {
            "counselling": [None, row.pk], "held_on": [None, d.held_on], "minutes": [None, d.minutes]}))
    return s


def close(actor, counselling_id, data: Any) -> Counselling:
    _require(actor)
    row = selectors.get_counselling(actor, counselling_id)
    d = validation.validate(CloseCounsellingIn, data)
    with transaction.atomic():
        row = Counselling.objects.select_for_update().get(pk=row.pk)
        if row.status == "closed":
            raise Conflict("辅导已结束")
        row.status, row.outcome, row.closed_on = "closed", d.outcome, d.date or clock.today()
        row.note = d.note or row.note
        row.save(update_fields=["status", "outcome", "closed_on", "note"])
        audit.record(actor, audit.Event("update", "marriage_counselling", row.pk, row.region_code, {
            "status": [None, "已结束"], "outcome": [None, codes.COUNSELLING_OUTCOMES[d.outcome]]}))
    return row
