"""Monitoring work in the township's inbox: open warnings (visit by the deadline) and proactive discoveries."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from minzheng.core import clock
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection
from minzheng.monitoring import codes, selectors


def warnings_todo(user, limit: int) -> InboxSection:
    today = clock.today()
    qs = selectors.pending_warnings(user)
    items = [InboxItem(f"warning:{w.pk}", f"{codes.LEVELS[w.level]}预警 · {w.person.name}",
                       reverse("warning_detail", args=[w.pk]), "；".join(w.reasons[:2]), w.region_code, w.due_on,
                       w.due_on < today, "走访核实")
             for w in qs[:limit]] if limit else []
    return InboxSection.of(qs, items, Q(due_on__lt=today))


def discoveries_todo(user, limit: int) -> InboxSection:
    qs = selectors.pending_discoveries(user)
    items = [InboxItem(f"discovery:{d.pk}", f"政策找人 · {d.household}", reverse("discovery_list"),
                       "、".join(d.programs), d.region_code, None, False, "核实并告知政策")
             for d in qs[:limit]] if limit else []
    return InboxSection.of(qs, items)


WARNINGS = InboxProvider("warnings", "监测预警待走访核实", warnings_todo, "warnings.handle", url_name="warning_list",
                         order=25)
DISCOVERIES = InboxProvider("discoveries", "政策找人待核实", discoveries_todo, "warnings.handle",
                            url_name="discovery_list", order=26)
