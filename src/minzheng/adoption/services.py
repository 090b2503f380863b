"""Writes of adoption registration: apply (child from the registry, conditions declared), assess (收养评估 and the
check of each declared condition), register (the rules of 民法典第1093–1105条; refused with every reason, recorded),
dissolve (解除收养关系登记). One transaction each, audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from minzheng.adoption import codes, policy, selectors
from minzheng.adoption.models import Adoption, AdoptionCounter
from minzheng.adoption.schemas import AdoptionAssessmentIn, AdoptionIn, DissolveIn, RegisterIn
from minzheng.core import audit, clock, crypto, protected, roles, validation
from minzheng.core.errors import Conflict, FieldError, Forbidden, ValidationFailed
from minzheng.registry import selectors as registry_selectors

PERMISSION = "adoption.register"


def _require(actor) -> None:
    if not roles.has_perm(actor, PERMISSION):
        raise Forbidden("您的角色不能办理收养登记")


def _region(actor) -> str:
    return actor.region_id


def apply(actor, data: Any) -> Adoption:
    _require(actor)
    d = validation.validate(AdoptionIn, data)
    child = registry_selectors.get_person(actor, d.child_id)  # 404 outside the actor's region
    if selectors.active_adoption_of(child.pk) is not None:
        raise Conflict(f"{child.name} 已有办理中或已登记的收养")
    a = d.adopter
    ai = crypto.blind_index(a.id_number)
    si = crypto.blind_index(d.spouse.id_number) if d.spouse else None
    with transaction.atomic():
        row = Adoption.objects.create(
            region_code=_region(actor), child=child, child_category=d.child_category,
            child_disabled=d.child_disabled, child_in_institution=d.child_in_institution,
            child_consents=d.child_consents, adopter_name=a.name, adopter_sex=a.sex, adopter_birth=a.birth_date,
            adopter_id_index=ai, adopter_id_enc=protected.seal(Adoption, "adopter_id_enc", a.id_number, ai),
            spouse_name=d.spouse.name if d.spouse else "", spouse_id_index=si,
            spouse_id_enc=protected.seal(Adoption, "spouse_id_enc", d.spouse.id_number, si) if d.spouse else None,
            married=d.married, children=d.children, adopted_before=d.adopted_before,
            declared=sorted(set(d.declared)), applied_on=d.date or clock.today(), created_by=actor)
        audit.record(actor, audit.Event("create", "adoption", row.pk, row.region_code, {
            "child": [None, child.name], "adopter": [None, a.name],
            "declared": [None, [codes.CONDITIONS[c] for c in row.declared]]}))
    return row


def _locked(actor, pk) -> Adoption:
    _require(actor)
    found = selectors.get_adoption(actor, pk)
    return Adoption.objects.select_for_update(of=("self",)).select_related("child").get(pk=found.pk)


def assess(actor, pk, data: Any) -> Adoption:
    with transaction.atomic():
        row = _locked(actor, pk)
        d = validation.validate(AdoptionAssessmentIn, data)
        if row.status not in ("applied", "assessed"):
            raise Conflict(f"收养登记{codes.STATUS[row.status]}，不能再评估")
        row.status, row.assessed_on, row.assessor = "assessed", d.assessed_on, d.assessor
        row.assessment_result, row.assessment_report = d.result, d.report
        row.checked_failed, row.check_note = sorted(set(d.checked_failed)), d.check_note
        row.save()
        audit.record(actor, audit.Event("update", "adoption", row.pk, row.region_code, {
            "assessment_result": [None, codes.ASSESSMENT_RESULTS[d.result]], "assessor": [None, d.assessor],
            "checked_failed": [None, [codes.CONDITIONS[c] for c in row.checked_failed]]}))
    return row


def _facts(row: Adoption, day) -> policy.AdoptionFacts:
    return policy.AdoptionFacts(
        day=day, adopter_birth=row.adopter_birth, adopter_sex=row.adopter_sex, married=row.married,
        spouse_joins=bool(row.spouse_id_index), children=row.children, adopted_before=row.adopted_before,
        child_birth=row.child.birth_date, child_sex=row.child.sex, child_category=row.child_category,
        child_disabled=row.child_disabled, child_in_institution=row.child_in_institution,
        child_consents=row.child_consents, declared=tuple(row.declared), checked_failed=tuple(row.checked_failed))


def register(actor, pk, data: Any, comment: str | None = None) -> Adoption:
    """Register the adoption (it exists from this day, 第1105条) — after a 收养评估 found it suitable and every
    condition holds; otherwise refuse with every reason (recorded on the application, 422)."""
    with transaction.atomic():
        row = _locked(actor, pk)
        d = validation.validate(RegisterIn, data)
        if row.status != "assessed":
            raise Conflict("须先完成收养评估" if row.status == "applied" else f"收养登记{codes.STATUS[row.status]}")
        day = d.date or clock.today()
        reasons = policy.refusals(_facts(row, day), codes.CONDITIONS)
        if row.assessment_result != "suitable":
            reasons.append(("assessment", "收养评估结论为不适宜收养"))
        if reasons:
            row.status, row.refusal_reasons = "refused", [m for _, m in reasons]
            row.save(update_fields=["status", "refusal_reasons"])
            audit.record(actor, audit.Event("refuse", "adoption", row.pk, row.region_code,
                                            {"reasons": [None, row.refusal_reasons]}))
    if reasons:  # the refusal is recorded (committed above); the caller gets every reason
        raise ValidationFailed([FieldError(f, m) for f, m in reasons])
    with transaction.atomic():
        row = _locked(actor, pk)
        counter, _ = AdoptionCounter.objects.get_or_create(region_code=row.region_code, year=day.year)
        counter = AdoptionCounter.objects.select_for_update().get(pk=counter.pk)
        counter.last += 1
        counter.save(update_fields=["last"])
        row.status, row.registered_on = "registered", day
        row.certificate_no = f"SY{row.region_code[:6]}-{day.year}-{counter.last:05d}"
        row.save(update_fields=["status", "registered_on", "certificate_no"])
        audit.record(actor, audit.Event("register", "adoption", row.pk, row.region_code, {
            "certificate_no": [None, row.certificate_no], "comment": [None, comment or ""]}))
    return row


def dissolve(actor, pk, data: Any, comment: str | None = None) -> Adoption:
    with transaction.atomic():
        row = _locked(actor, pk)
        d = validation.validate(DissolveIn, data)
        if row.status != "registered":
            raise Conflict("只能解除已登记的收养关系")
        row.status, row.dissolved_on = "dissolved", d.date or clock.today()
        row.dissolution_kind, row.dissolution_reason = d.kind, d.reason
        row.save(update_fields=["status", "dissolved_on", "dissolution_kind", "dissolution_reason"])
        audit.record(actor, audit.Event("dissolve", "adoption", row.pk, row.region_code, {
            "status": ["已登记", "已解除收养关系"], "kind": [None, codes.DISSOLUTION_KINDS[d.kind]],
            "reason": [None, d.reason], "comment": [None, comment or ""]}))
    return row
