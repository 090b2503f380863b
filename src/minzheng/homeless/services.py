"""Writes of the rescue station, each one transaction with the role check (403) before the record (404) before the
data (422), and an audit entry:

    create_intake / add_expense / add_property / attach_photo / publish_notice      the stay
    create_missing                                                                    寻人登记
    decide_match                                                        寻亲比对结果 (confirm → identified)
    escort_home                                  护送返乡 + hand-over to the township (monitoring.services.warnings)
    leave / settle                               自行离站、转送 / 落户安置 after the legal steps (policy)
    save_rule                                    the station's rules (age tolerance, notice period, long stay)"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from minzheng.core import audit, clock, crypto, filestore, protected, regioncodes, roles, validation
from minzheng.core.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from minzheng.homeless import codes, matching, policy, selectors
from minzheng.homeless.models import (
    Escort,
    Expense,
    Intake,
    MatchOutcome,
    MissingPerson,
    PropertyItem,
    Settlement,
    StationRule,
)
from minzheng.homeless.schemas import (
    EscortHomeIn,
    HomelessExpenseIn,
    HomelessIntakeIn,
    HomelessSettlementIn,
    KeptPropertyIn,
    MatchDecisionIn,
    MissingPersonIn,
    StationLeaveIn,
)
from minzheng.monitoring.services import warnings
from minzheng.registry import names
from minzheng.registry import selectors as registry_selectors

CHANGE = "homeless.change"
PHOTO_TYPES = {"image/jpeg", "image/png"}
PHOTO_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
PHOTO_LIMIT = 10 * 1024 * 1024


def _require(actor, what: str) -> None:
    if not roles.has_perm(actor, CHANGE):
        raise Forbidden(f"您的角色不能{what}")


def _lock(actor, intake_id, open_only: bool = True) -> Intake:
    found = Intake.objects.visible_to(actor, "change").select_for_update().filter(pk=intake_id).first()
    if found is None:
        raise NotFound()
    if open_only and found.status != "in_station":
        raise Conflict(f"该受助人员已离站（{codes.STATUS[found.status]}），不能再办理")
    return found


def _values(schema, data):
    return data if isinstance(data, schema) else validation.validate(schema, data)


def _region(actor, code: str | None, field: str) -> str:
    code = code or actor.region_id
    if not regioncodes.in_subtree(code, actor.region_id):
        raise ValidationFailed.one(field, "区划不在您的管辖范围内")
    return code


# ---- the stay ----------------------------------------------------------------------------------------------------


def create_intake(actor, data: dict[str, Any] | HomelessIntakeIn) -> Intake:
    _require(actor, "登记受助人员")
    d = _values(HomelessIntakeIn, data)
    region = _region(actor, d.region_code, "region_code")
    with transaction.atomic():
        row = Intake.objects.create(
            name=d.name, name_pinyin=names.pinyin_key(d.name) if d.name else "", sex=d.sex,
            estimated_birth_year=d.estimated_birth_year, dialect_region=d.dialect_region or "", features=d.features,
            description=d.description, found_on=d.found_on, found_at=d.found_at, found_by=d.found_by,
            found_by_name=d.found_by_name, region_code=region, admitted_on=d.admitted_on or clock.today(),
            created_by=actor)
        audit.record(actor, audit.Event("create", "homeless_intake", row.pk, region, {
            "name": [None, row.name or "（无名氏）"], "sex": [None, codes.SEX[row.sex]],
            "found_on": [None, row.found_on], "found_at": [None, row.found_at],
            "found_by": [None, codes.FOUND_BY[row.found_by]]}))
    return row


def add_expense(actor, intake_id, data: dict[str, Any] | HomelessExpenseIn) -> Expense:
    _require(actor, "登记救助费用")
    with transaction.atomic():
        intake = _lock(actor, intake_id, open_only=False)
        d = _values(HomelessExpenseIn, data)
        if d.on_date < intake.admitted_on:
            raise ValidationFailed.one("on_date", "费用日期不能早于入站日期")
        row = Expense.objects.create(intake=intake, region_code=intake.region_code, kind=d.kind, on_date=d.on_date,
                                     quantity=d.quantity, amount=d.amount, provider=d.provider, note=d.note,
                                     created_by=actor)
        audit.record(actor, audit.Event("create", "homeless_expense", row.pk, intake.region_code, {
            "intake": [None, intake.pk], "kind": [None, codes.EXPENSE_KINDS[d.kind]], "amount": [None, d.amount],
            "provider": [None, d.provider]}))
    return row


def add_property(actor, intake_id, data: dict[str, Any] | KeptPropertyIn) -> PropertyItem:
    _require(actor, "登记代管物品")
    with transaction.atomic():
        intake = _lock(actor, intake_id)
        d = _values(KeptPropertyIn, data)
        row = PropertyItem.objects.create(intake=intake, region_code=intake.region_code, description=d.description,
                                          quantity=d.quantity, kept_on=d.kept_on or clock.today())
        audit.record(actor, audit.Event("create", "homeless_property", row.pk, intake.region_code, {
            "intake": [None, intake.pk], "description": [None, d.description], "quantity": [None, d.quantity]}))
    return row


def attach_photo(actor, intake_id, photo) -> Intake:
    """The intake's photo (JPG/PNG), stored encrypted (core.filestore); a new photo replaces the old one."""
    _require(actor, "上传照片")
    head = next(photo.chunks(16), b"")[:8]
    photo.seek(0)
    if getattr(photo, "content_type", "") not in PHOTO_TYPES or not head.startswith(PHOTO_MAGIC):
        raise ValidationFailed.one("photo", "照片应为 JPG 或 PNG 图片")
    if photo.size > PHOTO_LIMIT:
        raise ValidationFailed.one("photo", "照片不能超过 10 MB")
    with transaction.atomic():
        intake = _lock(actor, intake_id, open_only=False)
        stored = filestore.save(photo.chunks(), category="rescue_photo", name=(photo.name or "photo")[:100],
                                actor=actor, region_code=intake.region_code, content_type=photo.content_type)
        before, intake.photo_file = intake.photo_file, stored.pk
        intake.save(update_fields=["photo_file"])
        audit.record(actor, audit.Event("update", "homeless_intake", intake.pk, intake.region_code, {
            "photo": [before, stored.pk]}))
    return intake


