"""The kernel's work in a user's 待办: cases awaiting the user's role (the county also gets the data checks townships
asked for), periodic reviews coming due, and entitlements whose payee has died."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from minzheng.benefits import programs, selectors, workflow
from minzheng.core import clock, regions, roles
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection

REVIEW_HORIZON_DAYS = 30  # reviews due within a month show up, overdue ones first
OFFICERS = (roles.TOWNSHIP, roles.COUNTY)


def _rows(cases, today: dt.date) -> list[dict]:
    cases = list(cases)
    names = regions.names_for({c.region_code for c in cases})  # one query for the section's regions
    return [selectors.row_out(c, today) | {"task_label": workflow.DUE_LABELS.get(getattr(c, "task", "") or "", ""),
                                           "region_name": names.get(c.region_code, c.region_code)}
            for c in cases]


def cases_todo(user, limit: int) -> InboxSection:
    today = clock.today()
    qs = selectors.inbox(user)
    return InboxSection.of(qs, _rows(qs[:limit], today) if limit else [], Q(task_due__lt=today))


def cases_done(user, limit: int) -> InboxSection:
    qs = selectors.done(user)
    return InboxSection.of(qs, _rows(qs[:limit], clock.today()) if limit else [])


def reviews_todo(user, limit: int) -> InboxSection:
    if user.role not in OFFICERS:
        return InboxSection(0, 0, [])
    today = clock.today()
    qs = selectors.reviews_due(user, today + dt.timedelta(days=REVIEW_HORIZON_DAYS))
    items = [InboxItem(f"review:{r.pk}", f"#{r.entitlement_id} {programs.name(r.entitlement.program)}",
                       reverse("case_detail", args=[r.entitlement.source_case_id]), r.REASONS.get(r.reason, r.reason),
                       r.region_code, r.due_on, r.due_on < today, "定期核查")
             for r in qs.select_related("entitlement")[:limit]] if limit else []
    return InboxSection.of(qs, items, Q(due_on__lt=today))


def payee_deceased_todo(user, limit: int) -> InboxSection:
    if user.role not in OFFICERS:
        return InboxSection(0, 0, [])
    qs = selectors.payee_deceased(user)
    items = [InboxItem(f"payee:{e.pk}", f"#{e.pk} {programs.name(e.program)} · {e.payee.name}",
                       reverse("case_detail", args=[e.source_case_id]) + "#entitlements",
                       f"领取人去世日期 {e.payee.death_date:%Y-%m-%d}，发放暂扣", e.region_code, task="变更领取人")
             for e in qs[:limit]] if limit else []
    return InboxSection.of(qs, items)


CASES = InboxProvider("cases", "待办案件", cases_todo, "people.view", done=cases_done, url_name="case_todo",
                      template="benefits/_inbox_cases.html", order=10)
REVIEWS = InboxProvider("reviews", "到期的定期核查", reviews_todo, "people.view", order=40)
PAYEE_DECEASED = InboxProvider("payee", "领取人已去世、待变更领取人的待遇（发放暂扣）", payee_deceased_todo,
                               "people.view", order=50)
