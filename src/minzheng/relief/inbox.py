"""Relief work in the 待办 of the reserve's keepers: dispatches not yet signed for (a week after they left: overdue)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from minzheng.core import clock, roles
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection
from minzheng.relief import selectors

SIGN_DAYS = 7  # a dispatch unsigned a week after it left is chased (a working habit, not a rule)


def unsigned_todo(user, limit: int) -> InboxSection:
    if not roles.has_perm(user, "relief.store"):
        return InboxSection(0, 0, [])
    today = clock.today()
    qs = selectors.unsigned_dispatches(user).order_by("moved_on", "id")
    late = today - dt.timedelta(days=SIGN_DAYS)
    items = [InboxItem(f"relief_unsigned:{m.pk}", f"{m.item.name} {-m.delta}{m.item.unit} · {m.warehouse.name}",
                       reverse("relief_dispatch_sign", args=[m.pk]), f"{m.moved_on:%Y-%m-%d} 出库，待签收",
                       m.destination_code, m.moved_on + dt.timedelta(days=SIGN_DAYS), m.moved_on < late, "签收")
             for m in qs[:limit]] if limit else []
    return InboxSection.of(qs, items, Q(moved_on__lt=late))


UNSIGNED = InboxProvider("relief_unsigned", "救灾物资调拨待签收", unsigned_todo, "relief.store",
                         url_name="relief_dispatch_list", order=80)
