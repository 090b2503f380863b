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
    return visit
