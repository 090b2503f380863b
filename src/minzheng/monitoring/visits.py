"""Routine visits (走访): plans as data (a group, every N months, per region from a date: the most specific region's
plan in force wins, as for rules) and the due list — who in the user's region should be visited, when, and who is
overdue. Groups: 特困人员; 独居高龄 (≥ 80) in 低保 households; 孤儿 (entitlement in force); households with an open red
warning. Example plans (Zhoushan R-SA-17): monthly for 特困 and 独居高龄 in 低保 households, quarterly for orphans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from minzheng.benefits import selectors as benefits_selectors
from minzheng.benefits import workflow
from minzheng.benefits.models import Entitlement
from minzheng.core import clock
from minzheng.core.months import months_after
from minzheng.monitoring import codes, selectors
from minzheng.monitoring.models import MonitoredPerson, VisitPlan, Warning

DEMO_PLANS = [("tekun", 1), ("elderly_alone_dibao", 1), ("orphan", 3), ("red_warning", 1)]
DEMO_SOURCE = ("示例值：舟山市 R-SA-17（特困人员、低保家庭中独居高龄老人每月走访，孤儿每季度走访）；"
               "红色预警家庭每月走访（本系统示例）")


@dataclass(frozen=True)
class Due:
    person_id: int
    name: str
    group: str
    region_code: str
    last_visit: dt.date | None
    due_on: dt.date
    overdue: bool

    @property
    def group_label(self) -> str:
        return codes.VISIT_GROUPS[self.group]


def plans_in_force(villages, day: dt.date) -> dict[str, dict[str, int]]:
    """{village: {group: every_months}}."""
    rows = list(VisitPlan.objects.filter(effective_from__lte=day).order_by("effective_from", "id")
                .values_list("region_code", "group", "every_months"))
    by_region: dict[str, dict[str, int]] = {}
    for region, group, every in rows:
        by_region.setdefault(region, {})[group] = every
    out = {}
    for v in villages:
        found: dict[str, int] = {}
        for region in reversed(benefits_selectors.region_chain(v)):
            found.update(by_region.get(region, {}))
        out[v] = found
    return out


def _age(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def members(user, region_code: str = "") -> list[tuple[int, str, str, str]]:
    """(person, name, group, village) of every group in the user's region."""
    today = clock.today()
    # Plain tuples: a county's monitored tens of thousands feed the home tile's overdue count (no model instances).
    reg = (MonitoredPerson.objects.visible_to(user).within(region_code, "region_code")
           .filter(exited_on__isnull=True, layer__in=("tekun", "dibao"))
           .values_list("person_id", "person__name", "layer", "tags", "person__birth_date", "region_code"))
    out = []
    for person_id, name, layer, tags, born, village in reg:
        if layer == "tekun":
            out.append((person_id, name, "tekun", village))
        elif "elderly_alone" in (tags or []) and _age(born, today) >= 80:
            out.append((person_id, name, "elderly_alone_dibao", village))
    month = workflow.first_of_month(today)
    orphans = (Entitlement.objects.visible_to(user).within(region_code, "region_code")
               .filter(program="orphan").exclude(status="stopped").filter(start_month__lte=month)
               .filter(Q(end_month__isnull=True) | Q(end_month__gte=month))
               .values_list("person_id", "person__name", "region_code"))
    out += [(p, n, "orphan", r) for p, n, r in orphans if p]
    red = (Warning.objects.visible_to(user).within(region_code, "region_code").filter(status="open", level="red")
           .values_list("person_id", "person__name", "region_code"))
    out += [(p, n, "red_warning", r) for p, n, r in red]
    return out


def due_list(user, region_code: str = "") -> list[Due]:
    """Everyone a plan covers in the user's region with the date of the next visit, overdue first."""
    selectors.require_view(user)
    today = clock.today()
    people = members(user, region_code)
    plans = plans_in_force({v for *_, v in people}, today)
    last = selectors.last_visits(user, {p for p, *_ in people})
    out, seen = [], set()
    for pid, name, group, village in people:
        every = plans.get(village, {}).get(group)
        if every is None or (pid, group) in seen:
            continue
        seen.add((pid, group))
        previous = last.get(pid)
        due = months_after(previous, every) if previous else today
        out.append(Due(pid, name, group, village, previous, due, due < today or previous is None))
    out.sort(key=lambda d: (not d.overdue, d.due_on, d.region_code, d.person_id))
    return out


def overdue_count(user) -> int:
    return sum(1 for d in due_list(user) if d.overdue)
