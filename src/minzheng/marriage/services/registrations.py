"""结婚、离婚登记申请、补领结婚证 under 《婚姻登记条例》(国务院令第804号): any registry (全国通办), checks against the
registration records (a second marriage refused — also by the database, see models.Spouse), kinship through the
registry's households, refusals recorded with every reason, certificate numbers by registry and year, and 撤销."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, clock, crypto, documents, protected, roles, validation, workdays
from minzheng.core.errors import Conflict, FieldError, Forbidden, ValidationFailed
from minzheng.marriage import codes, policy, selectors
from minzheng.marriage.models import (
    CertificateCounter,
    Counselling,
    DivorceApplication,
    Refusal,
    Registration,
    Registry,
    Spouse,
)
from minzheng.marriage.schemas import RegistrationIn, RevokeIn
from minzheng.registry.services import persons as registry_persons

PERMISSION = "marriage.register"


def _require(actor, message: str = "您的角色不能办理婚姻登记") -> None:
    if actor is not None and not roles.has_perm(actor, PERMISSION):
        raise Forbidden(message)


def _registry(actor, code: str) -> Registry:
    found = selectors.registry_by_code(actor, code)
    if found is None:
        raise ValidationFailed.one("registry", f"婚姻登记机关“{code}”不存在或不在您的管辖范围内")
    return found


def next_certificate_no(registry: Registry, kind: str, day: dt.date) -> str:
    """J/L/BJ + registry code + year + a 6-digit serial: numbered per registry, year and certificate kind, the
    counter row locked for the rest of the transaction (no gaps on rollback, no duplicates under concurrency)."""
    counter, _ = CertificateCounter.objects.get_or_create(registry=registry, year=day.year, kind=kind)
    counter = CertificateCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{codes.CERTIFICATE_PREFIX[kind]}{registry.code}-{day.year}-{counter.last:06d}"


def index(party) -> str:
    """The blind index that finds a party in the register: of the ID number, or of another document's key
    (core.documents: a passport never meets an ID number)."""
    return crypto.blind_index(party.document.index_key)


def _party_fields(d) -> dict[str, Any]:
    a, b = d.party_a, d.party_b
    ia, ib = index(a), index(b)
    return {"name_a": a.name, "sex_a": a.sex, "birth_a": a.birth_date, "id_a_index": ia,
            "id_a_enc": protected.seal(Registration, "id_a_enc", a.id_number, ia),
            "doc_a": a.document_type, "nationality_a": a.nationality,
            "name_b": b.name, "sex_b": b.sex, "birth_b": b.birth_date, "id_b_index": ib,
            "id_b_enc": protected.seal(Registration, "id_b_enc", b.id_number, ib),
            "doc_b": b.document_type, "nationality_b": b.nationality}


def _refuse(actor, registry: Registry, kind: str, d, day: dt.date, refusals: list[policy.Refusal]) -> None:
    """Record the 不予登记 with every reason (its own transaction: it stays when the request is refused), then
    refuse with each reason in Chinese (422)."""
    reasons = [{"code": r.code, "field": r.where, "message": r.message} for r in refusals]
    with transaction.atomic():
        row = Refusal.objects.create(
            kind=kind, registry=registry, region_code=registry.region_code, day=day, name_a=d.party_a.name,
            name_b=d.party_b.name, id_a_masked=documents.mask(d.party_a.document_type, d.party_a.id_number),
            id_b_masked=documents.mask(d.party_b.document_type, d.party_b.id_number), reasons=reasons,
            created_by=actor)
        audit.record(actor, audit.Event("refuse", "marriage_refusal", row.pk, registry.region_code, {
            "kind": [None, codes.KINDS[kind]], "names": [None, f"{row.name_a}、{row.name_b}"],
            "reasons": [None, [r["message"] for r in reasons]]}))
    raise ValidationFailed([FieldError(r.where or "refusal", r.message) for r in refusals])


def _facts(d, day: dt.date, registry: Registry) -> policy.MarriageFacts:
    a, b = d.party_a, d.party_b
    ia, ib = index(a), index(b)
    married = tuple(key for key, index in (("a", ia), ("b", ib)) if selectors.married(index))
    kinship = selectors.kinship(ia, ib) if ia != ib else ""
    return policy.MarriageFacts(
        a=policy.Party(a.name, a.sex, a.birth_date, a.voluntary), b=policy.Party(b.name, b.sex, b.birth_date,
                                                                               b.voluntary),
        day=day, declaration_signed=d.declaration_signed, same_person=ia == ib, married=married, kinship=kinship,
        mainland=(a.document.mainland, b.document.mainland), registry_foreign=registry.handles_foreign)


def _competence(registry: Registry, d) -> list[policy.Refusal]:
    """Who may register where (《婚姻登记条例》), for a divorce or a reissue as for a marriage."""
    return policy.competence_refusals((d.party_a.document.mainland, d.party_b.document.mainland),
                                      registry.handles_foreign, codes.REFUSALS)


def register(actor, data: Any) -> dict[str, Any]:
    """One request of the API's shape; the result names the certificate (结婚/补领) or the divorce application."""
    _require(actor)
    d = validation.validate(RegistrationIn, data)
    registry = _registry(actor, d.registry)
    day = d.date or clock.today()
    if d.type == "marriage":
        row = _marry(actor, registry, d, day)
        return {"type": "marriage", "registration_id": row.pk, "certificate_no": row.certificate_no}
    if d.type == "reissue":
        row = _reissue(actor, registry, d, day)
        return {"type": "reissue", "registration_id": row.pk, "certificate_no": row.certificate_no}
    app = _apply_divorce(actor, registry, d, day)
    return {"type": "divorce", "application_id": app.pk, "withdrawal_deadline": app.withdrawal_deadline,
            "appearance_deadline": app.appearance_deadline}


