"""The approval workflow of a payroll: draft → checked (乡镇初审) → approved (县级审批，锁定) → exported → reconciled.
A locked payroll never changes; corrections go into a later month as arrears, differences or recoveries.

Rules (enforced here, for pages, API and CLI alike): a payroll outside the user's region is 404; the township
checks its own township's roll; the county approves (or returns a checked roll to the township); city staff and the
administrators only read or see nothing. 《社会救助暂行办法》第十一条、民发〔2021〕57号 第二十五条：按月社会化发放."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from minzheng.core import audit, roles
from minzheng.core.errors import Conflict, Forbidden
from minzheng.payroll.codes import ACTIONS, STATUS
from minzheng.payroll.models import Payroll
from minzheng.payroll.selectors import get_payroll
from minzheng.payroll.sql import L, P, R, execute


def next_action(user, payroll: Payroll) -> str | None:
    """The step this user may take now, or None."""
    if payroll.status == "draft" and roles.has_perm(user, "payroll.check"):
        return "check"
    if payroll.status == "checked" and roles.has_perm(user, "payroll.approve"):
        return "approve"
    return None


def allowed_actions(user, payroll: Payroll) -> list[str]:
    out = []
    step = next_action(user, payroll)
    if step:
        out.append(step)
    if payroll.status == "checked" and roles.has_perm(user, "payroll.approve"):
        out.append("return")
    return out


def act(user, payroll_id, action: str, note: str = "") -> Payroll:
    if action not in ACTIONS:
        raise Conflict(f"未知的名册操作“{action}”，可用：{'、'.join(ACTIONS)}")
    with transaction.atomic():
        p = get_payroll(user, payroll_id, lock=True)
        label = ACTIONS[action]
        if action == "check":
            if not roles.has_perm(user, "payroll.check"):
                raise Forbidden(f"“{label}”须由乡镇(街道)经办人员办理")
            if p.status != "draft":
                raise Conflict(f"名册状态为“{STATUS[p.status]}”，不能{label}（只有待初审的名册可以初审）")
            p.status, p.checked_by, p.checked_at = "checked", user, timezone.now()
        elif action == "approve":
            if not roles.has_perm(user, "payroll.approve"):
                raise Forbidden(f"“{label}”须由县级民政部门办理")
            if p.status != "checked":
                raise Conflict(f"名册状态为“{STATUS[p.status]}”，不能{label}（须先经乡镇(街道)初审）")
            p.status, p.approved_by, p.approved_at = "approved", user, timezone.now()
        else:  # return
            if not roles.has_perm(user, "payroll.approve"):
                raise Forbidden(f"“{label}”须由县级民政部门办理")
            if p.status != "checked":
                raise Conflict(f"名册状态为“{STATUS[p.status]}”，不能退回（已锁定的名册不能更改）")
            p.status, p.checked_by, p.checked_at = "draft", None, None
        p.save()
        if action == "approve":
            settle_recoveries()
        audit.record(user, audit.Event(action, "payroll", p.pk, p.region_code, {
            "status": [None, p.status], "lines": [None, p.line_count], "total": [None, str(p.total)],
            **({"note": [None, note]} if note else {})}))
    return p


def check(user, payroll: Payroll, data: dict, comment: str | None = None) -> Payroll:
    """The 初审 page: the township checks its roll; sending it on cannot be undone by the township, so the page asks
    for a confirmation comment, kept as the audit note."""
    return act(user, payroll.pk, "check", comment or data.get("note") or "")


def approve(user, payroll: Payroll, data: dict, comment: str | None = None) -> Payroll:
    """The 审批（锁定） page: irreversible, so the page asks for a confirmation comment, kept as the audit note."""
    return act(user, payroll.pk, "approve", comment or "")


def return_to_township(user, payroll: Payroll, data: dict) -> Payroll:
    """The 退回 page: a checked roll goes back to the township as a draft, with the reason."""
    return act(user, payroll.pk, "return", data.get("note") or "")


def take_next_step(user, payroll_id) -> Payroll:
    """`minzheng payroll approve ID --user U`: the next approval step as that user (same rules)."""
    p = get_payroll(user, payroll_id)
    step = next_action(user, p)
    if step is None:
        if p.status in ("draft", "checked"):
            who = "乡镇(街道)初审" if p.status == "draft" else "县级民政部门审批"
            raise Forbidden(f"名册状态为“{STATUS[p.status]}”，下一步须由{who}，您的角色不能办理")
        raise Conflict(f"名册状态为“{STATUS[p.status]}”，已无待审批的步骤")
    return act(user, payroll_id, step)


def settle_recoveries() -> int:
    """Recoveries whose deductions in locked payrolls (not failed at the bank) plus repayments cover the amount."""
    return execute(
        f"UPDATE {R} SET status = 'settled' WHERE status = 'open' AND amount_fen - repaid_fen <= "
        f"COALESCE((SELECT -SUM(d.amount_fen) FROM {L} d JOIN {P} p ON p.id = d.payroll_id "
        f"WHERE d.recovery_id = {R}.id AND d.status <> 'failed' AND p.status IN ('approved', 'exported', "
        f"'reconciled')), 0)")
