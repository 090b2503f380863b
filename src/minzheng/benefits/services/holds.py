"""Payment holds (暂停支付) placed and released by the system (benefits.models.PaymentHold): set-based, idempotent
(one hold per entitlement and source), audited. The payroll leaves held months unpaid (payroll.services.generate)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from minzheng.benefits.models import PaymentHold
from minzheng.core import audit

OUTCOMES = {"confirmed": "核实属实", "released": "已解除"}


@dataclass(frozen=True)
class HoldRequest:
    entitlement_id: int
    region_code: str
    from_month: dt.date
    reason: str
    source: str


def place(actor, requests: list[HoldRequest], today: dt.date) -> int:
    """Hold each entitlement from its month (a second request from the same source changes nothing)."""
    if not requests:
        return 0
    with transaction.atomic():
        existing = set(PaymentHold.objects.filter(source__in={r.source for r in requests})
                       .values_list("entitlement_id", "source"))
        new = [PaymentHold(entitlement_id=r.entitlement_id, region_code=r.region_code, from_month=r.from_month,
                           reason=r.reason[:200], source=r.source, placed_on=today)
               for r in requests if (r.entitlement_id, r.source) not in existing]
        made = PaymentHold.objects.bulk_create(new, ignore_conflicts=True)
        audit.record_many(actor or "system", [audit.Event("hold_place", "entitlement", h.entitlement_id,
                                                          h.region_code, {"暂停支付起始月份": [None, h.from_month],
                                                                          "原因": [None, h.reason]})
                                              for h in made])
    return len(made)


def release(actor, source: str, outcome: str, today: dt.date) -> int:
    """Release the active holds a source placed (the caller's transaction): `confirmed` or `released`."""
    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    holds = list(PaymentHold.objects.select_for_update().filter(source=source, released_on__isnull=True))
    if not holds:
        return 0
    PaymentHold.objects.filter(pk__in=[h.pk for h in holds]).update(released_on=today, outcome=outcome)
    audit.record_many(actor or "system", [audit.Event("hold_release", "entitlement", h.entitlement_id, h.region_code,
                                                      {"处理结果": [None, OUTCOMES[outcome]]}) for h in holds])
    return len(holds)
