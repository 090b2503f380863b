"""Visit records: a home visit or a contact with a child on the register, recorded by the 儿童主任 or 儿童督导员 (or
the county); the due list moves on from its date (selectors.visits)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from minzheng.children import codes
from minzheng.children.models import Visit
from minzheng.children.schemas import ChildVisitIn
from minzheng.children.selectors import register as register_selectors
from minzheng.core import audit, clock, roles, validation
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed

PERMISSION = "children.visit"


def record_visit(actor, data: dict[str, Any]) -> Visit:
    if not roles.has_perm(actor, PERMISSION):
        raise Forbidden("儿童走访由儿童主任、儿童督导员或民政部门登记")
    d = validation.validate(ChildVisitIn, data)
    child = register_selectors.get_child(actor, d.child_id)
    if d.visited_on > clock.today():
        raise ValidationFailed.one("visited_on", "走访日期不能晚于今天")
    if d.visited_on < child.registered_on:
        raise ValidationFailed.one("visited_on", f"走访日期不能早于登记日期 {child.registered_on}")
    if child.exited_on is not None:
        raise Conflict(f"该儿童已于 {child.exited_on} 退出名册")
    with transaction.atomic():
        visit = Visit.objects.create(child=child, region_code=child.region_code, visited_on=d.visited_on,
                                     kind=d.kind, visitor=d.visitor, seen=d.seen, findings=d.findings,
                                     concern=d.concern, recorded_by=actor)
        audit.record(actor, audit.Event("create", "child_visit", visit.pk, child.region_code, {
            "child": [None, child.pk], "visited_on": [None, d.visited_on], "kind": [None, codes.VISIT_KINDS[d.kind]],
            "visitor": [None, d.visitor], "concern": [None, d.concern]}))
        _volunteers(actor, visit, child, d.volunteer_ids, d.volunteer_hours)
    return visit


def _volunteers(actor, visit: Visit, child, ids, hours) -> list:
    """The volunteers who went: their hours recorded in the volunteers app (one record per volunteer and visit)."""
    from minzheng.volunteers import services as volunteer_services

    if ids and hours is None:
        raise ValidationFailed.one("volunteer_hours", "请填写志愿服务时长")
    facts = volunteer_services.VisitFacts(
        source="children_visit", source_id=visit.pk, served_on=visit.visited_on,
        activity=f"儿童走访（{codes.VISIT_KINDS[visit.kind]}）", organiser=f"{visit.visitor}（儿童走访）",
        category="children", content="陪同儿童主任走访关爱儿童")
    return volunteer_services.sync_visit(actor, facts, {int(v): hours for v in dict.fromkeys(ids)})


def set_volunteers(actor, visit_id, data: dict[str, Any]) -> Visit:
    """Name (again) the volunteers of a recorded visit; saving the same list twice changes nothing."""
    if not roles.has_perm(actor, PERMISSION):
        raise Forbidden("儿童走访由儿童主任、儿童督导员或民政部门登记")
    from minzheng.children.schemas import VisitVolunteersIn
    from minzheng.children.selectors import visits as visit_selectors

    visit = visit_selectors.get_visit(actor, visit_id)
    d = validation.validate(VisitVolunteersIn, data)
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        _volunteers(actor, locked, locked.child, d.volunteer_ids, d.volunteer_hours)
    return locked
