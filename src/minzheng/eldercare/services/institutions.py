"""养老机构: the register (assistance's institutions with this app's profile), residents, care workers, gradings
(GB/T 37276-2018) and 双随机 inspections.

The register is assistance's `Institution`: registering a 养老机构 here calls assistance's own service (same
validation, account encryption and audit) and adds the profile in the same transaction; an institution registered
there (a 敬老院 for 特困 placements) gets its profile with `save_profile`."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.assistance import services as assistance_services
from minzheng.assistance.models import Institution
from minzheng.core import audit, clock, protected, random_draw, validation
from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.eldercare import codes, selectors
from minzheng.eldercare.models import CareWorker, Grading, Inspection, InspectionRound, InstitutionProfile, Resident
from minzheng.eldercare.policy import grading as grading_policy
from minzheng.eldercare.schemas import (
    AdmitIn,
    DrawIn,
    EndIn,
    GradingIn,
    InspectionIn,
    InstitutionRegisterIn,
    ProfileIn,
    RectifyIn,
    WorkerIn,
)
from minzheng.eldercare.services.common import not_future, require
from minzheng.registry.selectors import get_person

MANAGE, RECORD = "eldercare.manage", "eldercare.record"
PROFILE_FIELDS = ("ownership", "licence_kind", "licence_no", "licence_on", "credit_code", "beds_nursing",
                  "beds_dementia", "beds_general")


def _write_profile(actor, institution: Institution, d: ProfileIn) -> InstitutionProfile:
    profile = InstitutionProfile.objects.filter(pk=institution.pk).first()
    before = {f: getattr(profile, f) for f in PROFILE_FIELDS} if profile else {}
    profile = profile or InstitutionProfile(institution=institution)
    for f in PROFILE_FIELDS:
        setattr(profile, f, getattr(d, f))
    profile.region_code, profile.updated_by = institution.region_code, actor
    profile.save()
    total = profile.beds_total
    if institution.beds != total:  # the register's bed count is the sum of the three types
        Institution.objects.filter(pk=institution.pk).update(beds=total)
        institution.beds = total
    after = {f: getattr(profile, f) for f in PROFILE_FIELDS}
    changes = audit.diff(before, after) if before else {k: [None, v] for k, v in after.items()}
    if "ownership" in changes:
        changes["ownership"] = [codes.OWNERSHIP.get(v, v) if v else v for v in changes["ownership"]]
    audit.record(actor, audit.Event("update" if before else "create", "eldercare_profile", profile.pk,
                                    profile.region_code, changes))
    return profile


def register_institution(actor, data: dict[str, Any]) -> Institution:
    """A new 养老机构 in the register (county): assistance's institution row and the profile, one transaction."""
    require(actor, MANAGE, "养老机构由县级民政部门登记")
    d = validation.validate(InstitutionRegisterIn, data)
    with transaction.atomic():
        row = assistance_services.add_institution(actor, {
            "name": d.name, "kind": d.kind, "region_code": d.region_code, "beds": d.beds_nursing + d.beds_dementia
            + d.beds_general, "operator": d.operator, "bank_name": d.bank_name, "account": d.account})
        _write_profile(actor, row, d)
    return row


def save_profile(actor, institution: Institution | int, data: dict[str, Any]) -> InstitutionProfile:
    """Complete or change the profile of an institution of the register (county)."""
    require(actor, MANAGE, "养老机构信息由县级民政部门登记")
    if not isinstance(institution, Institution):
        institution = selectors.get_institution(actor, institution)
    d = validation.validate(ProfileIn, data)
    with transaction.atomic():
        return _write_profile(actor, institution, d)


# ---- residents ---------------------------------------------------------------------------------------------------


def admit(actor, institution: Institution | int, data: dict[str, Any]) -> Resident:
    """An elder moves in. A 特困 resident (payer tekun) is the person's open 集中供养 placement in this institution,
    made first through assistance (it moves the payments); the resident row links it."""
    require(actor, RECORD, "入住登记由乡镇（街道）或县级办理")
    if not isinstance(institution, Institution):
        institution = selectors.get_institution(actor, institution)
    d = validation.validate(AdmitIn, data)
    person = get_person(actor, d.person_id)
    not_future(d.admitted_on, "admitted_on", "入住日期")
    if not institution.active:
        raise Conflict(f"{institution.name}已停用")
    placement = None
    if d.payer == "tekun":
        placement = selectors.open_placement(person.pk, institution.pk)
        if placement is None:
            raise Conflict(f"{person.name}在{institution.name}没有未结束的特困集中供养安置："
                           "请先在“特困照料”办理机构集中供养安置")
    try:
        with transaction.atomic():
            row = Resident.objects.create(institution=institution, person=person,
                                          region_code=institution.region_code, home_region_code=person.region_id,
                                          bed_type=d.bed_type, room=d.room, payer=d.payer, placement=placement,
                                          admitted_on=d.admitted_on, created_by=actor)
            audit.record(actor, audit.Event("create", "eldercare_resident", row.pk, row.region_code, {
                "institution": [None, institution.name], "person": [None, person.pk],
                "bed_type": [None, codes.BED_TYPES[d.bed_type]], "payer": [None, codes.PAYERS[d.payer]],
                "admitted_on": [None, d.admitted_on], "placement": [None, placement.pk if placement else None]}))
    except IntegrityError:
        raise Conflict(f"{person.name}已在机构入住（有未离院的记录）：请先办理离院") from None
    return row


