"""Children's work in the 待办: visits due within 7 days or overdue (for those who record visits; a 儿童主任 with an
account sees the children assigned to them, others their region) and minors-protection cases awaiting a step
(restricted cases only for their named officers — read through the scoped selector)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from minzheng.children import codes
from minzheng.children.selectors import minors, visits
from minzheng.children.selectors import register as register_selectors
from minzheng.core import clock, roles
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection

DUE_DAYS = 7


def visits_todo(user, limit: int) -> InboxSection:
    if not roles.has_perm(user, "children.visit"):
        return InboxSection(0, 0, [])
    mine = register_selectors.my_worker(user)
    count, overdue, rows = visits.due_first(user, mine.pk if mine and mine.kind == "director" else None, DUE_DAYS,
                                            limit)
    items = [InboxItem(f"child_visit:{r.child_id}:{r.kind}", f"{r.name} · {codes.CATEGORIES[r.category]}",
                       reverse("children_visit_add", args=[r.child_id]),
                       f"{r.plan}，" + (f"上次 {r.last_visit:%Y-%m-%d}，" if r.last_visit else "尚未走访，")
                       + f"应于 {r.due_on:%Y-%m-%d} 前", r.region_code, r.due_on, r.overdue, "儿童走访")
             for r in rows]
    return InboxSection(count, overdue, items)


def cases_todo(user, limit: int) -> InboxSection:
    if not roles.has_perm(user, minors.HANDLE):
        return InboxSection(0, 0, [])
    qs = minors.open_cases(user)
    now = clock.now()
    items = [InboxItem(f"minors_case:{c.pk}", f"{c.child_name} · {codes.HARMS[c.harm]}",
                       reverse("minors_case", args=[c.pk]),
                       f"{codes.CASE_STATES[c.state]}，期限 {timezone.localtime(c.due_at):%Y-%m-%d %H:%M}",
                       c.region_code, timezone.localtime(c.due_at).date(), c.due_at < now,
                       codes.CASE_STATES[c.state])
             for c in qs[:limit]] if limit else []
    return InboxSection.of(qs, items, Q(due_at__lt=now))


VISITS = InboxProvider("children_visits", "儿童走访（7日内到期和逾期）", visits_todo, "people.view",
                       url_name="children_due", order=65)
CASES = InboxProvider("minors_cases", "未成年人保护个案（待办理环节）", cases_todo, "minors.view",
                      url_name="minors_case_list", order=66)
