"""Elderly-care work in the 待办 of those who record it (村、乡镇、县): regular re-assessments due within 30 days
(or past), disputed assessments awaiting a 复评, and 高龄津贴 survival checks due within 30 days or overdue."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from minzheng.core import clock, roles
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection
from minzheng.elderly import codes, selectors


def reassessments_todo(user, limit: int) -> InboxSection:
    if not roles.has_perm(user, "elderly.assess"):
        return InboxSection(0, 0, [])
    today = clock.today()
    qs = selectors.reassessments_due(user, today)
    items = [InboxItem(f"elderly_reassess:{a.pk}", f"{a.person.name} · {codes.LEVEL_SHORT[str(a.level)]}",
                       reverse("elderly_assess", args=[a.person_id]),
                       f"上次评估 {a.assessed_on:%Y-%m-%d}，应于 {a.reassess_due:%Y-%m-%d} 前常规评估",
                       a.region_code, a.reassess_due, a.reassess_due < today, "常规评估")
             for a in qs[:limit]] if limit else []
    return InboxSection.of(qs, items, Q(reassess_due__lt=today))


def disputes_todo(user, limit: int) -> InboxSection:
    if not roles.has_perm(user, "elderly.assess"):
        return InboxSection(0, 0, [])
    qs = selectors.disputes_open(user)
    items = [InboxItem(f"elderly_dispute:{a.pk}", f"{a.person.name} · 对评估结果有异议",
                       reverse("elderly_assess", args=[a.person_id]),
                       f"{a.disputed_on:%Y-%m-%d} 提出：{a.dispute_reason}", a.region_code, a.disputed_on,
                       task="复评")
             for a in qs[:limit]] if limit else []
    return InboxSection.of(qs, items)


def survival_todo(user, limit: int) -> InboxSection:
    if not roles.has_perm(user, "elderly.survival"):
        return InboxSection(0, 0, [])
    count, overdue, statuses = selectors.survival_due_first(user, limit)
    names = selectors.person_names([s.person_id for s in statuses])
    items = [InboxItem(f"elderly_survival:{s.entitlement_id}", f"{names.get(s.person_id, '')} · 高龄津贴",
                       reverse("elderly_survival_add", args=[s.person_id]),
                       (f"逾期未认证（应于 {s.due_on:%Y-%m-%d} 前）：将自 {s.suspend_from:%Y-%m} 起暂停发放"
                        if s.overdue else f"应于 {s.due_on:%Y-%m-%d} 前生存认证"),
                       s.region_code, s.due_on, s.overdue, "生存认证")
             for s in statuses]
    return InboxSection(count, overdue, items)


REASSESSMENTS = InboxProvider("elderly_reassess", "到期的老年人能力常规评估", reassessments_todo, "people.view",
                              url_name="elderly_assessment_list", order=62)
DISPUTES = InboxProvider("elderly_disputes", "待复评的老年人能力评估（有异议）", disputes_todo, "people.view",
                         url_name="elderly_assessment_list", order=63)
SURVIVAL = InboxProvider("elderly_survival", "高龄津贴生存认证（到期和逾期）", survival_todo, "people.view",
                         url_name="elderly_survival_list", order=64)
