"""Visit records and visit plans. A visit names the person visited (in the visitor's region), the date, the visitor,
who was seen and what was found; a photo is kept in the encrypted file store. Plans are data (the county sets them;
`demo` loads the example plans)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from minzheng.core import audit, clock, filestore, roles, validation
from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.monitoring import visits as V
from minzheng.monitoring.models import Visit, VisitPlan, Warning
from minzheng.monitoring.schemas import VisitIn
from minzheng.registry import selectors as registry_selectors
from minzheng.registry.models import Membership

PHOTO_TYPES = {"image/jpeg", "image/png"}
PHOTO_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
PHOTO_LIMIT = 10 * 1024 * 1024


def record(actor, data: dict[str, Any], photo=None) -> Visit:
    if not roles.has_perm(actor, "visits.record"):
        raise Forbidden("走访记录由村（社区）或乡镇（街道）登记")
    values = validation.validate(VisitIn, data)
    if values.visited_on > clock.today():
        raise ValidationFailed.one("visited_on", "走访日期不能晚于今天")
    if values.visited_on < dt.date(2000, 1, 1):
        raise ValidationFailed.one("visited_on", "走访日期超出合理范围")
    person = registry_selectors.get_person(actor, values.person_id)
    home = Membership.objects.filter(person=person, left_on__isnull=True).select_related("household").first()
    region = home.household.region_id if home else person.region_id
    warning = None
    if values.warning_id is not None:
        warning = Warning.objects.visible_to(actor).filter(pk=values.warning_id).first()
        if warning is None:
            raise ValidationFailed.one("warning_id", "相关预警不存在或不在本辖区")
    if photo is not None:
        head = next(photo.chunks(16), b"")[:8]
        photo.seek(0)
        if getattr(photo, "content_type", "") not in PHOTO_TYPES or not head.startswith(PHOTO_MAGIC):
            raise ValidationFailed.one("photo", "照片应为 JPG 或 PNG 图片")
        if photo.size > PHOTO_LIMIT:
            raise ValidationFailed.one("photo", "照片不能超过 10 MB")
    with transaction.atomic():
        stored = (filestore.save(photo.chunks(), category="visit_photo", name=photo.name[:100], actor=actor,
                                 region_code=region, content_type=photo.content_type) if photo is not None else None)
        visit = Visit.objects.create(person=person, household=home.household if home else None, region_code=region,
                                     visited_on=values.visited_on, visitor=values.visitor, seen=values.seen,
                                     findings=values.findings, photo_key=str(stored.pk) if stored else "",
                                     warning=warning, created_by=actor)
        audit.record(actor, audit.Event("visit_record", "visit", visit.pk, region, {
            "person": [None, person.pk], "visited_on": [None, values.visited_on], "visitor": [None, values.visitor],
            "warning": [None, warning.pk if warning else None], "photo": [None, bool(stored)]}))
    return visit


def load_demo_plans(actor, region_code: str, effective_from: dt.date) -> int:
    """The example plans for a region (idempotent)."""
    if actor is not None and not roles.has_perm(actor, "monitoring.rules"):
        raise Forbidden("走访计划由县级民政部门设置")
    made = 0
    with transaction.atomic():
        for group, every in V.DEMO_PLANS:
            plan, created = VisitPlan.objects.get_or_create(
                group=group, region_code=region_code, effective_from=effective_from,
                defaults={"every_months": every, "source": V.DEMO_SOURCE})
            if created:
                made += 1
                audit.record(actor or "system", audit.Event("create", "visit_plan", plan.pk, region_code, {
                    "group": [None, group], "every_months": [None, every]}))
    return made
