"""The two registers the case workflow reads: delegation of confirmation to townships (审核确认委托) and the
conflict-of-interest register (近亲属备案). Writes are one transaction each, role- and scope-checked (inputs:
schemas.registers), audited. The reads (delegated, delegations_for, conflicts_for, get_register_row) are in
benefits.selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.benefits import workflow
from minzheng.benefits.models import (
    Case,
    CaseEvent,
    ConflictRegister,
    Delegation,
)
from minzheng.benefits.schemas.registers import ConflictIn, DelegationIn
from minzheng.core import audit, clock, regioncodes, roles, validation
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.core.models import Region, User
from minzheng.registry.models import Membership
from minzheng.registry.selectors import get_person

# ---- delegation ------------------------------------------------------------------------------------------------------


def set_delegation(actor, data: dict[str, Any]) -> Delegation:
    """A county delegates (or takes back) confirmation of a program for all its townships or one of them."""
    if not roles.has_perm(actor, "people.view") or actor.role != roles.COUNTY:
        raise Forbidden("只有县级民政部门可以委托（或收回）乡镇(街道)审核确认")
    d = validation.validate(DelegationIn, data)
    if not Region.objects.filter(code=d.region_code).exists():
        raise ValidationFailed.one("region_code", f"区划代码 {d.region_code} 不存在")
    if not regioncodes.in_subtree(d.region_code, actor.region_id):
        raise ValidationFailed.one("region_code", "只能为本县及所属乡镇(街道)设置委托")
    start = d.effective_from or clock.today()
    try:
        with transaction.atomic():
            row = Delegation.objects.create(program=d.program, region_code=d.region_code, delegated=d.delegated,
                                            effective_from=start, document=d.document, created_by=actor)
            audit.record(actor, audit.Event("create", "delegation", row.pk, d.region_code, {
                "program": [None, d.program], "delegated": [None, d.delegated], "effective_from": [None, start],
                "document": [None, d.document]}))
    except IntegrityError:
        raise Conflict(f"{start} 起已有该区划该项目的委托设置：请以新的生效日期新增") from None
    return row


# ---- conflict of interest (近亲属备案) -------------------------------------------------------------------------------


def household_conflicts(household_id: int) -> list[ConflictRegister]:
    """Register rows naming a current member of the household."""
    members = Membership.objects.filter(household_id=household_id, left_on__isnull=True).values("person_id")
    return list(ConflictRegister.objects.filter(relative_id__in=members, active=True))


def register_relative(actor, data: dict[str, Any]) -> ConflictRegister:
    """Record that a person is a close relative (近亲属) of a civil-affairs worker or committee member. Open cases
    of the person's household are flagged at once (and need a county home visit before confirmation)."""
    if actor is None or actor.role not in (roles.TOWNSHIP, roles.COUNTY) or not roles.has_perm(actor, "people.view"):
        raise Forbidden("只有乡镇(街道)和县级民政部门可以办理近亲属备案")
    d = validation.validate(ConflictIn, data)
    person = get_person(actor, d.relative_id)  # 404 outside the actor's region
    staff_user = None
    if d.staff_user_id is not None:
        staff_user = User.objects.filter(pk=d.staff_user_id).first()
        if staff_user is None:
            raise ValidationFailed.one("staff_user_id", "用户不存在")
    today = clock.today()
    with transaction.atomic():
        row = ConflictRegister.objects.create(
            relative=person, region_code=person.region_id, staff_kind=d.staff_kind, staff_name=d.staff_name,
            staff_user=staff_user, relation=d.relation, note=d.note, registered_on=today, registered_by=actor)
        events = [audit.Event("create", "conflict_register", row.pk, row.region_code, {
            "relative": [None, person.pk], "staff_kind": [None, d.staff_kind], "staff_name": [None, d.staff_name],
            "relation": [None, d.relation]})]
        events += flag_open_cases(actor, person.pk, row, today)
        audit.record_many(actor, events)
    return row


def flag_open_cases(actor, person_id: int, row: ConflictRegister, today: dt.date) -> list[audit.Event]:
    """Flag the open cases of the person's current household (单独登记备案); returns their audit events."""
    from minzheng.benefits.services.cases import refresh_inbox_fields

    household = (Membership.objects.filter(person_id=person_id, left_on__isnull=True)
                 .values_list("household_id", flat=True).first())
    if household is None:
        return []
    events = []
    for case in Case.objects.filter(household_id=household, state__in=workflow.BEFORE_DECISION,
                                    conflict_of_interest=False):
        case.conflict_of_interest = True
        refresh_inbox_fields(case, today)
        case.save()
        data = {"register": row.pk, "staff_kind": row.staff_kind, "relation": row.relation}
        CaseEvent.objects.create(case=case, action="flag_conflict", state_from=case.state, state_to=case.state,
                                 actor=actor if getattr(actor, "pk", None) else None,
                                 actor_name=getattr(actor, "username", "system"),
                                 actor_role=getattr(actor, "role", ""), on_date=today, at=clock.now(), data=data)
        events.append(audit.Event("update", "case", case.pk, case.region_code,
                                  {"action": [None, "flag_conflict"], "conflict_of_interest": [False, True]}))
    return events

