"""高龄津贴 survival checks (生存认证, elderly.policy.survival): a check seen by a village clerk or matched in a
department feed; the sweep that suspends allowances whose check is overdue; a check after such a suspension
resumes the allowance from the suspended month, so the payroll pays the months held back as arrears.

The suspension and the resumption are the benefits kernel's own entitlement changes (EntitlementChange kinds
"suspend" and "resume", the ones benefits.services.entitlements.act writes and payroll.generate honours). They are
written here rather than through `act` because they follow from a fact (a check missed or made), not from a
decision of the confirming level: a village clerk's check must resume the allowance although the clerk may not
decide on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.benefits import workflow
from minzheng.benefits.models import Entitlement, EntitlementChange
from minzheng.core import audit, clock, roles, validation
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.elderly import codes, selectors
from minzheng.elderly.models import SurvivalCheck
from minzheng.elderly.policy import survival
from minzheng.elderly.schemas import FeedRowIn, SurvivalIn
from minzheng.registry.selectors import get_person, persons_by_id_numbers

PERMISSION = "elderly.survival"
FEED_ROWS_LIMIT = 200_000


def _require(actor, message: str) -> None:
    if not roles.has_perm(actor, PERMISSION):
        raise Forbidden(message)


def record_check(actor, data: dict[str, Any]) -> SurvivalCheck:
    """A clerk saw the recipient alive on `checked_on` (default today). Resumes a suspended allowance."""
    _require(actor, "您的角色不能录入生存认证（村(社区)、乡镇(街道)或县级办理）")
    d = validation.validate(SurvivalIn, data)
    person = get_person(actor, d.person_id)
    today = clock.today()
    day = d.checked_on or today
    if day > today:
        raise ValidationFailed.one("checked_on", f"认证日期不能晚于今天（{today}）")
    if person.death_date is not None and person.death_date < day:
        raise ValidationFailed.one("checked_on", f"{person.name}已于 {person.death_date} 死亡，不能认证")
    ent = selectors.age_allowances().filter(person=person).order_by("-start_month", "-id").first()
    if ent is None:
        raise Conflict(f"{person.name}没有在发的高龄津贴，无需生存认证")
    try:
        with transaction.atomic():
            row = _check(actor, person, ent, day, d.method, d.source, d.note, today)
    except IntegrityError:
        raise Conflict(f"{person.name}在 {day} 已有同一方式的认证记录") from None
    return row


def _check(actor, person, ent: Entitlement, day: dt.date, method: str, source: str, note: str,
           today: dt.date) -> SurvivalCheck:
    row = SurvivalCheck.objects.create(person=person, region_code=person.region_id, checked_on=day, method=method,
                                       source=source, note=note, recorded_by=actor)
    resumed = _resume(actor, ent.pk, day, today)
    audit.record(actor, audit.Event("create", "survival_check", row.pk, row.region_code, {
        "person": [None, person.pk], "checked_on": [None, day], "method": [None, codes.SURVIVAL_METHODS[method]],
        "source": [None, source], "resumed_from": [None, resumed]}))
    return row


def _resume(actor, entitlement_id: int, day: dt.date, today: dt.date) -> dt.date | None:
    """Resume the allowance suspended for a missed check, from the suspended month (arrears follow). The month
    resumed from, or None when it was not suspended for that."""
    ent = Entitlement.objects.select_for_update().get(pk=entitlement_id)
    suspension = selectors.survival_suspension(ent.pk)
    if ent.status != "suspended" or suspension is None:
        return None
    ent.status = "active"
    ent.save(update_fields=["status"])
    EntitlementChange.objects.create(
        entitlement=ent, kind="resume", old_amount=ent.monthly_amount, new_amount=ent.monthly_amount,
        effective_month=suspension.effective_month, reason=f"{survival.RESUME_REASON}（{day} 认证）",
        decided_on=today, decided_by=actor if actor is not None and actor.pk else None)
    audit.record(actor, audit.Event("update", "entitlement", ent.pk, ent.region_code, {
        "action": [None, "resume"], "status": [None, ent.status],
        "effective_month": [None, suspension.effective_month], "reason": [None, survival.RESUME_REASON]}))
    return suspension.effective_month


def record_feed(actor, rows: list[dict[str, Any]], source: str) -> dict:
    """Rows of a department feed ({"id_number", "checked_on"}) matched through the ID blind index to recipients in
    the actor's region: each match is a check (method "feed"); the others are reported, nothing guessed. Rows
    with errors are reported by number and skipped; matched rows are written in one transaction."""
    _require(actor, "您的角色不能导入生存认证比对数据")
    if not isinstance(rows, list) or len(rows) > FEED_ROWS_LIMIT:
        raise ValidationFailed.one("rows", f"应为不超过 {FEED_ROWS_LIMIT} 行的列表")
    today = clock.today()
    errors, parsed = [], []
    for n, raw in enumerate(rows, start=1):
        try:
            r = validation.validate(FeedRowIn, raw)
        except ValidationFailed as exc:
            errors.append({"row": n, "message": "；".join(e.message for e in exc.errors)})
            continue
        if r.checked_on > today:
            errors.append({"row": n, "message": f"认证日期不能晚于今天（{today}）"})
            continue
        parsed.append((n, r))
    persons = persons_by_id_numbers(actor, [r.id_number for _, r in parsed])
    by_index = {p.pk: p for p in persons.values()}
    ents = {e.person_id: e for e in selectors.age_allowances().filter(person_id__in=list(by_index))
            .order_by("person_id", "start_month", "id")}
    seen = set(SurvivalCheck.objects.filter(person_id__in=list(by_index), method="feed")
               .values_list("person_id", "checked_on"))
    matched, unmatched = 0, 0
    with transaction.atomic():
        for n, r in parsed:
            person = _match(persons, r.id_number)
            if person is None or person.pk not in ents:
                unmatched += 1
                continue
            if (person.pk, r.checked_on) in seen or (person.death_date and person.death_date < r.checked_on):
                continue
            seen.add((person.pk, r.checked_on))
            _check(actor, person, ents[person.pk], r.checked_on, "feed", source, f"比对数据第{n}行", today)
            matched += 1
    return {"rows": len(rows), "matched": matched, "unmatched": unmatched, "errors": errors}


def _match(persons: dict, number: str):
    from minzheng.core import idnumber

    try:
        return persons.get(idnumber.parse(number).number)
    except idnumber.IdNumberError:
        return None


def suspend_overdue(actor=None, region_code: str = "", today: dt.date | None = None) -> dict:
    """The sweep (CLI `minzheng elderly survival-sweep`, county page button): every active 高龄津贴 in the region
    whose survival check is overdue is suspended from the month after it fell due (not before next month)."""
    if actor is not None and actor.role != roles.COUNTY:
        raise Forbidden("逾期未认证暂停发放由县级民政部门办理")
    today = today or clock.today()
    region = region_code or (actor.region_id if actor is not None else "")
    statuses = selectors.overdue_allowances(region, today)
    suspended = 0
    for s in statuses:
        with transaction.atomic():
            ent = Entitlement.objects.select_for_update().get(pk=s.entitlement_id)
            if ent.status not in ("active", "gradual_exit"):
                continue
            reason = f"{survival.SUSPEND_REASON}（应于 {s.due_on} 前认证）"
            ent.status = "suspended"
            ent.save(update_fields=["status"])
            EntitlementChange.objects.create(
                entitlement=ent, kind="suspend", old_amount=ent.monthly_amount, new_amount=ent.monthly_amount,
                effective_month=s.suspend_from, reason=reason, decided_on=today,
                decided_by=actor)
            audit.record(actor, audit.Event("update", "entitlement", ent.pk, ent.region_code, {
                "action": [None, "suspend"], "status": [None, "suspended"],
                "effective_month": [None, s.suspend_from], "reason": [None, reason]}))
            suspended += 1
    return {"overdue": len(statuses), "suspended": suspended, "month": workflow.first_of_month(today)}
