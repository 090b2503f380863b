"""The elderly register's stored facts (what the registry does not know: how the elder lives, 留守, 失智, 计划生育特殊
家庭, the care arrangement) and the elder's contacts and guardians (phone encrypted, bound to the row)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from minzheng.core import audit, clock, protected, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound
from minzheng.elderly import codes, selectors
from minzheng.elderly.models import Contact, ElderlyProfile
from minzheng.elderly.schemas import ContactIn, ProfileIn

PERMISSION = "people.change"
FIELDS = ("living", "left_behind", "dementia", "family_planning", "care_arrangement", "note")


def _require(actor, message: str) -> None:
    if not roles.has_perm(actor, PERMISSION):
        raise Forbidden(message)


def _label(field: str, value) -> Any:
    table = {"living": codes.LIVING, "care_arrangement": codes.CARE_ARRANGEMENTS}.get(field)
    if table is not None:
        return table.get(value, value) if value else ""
    return codes.YES_NO.get(value, value) if isinstance(value, bool) else value


def save_profile(actor, person_id, data: dict[str, Any]) -> ElderlyProfile:
    """Create or replace the elder's stored facts; the audit entry names the fields that changed."""
    _require(actor, "您的角色不能登记老年人情况")
    person = selectors.get_elder(actor, person_id)
    d = validation.validate(ProfileIn, data)
    with transaction.atomic():
        row = ElderlyProfile.objects.select_for_update().filter(person=person).first()
        before = {f: getattr(row, f) for f in FIELDS} if row else dict.fromkeys(FIELDS)
        row = row or ElderlyProfile(person=person)
        for f in FIELDS:
            setattr(row, f, getattr(d, f))
        row.updated_by = actor
        row.save()
        changes = {f: [_label(f, before[f]), _label(f, getattr(row, f))] for f in FIELDS
                   if before[f] != getattr(row, f)}
        audit.record(actor, audit.Event("update" if any(v is not None for v in before.values()) else "create",
                                        "elderly_profile", row.pk, person.region_id,
                                        {"person": [None, person.pk], **changes}))
    return row


def add_contact(actor, person_id, data: dict[str, Any]) -> Contact:
    _require(actor, "您的角色不能登记老年人的联系人")
    person = selectors.get_elder(actor, person_id)
    d = validation.validate(ContactIn, data)
    with transaction.atomic():
        row = Contact.objects.create(person=person, name=d.name, relation=d.relation, guardian=d.guardian,
                                     emergency=d.emergency, note=d.note, created_by=actor)
        protected.seal_saved(row, "phone_enc", d.phone or None)
        audit.record(actor, audit.Event("create", "elderly_contact", row.pk, person.region_id, {
            "person": [None, person.pk], "name": [None, d.name],
            "relation": [None, codes.CONTACT_RELATIONS[d.relation]], "phone": [None, row.phone_masked],
            "guardian": [None, d.guardian], "emergency": [None, d.emergency]}))
    return row


def end_contact(actor, contact_id) -> Contact:
    """The contact no longer applies (kept for history, no longer listed)."""
    _require(actor, "您的角色不能解除老年人的联系人")
    with transaction.atomic():
        row = Contact.objects.visible_to(actor).select_for_update(of=("self",)).filter(pk=contact_id).first()
        if row is None:
            raise NotFound()
        if row.ended_on is not None:
            raise Conflict(f"该联系人已于 {row.ended_on} 解除")
        row.ended_on = clock.today()
        row.save(update_fields=["ended_on"])
        audit.record(actor, audit.Event("update", "elderly_contact", row.pk, row.person.region_id,
                                        {"ended_on": [None, row.ended_on]}))
    return row