def photo_bytes(user, intake_id) -> tuple[bytes, str] | None:
    """The decrypted photo of an intake the user may see (for the page and the printed notice)."""
    intake = selectors.get_intake(user, intake_id)
    if intake.photo_file is None:
        return None
    from minzheng.core.models import StoredFile

    stored = StoredFile.objects.filter(pk=intake.photo_file).first()
    if stored is None:
        return None
    return filestore.read_bytes(stored), stored.content_type or "image/jpeg"


def publish_notice(actor, intake_id) -> Intake:
    """Record the 寻亲公告 as published (the first date counts for settlement); printing again changes nothing."""
    _require(actor, "发布寻亲公告")
    with transaction.atomic():
        intake = _lock(actor, intake_id)
        if intake.notice_published_on is None:
            intake.notice_published_on = clock.today()
            intake.save(update_fields=["notice_published_on"])
            audit.record(actor, audit.Event("homeless_notice", "homeless_intake", intake.pk, intake.region_code, {
                "notice_published_on": [None, intake.notice_published_on]}))
    return intake


# ---- missing persons, matches ------------------------------------------------------------------------------------


def create_missing(actor, data: dict[str, Any] | MissingPersonIn) -> MissingPerson:
    _require(actor, "登记寻人信息")
    d = _values(MissingPersonIn, data)
    region = _region(actor, d.region_code, "region_code")
    person = None
    if d.person_id is not None:
        person = registry_selectors.persons_for(actor).filter(pk=d.person_id).first()
        if person is None:
            raise ValidationFailed.one("person_id", "统一库中没有该人员（或不在您的辖区）")
    try:
        phone = crypto.normalize_phone(d.contact_phone or None) or ""
    except crypto.PhoneError as exc:
        raise ValidationFailed.one("contact_phone", str(exc)) from None
    with transaction.atomic():
        row = MissingPerson.objects.create(
            name=d.name, name_pinyin=names.pinyin_key(d.name), sex=d.sex, birth_year=d.birth_year, person=person,
            region_code=region, features=d.features, missing_since=d.missing_since, reported_by=d.reported_by,
            reported_on=clock.today(), created_by=actor)
        protected.seal_saved(row, "contact_phone_enc", phone or None)
        audit.record(actor, audit.Event("create", "homeless_missing", row.pk, region, {
            "name": [None, row.name], "birth_year": [None, row.birth_year], "person": [None, d.person_id],
            "reported_by": [None, row.reported_by]}))
    return row


