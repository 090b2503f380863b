"""Recoveries of overpayments (追回): found by generate.detect_overpayments (or recorded by hand), deducted from
later payments (generate._insert_deductions, at most policy.max_share() of a month's regular payment) or repaid
(`repay`). Outstanding = amount − deductions in payrolls not failed at the bank − repayments."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum

from minzheng.core import audit, roles
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.payroll import workflow
from minzheng.payroll.models import (
    RECOVERY_STATUS,
    PayrollLine,
    Recovery,
    decimal_to_fen,
    fen_to_decimal,
)


def deducted_fen(recovery: Recovery) -> int:
    fen = (PayrollLine.objects.filter(recovery=recovery).exclude(status="failed")
           .aggregate(s=Sum("amount_fen"))["s"])
    return -int(fen or 0)


def outstanding_fen(recovery: Recovery) -> int:
    return max(0, recovery.amount_fen - recovery.repaid_fen - deducted_fen(recovery))


def recovery_out(r: Recovery) -> dict:
    return {"id": r.pk, "entitlement_id": r.entitlement_id, "program": r.program, "region_code": r.region_code,
            "household_id": r.household_id, "payee_id": r.payee_id, "from_month": f"{r.from_month:%Y-%m}",
            "to_month": f"{r.to_month:%Y-%m}", "amount": str(fen_to_decimal(r.amount_fen)),
            "deducted": str(fen_to_decimal(deducted_fen(r))), "repaid": str(fen_to_decimal(r.repaid_fen)),
            "outstanding": str(fen_to_decimal(outstanding_fen(r))), "status": r.status,
            "status_label": RECOVERY_STATUS[r.status], "reason": r.reason, "found_on": r.found_on.isoformat()}


def repay(user, recovery_id, amount) -> Recovery:
    """A repayment made outside the payroll (退回): at most what is outstanding."""
    if not roles.has_perm(user, "payroll.generate"):
        raise Forbidden("登记退回须由乡镇(街道)或县级民政部门办理")
    from decimal import Decimal, InvalidOperation

    try:
        fen = decimal_to_fen(Decimal(str(amount)))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationFailed.one("amount", "退回金额应为最多两位小数的金额") from None
    with transaction.atomic():
        r = workflow.recoveries_for(user).select_for_update().filter(pk=recovery_id).first()
        if r is None:
            raise NotFound()
        if r.status != "open":
            raise Conflict(f"该笔追回状态为“{RECOVERY_STATUS[r.status]}”")
        owed = outstanding_fen(r)
        if not 0 < fen <= owed:
            raise ValidationFailed.one("amount", f"退回金额应大于 0 且不超过未追回金额 {fen_to_decimal(owed)} 元")
        r.repaid_fen += fen
        if owed - fen == 0:
            r.status = "settled"
        r.save(update_fields=["repaid_fen", "status"])
        audit.record(user, audit.Event("repay", "recovery", r.pk, r.region_code, {
            "repaid": [None, str(fen_to_decimal(fen))], "status": [None, r.status]}))
    return r
