"""Findings of the monthly comparison awaiting a check (核实待办), nearest deadline first."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from minzheng.core import clock
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection
from minzheng.verification import selectors
from minzheng.verification.codes import RULES


def findings_todo(user, limit: int) -> InboxSection:
    today = clock.today()
    qs = selectors.pending_findings(user)
    items = [InboxItem(f"finding:{f.pk}", f"{RULES.get(f.rule, f.rule)} · "
                       f"{f.person.name}", reverse("finding_detail", args=[f.pk]), f"{f.month:%Y-%m} 比对",
                       f.region_code, f.due_on, f.due_on < today, "核实")
             for f in qs[:limit]] if limit else []
    return InboxSection.of(qs, items, Q(due_on__lt=today))


FINDINGS = InboxProvider("findings", "比对疑点待核实", findings_todo, "verification.view", url_name="finding_list",
                         order=20)