def _marry(actor, registry: Registry, d, day: dt.date) -> Registration:
    refusals = policy.marriage_refusals(_facts(d, day, registry), codes.REFUSALS)
    if refusals:
        _refuse(actor, registry, "marriage", d, day, refusals)
    persons = selectors.person_ids_by_index([index(d.party_a), index(d.party_b)])
    try:
        with transaction.atomic():
            fields = _party_fields(d)
            row = Registration.objects.create(
                kind="marriage", registry=registry, region_code=registry.region_code, registered_on=day,
                certificate_no=next_certificate_no(registry, "marriage", day), in_force=True,
                declaration_signed=d.declaration_signed, person_a_id=persons.get(fields["id_a_index"]),
                person_b_id=persons.get(fields["id_b_index"]), created_by=actor, **fields)
            Spouse.objects.bulk_create([Spouse(id_index=fields["id_a_index"], marriage=row),
                                        Spouse(id_index=fields["id_b_index"], marriage=row)])
            parties_marital_status(actor, row, "20", remember=True)
            audit.record(actor, audit.Event("register", "marriage_registration", row.pk, registry.region_code, {
                "kind": [None, "结婚登记"], "certificate_no": [None, row.certificate_no],
                "names": [None, f"{row.name_a}、{row.name_b}"], "ids": [None, [row.id_a_masked, row.id_b_masked]]}))
    except IntegrityError:  # registered elsewhere a moment ago (models.Spouse): refuse as "already married"
        _refuse(actor, registry, "marriage", d, day, policy.marriage_refusals(_facts(d, day, registry), codes.REFUSALS)
                or [policy.Refusal("married", "", codes.REFUSALS["married"])])
    return row


