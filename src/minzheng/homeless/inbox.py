"""Rescue-station work in the station's 待办: people in the station whose identity is not yet found (寻亲), oldest
first; overdue once the stay passes the rule's long-stay period (then settlement must be considered)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from minzheng.core import clock, roles
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection
from minzheng.homeless import selectors


def searches_todo(user, limit: int) -> InboxSection:
    if not roles.has_perm(user, "homeless.change"):
        return InboxSection(0, 0, [])
    today = clock.today()
    qs = selectors.intakes_for(user).filter(status="in_station", person__isnull=True).order_by("admitted_on", "id")
    long_days = selectors.rule_for(user.region_id, today)["long_stay_days"]
    cutoff = today - dt.timedelta(days=long_days - 1)
    items = [InboxItem(f"homeless_search:{i.pk}", f"{i.shown_name} · 寻亲", reverse("homeless_intake", args=[i.pk]),
                       f"{i.admitted_on:%Y-%m-%d} 入站，发现于{i.found_at}"
                       + ("；已发布寻亲公告" if i.notice_published_on else "；尚未发布寻亲公告"),
                       i.region_code, i.admitted_on, i.admitted_on <= cutoff, "寻亲")
             for i in qs[:limit]] if limit else []
    return InboxSection.of(qs, items, Q(admitted_on__lte=cutoff))


SEARCHES = InboxProvider("homeless_search", "在站未查明身份人员（寻亲）", searches_todo, "homeless.change",
                         url_name="homeless_intake_list", order=70)
