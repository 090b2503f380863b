"""The child register: putting a child on it (a registry person under 18, in the actor's region), editing school,
health and the workers responsible, moving between categories or tiers (history kept, leaving the register is a move
to no category), guardians (phone sealed to the row) and the 儿童主任/儿童督导员 roster."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from minzheng.children import codes
from minzheng.children.models import CategoryChange, Child, Guardian, Worker
from minzheng.children.schemas import CategoryIn, ChildEditIn, ChildIn, GuardianIn, WorkerIn
from minzheng.children.selectors import register as selectors
from minzheng.core import audit, clock, protected, regioncodes, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed

CHANGE, MANAGE = "children.change", "children.manage"
ADULT = 18  # 《民法典》第十七条：不满十八周岁的自然人为未成年人


def _require(actor, perm: str, message: str) -> None:
    if not roles.has_perm(actor, perm):
        raise Forbidden(message)


def _tier(category: str, tier: str, region_code: str, day) -> str:
    tiers = selectors.tiers_in_force(region_code, day).get(category, {})
    if tier and tier not in tiers:
        allowed = "、".join(f"{k}（{v}）" for k, v in tiers.items()) or "该类别未设分级"
        raise ValidationFailed.one("tier", f"分级“{tier}”不适用于{codes.CATEGORIES[category]}，可选：{allowed}")
    return tier


def _worker(actor, worker_id, kind: str, field: str, region_code: str) -> Worker | None:
    if worker_id is None:
        return None
    found = selectors.workers_for(actor).filter(pk=worker_id, kind=kind, active=True).first()
    if found is None or not regioncodes.in_subtree(region_code, found.region_code):
        raise ValidationFailed.one(field, f"{codes.WORKER_KINDS[kind][:4]}不存在、已离岗或不负责该儿童所在地")
    return found


def register_child(actor, data: dict[str, Any]) -> Child:
    _require(actor, CHANGE, "您的角色不能登记儿童")
    d = validation.validate(ChildIn, data)
    person = selectors.person_for_register(actor, d.person_id)
    if d.registered_on > clock.today():
        raise ValidationFailed.one("registered_on", "登记日期不能晚于今天")
    if person.death_date is not None:
        raise Conflict("该人员已登记死亡")
    if person.age_on(d.registered_on) >= ADULT:
        raise ValidationFailed.one("person_id", f"{person.name}登记时已满十八周岁，不是未成年人")
    region = person.region_id
    tier = _tier(d.category, d.tier, region, d.registered_on)
    director, supervisor = selectors.default_workers(region)
    director = _worker(actor, d.director_id, "director", "director_id", region) or director
    supervisor = _worker(actor, d.supervisor_id, "supervisor", "supervisor_id", region) or supervisor
    with transaction.atomic():
        child = Child.objects.select_for_update().filter(person=person).first()
        if child is not None and child.exited_on is None:
            raise Conflict(f"{person.name}已在儿童名册（{codes.CATEGORIES[child.category]}）")
        previous = (child.category, child.tier) if child else ("", "")
        child = child or Child(person=person)
        for field in ("schooling", "school", "grade", "health", "health_note", "care_note"):
            setattr(child, field, getattr(d, field))
        child.region_code, child.category, child.tier, child.registered_on = region, d.category, tier, d.registered_on
        child.director, child.supervisor, child.exited_on, child.exit_reason = director, supervisor, None, ""
        child.save()
        CategoryChange.objects.create(child=child, region_code=region, from_category=previous[0],
                                      from_tier=previous[1], to_category=d.category, to_tier=tier,
                                      changed_on=d.registered_on, reason="登记", changed_by=actor)
        audit.record(actor, audit.Event("create", "child", child.pk, region, {
            "person": [None, person.pk], "category": [None, codes.CATEGORIES[d.category]], "tier": [None, tier],
            "director": [None, director.name if director else None],
            "supervisor": [None, supervisor.name if supervisor else None]}))
    return child


EDIT_FIELDS = ("schooling", "school", "grade", "health", "health_note", "care_note")


def edit_child(actor, child_id, data: dict[str, Any]) -> Child:
    _require(actor, CHANGE, "您的角色不能修改儿童信息")
    child = selectors.get_child(actor, getattr(child_id, "pk", child_id))
    d = validation.validate(ChildEditIn, data)
    director = _worker(actor, d.director_id, "director", "director_id", child.region_code)
    supervisor = _worker(actor, d.supervisor_id, "supervisor", "supervisor_id", child.region_code)
    with transaction.atomic():
        row = Child.objects.select_for_update().get(pk=child.pk)
        before = {f: getattr(row, f) for f in EDIT_FIELDS} | {"director": row.director_id,
                                                              "supervisor": row.supervisor_id}
        for f in EDIT_FIELDS:
            setattr(row, f, getattr(d, f))
        row.director, row.supervisor = director, supervisor
        row.save()
        after = {f: getattr(row, f) for f in EDIT_FIELDS} | {"director": row.director_id,
                                                             "supervisor": row.supervisor_id}
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        audit.record(actor, audit.Event("update", "child", row.pk, row.region_code, changes))
    return row


def change_category(actor, child_id, data: dict[str, Any]) -> Child:
    """A move between categories or tiers (or off the register when `category` is empty); history kept."""
    _require(actor, CHANGE, "您的角色不能变更儿童类别")
    child = selectors.get_child(actor, getattr(child_id, "pk", child_id))
    d = validation.validate(CategoryIn, data)
    if child.exited_on is not None:
        raise Conflict(f"该儿童已于 {child.exited_on} 退出名册，请重新登记")
    if d.changed_on > clock.today():
        raise ValidationFailed.one("changed_on", "变更日期不能晚于今天")
    if d.changed_on < child.registered_on:
        raise ValidationFailed.one("changed_on", f"变更日期不能早于登记日期 {child.registered_on}")
    tier = _tier(d.category, d.tier, child.region_code, d.changed_on) if d.category else ""
    if (d.category, tier) == (child.category, child.tier):
        raise ValidationFailed.one("category", "类别和分级均未改变")
    with transaction.atomic():
        row = Child.objects.select_for_update().get(pk=child.pk)
        CategoryChange.objects.create(child=row, region_code=row.region_code, from_category=row.category,
                                      from_tier=row.tier, to_category=d.category, to_tier=tier,
                                      changed_on=d.changed_on, reason=d.reason, changed_by=actor)
        before = (row.category, row.tier)
        if d.category:
            row.category, row.tier = d.category, tier
        else:
            row.exited_on, row.exit_reason = d.changed_on, d.reason
        row.save()
        audit.record(actor, audit.Event("category_change", "child", row.pk, row.region_code, {
            "category": [codes.CATEGORIES[before[0]], codes.CATEGORIES.get(d.category, "退出名册")],
            "tier": [before[1], tier], "reason": [None, d.reason]}))
    return row


def add_guardian(actor, child_id, data: dict[str, Any]) -> Guardian:
    _require(actor, CHANGE, "您的角色不能登记监护人")
    child = selectors.get_child(actor, getattr(child_id, "pk", child_id))
    d = validation.validate(GuardianIn, data)
    with transaction.atomic():
        row = Guardian.objects.create(child=child, name=d.name, relation=d.relation, role=d.role,
                                      works_in=d.works_in, able=d.able, created_by=actor)
        protected.seal_saved(row, "phone_enc", d.phone or None)
        audit.record(actor, audit.Event("create", "child_guardian", row.pk, child.region_code, {
            "child": [None, child.pk], "name": [None, d.name], "relation": [None, codes.GUARDIAN_RELATIONS[d.relation]],
            "role": [None, codes.GUARDIAN_ROLES[d.role]], "phone": [None, row.phone_masked]}))
    return row


def save_worker(actor, data: dict[str, Any]) -> Worker:
    """Add a 儿童主任 (a village) or 儿童督导员 (a township) in the actor's region."""
    _require(actor, MANAGE, "儿童主任、儿童督导员由乡镇（街道）或县级民政部门登记")
    d = validation.validate(WorkerIn, data)
    level = regioncodes.level_of(d.region_code)
    wanted = "village" if d.kind == "director" else "township"
    if level != wanted:
        raise ValidationFailed.one("region_code", "儿童主任应属于村(社区)，儿童督导员应属于乡镇(街道)")
    if not regioncodes.in_subtree(d.region_code, actor.region_id):
        raise ValidationFailed.one("region_code", "区划不在本辖区")
    user = None
    if d.user_id is not None:
        from minzheng.core.models import User

        user = User.objects.filter(pk=d.user_id, is_active=True).first()
        if user is None or not regioncodes.in_subtree(user.region_id, actor.region_id):
            raise NotFound()
    with transaction.atomic():
        row = Worker.objects.create(kind=d.kind, name=d.name, region_code=d.region_code, phone=d.phone, user=user)
        audit.record(actor, audit.Event("create", "child_worker", row.pk, d.region_code, {
            "kind": [None, codes.WORKER_KINDS[d.kind]], "name": [None, d.name]}))
    return row