def _reissue(actor, registry: Registry, d, day: dt.date) -> Registration:
    if refusals := _competence(registry, d):
        _refuse(actor, registry, "reissue", d, day, refusals)
    ia, ib = index(d.party_a), index(d.party_b)
    marriage = selectors.marriage_between(ia, ib)
    if marriage is None:
        _refuse(actor, registry, "reissue", d, day, [policy.Refusal("no_marriage", "", codes.REFUSALS["no_marriage"])])
    with transaction.atomic():
        row = Registration.objects.create(
            kind="reissue", registry=registry, region_code=registry.region_code, registered_on=day,
            certificate_no=next_certificate_no(registry, "reissue", day), marriage=marriage, created_by=actor,
            **_party_fields(d))
        audit.record(actor, audit.Event("register", "marriage_registration", row.pk, registry.region_code, {
            "kind": [None, "补领结婚证"], "certificate_no": [None, row.certificate_no],
            "marriage": [None, marriage.certificate_no]}))
    return row


def _apply_divorce(actor, registry: Registry, d, day: dt.date) -> DivorceApplication:
    if refusals := _competence(registry, d):
        _refuse(actor, registry, "divorce", d, day, refusals)
    ia, ib = index(d.party_a), index(d.party_b)
    marriage = selectors.marriage_by_certificate(d.marriage_certificate_no)
    if marriage is None or not marriage.in_force:
        _refuse(actor, registry, "divorce", d, day, [policy.Refusal(
            "no_marriage", "marriage_certificate_no",
            f"{codes.REFUSALS['no_marriage']}（结婚证字号 {d.marriage_certificate_no}）")])
    if {ia, ib} != {marriage.id_a_index, marriage.id_b_index}:
        _refuse(actor, registry, "divorce", d, day,
                [policy.Refusal("parties_differ", "marriage_certificate_no", codes.REFUSALS["parties_differ"])])
    if selectors.open_application(marriage.pk, day) is not None:
        _refuse(actor, registry, "divorce", d, day,
                [policy.Refusal("open_application", "", codes.REFUSALS["open_application"])])
    calendar = workdays.Calendar(registry.region_code)
    timers = policy.cooling_off(day, lambda x: calendar.is_workday(x)[0])
    try:
        with transaction.atomic():
            # An application whose appearance period ended is withdrawn first (the sweep may not have run yet).
            DivorceApplication.objects.filter(marriage=marriage, status="cooling",
                                              appearance_deadline__lt=day).update(
                status="withdrawn", withdrawn_by="lapse")
            app = DivorceApplication.objects.create(
                marriage=marriage, registry=registry, region_code=registry.region_code, received=day,
                withdrawal_deadline=timers.withdrawal_deadline, appearance_deadline=timers.appearance_deadline,
                deadline_note="；".join(timers.extended), agreement_signed=d.agreement_signed, created_by=actor,
                phone_a_enc=protected.seal(DivorceApplication, "phone_a_enc", d.party_a.phone, marriage.pk),
                phone_b_enc=protected.seal(DivorceApplication, "phone_b_enc", d.party_b.phone, marriage.pk))
            if d.counselling:
                Counselling.objects.create(application=app, registry=registry, region_code=registry.region_code,
                                           names=f"{marriage.name_a}、{marriage.name_b}", referred_on=day,
                                           provider="婚姻家庭辅导室", created_by=actor)
            audit.record(actor, audit.Event("divorce_apply", "divorce_application", app.pk, registry.region_code, {
                "marriage": [None, marriage.certificate_no], "received": [None, day],
                "withdrawal_deadline": [None, app.withdrawal_deadline],
                "appearance_deadline": [None, app.appearance_deadline], "counselling": [None, d.counselling]}))
    except IntegrityError:
        raise Conflict(codes.REFUSALS["open_application"]) from None
    return app


