"""The two outcomes of a finding (比对疑点), each one transaction with its permission and scope check and audit:

- confirm: the township (or county) checked and the finding holds → a change on the entitlement through
  benefits.services.entitlements.act (暂停发放, which the payroll respects; 停发 or 减发 decided by the confirming
  level, 57号 第三十二条: the family is told the reason), and the finding is closed as confirmed;
- dismiss: the finding does not hold (e.g. the car was sold, the death record is a namesake) → closed with a reason.
A closed finding cannot be handled again (409)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from minzheng.benefits.services import entitlements, holds
from minzheng.core import audit, clock, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.registry.services import persons as registry_persons
from minzheng.verification.codes import FACT_OUTCOMES, FINDING_OUTCOMES, FINDING_STATUS, RULES
from minzheng.verification.models import Finding
from minzheng.verification.schemas import DismissIn, FindingConfirmIn


def _require_handle(actor) -> None:
    if not roles.has_perm(actor, "findings.handle"):
        raise Forbidden("您的角色不能办理比对疑点核实")


def _lock_open(actor, finding_id) -> Finding:
    found = Finding.objects.visible_to(actor).select_for_update().filter(pk=finding_id).first()
    if found is None:
        raise NotFound()
    if found.status != "open":
        raise Conflict(f"该疑点已办理（{FINDING_STATUS[found.status]}），不能重复办理")
    return found


def _act_data(data: FindingConfirmIn, default_reason: str) -> dict[str, str]:
    """What benefits.services.entitlements.act reads, as the text it expects."""
    out = {"reason": data.reason or default_reason}
    if data.effective_month is not None:
        out["effective_month"] = f"{data.effective_month:%Y-%m}"
    if data.notice_on is not None:
        out["notice_on"] = data.notice_on.isoformat()
    if data.new_amount is not None:
        out["new_amount"] = f"{data.new_amount:.2f}"
    return out


def confirm(actor, finding_id, outcome: str, data: dict[str, Any] | None = None, note: str = "") -> Finding:
    """The finding holds: apply `outcome` (suspend | stop | decrease) to the entitlement with `data`
    (effective_month, reason, notice_on, new_amount). `note` (the page's confirmation comment) is kept as the
    finding's note and in the audit entry; without it the reason is."""
    _require_handle(actor)
    values = validation.validate(FindingConfirmIn, {**(data or {}), "outcome": outcome})
    with transaction.atomic():
        finding = _lock_open(actor, finding_id)
        default = f"全量比对核实属实：{RULES[finding.rule]}（{finding.evidence.get('text', '')}）"
        act_data = _act_data(values, default)
        holds.release(actor, f"finding:{finding.pk}", "confirmed", clock.today())
        if FACT_OUTCOMES.get(values.outcome, finding.rule) != finding.rule:
            raise ValidationFailed.one("outcome",
                                       f"“{FINDING_OUTCOMES[values.outcome]}”不适用于“{RULES[finding.rule]}”")
        if values.outcome == "death":
            _record_death(actor, finding)
        else:
            entitlements.act(actor, finding.entitlement_id, values.outcome, act_data)
        finding.status, finding.outcome = "confirmed", values.outcome
        finding.outcome_note = (note or values.note or act_data["reason"])[:2000]
        finding.decided_by, finding.decided_on = actor, clock.today()
        finding.save()
        audit.record(actor, audit.Event("finding_confirm", "finding", finding.pk, finding.region_code, {
            "status": ["open", "confirmed"], "outcome": [None, values.outcome],
            "entitlement": [None, finding.entitlement_id], "note": [None, finding.outcome_note]}))
    return finding


def _record_death(actor, finding: Finding) -> None:
    """The death is true: the registry records it (if it does not already), and the person's entitlements stop from
    the month after death, a household's re-checked within 3 months (benefits record_death; 43号 第二十五条, 83号);
    months paid after the death are then recovered by the next payroll (payroll detect_overpayments)."""
    died = dt.date.fromisoformat(finding.evidence["death_date"])
    person = registry_persons.get_person(actor, finding.person_id)
    if person.death_date is None:
        registry_persons.update_person(actor, person.pk, {"death_date": died})
    entitlements.record_death(actor, person.pk, person.death_date or died)


def dismiss(actor, finding_id, reason: str) -> Finding:
    _require_handle(actor)
    reason = validation.validate(DismissIn, {"reason": reason}).reason
    if not reason:
        raise ValidationFailed.one("reason", "排除疑点须填写理由（核实情况）")
    with transaction.atomic():
        finding = _lock_open(actor, finding_id)
        holds.release(actor, f"finding:{finding.pk}", "released", clock.today())  # held months become arrears
        finding.status, finding.outcome_note = "dismissed", reason
        finding.decided_by, finding.decided_on = actor, clock.today()
        finding.save()
        audit.record(actor, audit.Event("finding_dismiss", "finding", finding.pk, finding.region_code, {
            "status": ["open", "dismissed"], "reason": [None, reason]}))
    return finding