def discharge(actor, resident: Resident | int, data: dict[str, Any]) -> Resident:
    require(actor, RECORD, "离院登记由乡镇（街道）或县级办理")
    if not isinstance(resident, Resident):
        resident = selectors.get_resident(actor, resident)
    d = validation.validate(EndIn, data)
    with transaction.atomic():
        row = Resident.objects.select_for_update().get(pk=resident.pk)
        if row.discharged_on is not None:
            raise Conflict(f"已于 {row.discharged_on} 离院")
        if d.on < row.admitted_on:
            raise ValidationFailed.one("on", f"离院日期不能早于入住日期（{row.admitted_on}）")
        not_future(d.on, "on", "离院日期")
        row.discharged_on, row.discharge_reason = d.on, d.reason
        row.save(update_fields=["discharged_on", "discharge_reason"])
        audit.record(actor, audit.Event("update", "eldercare_resident", row.pk, row.region_code, {
            "discharged_on": [None, d.on], "discharge_reason": [None, d.reason]}))
    return row


# ---- care workers ------------------------------------------------------------------------------------------------


def add_worker(actor, data: dict[str, Any]) -> CareWorker:
    require(actor, RECORD, "护理员和工作人员由乡镇（街道）或县级登记")
    d = validation.validate(WorkerIn, data)
    if d.institution_id is not None:
        employer = selectors.get_institution(actor, d.institution_id)
        kw = {"institution": employer}
    else:
        employer = selectors.get_provider(actor, d.provider_id)
        kw = {"provider": employer}
    not_future(d.hired_on, "hired_on", "入职日期")
    with transaction.atomic():
        row = CareWorker.objects.create(region_code=employer.region_code, name=d.name, role=d.role,
                                        certificate=d.certificate, certificate_no=d.certificate_no,
                                        hired_on=d.hired_on, **kw)
        protected.seal_saved(row, "phone_enc", d.phone or None)
        audit.record(actor, audit.Event("create", "eldercare_worker", row.pk, row.region_code, {
            "employer": [None, employer.name], "name": [None, d.name], "role": [None, codes.STAFF_ROLES[d.role]],
            "certificate": [None, codes.CERTIFICATES[d.certificate]], "phone": [None, row.phone_masked]}))
    return row


# ---- grading -----------------------------------------------------------------------------------------------------


def record_grading(actor, institution: Institution | int, data: dict[str, Any]) -> Grading:
    """A GB/T 37276-2018 grading (county): the level follows from the scores and vetoes (policy.grading)."""
    require(actor, MANAGE, "等级评定由县级民政部门组织")
    if not isinstance(institution, Institution):
        institution = selectors.get_institution(actor, institution)
    d = validation.validate(GradingIn, data)
    not_future(d.assessed_on, "assessed_on", "评定日期")
    scores = {p: getattr(d, p) for p in grading_policy.MAXIMA}
    try:
        result = grading_policy.grade(scores, d.vetoes)
    except grading_policy.ScoreError as exc:
        raise ValidationFailed.one("scores", str(exc)) from None
    with transaction.atomic():
        row = Grading.objects.create(institution=institution, region_code=institution.region_code,
                                     assessed_on=d.assessed_on, total=result.total, vetoes=list(result.vetoes),
                                     level=result.level, standard=result.standard, assessors=d.assessors,
                                     note=d.note, created_by=actor, **scores)
        audit.record(actor, audit.Event("create", "eldercare_grading", row.pk, row.region_code, {
            "institution": [None, institution.name], "total": [None, result.total],
            "level": [None, result.level_name], "vetoes": [None, [codes.VETOES[v] for v in result.vetoes]]}))
    return row


