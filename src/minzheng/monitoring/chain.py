"""The monitoring app's part of 一户一条救助链 (registry.chain): the household's warnings with their outcome, and the
referrals with the receiving body's answer."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from minzheng.monitoring import codes, selectors
from minzheng.registry.chain import ChainEvent, ChainSource


def events(household):
    for w in selectors.household_warnings(household.pk):
        named = "；".join(codes.SIGNAL_LABELS.get(s, s) for s in w.signals)
        text = (f"{codes.LEVELS[w.level]}预警（{w.score} 分）：{named}"
                f"（{codes.WARNING_STATUS[w.status]}）")
        yield ChainEvent(timezone.localdate(w.created_at), "warning", "", "动态监测", text,
                         url=reverse("warning_detail", args=[w.pk]))
    for r in selectors.household_referrals(household.pk):
        text = f"转介{codes.REFERRAL_TO[r.referral_to]}（{r.receiving_body}，{codes.REFERRAL_STATUS[r.status]}）"
        if r.answer:
            text += f"：{r.answer}"
        yield ChainEvent(r.referred_on, "referral", "", "动态监测", text,
                         url=reverse("warning_detail", args=[r.warning_id]))


SOURCE = ChainSource("monitoring", events, permission="monitoring.view")
