"""The 其他困难人员 layer: a township adds a person with a reason, or takes a person out of the layer with a reason
(the period is closed, never deleted: the history stays)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from minzheng.core import audit, clock, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound
from minzheng.monitoring.models import MonitoredPerson
from minzheng.monitoring.schemas import ExitIn, OtherAddIn
from minzheng.registry import selectors as registry_selectors
from minzheng.registry.models import Membership


def add_other(actor, data: dict[str, Any]) -> MonitoredPerson:
    if not roles.has_perm(actor, "monitoring.add"):
        raise Forbidden("其他困难人员由乡镇（街道）纳入")
    values = validation.validate(OtherAddIn, data)
    person = registry_selectors.get_person(actor, values.person_id)  # 404 outside the township
    if person.death_date is not None:
        raise Conflict("该人员已死亡，不能纳入监测")
    home = Membership.objects.filter(person=person, left_on__isnull=True).select_related("household").first()
    region = home.household.region_id if home else person.region_id
    try:
        with transaction.atomic():
            row = MonitoredPerson.objects.create(person=person, household=home.household if home else None,
                                                 region_code=region, layer="other", source="township",
                                                 reason=values.reason, entered_on=clock.today(), added_by=actor)
            audit.record(actor, audit.Event("monitor_add", "monitored_person", row.pk, region, {
                "person": [None, person.pk], "layer": [None, "other"], "reason": [None, values.reason]}))
    except IntegrityError:
        raise Conflict("该人员已在其他困难人员中") from None
    return row


def exit_other(actor, row_id, data: dict[str, Any]) -> MonitoredPerson:
    if not roles.has_perm(actor, "monitoring.add"):
        raise Forbidden("其他困难人员由乡镇（街道）移出")
    values = validation.validate(ExitIn, data)
    with transaction.atomic():
        row = MonitoredPerson.objects.visible_to(actor).select_for_update().filter(pk=row_id).first()
        if row is None:
            raise NotFound()
        if row.source != "township" or row.exited_on is not None:
            raise Conflict("只能移出乡镇新增且仍在监测中的其他困难人员（其他类别随认定自动进出）")
        row.exited_on, row.exit_reason = clock.today(), values.reason
        row.save()
        audit.record(actor, audit.Event("monitor_remove", "monitored_person", row.pk, row.region_code, {
            "exited_on": [None, row.exited_on], "reason": [None, values.reason]}))
    return row