def grade_of(actor, institution_id: int) -> dict:
    """The institution's current grade (its latest grading, recomputed from the stored scores)."""
    institution = selectors.get_institution(actor, institution_id)
    g = selectors.latest_grading(institution.pk)
    out = {"institution_id": institution.pk, "institution_name": institution.name, "graded": g is not None}
    if g is None:
        return out
    result = grading_policy.grade({p: getattr(g, p) for p in grading_policy.MAXIMA}, g.vetoes)
    return {**out, "assessed_on": g.assessed_on, "level": result.level, "level_name": result.level_name,
            "total": str(result.total), "standard": g.standard, "reasons": result.reasons,
            "vetoes": [codes.VETOES[v] for v in result.vetoes],
            "parts": [{"part": p, "label": codes.GRADE_PARTS[p], "score": str(result.parts[p]),
                       "maximum": grading_policy.MAXIMA[p], "share": str(result.shares[p])}
                      for p in grading_policy.MAXIMA]}


# ---- 双随机 inspections ----------------------------------------------------------------------------------------------


def draw_round(actor, data: dict[str, Any]) -> InspectionRound:
    """Draw institutions of the actor's register and a team for each from the inspector pool (county)."""
    require(actor, MANAGE, "双随机抽查由县级民政部门组织")
    d = validation.validate(DrawIn, data)
    allowed = dict(selectors.inspector_choices(actor))
    unknown = [i for i in d.inspector_ids if i not in allowed]
    if unknown:
        raise ValidationFailed.one("inspector_ids", f"检查人员 {unknown[0]} 不在本辖区检查人员库中")
    pool = list(selectors.institutions_for(actor).filter(active=True).values_list("id", flat=True))
    seed = d.seed if d.seed is not None else secrets.randbits(62)
    try:
        drawn = random_draw.draw(pool, d.inspector_ids, d.institutions, d.team_size, seed, noun="机构")
    except random_draw.DrawError as exc:
        raise ValidationFailed.one("institutions", str(exc)) from None
    regions = dict(Institution.objects.filter(pk__in=[i for i, _ in drawn]).values_list("id", "region_code"))
    with transaction.atomic():
        rnd = InspectionRound.objects.create(region_code=actor.region_id, title=d.title, drawn_on=clock.today(),
                                             seed=seed, institutions_asked=d.institutions, team_size=d.team_size,
                                             pool_size=len(pool), inspector_pool=sorted(set(d.inspector_ids)),
                                             created_by=actor)
        for inst, team in drawn:
            row = Inspection.objects.create(round=rnd, institution_id=inst, region_code=regions[inst],
                                            inspector_names="、".join(allowed[i] for i in team))
            row.inspectors.set(team)
        audit.record(actor, audit.Event("create", "eldercare_round", rnd.pk, rnd.region_code, {
            "title": [None, d.title], "seed": [None, seed], "pool_size": [None, len(pool)],
            "drawn": [None, [inst for inst, _ in drawn]]}))
    return rnd


def record_inspection(actor, inspection: Inspection | int, data: dict[str, Any]) -> Inspection:
    require(actor, MANAGE, "检查结果由县级民政部门登记")
    if not isinstance(inspection, Inspection):
        inspection = selectors.get_inspection(actor, inspection)
    d = validation.validate(InspectionIn, data)
    not_future(d.inspected_on, "inspected_on", "检查日期")
    with transaction.atomic():
        row = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if row.result:
            raise Conflict("该检查已登记结果")
        row.inspected_on, row.result, row.findings = d.inspected_on, d.result, d.findings
        row.veto_found, row.rectify_by = d.veto_found, d.rectify_by if d.result != "pass" else None
        row.save(update_fields=["inspected_on", "result", "findings", "veto_found", "rectify_by"])
        audit.record(actor, audit.Event("update", "eldercare_inspection", row.pk, row.region_code, {
            "result": [None, codes.INSPECTION_RESULTS[d.result]], "findings": [None, d.findings],
            "rectify_by": [None, row.rectify_by], "veto_found": [None, d.veto_found]}))
    return row


def record_rectification(actor, inspection: Inspection | int, data: dict[str, Any]) -> Inspection:
    require(actor, MANAGE, "整改情况由县级民政部门登记")
    if not isinstance(inspection, Inspection):
        inspection = selectors.get_inspection(actor, inspection)
    d = validation.validate(RectifyIn, data)
    not_future(d.rectified_on, "rectified_on", "整改完成日期")
    with transaction.atomic():
        row = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if row.result in ("", "pass"):
            raise Conflict("该检查没有需要整改的问题")
        if row.rectified_on is not None:
            raise Conflict(f"已于 {row.rectified_on} 完成整改")
        if d.rectified_on < row.inspected_on:
            raise ValidationFailed.one("rectified_on", f"整改完成日期不能早于检查日期（{row.inspected_on}）")
        row.rectified_on, row.rectification_note = d.rectified_on, d.note
        row.save(update_fields=["rectified_on", "rectification_note"])
        audit.record(actor, audit.Event("update", "eldercare_inspection", row.pk, row.region_code, {
            "rectified_on": [None, d.rectified_on], "rectification_note": [None, d.note]}))
    return row
