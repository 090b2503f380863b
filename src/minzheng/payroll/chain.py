"""The payroll app's part of 一户一条救助链 (registry.chain): what was paid each month per program and how it
ended at the bank (one event per month, program and bank result, summed in one grouped query), and overpayments
to recover."""

from __future__ import annotations

from django.db.models import Sum
from django.urls import reverse

from minzheng.benefits import catalogue
from minzheng.payroll.codes import LINE_STATUS, RECOVERY_STATUS
from minzheng.payroll.models import PayrollLine, Recovery, fen_to_decimal
from minzheng.registry.chain import ChainEvent, ChainSource


def events(household):
    grouped = (PayrollLine.objects.filter(household_id=household.pk)
               .values("month", "program", "status", "payroll_id").annotate(fen=Sum("amount_fen"))
               .order_by("month", "program"))
    for row in grouped:
        label = catalogue.PROGRAMS.get(row["program"], row["program"])
        amount = fen_to_decimal(row["fen"])
        status = LINE_STATUS.get(row["status"], row["status"])
        yield ChainEvent(row["month"], "payment", row["program"], label,
                         f"{row['month']:%Y-%m} 发放{label} {amount} 元（{status}）", amount,
                         reverse("payroll_detail", args=[row["payroll_id"]]))
    for r in Recovery.objects.filter(household_id=household.pk).order_by("id"):
        label = catalogue.PROGRAMS.get(r.program, r.program)
        amount = fen_to_decimal(r.amount_fen)
        yield ChainEvent(r.found_on, "recovery", r.program, label,
                         f"追回{label}多发 {amount} 元（{r.from_month:%Y-%m} 至 {r.to_month:%Y-%m}，"
                         f"{RECOVERY_STATUS.get(r.status, r.status)}）：{r.reason}", amount,
                         reverse("payroll_recoveries"))


SOURCE = ChainSource("payroll", events, permission="payroll.view")
