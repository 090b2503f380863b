"""The registry's 待办: divorce applications due — the withdrawal deadline near, or past the cooling-off with the
appearance deadline within a week (both parties may come now), or past it and not yet swept."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from minzheng.core import clock, roles
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection
from minzheng.marriage import selectors


def divorces_due(user, limit: int) -> InboxSection:
    if not roles.has_perm(user, "marriage.register"):
        return InboxSection(0, 0, [])
    today = clock.today()
    qs = selectors.applications_due(user, today)
    items = []
    for a in (qs[:limit] if limit else []):
        names = f"{a.marriage.name_a}、{a.marriage.name_b}"
        if a.withdrawal_deadline >= today:
            detail = f"冷静期至 {a.withdrawal_deadline:%Y-%m-%d}（此前任何一方可撤回）"
            due, task = a.withdrawal_deadline, "冷静期届满"
        else:
            detail, due, task = (f"双方应于 {a.appearance_deadline:%Y-%m-%d} 前到场办理离婚登记，逾期视为撤回申请",
                                 a.appearance_deadline, "到场办理")
        items.append(InboxItem(f"divorce:{a.pk}", names, reverse("marriage_divorce", args=[a.pk]), detail,
                               a.region_code, due, a.appearance_deadline < today, task))
    return InboxSection.of(qs, items, Q(appearance_deadline__lt=today))


DIVORCES_DUE = InboxProvider("marriage_divorces", "离婚登记申请（冷静期届满、待到场）", divorces_due, "marriage.view",
                             url_name="marriage_divorce_list", order=70)
