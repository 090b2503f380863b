"""Annual reports waiting in the 待办: the 业务主管单位's first review (socialorgs.supervise) and the registry's
conclusion (socialorgs.manage), nearest deadline first."""

from __future__ import annotations

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
    return InboxSection(qs.count(), qs.filter(**{f"{due_field}__lt": today}).count(), items)


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
