"""Findings (比对疑点): scoped reads for the township inbox and the two outcomes.

- confirm: the township (or county) checked and the finding holds → a change on the entitlement through
  assistance.entitlements.act (暂停发放, which the payroll respects; 停发 or 减发 decided by the confirming level,
  57号 第三十二条: the family is told the reason), and the finding is closed as confirmed;
- dismiss: the finding does not hold (e.g. the car was sold, the death record is a namesake) → closed with a reason.
Both are audited; a closed finding cannot be handled again (409)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from minzheng.benefits import entitlements
from minzheng.core import audit, clock, regioncodes, roles
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.verification import comparison_rules
from minzheng.verification.compare import parse_month
from minzheng.verification.models import FINDING_OUTCOMES, FINDING_STATUS, Finding


def require_view(user) -> None:
    if not roles.has_perm(user, "verification.view"):
        raise Forbidden("您的角色无权查看核对比对结果")


def findings_for(user, month: str = "", rule: str = "", status: str = "", region_code: str = "") -> QuerySet[Finding]:
    require_view(user)
    qs = Finding.objects.visible_to(user)
    if month:
        qs = qs.filter(month=parse_month(month))
    if rule:
        qs = qs.filter(rule=rule)
    if status:
        qs = qs.filter(status=status)
    if region_code:
        try:
            qs = qs.filter(**regioncodes.subtree_lookup("region_code", regioncodes.normalize(region_code)))
        except regioncodes.RegionCodeError:
            return qs.none()
    return qs.order_by("-month", "due_on", "id")


def pending_findings(user) -> QuerySet[Finding]:
    """Open findings the user may see, nearest deadline first (for the general inbox). Empty for roles that may
    not see them."""
    if not roles.has_perm(user, "verification.view"):
        return Finding.objects.none()
    return Finding.objects.visible_to(user).filter(status="open").select_related("person").order_by("due_on", "id")


def get_finding(user, finding_id) -> Finding:
    found = findings_for(user).select_related("person", "household", "entitlement").filter(pk=finding_id).first()
    if found is None:
        raise NotFound()
    return found


def finding_out(f: Finding) -> dict[str, Any]:
    today = clock.today()
    return {"id": f.pk, "month": f"{f.month:%Y-%m}", "rule": f.rule, "rule_label": comparison_rules.RULES[f.rule].label,
            "person_id": f.person_id, "household_id": f.household_id, "entitlement_id": f.entitlement_id,
            "program": f.program, "region_code": f.region_code, "evidence": f.evidence,
            "amount_at_stake": f"{f.amount_at_stake:.2f}", "status": f.status,
            "status_label": FINDING_STATUS[f.status], "due_on": f.due_on.isoformat(),
            "due_provisional": f.due_provisional, "overdue": f.status == "open" and f.due_on < today,
            "outcome": f.outcome, "outcome_note": f.outcome_note,
            "decided_on": f.decided_on.isoformat() if f.decided_on else None}


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


def confirm(actor, finding_id, outcome: str, data: dict[str, Any] | None = None) -> Finding:
    """The finding holds: apply `outcome` (suspend | stop | decrease) to the entitlement with `data` as
    entitlements.act expects it (effective_month, reason, notice_on, new_amount)."""
    _require_handle(actor)
    if outcome not in FINDING_OUTCOMES:
        raise ValidationFailed.one("outcome", f"处理结果应为：{'、'.join(f'{k}（{v}）' for k, v in FINDING_OUTCOMES.items())}")
    data = dict(data or {})
    with transaction.atomic():
        finding = _lock_open(actor, finding_id)
        if not str(data.get("reason") or "").strip():
            data["reason"] = f"全量比对核实属实：{comparison_rules.RULES[finding.rule].label}（{finding.evidence.get('text', '')}）"
        entitlements.act(actor, finding.entitlement_id, outcome, data)
        finding.status, finding.outcome = "confirmed", outcome
        finding.outcome_note = str(data.get("note") or data["reason"])[:2000]
        finding.decided_by, finding.decided_on = actor, clock.today()
        finding.save()
        audit.record(actor, audit.Event("finding_confirm", "finding", finding.pk, finding.region_code, {
            "status": ["open", "confirmed"], "outcome": [None, outcome], "entitlement": [None, finding.entitlement_id],
            "note": [None, finding.outcome_note]}))
    return finding


def dismiss(actor, finding_id, reason: str) -> Finding:
    _require_handle(actor)
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationFailed.one("reason", "排除疑点须填写理由（核实情况）")
    with transaction.atomic():
        finding = _lock_open(actor, finding_id)
        finding.status, finding.outcome_note = "dismissed", reason[:2000]
        finding.decided_by, finding.decided_on = actor, clock.today()
        finding.save()
        audit.record(actor, audit.Event("finding_dismiss", "finding", finding.pk, finding.region_code, {
            "status": ["open", "dismissed"], "reason": [None, reason]}))
    return finding
