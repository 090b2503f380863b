"""Household writes: set up a household with its members, correct it, add, remove and move members, change the
head. One person has at most one active household (also a database constraint); every change keeps the
membership history and is audited. Formats are checked by registry.schemas; the rules here need the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, clock
from minzheng.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from minzheng.core.validation import validate
from minzheng.registry import codes
from minzheng.registry.models import Household, Membership, Person
from minzheng.registry.schemas import (
    AddMemberIn,
    ChangeHeadIn,
    HouseholdIn,
    HouseholdPatch,
    MoveMemberIn,
    RemoveMemberIn,
)
from minzheng.registry.selectors import get_household, get_person
from minzheng.registry.services.persons import require_change, scoped_region

RELATION_HELP = "应为 GB/T 4761 代码（如 02、10、20）或名称（如 户主、配偶、子）"


def _relation(field: str, value: Any, errors: list[FieldError]) -> str | None:
    code = codes.relation_code(str(value or ""))
    if code is None:
        errors.append(FieldError(field, f"与户主关系“{value}”无效：{RELATION_HELP}"))
    return code


def _urban_rural(value: Any, errors: list[FieldError]) -> str:
    code = codes.lookup(codes.URBAN_RURAL, value or "")
    if not code:
        errors.append(FieldError("urban_rural", "城乡属性应为 urban/城市 或 rural/农村"))
    return code or ""


def _not_future(field: str, day: dt.date | None, today: dt.date) -> dt.date:
    if day and day > today:
        raise ValidationFailed.one(field, "日期不能晚于今天")
    return day or today


def _active_elsewhere(person_ids, exclude_household=None) -> dict[int, int]:
    qs = Membership.objects.filter(person_id__in=person_ids, left_on__isnull=True)
    if exclude_household is not None:
        qs = qs.exclude(household_id=exclude_household)
    return dict(qs.values_list("person_id", "household_id"))


def _household_snapshot(h: Household) -> dict[str, Any]:
    return {"region": h.region_id, "urban_rural": h.urban_rural, "address": h.address, "head": h.head_id,
            "ref": h.ref}


def _with_comment(changes: dict, comment: str) -> dict:
    """The confirmation comment of an irreversible step (pages ask for one) goes into its audit entry."""
    return {**changes, "comment": comment} if comment else changes


def create_household(actor, data: dict[str, Any]) -> Household:
    """A household and its members in one step: exactly one head (户主), every member visible to the actor and
    not an active member elsewhere."""
    require_change(actor)
    payload = validate(HouseholdIn, data)
    errors: list[FieldError] = []
    region = scoped_region(actor, "region_code", payload.region_code, errors, level="village")
    urban_rural = _urban_rural(payload.urban_rural, errors)
    ref = payload.ref or None
    if ref and Household.objects.filter(ref=ref).exists():
        errors.append(FieldError("ref", f"户编号 {ref} 已存在"))
    members = payload.members
    if not members:
        errors.append(FieldError("members", "家庭至少要有一名成员（户主）"))
    visible = {p.pk: p for p in Person.objects.visible_to(actor).filter(pk__in=[m.person_id for m in members])}
    parsed: list[tuple[Person, str]] = []
    seen = set()
    for i, m in enumerate(members):
        field = f"members[{i}]"
        person = visible.get(m.person_id)
        if person is None:
            errors.append(FieldError(f"{field}.person_id", f"人员 {m.person_id} 不存在或不在您的管辖范围内"))
            continue
        if m.person_id in seen:
            errors.append(FieldError(f"{field}.person_id", f"人员 {person.name} 重复出现"))
            continue
        seen.add(m.person_id)
        relation = _relation(f"{field}.relation", m.relation, errors)
        if relation:
            parsed.append((person, relation))
    heads = [p for p, r in parsed if r == codes.HEAD]
    if members and len(heads) != 1:
        errors.append(FieldError("members", f"家庭须有且只有一名户主（现有 {len(heads)} 名）"))
    busy = _active_elsewhere([p.pk for p, _ in parsed])
    for person, _ in parsed:
        if person.pk in busy:
            errors.append(FieldError("members", f"{person.name} 已是另一家庭（编号 {busy[person.pk]}）的在册成员，"
                                                "请使用“迁移成员”"))
    if errors:
        raise ValidationFailed(errors)
    joined = _not_future("joined_on", payload.joined_on, clock.today())
    try:
        with transaction.atomic():
            household = Household.objects.create(region=region, urban_rural=urban_rural, address=payload.address,
                                                 head=heads[0], ref=ref)
            Membership.objects.bulk_create([
                Membership(household=household, person=p, relation=r, joined_on=joined, join_reason="建户")
                for p, r in parsed
            ])
            events = [audit.Event("create", "household", household.pk, region.code,
                                  audit.diff({}, _household_snapshot(household)))]
            events += [audit.Event("member_add", "household", household.pk, region.code,
                                   {"person": [None, p.pk], "relation": [None, r]}) for p, r in parsed]
            audit.record_many(actor, events)
    except IntegrityError:
        raise Conflict("有成员已被同时加入其他家庭，请刷新后重试") from None
    return household


def update_household(actor, household_id, data: dict[str, Any]) -> Household:
    """Change the fields present in `data` (村(社区), 城乡属性, 住址)."""
    require_change(actor)
    payload = validate(HouseholdPatch, data)
    sent = payload.model_fields_set
    with transaction.atomic():
        household = get_household(actor, household_id)
        before = _household_snapshot(household)
        errors: list[FieldError] = []
        if "region_code" in sent:
            region = scoped_region(actor, "region_code", payload.region_code, errors, level="village")
            if region is not None:
                household.region = region
        if "urban_rural" in sent:
            household.urban_rural = _urban_rural(payload.urban_rural, errors) or household.urban_rural
        if "address" in sent:
            household.address = payload.address or ""
        if errors:
            raise ValidationFailed(errors)
        changes = audit.diff(before, _household_snapshot(household))
        if changes:
            household.save()
            audit.record(actor, audit.Event("update", "household", household.pk, household.region_id, changes))
    return household


def add_member(actor, household_id, person_id, relation, reason: str = "", joined_on=None) -> Membership:
    require_change(actor)
    payload = validate(AddMemberIn, {"person_id": person_id, "relation": relation, "reason": reason,
                                     "joined_on": joined_on})
    errors: list[FieldError] = []
    code = _relation("relation", payload.relation, errors)
    if errors:
        raise ValidationFailed(errors)
    if code == codes.HEAD:
        raise ValidationFailed.one("relation", "家庭已有户主；如需更换户主请使用“变更户主”")
    with transaction.atomic():
        household = get_household(actor, household_id)
        person = get_person(actor, payload.person_id)
        busy = _active_elsewhere([person.pk])
        if busy:
            raise Conflict(f"{person.name} 已是家庭 {busy[person.pk]} 的在册成员，请使用“迁移成员”")
        day = _not_future("joined_on", payload.joined_on, clock.today())
        member = Membership.objects.create(household=household, person=person, relation=code, joined_on=day,
                                           join_reason=payload.reason)
        audit.record(actor, audit.Event("member_add", "household", household.pk, household.region_id,
                                        {"person": [None, person.pk], "relation": [None, code],
                                         "reason": payload.reason}))
    return member


def _leave(household: Household, person: Person, day: dt.date, reason: str, field: str) -> Membership:
    member = household.memberships.filter(person=person, left_on__isnull=True).first()
    if member is None:
        raise NotFound(f"{person.name} 不是该家庭的在册成员")
    if member.relation == codes.HEAD and household.memberships.filter(left_on__isnull=True).count() > 1:
        raise Conflict("户主不能直接移出：请先“变更户主”")
    if day < member.joined_on:
        raise ValidationFailed.one(field, f"离开日期不能早于加入日期 {member.joined_on}")
    member.left_on, member.leave_reason = day, reason
    member.save(update_fields=["left_on", "leave_reason"])
    if member.relation == codes.HEAD:
        household.head = None
        household.save(update_fields=["head", "updated_at"])
    return member


def remove_member(actor, household_id, person_id, reason: str, left_on=None, comment: str = "") -> Membership:
    """End a membership (死亡、迁出、分户…); the head can leave only as the last member."""
    require_change(actor)
    payload = validate(RemoveMemberIn, {"reason": reason, "left_on": left_on})
    if not payload.reason:
        raise ValidationFailed.one("reason", "请填写移出原因（如 死亡、迁出、分户）")
    with transaction.atomic():
        household = get_household(actor, household_id)
        person = get_person(actor, person_id)
        day = _not_future("left_on", payload.left_on, clock.today())
        member = _leave(household, person, day, payload.reason, "left_on")
        audit.record(actor, audit.Event("member_remove", "household", household.pk, household.region_id,
                                        _with_comment({"person": [person.pk, None], "reason": payload.reason},
                                                      comment)))
    return member


def move_member(actor, person_id, to_household_id, relation, reason: str, on=None, comment: str = "") -> Membership:
    """One audited action: leave the current household and join another on the same day."""
    require_change(actor)
    payload = validate(MoveMemberIn, {"to_household_id": to_household_id, "relation": relation, "reason": reason,
                                      "on": on})
    if not payload.reason:
        raise ValidationFailed.one("reason", "请填写迁移原因")
    errors: list[FieldError] = []
    code = _relation("relation", payload.relation, errors)
    if errors:
        raise ValidationFailed(errors)
    if code == codes.HEAD:
        raise ValidationFailed.one("relation", "迁入的成员不能直接作为户主；迁入后可“变更户主”")
    with transaction.atomic():
        person = get_person(actor, person_id)
        target = get_household(actor, payload.to_household_id)
        day = _not_future("on", payload.on, clock.today())
        current = person.memberships.filter(left_on__isnull=True).select_related("household").first()
        if current and current.household_id == target.pk:
            raise Conflict(f"{person.name} 已在该家庭中")
        source = None
        if current is not None:
            source = get_household(actor, current.household_id)  # the source must be in scope too
            _leave(source, person, day, payload.reason, "on")
        member = Membership.objects.create(household=target, person=person, relation=code, joined_on=day,
                                           join_reason=payload.reason)
        audit.record(actor, audit.Event("member_move", "person", person.pk, target.region_id, _with_comment({
            "household": [source.pk if source else None, target.pk],
            "relation": [current.relation if current else None, code], "reason": payload.reason}, comment)))
    return member


def change_head(actor, household_id, new_head_id, old_head_relation, comment: str = "") -> Household:
    """Make a current member the head; the former head stays a member with the given relation."""
    require_change(actor)
    payload = validate(ChangeHeadIn, {"new_head_id": new_head_id, "old_head_relation": old_head_relation})
    errors: list[FieldError] = []
    old_code = _relation("old_head_relation", payload.old_head_relation, errors)
    if errors:
        raise ValidationFailed(errors)
    if old_code == codes.HEAD:
        raise ValidationFailed.one("old_head_relation", "原户主的新关系不能仍为户主")
    with transaction.atomic():
        household = get_household(actor, household_id)
        members = {m.person_id: m for m in household.memberships.filter(left_on__isnull=True)}
        if payload.new_head_id not in members:
            raise ValidationFailed.one("new_head_id", "新户主必须是该家庭的在册成员")
        old_head = household.head_id
        if old_head in members and old_head != payload.new_head_id:
            Membership.objects.filter(pk=members[old_head].pk).update(relation=old_code)
        Membership.objects.filter(pk=members[payload.new_head_id].pk).update(relation=codes.HEAD)
        household.head_id = payload.new_head_id
        household.save(update_fields=["head", "updated_at"])
        audit.record(actor, audit.Event("head_change", "household", household.pk, household.region_id,
                                        _with_comment({"head": [old_head, payload.new_head_id]}, comment)))
    return household
