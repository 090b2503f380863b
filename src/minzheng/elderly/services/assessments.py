"""Capability assessments (GB/T 42195-2022): recording one (raw scores kept, scored by elderly.policy.capability,
the person's current one superseded, the next regular assessment dated by the re-assessment interval in force) and
a dispute of the current result, which a 复评 (reason "reassessment", review_of = the disputed one) settles."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from minzheng.core import audit, clock, roles, validation
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.core.months import months_after
from minzheng.elderly import codes, selectors
from minzheng.elderly.models import Assessment
from minzheng.elderly.policy import capability
from minzheng.elderly.schemas import DisputeIn, ElderlyAssessmentIn
from minzheng.registry.selectors import get_person

PERMISSION = "elderly.assess"


def _require(actor, message: str) -> None:
    if not roles.has_perm(actor, PERMISSION):
        raise Forbidden(message)


def record_assessment(actor, data: dict[str, Any]) -> Assessment:
    """A new assessment recorded by the actor from the assessors' form; the person's current one (if any) is kept
    and marked superseded by it. A 复评 must name the person's current, disputed assessment."""
    _require(actor, "您的角色不能录入老年人能力评估（村(社区)、乡镇(街道)或县级办理）")
    d = validation.validate(ElderlyAssessmentIn, data)
    person = get_person(actor, d.person_id)
    today = clock.today()
    day = d.assessed_on or today
    if day > today:
        raise ValidationFailed.one("assessed_on", f"评估基准日期不能晚于今天（{today}）")
    if person.death_date is not None and person.death_date < day:
        raise ValidationFailed.one("assessed_on", f"{person.name}已于 {person.death_date} 死亡")
    if person.age_on(day) < selectors.ELDERLY_AGE:
        raise ValidationFailed.one("person_id", f"{person.name}在评估基准日期未满60周岁，不适用老年人能力评估"
                                                "（GB/T 42195-2022；《老年人权益保障法》第二条）")
    outcome = capability.score(d.facts())
    months = selectors.reassessment_months(person.region_id, selectors.area_of(person.pk), day)
    with transaction.atomic():
        previous = (Assessment.objects.select_for_update()
                    .filter(person=person, superseded_by__isnull=True).first())
        _check_sequence(d, person, previous, day)
        row = Assessment(
            person=person, region_code=person.region_id, assessed_on=day, reason=d.reason,
            standard=outcome.standard, item_scores=dict(d.items), coma=d.coma, diagnoses=list(d.diagnoses),
            risk_events_30d=d.risk_events_30d, parts=outcome.parts, total=outcome.total,
            preliminary_level=outcome.preliminary, level=outcome.level, adjustments=list(outcome.reasons),
            dementia=any(capability.diagnosis_kind(c) == "dementia" for c in d.diagnoses),
            assessor_1=d.assessor_1.strip(), assessor_2=d.assessor_2.strip(), agency=d.agency,
            informant=d.informant, note=d.note, review_of=previous if d.review_of else None,
            reassess_due=months_after(day, months) if months else None, recorded_by=actor)
        if previous is not None:
            # One current row per person (constraint): the old one points at itself until the new one exists.
            Assessment.objects.filter(pk=previous.pk).update(superseded_by=previous.pk)
        row.save()
        if previous is not None:
            Assessment.objects.filter(pk=previous.pk).update(superseded_by=row.pk)
        audit.record(actor, audit.Event("create", "elderly_assessment", row.pk, row.region_code, {
            "person": [None, person.pk], "assessed_on": [None, day], "reason": [None, codes.REASONS[d.reason]],
            "standard": [None, row.standard], "total": [None, row.total],
            "level": [None, f"{row.level}级 {row.level_name}"],
            "adjusted_from": [None, outcome.adjusted_from], "reassess_due": [None, row.reassess_due],
            "review_of": [None, row.review_of_id], "supersedes": [None, previous.pk if previous else None]}))
    return row


def _check_sequence(d: ElderlyAssessmentIn, person, previous: Assessment | None, day) -> None:
    if previous is not None and day < previous.assessed_on:
        raise ValidationFailed.one("assessed_on", "评估基准日期不能早于该老年人当前评估的日期"
                                                  f"（{previous.assessed_on}）：历史评估不能补录到当前评估之前")
    if d.reason == "first" and previous is not None:
        raise ValidationFailed.one("reason", f"{person.name}已有评估记录（{previous.assessed_on}），"
                                             "评估原因不能为首次评估")
    if d.reason == "reassessment":
        if previous is None or previous.pk != d.review_of:
            raise ValidationFailed.one("review_of", "复评应针对该老年人当前有效的评估")
        if previous.disputed_on is None:
            raise Conflict("该评估未登记异议：复评须先登记对评估结果的异议")


def dispute(actor, assessment: Assessment | int, data: dict[str, Any]) -> Assessment:
    """The elder or the family disputes the current result: recorded on it; a 复评 is then due (inbox).
    `assessment`: the row (a page read it) or its id (the API: the role is checked before the lookup, 403 first)."""
    _require(actor, "您的角色不能登记评估异议")
    if not isinstance(assessment, Assessment):
        assessment = selectors.get_assessment(actor, assessment)
    d = validation.validate(DisputeIn, data)
    today = clock.today()
    on = d.disputed_on or today
    with transaction.atomic():
        row = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if row.superseded_by_id is not None:
            raise Conflict("该评估已被新的评估取代：只能对当前有效的评估提出异议")
        if row.disputed_on is not None:
            raise Conflict(f"该评估已于 {row.disputed_on} 登记异议，请安排复评")
        if on > today or on < row.assessed_on:
            raise ValidationFailed.one("disputed_on", f"提出异议日期应在评估日期（{row.assessed_on}）与今天之间")
        row.disputed_on, row.dispute_reason = on, d.reason
        row.save(update_fields=["disputed_on", "dispute_reason"])
        audit.record(actor, audit.Event("update", "elderly_assessment", row.pk, row.region_code, {
            "disputed_on": [None, on], "dispute_reason": [None, d.reason]}))
    return row
