"""Special-care work in the 待办 of township and county staff: this year's 年度确认 not yet done."""

from __future__ import annotations

from django.urls import reverse

from minzheng.core import clock, roles
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection
from minzheng.specialcare import codes, selectors


def certification_todo(user, limit: int) -> InboxSection:
    if not roles.has_perm(user, "specialcare.manage"):
        return InboxSection(0, 0, [])
    year = clock.today().year
    qs = selectors.uncertified(user, year).order_by("region_code", "id")
    items = [InboxItem(f"specialcare_certify:{e.pk}", f"{e.person.name} · {codes.CATEGORIES[e.category]}",
                       reverse("specialcare_certify", args=[e.pk]), f"{year} 年度尚未确认", e.region_code,
                       task="年度确认")
             for e in qs[:limit]] if limit else []
    return InboxSection.of(qs, items)


CERTIFICATION = InboxProvider("specialcare_certify", "优抚对象年度确认", certification_todo, "specialcare.view",
                              url_name="specialcare_list", order=81)
