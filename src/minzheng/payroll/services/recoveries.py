"""Recoveries of overpayments (追回): found by generate.detect_overpayments (or recorded by hand), deducted from
later payments (generate._insert_deductions, at most policy.max_share() of a month's regular payment) or repaid
(`repay`). Outstanding = amount − deductions in payrolls not failed at the bank − repayments (selectors.deducted_fen,
selectors.outstanding_fen)."""

from __future__ import annotations

from django.db import transaction

from minzheng.core import audit, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.payroll.codes import RECOVERY_STATUS
from minzheng.payroll.models import Recovery, decimal_to_fen, fen_to_decimal
from minzheng.payroll.schemas import RepayIn
from minzheng.payroll.selectors import outstanding_fen, recoveries_for


def repay(user, recovery_id, amount) -> Recovery:
    """A repayment made outside the payroll (退回): at most what is outstanding. `amount` is validated like every
    money input (core.validation.Money: decimal text or an integer, never a float)."""
    if not roles.has_perm(user, "payroll.generate"):
        raise Forbidden("登记退回须由乡镇(街道)或县级民政部门办理")
    fen = decimal_to_fen(validation.validate(RepayIn, {"amount": amount}).amount)
    with transaction.atomic():
        r = Recovery.objects.visible_to(user).select_for_update().filter(pk=recovery_id).first()
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
    return recoveries_for(user).get(pk=r.pk)
