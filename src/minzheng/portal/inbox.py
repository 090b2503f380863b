"""Complaints, objections and fraud reports from the portal in the 待办 of township and county staff (and read by
the village), nearest answer deadline first; a fraud report never names its reporter."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from minzheng.core import clock, roles
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection
from minzheng.portal import codes, selectors


def complaints_todo(user, limit: int) -> InboxSection:
    if not roles.has_perm(user, "people.view"):
        return InboxSection(0, 0, [])
    today = clock.today()
    qs = selectors.complaints_for(user).filter(state="open")
    items = [InboxItem(f"portal_complaint:{c.pk}", f"{codes.COMPLAINT_KINDS[c.kind]} · 编号 {c.pk}",
                       reverse("portal_staff_complaint", args=[c.pk]),
                       (f"所涉申请 {c.case_id}：" if c.case_id else "举报人信息已保护：") + c.text[:60],
                       c.region_code, c.due_on, c.due_on < today, "答复")
             for c in qs[:limit]] if limit else []
    return InboxSection.of(qs, items, Q(due_on__lt=today))


COMPLAINTS = InboxProvider("portal_complaints", "掌上民政：群众诉求待答复", complaints_todo, "people.view",
                           url_name="portal_staff_complaints", order=45)
