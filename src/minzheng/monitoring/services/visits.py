"""Visit records and visit plans. A visit names the person visited (in the visitor's region), the date, the visitor,
who was seen and what was found; a photo is kept in the encrypted file store. Plans are data (the county sets them;
`demo` loads the example plans)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction

from minzheng.core import audit, clock, filestore, regioncodes, roles, validation
from minzheng.core.errors import FieldError, Forbidden, ValidationFailed
from minzheng.core.models import Region
from minzheng.core.spreadsheets import RowError, UnreadableFile, iter_rows
from minzheng.monitoring import codes
from minzheng.monitoring import visits as V
from minzheng.monitoring.models import Visit, VisitPlan, Warning
from minzheng.monitoring.schemas import VisitIn, VisitPlanIn
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
        _volunteers(actor, visit, person.name, values.volunteer_ids, values.volunteer_hours)
    return visit


def _volunteers(actor, visit: Visit, name: str, ids, hours) -> None:
    """The volunteers who went: their hours recorded in the volunteers app (one record per volunteer and visit;
    saving again changes only the difference)."""
    from minzheng.volunteers import services as volunteer_services

    if not ids:
        return
    if hours is None:
        raise ValidationFailed.one("volunteer_hours", "请填写志愿服务时长")
    facts = volunteer_services.VisitFacts(
        source="monitoring_visit", source_id=visit.pk, served_on=visit.visited_on, activity=f"困难群众走访：{name}",
        organiser=f"{visit.visitor}（走访）", category="elderly", content="陪同走访困难群众、老年人")
    volunteer_services.sync_visit(actor, facts, {int(v): hours for v in dict.fromkeys(ids)})


PLAN_HEADERS = {"走访对象": "group", "区划代码": "region_code", "走访周期（月）": "every_months",
                "生效日期": "effective_from", "依据": "source"}
PLAN_FIELDS = tuple(PLAN_HEADERS.values())


def _require_planner(actor) -> None:
    if actor is not None and not roles.has_perm(actor, "monitoring.rules"):
        raise Forbidden("走访计划由县级民政部门设置")


def _plan_region(actor, plan: VisitPlanIn, known: set[str] | None = None) -> list[FieldError]:
    exists = plan.region_code in known if known is not None else Region.objects.filter(code=plan.region_code).exists()
    if not exists:
        return [FieldError("region_code", f"区划代码 {plan.region_code} 不存在")]
    if actor is not None and not regioncodes.in_subtree(plan.region_code, actor.region_id):
        return [FieldError("region_code", "只能设置本辖区（含下级）的走访计划")]
    return []


def _write_plans(actor, plans: list[VisitPlanIn]) -> dict[str, int]:
    """Insert or correct by (group, region, effective date), inside the caller's transaction; counts."""
    created = changed = unchanged = 0
    events = []
    for plan in plans:
        row = VisitPlan.objects.select_for_update().filter(group=plan.group, region_code=plan.region_code,
                                                           effective_from=plan.effective_from).first()
        if row is None:
            row = VisitPlan.objects.create(group=plan.group, region_code=plan.region_code,
                                           effective_from=plan.effective_from, every_months=plan.every_months,
                                           source=plan.source)
            created += 1
            events.append(audit.Event("create", "visit_plan", row.pk, plan.region_code, {
                "group": [None, plan.group], "every_months": [None, plan.every_months],
                "effective_from": [None, plan.effective_from], "source": [None, plan.source]}))
            continue
        diff = {k: [getattr(row, k), getattr(plan, k)] for k in ("every_months", "source")
                if getattr(row, k) != getattr(plan, k)}
        if not diff:
            unchanged += 1
            continue
        for k, (_, v) in diff.items():
            setattr(row, k, v)
        row.save()
        changed += 1
        events.append(audit.Event("update", "visit_plan", row.pk, plan.region_code, diff))
    audit.record_many(actor or "system", events)
    return {"created": created, "changed": changed, "unchanged": unchanged}


def save_plan(actor, data: dict[str, Any]) -> VisitPlan:
    """Add a plan, or correct the one with the same group, region and effective date (audited old → new)."""
    _require_planner(actor)
    plan = validation.validate(VisitPlanIn, data)
    errors = _plan_region(actor, plan)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        _write_plans(actor, [plan])
    return VisitPlan.objects.get(group=plan.group, region_code=plan.region_code, effective_from=plan.effective_from)


def load_plans(actor, source: str | Path) -> dict:
    """A CSV/XLSX of plans (headers: the keys or their Chinese names; the group by code or Chinese name). Every bad
    cell is reported (第 N 行 [列] “值”：原因) and then nothing is written; loading it again changes nothing."""
    _require_planner(actor)
    path = Path(source)
    if not path.exists():
        raise UnreadableFile(f"文件不存在：{path}")
    header, rows = iter_rows(path)
    keys = [PLAN_HEADERS.get(h.strip(), h.strip()) for h in header]
    missing = [PLAN_HEADERS_BY_KEY[c] for c in PLAN_FIELDS if c not in keys]
    if missing:
        raise UnreadableFile("走访计划文件缺少必需的列：" + "、".join(missing))
    groups = {v: k for k, v in codes.VISIT_GROUPS.items()}
    known = set(Region.objects.values_list("code", flat=True))
    good, errors = [], []
    for n, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        data = {k: (cells[i].strip() if i < len(cells) else "") for i, k in enumerate(keys) if k in PLAN_FIELDS}
        data["group"] = groups.get(data.get("group", ""), data.get("group", ""))
        try:
            plan = validation.validate(VisitPlanIn, data)
        except ValidationFailed as exc:
            errors += [RowError(n, PLAN_HEADERS_BY_KEY.get(e.field, e.field), str(data.get(e.field, ""))[:40],
                                e.message) for e in exc.errors]
            continue
        problems = _plan_region(actor, plan, known)
        if problems:
            errors += [RowError(n, "区划代码", plan.region_code, e.message) for e in problems]
            continue
        good.append(plan)
    if errors:
        raise ValidationFailed([FieldError("file", e.text()) for e in errors[:50]])
    if not good:
        raise ValidationFailed.one("file", "文件没有数据行")
    with transaction.atomic():
        counts = _write_plans(actor, good)
        audit.record(actor or "system", audit.Event("plans_load", "visit_plan", "", "", {
            "file": [None, path.name], "rows": [None, len(good)], **{k: [None, v] for k, v in counts.items()}}))
    return {"file": str(path), "rows": len(good), **counts}


PLAN_HEADERS_BY_KEY = {v: k for k, v in PLAN_HEADERS.items()}


def load_demo_plans(actor, region_code: str, effective_from: dt.date) -> int:
    """The example plans for a region (idempotent)."""
    _require_planner(actor)
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