def decide_match(actor, intake_id, data: dict[str, Any] | MatchDecisionIn) -> MatchOutcome:
    """Record a match's outcome with its score and reasons at the time. Confirming identifies the intake (`person`)
    and closes the family's missing-person reports of that person."""
    _require(actor, "登记寻亲比对结果")
    with transaction.atomic():
        intake = _lock(actor, intake_id)
        d = _values(MatchDecisionIn, data)
        tolerance = selectors.rule_for(intake.region_code, clock.today())["age_tolerance"]
        found = {(m.person_id, m.missing_person_id): m for m in matching.matches(actor, intake, tolerance)}
        match = found.get((d.person_id, d.missing_person_id))
        if match is None:
            raise ValidationFailed.one("person_id" if d.person_id else "missing_person_id",
                                       "该人员不在本受助人员的寻亲比对结果中")
        if d.outcome == "confirmed" and intake.person_id is not None:
            raise Conflict("该受助人员已查明身份")
        missing = MissingPerson.objects.filter(pk=d.missing_person_id).first() if d.missing_person_id else None
        row = MatchOutcome.objects.create(intake=intake, region_code=intake.region_code, person_id=d.person_id,
                                          missing=missing, score=match.score, reasons=match.reasons,
                                          outcome=d.outcome, note=d.note, decided_by=actor,
                                          decided_on=clock.today())
        changes = {"outcome": [None, codes.MATCH_OUTCOMES[d.outcome]], "person": [None, d.person_id],
                   "missing": [None, d.missing_person_id], "score": [None, match.score], "note": [None, d.note]}
        if d.outcome == "confirmed":
            person_id = d.person_id or (missing.person_id if missing else None)
            if person_id is not None:
                intake.person_id = person_id
                intake.save(update_fields=["person"])
                closed = MissingPerson.objects.filter(person_id=person_id, status="open").update(status="found")
                changes["missing_closed"] = [None, closed]
            if missing is not None and missing.status == "open":
                missing.status = "found"
                missing.save(update_fields=["status"])
        audit.record(actor, audit.Event("homeless_match", "homeless_intake", intake.pk, intake.region_code, changes))
    return row


# ---- leaving the station -----------------------------------------------------------------------------------------


def _return_property(intake: Intake, day: dt.date, to: str) -> int:
    return PropertyItem.objects.filter(intake=intake, returned_on__isnull=True).update(returned_on=day,
                                                                                       returned_to=to[:100])


def escort_home(actor, intake_id, data: dict[str, Any] | EscortHomeIn) -> Escort:
    """护送返乡 of an identified person: the escort and hand-over are recorded, the escort's cost is an expense of
    the stay, kept property goes with the person, and the township where the person's household lives gets a
    follow-up warning (monitoring.services.warnings.raise_from, signal homeless_return) — in the same transaction."""
    _require(actor, "办理护送返乡")
    with transaction.atomic():
        intake = _lock(actor, intake_id)
        d = _values(EscortHomeIn, data)
        errors = []
        if intake.person_id is None:
            errors.append(FieldError("intake", "尚未查明身份（须先确认寻亲比对结果），不能护送返乡"))
        if d.departed_on < intake.admitted_on:
            errors.append(FieldError("departed_on", "出发日期不能早于入站日期"))
        if errors:
            raise ValidationFailed(errors)
        home = registry_selectors.current_household(intake.person)
        township = regioncodes.normalize(home.household.region_id[:9]) if home else ""
        reason = (f"{intake.person.name}经救助管理站护送返乡，{d.handed_over_on:%Y-%m-%d}交接给{d.received_by}"
                  f"（{d.received_relation}）；请乡镇（街道）跟进走访，防止再次流浪")
        warning = warnings.raise_from(actor, person_id=intake.person_id, signal="homeless_return", source="homeless",
                                      reason=reason) if home else None
        escort = Escort.objects.create(
            intake=intake, region_code=intake.region_code, escorts=d.escorts, route=d.route,
            departed_on=d.departed_on, handed_over_on=d.handed_over_on, received_by=d.received_by,
            received_relation=d.received_relation, handover_signed=d.handover_signed, township_code=township,
            cost=d.cost, warning_id=warning.pk if warning else None,
            note=d.note or ("" if home else "该人员未登记在统一库家庭中，未生成乡镇跟进预警"), created_by=actor)
        if d.cost:
            Expense.objects.create(intake=intake, region_code=intake.region_code, kind="escort", on_date=d.departed_on,
                                   amount=d.cost, note=d.route[:200], created_by=actor)
        returned = _return_property(intake, d.handed_over_on, d.received_by)
        intake.status, intake.left_on = "returned", d.handed_over_on
        intake.save(update_fields=["status", "left_on"])
        audit.record(actor, audit.Event("homeless_escort", "homeless_intake", intake.pk, intake.region_code, {
            "status": ["in_station", "returned"], "received_by": [None, d.received_by],
            "handed_over_on": [None, d.handed_over_on], "cost": [None, d.cost], "township": [None, township],
            "warning": [None, escort.warning_id], "property_returned": [None, returned]}))
    return escort


