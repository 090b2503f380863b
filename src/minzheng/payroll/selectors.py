"""Scoped reads of the payroll: payrolls, their lines and totals, the failed-payment work list, recoveries and bank
returns. Every read goes through `Model.objects.visible_to(user)` (core.scoping: the user's region subtree and the
`payroll.view` permission); a payroll outside the subtree is a 404 without revealing that it exists."""

from __future__ import annotations

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest

from minzheng.core import roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.payroll.codes import KINDS, LINE_STATUS, LOCKED
from minzheng.payroll.models import BankReturn, Payroll, PayrollLine, Recovery, fen_to_decimal


def require_view(user) -> None:
    if not roles.has_perm(user, "payroll.view"):
        raise Forbidden("您的角色不能查看发放名册")


# ---- payrolls --------------------------------------------------------------------------------------------------------


def payrolls_for(user) -> QuerySet[Payroll]:
    """The payrolls of the user's region (none for roles without payroll.view), newest month first."""
    return Payroll.objects.visible_to(user).order_by("-month", "program", "region_code", "id")


def get_payroll(user, payroll_id, lock: bool = False) -> Payroll:
    """One payroll in the user's region (403 for roles that may not read payrolls, 404 outside the region);
    `lock` selects it for update inside the caller's transaction."""
    require_view(user)
    qs = payrolls_for(user)
    if lock:
        qs = qs.select_for_update()
    found = qs.filter(pk=payroll_id).first()
    if found is None:
        raise NotFound()
    return found


def pending_payrolls(user) -> QuerySet[Payroll]:
    """Payrolls awaiting this user's step (for the inbox): the township's drafts to check; the county's checked
    rolls to approve, approved rolls to export and exported rolls awaiting the bank's return."""
    qs = payrolls_for(user)
    if roles.has_perm(user, "payroll.check"):
        return qs.filter(status="draft").order_by("month", "program", "region_code")
    if roles.has_perm(user, "payroll.approve"):
        return qs.filter(status__in=("checked", "approved", "exported")).order_by("month", "status", "program",
                                                                                    "region_code")
    return qs.none()


def lines_of(user, payroll: Payroll) -> QuerySet[PayrollLine]:
    """The payroll's lines the user may see (the payroll was fetched through the user's scope already)."""
    return (PayrollLine.objects.visible_to(user).filter(payroll=payroll).select_related("payee")
            .order_by("entitlement_id", "kind", "for_month"))


def _totals(payroll: Payroll, key: str, labels: dict) -> list[dict]:
    rows = (PayrollLine.objects.filter(payroll=payroll).values(key).annotate(n=Count("id"), fen=Sum("amount_fen"))
            .order_by(key))
    return [{key: r[key], f"{key}_label": labels[r[key]], "lines": r["n"], "fen": r["fen"],
             "amount": fen_to_decimal(r["fen"])} for r in rows]


def kind_totals(payroll: Payroll) -> list[dict]:
    """Lines and amount by kind (当月发放, 补发 …)."""
    return _totals(payroll, "kind", KINDS)


def status_totals(payroll: Payroll) -> list[dict]:
    """Lines and amount by bank status (待发放, 已到账 …)."""
    return _totals(payroll, "status", LINE_STATUS)


def bank_returns_of(payroll: Payroll, limit: int = 10) -> list[BankReturn]:
    return list(BankReturn.objects.filter(payroll=payroll).order_by("-id")[:limit])


# ---- the failed-payment work list ------------------------------------------------------------------------------------


# Payments to handle: failed at the bank, or never sent because the payee has no account (a locked payroll's pending
# line without one is left out of the bank file, so it would otherwise wait forever and block reconciliation).
TO_HANDLE = Q(status="failed") | Q(status="pending", account_enc__isnull=True, payroll__status__in=LOCKED)


def failed_payments(user) -> QuerySet[PayrollLine]:
    """One row per payment to handle (a payroll's lines of one entitlement fail together at the bank): the first
    such line of each, with the payment's net amount as `net_fen`. Model rows, so pages can order and page them."""
    require_view(user)
    failed = PayrollLine.objects.filter(TO_HANDLE)
    same = failed.filter(payroll_id=OuterRef("payroll_id"), entitlement_id=OuterRef("entitlement_id"))
    net = same.values("payroll_id").annotate(s=Sum("amount_fen")).values("s")
    return (PayrollLine.objects.visible_to(user).filter(TO_HANDLE)
            .exclude(Exists(same.filter(pk__lt=OuterRef("pk"))))
            .annotate(net_fen=Subquery(net, output_field=IntegerField()))
            .select_related("payee").order_by("month", "payroll_id", "entitlement_id"))


def get_failed_payment(user, payroll_id, entitlement_id) -> PayrollLine:
    """One row of the work list (404 when it is not a failed payment in the user's region)."""
    found = failed_payments(user).filter(payroll_id=payroll_id, entitlement_id=entitlement_id).first()
    if found is None:
        raise NotFound("这一笔不在发放失败清单中（未失败、已更正待重发，或不在您的管辖范围内）")
    return found


# ---- recoveries ------------------------------------------------------------------------------------------------------


def recoveries_for(user) -> QuerySet[Recovery]:
    """Recoveries in the user's region with what was deducted in payrolls (lines not failed at the bank) and what is
    outstanding, computed in the query (`deducted_fen`, `outstanding_fen`): no query per row."""
    deducted = (PayrollLine.objects.filter(recovery_id=OuterRef("pk")).exclude(status="failed")
                .values("recovery_id").annotate(s=Sum("amount_fen")).values("s"))
    zero = Value(0, output_field=IntegerField())
    return (Recovery.objects.visible_to(user).select_related("payee")
            .annotate(deducted_fen=-Coalesce(Subquery(deducted, output_field=IntegerField()), zero))
            .annotate(outstanding_fen=Greatest(F("amount_fen") - F("repaid_fen") - F("deducted_fen"), zero))
            .order_by("id"))


def deducted_fen(recovery: Recovery) -> int:
    fen = (PayrollLine.objects.filter(recovery=recovery).exclude(status="failed")
           .aggregate(s=Sum("amount_fen"))["s"])
    return -int(fen or 0)


def outstanding_fen(recovery: Recovery) -> int:
    return max(0, recovery.amount_fen - recovery.repaid_fen - deducted_fen(recovery))


def get_recovery(user, recovery_id) -> Recovery:
    require_view(user)
    found = recoveries_for(user).filter(pk=recovery_id).first()
    if found is None:
        raise NotFound()
    return found
