"""Payrolls awaiting the user's step: the township's drafts to check; the county's rolls to approve, export and
reconcile."""

from __future__ import annotations

from django.urls import reverse

from minzheng.benefits import programs
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection
from minzheng.payroll import selectors
from minzheng.payroll.codes import PENDING_TASK, STATUS


def payrolls_todo(user, limit: int) -> InboxSection:
    qs = selectors.pending_payrolls(user)
    items = [InboxItem(f"payroll:{p.pk}", f"{p.month:%Y-%m} {programs.name(p.program)} #{p.pk}",
                       reverse("payroll_detail", args=[p.pk]), STATUS[p.status], p.region_code,
                       task=PENDING_TASK.get(p.status, ""))
             for p in qs[:limit]] if limit else []
    return InboxSection.of(qs, items)


PAYROLLS = InboxProvider("payrolls", "待办理的发放名册", payrolls_todo, "payroll.view", url_name="payroll_list",
                         order=30)