def leave(actor, intake_id, data: dict[str, Any] | StationLeaveIn) -> Intake:
    _require(actor, "办理离站")
    with transaction.atomic():
        intake = _lock(actor, intake_id)
        d = _values(StationLeaveIn, data)
        if d.left_on < intake.admitted_on:
            raise ValidationFailed.one("left_on", "离站日期不能早于入站日期")
        returned = _return_property(intake, d.left_on, "本人")
        intake.status, intake.left_on = d.status, d.left_on
        intake.save(update_fields=["status", "left_on"])
        audit.record(actor, audit.Event("update", "homeless_intake", intake.pk, intake.region_code, {
            "status": ["in_station", d.status], "left_on": [None, d.left_on], "note": [None, d.note],
            "property_returned": [None, returned]}))
    return intake


def settle(actor, intake_id, data: dict[str, Any] | HomelessSettlementIn) -> Settlement:
    """落户安置 once the legal steps are done (homeless.policy.settlement_problems: DNA, police check, the notice
    period, a long stay); every missing step is reported at once."""
    _require(actor, "办理落户安置")
    with transaction.atomic():
        intake = _lock(actor, intake_id)
        d = _values(HomelessSettlementIn, data)
        rule = selectors.rule_for(intake.region_code, d.settled_on)
        facts = policy.SettlementFacts(intake.admitted_on, d.dna_sampled_on, d.police_checked_on,
                                       intake.notice_published_on, d.settled_on)
        problems = policy.settlement_problems(facts, rule["notice_days"], rule["long_stay_days"])
        if intake.person_id is not None:
            problems.insert(0, ("intake", "该受助人员已查明身份，应护送返乡而非落户安置"))
        if problems:
            raise ValidationFailed([FieldError(f, m) for f, m in problems])
        row = Settlement.objects.create(
            intake=intake, region_code=intake.region_code, dna_sampled_on=d.dna_sampled_on,
            police_checked_on=d.police_checked_on, notice_published_on=intake.notice_published_on,
            settled_on=d.settled_on, placed_at=d.placed_at, hukou_note=d.hukou_note, created_by=actor)
        intake.status, intake.left_on = "settled", d.settled_on
        intake.save(update_fields=["status", "left_on"])
        audit.record(actor, audit.Event("homeless_settle", "homeless_intake", intake.pk, intake.region_code, {
            "status": ["in_station", "settled"], "placed_at": [None, d.placed_at],
            "settled_on": [None, d.settled_on], "rule": [None, rule["source"]]}))
    return row


def save_rule(actor, region_code: str, effective_from: dt.date, age_tolerance: int, notice_days: int,
              long_stay_days: int, source: str) -> StationRule:
    """A rule row (county role, or the system for the bundled 示例); the same region and date is replaced."""
    if actor is not None and actor.role != roles.COUNTY:
        raise Forbidden("救助管理规则由县级民政部门设置")
    code = regioncodes.normalize(region_code)
    with transaction.atomic():
        row, created = StationRule.objects.update_or_create(
            region_code=code, effective_from=effective_from,
            defaults={"age_tolerance": age_tolerance, "notice_days": notice_days, "long_stay_days": long_stay_days,
                      "source": source[:300]})
        audit.record(actor or "system", audit.Event("create" if created else "update", "homeless_rule", row.pk, code, {
            "age_tolerance": [None, age_tolerance], "notice_days": [None, notice_days],
            "long_stay_days": [None, long_stay_days], "source": [None, row.source]}))
    return row
