"""The verification app's part of 一户一条救助链 (registry.chain): comparison findings with their outcome, and the
household economic verification reports with their conclusion."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from minzheng.benefits import catalogue
from minzheng.registry.chain import ChainEvent, ChainSource
from minzheng.verification.codes import CONCLUSIONS, FINDING_OUTCOMES, FINDING_STATUS, RULES
from minzheng.verification.models import Finding, VerificationReport


def events(household):
    for f in Finding.objects.filter(household_id=household.pk).select_related("person").order_by("id"):
        label = catalogue.PROGRAMS.get(f.program, f.program)
        text = f"{RULES.get(f.rule, f.rule)}：{f.person.name}（{FINDING_STATUS.get(f.status, f.status)}"
        if f.outcome:
            text += f"，{FINDING_OUTCOMES.get(f.outcome, f.outcome)}"
        text += "）"
        yield ChainEvent(timezone.localdate(f.created_at), "finding", f.program, label, text, f.amount_at_stake,
                         reverse("finding_detail", args=[f.pk]))
    for r in VerificationReport.objects.filter(household_id=household.pk).select_related("case").order_by("id"):
        label = catalogue.PROGRAMS.get(r.case.program, r.case.program)
        yield ChainEvent(timezone.localdate(r.created_at), "report", r.case.program, label,
                         f"家庭经济状况核对报告：{CONCLUSIONS.get(r.conclusion, r.conclusion)}（案件 #{r.case_id}）",
                         url=reverse("verification_report", args=[r.pk]))


SOURCE = ChainSource("verification", events, permission="verification.view")
