"""The benefits kernel's part of 一户一条救助链 (registry.chain): applications and decisions, the start of each
entitlement and every change to it (增发、减发、暂停、恢复、停发、渐退、死亡停发)."""

from __future__ import annotations

from django.urls import reverse

from minzheng.benefits import catalogue, codes, workflow
from minzheng.benefits.models import Case, Entitlement, EntitlementChange
from minzheng.registry.chain import ChainEvent, ChainSource

DECISIONS = {"approved": "批准", "refused": "不予批准"}


def _program(code: str) -> str:
    return catalogue.PROGRAMS.get(code, code)


def events(household):
    for case in Case.objects.filter(household_id=household.pk).order_by("id"):
        url, label = reverse("case_detail", args=[case.pk]), _program(case.program)
        channel = workflow.CHANNELS.get(case.channel, case.channel)
        yield ChainEvent(case.applied_on, "case", case.program, label, f"申请{label}（{channel}，案件 #{case.pk}）",
                         url=url)
        if case.decided_on:
            text = f"{DECISIONS.get(case.decision, case.decision)}{label}申请（案件 #{case.pk}）"
            yield ChainEvent(case.decided_on, "decision", case.program, label, text,
                             case.amount if case.decision == "approved" else None, url)
    for ent in Entitlement.objects.filter(household_id=household.pk).select_related("source_case"):
        label = _program(ent.program)
        url = reverse("case_detail", args=[ent.source_case_id]) if ent.source_case_id else ""
        yield ChainEvent(ent.start_month, "entitlement", ent.program, label,
                         f"开始享受{label}，月 {ent.monthly_amount} 元", ent.monthly_amount, url)
    changes = (EntitlementChange.objects.filter(entitlement__household_id=household.pk)
               .select_related("entitlement").order_by("id"))
    for ch in changes:
        ent, label = ch.entitlement, _program(ch.entitlement.program)
        kind = codes.CHANGE_KINDS.get(ch.kind, ch.kind)
        text = f"{label}{kind}：月 {ch.old_amount} → {ch.new_amount} 元，自 {ch.effective_month:%Y-%m}"
        if ch.reason:
            text += f"（{ch.reason}）"
        url = reverse("case_detail", args=[ent.source_case_id]) if ent.source_case_id else ""
        yield ChainEvent(ch.decided_on, "entitlement", ent.program, label, text, ch.new_amount, url)


SOURCE = ChainSource("benefits", events)
