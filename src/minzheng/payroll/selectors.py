"""Scoped reads of payrolls and lines (every read goes through the user's region subtree) and their JSON shapes."""

from __future__ import annotations

from django.db.models import QuerySet

from minzheng.benefits.catalogue import PROGRAMS
from minzheng.core import regioncodes
from minzheng.core.errors import ValidationFailed
from minzheng.payroll import workflow
from minzheng.payroll.generate import parse_month
from minzheng.payroll.models import (
    KINDS,
    LINE_STATUS,
    STATUS,
    Payroll,
    PayrollLine,
    fen_to_decimal,
)


def search(user, month: str = "", program: str = "", status: str = "", region_code: str = "") -> QuerySet[Payroll]:
    qs = workflow.payrolls_for(user)
    if month:
        qs = qs.filter(month=parse_month(month))
    if program:
        qs = qs.filter(program=program)
    if status:
        qs = qs.filter(status__in=status.split(","))
    if region_code:
        try:
            qs = qs.filter(**regioncodes.subtree_lookup("region_code", regioncodes.normalize(region_code)))
        except regioncodes.RegionCodeError as exc:
            raise ValidationFailed.one("region_code", str(exc)) from None
    return qs.order_by("-month", "program", "region_code")


def lines(user, payroll: Payroll, kind: str = "", status: str = "") -> QuerySet[PayrollLine]:
    """The payroll's lines the user may see (the payroll was fetched through the user's scope already)."""
    qs = PayrollLine.objects.visible_to(user).filter(payroll=payroll)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("entitlement_id", "kind", "for_month")


def kind_totals(payroll: Payroll) -> list[dict]:
    from django.db.models import Count, Sum

    rows = (PayrollLine.objects.filter(payroll=payroll).values("kind").annotate(n=Count("id"), fen=Sum("amount_fen"))
            .order_by("kind"))
    return [{"kind": r["kind"], "kind_label": KINDS[r["kind"]], "lines": r["n"], "amount": str(fen_to_decimal(r["fen"]))}
            for r in rows]


def status_totals(payroll: Payroll) -> list[dict]:
    from django.db.models import Count, Sum

    rows = (PayrollLine.objects.filter(payroll=payroll).values("status").annotate(n=Count("id"), fen=Sum("amount_fen"))
            .order_by("status"))
    return [{"status": r["status"], "status_label": LINE_STATUS[r["status"]], "lines": r["n"],
             "amount": str(fen_to_decimal(r["fen"]))} for r in rows]


def payroll_out(p: Payroll) -> dict:
    return {"id": p.pk, "program": p.program, "program_name": PROGRAMS.get(p.program, p.program),
            "region_code": p.region_code, "month": f"{p.month:%Y-%m}", "status": p.status,
            "status_label": STATUS[p.status], "locked": p.locked, "lines": p.line_count, "payees": p.payee_count,
            "total": str(p.total), "generations": p.generations,
            "generated_at": p.generated_at.isoformat() if p.generated_at else None,
            "checked_at": p.checked_at.isoformat() if p.checked_at else None,
            "approved_at": p.approved_at.isoformat() if p.approved_at else None,
            "exported_at": p.exported_at.isoformat() if p.exported_at else None,
            "reconciled_at": p.reconciled_at.isoformat() if p.reconciled_at else None}


def line_out(line: PayrollLine) -> dict:
    return {"id": line.pk, "payroll_id": line.payroll_id, "entitlement_id": line.entitlement_id,
            "person_id": line.person_id, "payee_id": line.payee_id, "household_id": line.household_id,
            "program": line.program, "region_code": line.region_code, "month": f"{line.month:%Y-%m}",
            "for_month": f"{line.for_month:%Y-%m}", "kind": line.kind, "kind_label": KINDS[line.kind],
            "amount": str(line.amount), "status": line.status, "status_label": LINE_STATUS[line.status],
            "bank_reason": line.bank_reason, "bank_name": line.bank_name, "account": line.account_masked,
            "recovery_id": line.recovery_id}
