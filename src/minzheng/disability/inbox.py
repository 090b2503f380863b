"""Two-subsidy work in the 待办 of villages, townships and the county: eligible people not yet paid (应保未保, from
the coverage check: apply for them) and subsidies held because the 残联 certificate expired (decide: stop or
renewed)."""

from __future__ import annotations

from django.urls import reverse

from minzheng.core import roles
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection
from minzheng.disability import codes, selectors


def gaps_todo(user, limit: int) -> InboxSection:
    if not roles.has_perm(user, "people.change"):
        return InboxSection(0, 0, [])
    qs = selectors.gaps_for(user).filter(status="open").order_by("found_month", "region_code", "id")
    items = [InboxItem(f"disability_gap:{g.pk}", f"{g.person.name} · {codes.PROGRAMS[g.program]}",
                       reverse("disability_gap", args=[g.pk]), f"应保未保：{g.reason}", g.region_code,
                       None, False, "纳入申请")
             for g in qs[:limit]] if limit else []
    return InboxSection.of(qs, items)


def holds_todo(user, limit: int) -> InboxSection:
    if user.role not in (roles.TOWNSHIP, roles.COUNTY) or not roles.has_perm(user, "people.change"):
        return InboxSection(0, 0, [])
    qs = selectors.holds_for(user).filter(released_on__isnull=True)
    items = [InboxItem(f"disability_hold:{h.pk}", f"{h.entitlement.person.name} · "
                       f"{codes.PROGRAMS.get(h.entitlement.program, '')}", reverse("disability_hold", args=[h.pk]),
                       f"{h.reason}；自 {h.from_month:%Y-%m} 起暂停支付", h.region_code, h.placed_on, True,
                       "核实换证")
             for h in qs[:limit]] if limit else []
    return InboxSection.all_overdue(qs, items)


GAPS = InboxProvider("disability_gaps", "两项补贴应保未保", gaps_todo, "people.change",
                     url_name="disability_gap_list", order=66)
HOLDS = InboxProvider("disability_holds", "残疾人证过期暂停发放", holds_todo, "people.change",
                      url_name="disability_hold_list", order=67)
