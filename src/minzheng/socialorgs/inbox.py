"""Annual reports waiting in the 待办: the 业务主管单位's first review (socialorgs.supervise) and the registry's
conclusion (socialorgs.manage), nearest deadline first."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from minzheng.core import clock, roles
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection
from minzheng.socialorgs import selectors


def _section(qs, due_field: str, task: str, limit: int) -> InboxSection:
    today = clock.today()
    qs = qs.order_by(due_field, "pk")
    items = [InboxItem(f"socialorgs_report:{r.pk}", f"{r.org.name} · {r.year} 年度工作报告",
                       reverse("socialorgs_report", args=[r.pk]), f"{r.filed_on:%Y-%m-%d} 报送",
                       r.region_code, getattr(r, due_field), getattr(r, due_field) < today, task)
             for r in qs[:limit]] if limit else []
    return InboxSection.of(qs, items, Q(**{f"{due_field}__lt": today}))


def reports_todo(user, limit: int) -> InboxSection:
    parts = []
    if roles.has_perm(user, "socialorgs.manage"):
        parts.append(_section(selectors.registry_queue(user), "registry_due", "年检审查", limit))
    if roles.has_perm(user, "socialorgs.supervise"):
        parts.append(_section(selectors.supervisor_queue(user), "supervisor_due", "业务主管单位初审", limit))
    if not parts:
        return InboxSection(0, 0, [])
    items = sorted((i for p in parts for i in p.items), key=lambda i: i.due_on)[:limit]
    return InboxSection(sum(p.count for p in parts), sum(p.overdue for p in parts), items)


REPORTS = InboxProvider("socialorgs_reports", "社会组织年度工作报告（待初审、待审查）", reports_todo,
                        "socialorgs.view", url_name="socialorgs_report_list", order=70)


def applications_todo(user, limit: int) -> InboxSection:
    """登记申请 awaiting the examiner's review, then a decision by another person; nearest decision deadline first."""
    if not roles.has_perm(user, "socialorgs.manage"):
        return InboxSection(0, 0, [])
    today = clock.today()
    parts = []
    for qs, task in ((selectors.application_review_queue(user), "登记申请审查"),
                     (selectors.application_decision_queue(user), "作出登记决定")):
        qs = qs.order_by("due_on", "pk")
        items = [InboxItem(f"socialorgs_application:{a.pk}", f"{a.name} · {a.get_kind_display()}",
                           reverse("socialorgs_application", args=[a.pk]), f"{a.received_on:%Y-%m-%d} 受理",
                           a.region_code, a.due_on or a.received_on, bool(a.due_on and a.due_on < today), task)
                 for a in qs[:limit]] if limit else []
        parts.append(InboxSection.of(qs, items, Q(due_on__lt=today)))
    items = sorted((i for p in parts for i in p.items), key=lambda i: i.due_on)[:limit]
    return InboxSection(sum(p.count for p in parts), sum(p.overdue for p in parts), items)


APPLICATIONS = InboxProvider("socialorgs_applications", "社会组织登记申请（待审查、待决定）", applications_todo,
                             "socialorgs.view", url_name="socialorgs_application_list", order=71)
