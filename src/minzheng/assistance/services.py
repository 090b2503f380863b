"""Writes of 特困 care, each one transaction with the role and scope checks and an audit entry:

    record_assessment(actor, data)           生活自理能力评估 (village, township, county); supersedes the current one
    add_agreement(actor, data)               委托照料协议 for a 分散供养 特困 person (village, township, county)
    end_agreement(actor, agreement, data)    ends it early (or at its term)
    add_institution(actor, data)             供养服务机构 (county)
    open_placement(actor, data)              集中供养 (county): the person's 特困 entitlement is paid to the institution
    end_placement(actor, placement, data)    the person leaves: the entitlement goes back to the person's own account

Inputs are schemas (assistance.schemas) validated with core.validation (422 in Chinese, nothing written); a record
outside the caller's region is a 404, a role that may not act a 403, a state that does not allow it a 409."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from minzheng.assistance import codes, selectors
from minzheng.assistance.models import CareAgreement, Institution, Placement, SelfCareAssessment
from minzheng.assistance.policy.care import care_band, unmet_count
from minzheng.assistance.schemas import AgreementIn, AssessmentIn, EndIn, InstitutionIn, PlacementIn
from minzheng.benefits.services.entitlements import set_payment_account
from minzheng.core import audit, clock, protected, regioncodes, roles, validation
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.core.models import Region
from minzheng.registry.selectors import get_person


def _require(actor, perm: str, message: str) -> None:
    if not roles.has_perm(actor, perm):
        raise Forbidden(message)


def _not_future(day, field: str, label: str) -> None:
    if day > clock.today():
        raise ValidationFailed.one(field, f"{label}不能晚于今天（{clock.today()}）")


def _tekun_person(actor, person_id: int):
    """The person (404 outside the actor's region) and their 特困 entitlement in force (409 without one)."""
    person = get_person(actor, person_id)
    ent = selectors.tekun_entitlement(person.pk)
    if ent is None:
        raise Conflict(f"{person.name}没有在保的特困人员救助供养待遇")
    return person, ent


# ---- self-care assessment --------------------------------------------------------------------------------------------


def record_assessment(actor, data: dict[str, Any]) -> SelfCareAssessment:
    """A new assessment by the actor; the person's current one (if any) is kept and marked superseded by it."""
    _require(actor, "care.record", "您的角色不能记录生活自理能力评估（村(社区)、乡镇(街道)或县级办理）")
    d = validation.validate(AssessmentIn, data)
    person = get_person(actor, d.person_id)
    day = d.assessed_on or clock.today()
    _not_future(day, "assessed_on", "评估日期")
    if person.death_date is not None and person.death_date < day:
        raise ValidationFailed.one("assessed_on", f"{person.name}已于 {person.death_date} 死亡")
    items = d.items()
    unmet = unmet_count(items)
    with transaction.atomic():
        previous = (SelfCareAssessment.objects.select_for_update()
                    .filter(person=person, superseded_by__isnull=True).first())
        if previous is not None and day < previous.assessed_on:
            raise ValidationFailed.one("assessed_on", f"评估日期不能早于该人员当前评估的日期（{previous.assessed_on}）"
                                                      "：历史评估不能补录到当前评估之前")
        row = SelfCareAssessment(person=person, region_code=person.region_id, assessed_on=day, assessor=actor,
                                 unmet=unmet, band=care_band(unmet), note=d.note, **items)
        if previous is not None:
            # One current row per person (constraint): the old one points at itself until the new one exists.
            SelfCareAssessment.objects.filter(pk=previous.pk).update(superseded_by=previous.pk)
        row.save()
        if previous is not None:
            SelfCareAssessment.objects.filter(pk=previous.pk).update(superseded_by=row.pk)
        audit.record(actor, audit.Event("create", "self_care_assessment", row.pk, row.region_code, {
            "person": [None, person.pk], "assessed_on": [None, day], "unmet": [None, unmet],
            "band": [None, codes.CARE_BANDS[row.band]],
            "supersedes": [None, previous.pk if previous else None]}))
    return row


# ---- 委托照料 agreements ---------------------------------------------------------------------------------------------


def add_agreement(actor, data: dict[str, Any]) -> CareAgreement:
    _require(actor, "care.record", "您的角色不能登记委托照料协议（村(社区)、乡镇(街道)或县级办理）")
    d = validation.validate(AgreementIn, data)
    person, ent = _tekun_person(actor, d.person_id)
    _not_future(d.signed_on, "signed_on", "签订日期")
    if selectors.open_placement(person.pk) is not None:
        raise Conflict(f"{person.name}正在机构集中供养，委托照料协议只适用于分散供养特困人员")
    try:
        with transaction.atomic():
            row = CareAgreement.objects.create(
                person=person, region_code=person.region_id, carer_name=d.carer_name,
                carer_relation=d.carer_relation, duties=d.duties, monthly_fee=d.monthly_fee,
                visit_frequency=d.visit_frequency, start_on=d.start_on, end_on=d.end_on, signed_on=d.signed_on,
                created_by=actor)
            protected.seal_saved(row, "carer_phone_enc", d.carer_phone or None)
            audit.record(actor, audit.Event("create", "care_agreement", row.pk, row.region_code, {
                "person": [None, person.pk], "carer_name": [None, d.carer_name],
                "carer_phone": [None, row.carer_phone_masked], "monthly_fee": [None, d.monthly_fee],
                "visit_frequency": [None, codes.VISIT_FREQUENCIES[d.visit_frequency]],
                "start_on": [None, d.start_on], "end_on": [None, d.end_on], "entitlement": [None, ent.pk]}))
    except IntegrityError:
        raise Conflict(f"{person.name}已有未终止的委托照料协议：请先终止原协议") from None
    return row


def end_agreement(actor, agreement: CareAgreement | int, data: dict[str, Any]) -> CareAgreement:
    """`agreement`: the row (a page read it) or its id (the API: the role is checked before the lookup, 403 first)."""
    _require(actor, "care.record", "您的角色不能终止委托照料协议")
    if not isinstance(agreement, CareAgreement):
        agreement = selectors.get_agreement(actor, agreement)
    d = validation.validate(EndIn, data)
    with transaction.atomic():
        row = CareAgreement.objects.select_for_update().get(pk=agreement.pk)
        if row.ended_on is not None:
            raise Conflict(f"该协议已于 {row.ended_on} 终止")
        if d.on < row.start_on:
            raise ValidationFailed.one("on", f"终止日期不能早于协议起始日期（{row.start_on}）")
        _not_future(d.on, "on", "终止日期")
        row.ended_on, row.end_reason = d.on, d.reason
        row.save(update_fields=["ended_on", "end_reason"])
        audit.record(actor, audit.Event("update", "care_agreement", row.pk, row.region_code, {
            "ended_on": [None, d.on], "end_reason": [None, d.reason]}))
    return row


# ---- institutions and placements -------------------------------------------------------------------------------------


def add_institution(actor, data: dict[str, Any]) -> Institution:
    _require(actor, "care.institutions", "供养服务机构由县级民政部门登记")
    d = validation.validate(InstitutionIn, data)
    if not regioncodes.in_subtree(d.region_code, actor.region_id):
        raise ValidationFailed.one("region_code", "所在区划应在本县（区）范围内")
    if not Region.objects.filter(code=d.region_code).exists():
        raise ValidationFailed.one("region_code", f"区划代码 {d.region_code} 不存在")
    try:
        with transaction.atomic():
            row = Institution.objects.create(name=d.name, kind=d.kind, region_code=d.region_code, beds=d.beds,
                                             operator=d.operator, bank_name=d.bank_name, created_by=actor)
            protected.seal_saved(row, "account_enc", d.account)
            audit.record(actor, audit.Event("create", "institution", row.pk, row.region_code, {
                "name": [None, d.name], "kind": [None, codes.INSTITUTION_KINDS[d.kind]], "beds": [None, d.beds],
                "bank_name": [None, d.bank_name], "account": [None, row.account_masked]}))
    except IntegrityError:
        raise Conflict(f"该区划已登记名为“{d.name}”的机构") from None
    return row


def open_placement(actor, data: dict[str, Any]) -> Placement:
    """集中供养 from `from_on`: the placement row, and from the next payroll generated the person's 特困 entitlement is
    paid into the institution's account under its name (the person's own account is kept on the placement)."""
    _require(actor, "care.institutions", "集中供养安置由县级民政部门办理")
    d = validation.validate(PlacementIn, data)
    person, ent = _tekun_person(actor, d.person_id)
    institution = selectors.get_institution(actor, d.institution_id)
    if not institution.active:
        raise Conflict(f"{institution.name}已停用，不能安置")
    _not_future(d.from_on, "from_on", "入住日期")
    account = protected.unseal(institution, "account_enc")
    if not account:
        raise Conflict(f"{institution.name}未登记银行账号，不能将供养金支付到机构")
    try:
        with transaction.atomic():
            row = Placement.objects.create(person=person, institution=institution, region_code=person.region_id,
                                           from_on=d.from_on, room=d.room, reason=d.reason, entitlement=ent,
                                           created_by=actor)
            own, bank, name = set_payment_account(actor, ent, account, institution.bank_name, institution.name,
                                                  f"集中供养：入住{institution.name}", f"placement:{row.pk}")
            row.own_bank_name, row.own_account_name = bank, name
            row.save(update_fields=["own_bank_name", "own_account_name"])
            protected.seal_saved(row, "own_account_enc", own)
            audit.record(actor, audit.Event("create", "placement", row.pk, row.region_code, {
                "person": [None, person.pk], "institution": [None, institution.name], "from_on": [None, d.from_on],
                "room": [None, d.room], "reason": [None, d.reason], "entitlement": [None, ent.pk]}))
    except IntegrityError:
        raise Conflict(f"{person.name}已在机构集中供养（有未结束的安置）：请先办理离开") from None
    return row


def end_placement(actor, placement: Placement | int, data: dict[str, Any]) -> Placement:
    """The person leaves the institution: the entitlement goes back to the account it had before the placement.
    `placement`: the row or its id (the API: the role is checked before the lookup, 403 first)."""
    _require(actor, "care.institutions", "集中供养安置由县级民政部门办理")
    if not isinstance(placement, Placement):
        placement = selectors.get_placement(actor, placement)
    d = validation.validate(EndIn, data)
    with transaction.atomic():
        row = (Placement.objects.select_for_update(of=("self",)).select_related("institution", "entitlement")
               .get(pk=placement.pk))  # PostgreSQL locks no outer-joined row
        if row.to_on is not None:
            raise Conflict(f"该安置已于 {row.to_on} 结束")
        if d.on < row.from_on:
            raise ValidationFailed.one("on", f"离开日期不能早于入住日期（{row.from_on}）")
        _not_future(d.on, "on", "离开日期")
        row.to_on, row.end_reason = d.on, d.reason
        row.save(update_fields=["to_on", "end_reason"])
        if row.entitlement is not None:
            set_payment_account(actor, row.entitlement, protected.unseal(row, "own_account_enc"), row.own_bank_name,
                                row.own_account_name, f"集中供养结束：离开{row.institution.name}",
                                f"placement:{row.pk}")
        audit.record(actor, audit.Event("update", "placement", row.pk, row.region_code, {
            "to_on": [None, d.on], "end_reason": [None, d.reason]}))
    return row