def revoke(actor, registration_id, data: Any, comment: str | None = None) -> Registration:
    """撤销 a marriage registration on a court judgment or the registry's decision (e.g. 冒名顶替): the marriage no
    longer stands; the decision is kept with the record."""
    _require(actor, "您的角色不能撤销婚姻登记")
    row = selectors.get_registration(actor, registration_id)
    d = validation.validate(RevokeIn, data)
    with transaction.atomic():
        row = Registration.objects.select_for_update().get(pk=row.pk)
        if row.kind != "marriage":
            raise Conflict("只能撤销结婚登记")
        if row.status == "revoked":
            raise Conflict(f"该结婚登记已于 {row.revoked_on} 撤销")
        day = d.date or clock.today()
        row.status, row.revoked_on, row.in_force = "revoked", day, False
        row.ended_on = row.ended_on or day
        row.revocation_basis, row.revocation_decision, row.revocation_reason = d.basis, d.decision, d.reason
        row.save(update_fields=["status", "revoked_on", "in_force", "ended_on", "revocation_basis",
                                "revocation_decision", "revocation_reason"])
        Spouse.objects.filter(marriage=row).delete()
        DivorceApplication.objects.filter(marriage=row, status="cooling").update(
            status="withdrawn", withdrawn_on=day, withdrawn_by="")
        parties_marital_status(actor, row, None)
        audit.record(actor, audit.Event("revoke", "marriage_registration", row.pk, row.region_code, {
            "status": ["已登记", "已撤销"], "basis": [None, codes.REVOCATION_BASIS[d.basis]],
            "decision": [None, d.decision], "reason": [None, d.reason], "comment": [None, comment or ""]}))
    return row


def parties_marital_status(actor, row: Registration, code: str | None, remember: bool = False) -> None:
    """The registry's 婚姻状况 of both parties follows the register: 已婚 on a marriage (the status before is kept on
    the registration), 离婚 on a divorce, the kept status back (未说明 when unknown) when a marriage is revoked."""
    wanted: dict[int, str] = {}
    for pid, prior in ((row.person_a_id, row.prior_status_a), (row.person_b_id, row.prior_status_b)):
        if pid is not None:
            wanted[pid] = code if code is not None else (prior or "90")
    if not wanted:
        return
    before = registry_persons.set_marital_status(actor, wanted, f"{codes.KINDS[row.kind]} {row.certificate_no}")
    if remember:
        row.prior_status_a = before.get(row.person_a_id, wanted.get(row.person_a_id, "")) if row.person_a_id else ""
        row.prior_status_b = before.get(row.person_b_id, wanted.get(row.person_b_id, "")) if row.person_b_id else ""
        row.save(update_fields=["prior_status_a", "prior_status_b"])


def end_by_death(actor, person_index: str, day: dt.date, source: str) -> dict[str, Any] | None:
    """A party's death ends the marriage (民法典第一千零七十八条 ff. by implication; the survivor may marry again):
    the marriage in force no longer stands from the day of death, its Spouse rows go (the survivor is free in the
    register), and the survivor's 婚姻状况 becomes 丧偶. Called by the funeral line's 身后一件事; None when the
    register has no marriage in force for the person. Idempotent: a second call finds none."""
    spouse = Spouse.objects.filter(id_index=person_index).select_related("marriage").first()
    if spouse is None:
        return None
    with transaction.atomic():
        m = Registration.objects.select_for_update().get(pk=spouse.marriage_id)
        m.in_force, m.ended_on = False, day
        m.save(update_fields=["in_force", "ended_on"])
        Spouse.objects.filter(marriage=m).delete()
        DivorceApplication.objects.filter(marriage=m, status="cooling").update(
            status="withdrawn", withdrawn_on=day, withdrawn_by="")
        survivor = m.person_b_id if m.id_a_index == person_index else m.person_a_id
        if survivor is not None:
            registry_persons.set_marital_status(actor, {survivor: "30"}, f"配偶死亡（{source}）")
        audit.record(actor, audit.Event("end", "marriage_registration", m.pk, m.region_code, {
            "in_force": ["存续", "终止（一方死亡）"], "ended_on": [None, day], "source": [None, source]}))
    survivor_name = m.name_b if m.id_a_index == person_index else m.name_a
    return {"marriage": m.certificate_no, "survivor": survivor_name, "ended_on": day.isoformat()}
