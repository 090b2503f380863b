"""Reads of visits: plans in force by village (the most specific region's plan of each category, tier and kind wins;
the latest effective one), visit records, and the due list — every current child a plan covers, with the date of
the next visit, overdue first — for a region or one 儿童主任. Set-based: three queries for any number of children."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import NamedTuple

from django.db.models import Max, QuerySet

from minzheng.children import codes
from minzheng.children.models import Child, Visit, VisitPlan
from minzheng.children.policy import visits as policy
from minzheng.children.selectors.register import children_for, one, region_chain, require_view
from minzheng.core import clock


@dataclass(frozen=True)
class Due:
    child_id: int
    person_id: int
    name: str
    category: str
    tier: str
    region_code: str
    director_id: int | None
    director: str
    plan: str  # "每3月入户走访"
    kind: str
    last_visit: dt.date | None
    due_on: dt.date
    overdue: bool

    @property
    def pk(self) -> int:
        return self.child_id

    record_text = "登记走访"


def plans_for(user) -> QuerySet[VisitPlan]:
    """Plans are reference data: every staff role reads them."""
    require_view(user)
    return VisitPlan.objects.all()


def plans_in_force(villages, day: dt.date) -> dict[str, list[policy.Plan]]:
    """{village: [Plan]}: for each (category, tier, kind), the plan of the most specific region in force on `day`."""
    rows = list(VisitPlan.objects.filter(effective_from__lte=day).order_by("effective_from", "id")
                .values_list("region_code", "category", "tier", "kind", "every", "unit"))
    by_region: dict[str, dict[tuple, policy.Plan]] = {}
    for region, category, tier, kind, every, unit in rows:  # later effective_from overwrites earlier
        by_region.setdefault(region, {})[(category, tier, kind)] = policy.Plan(category, tier, kind, every, unit)
    out = {}
    for village in villages:
        found: dict[tuple, policy.Plan] = {}
        for region in reversed(region_chain(village)):
            found.update(by_region.get(region, {}))
        out[village] = list(found.values())
    return out


def visits_for(user) -> QuerySet[Visit]:
    require_view(user)
    return Visit.objects.visible_to(user).select_related("child__person")


def get_visit(user, pk) -> Visit:
    return one(visits_for(user), pk)


def _label(plan: policy.Plan) -> str:
    return f"每{plan.every}{codes.PLAN_UNITS[plan.unit]}{codes.PLAN_KINDS[plan.kind][:4]}"


# The columns a due row needs, read as plain tuples: a county's tens of thousands of children cost no model instances
# (the inbox reads the due list on every visit). The names come last; the inbox reads them for the rows it shows only.
_COLUMNS = ("pk", "person_id", "category", "tier", "region_code", "director_id", "registered_on")
_NAMES = ("person__name", "director__name")


def due_rows(children: list[Child], today: dt.date | None = None) -> list[Due]:
    """The due visits of the given children (already read through a scoped selector)."""
    children = [c for c in children if c.exited_on is None]
    rows = [(c.pk, c.person_id, c.category, c.tier, c.region_code, c.director_id, c.registered_on, c.person.name,
             c.director.name if c.director_id else "") for c in children]
    return _due(rows, Visit.objects.filter(child_id__in=[c.pk for c in children]), today)


def due_list(user, region_code: str = "", director_id: int | None = None, within_days: int | None = None
             ) -> list[Due]:
    """Every current child a plan covers in the user's region (narrowed to a region or one 儿童主任), overdue first;
    `within_days`: only visits due by then. Three queries for any number of children."""
    qs = _current(user, region_code, director_id)
    return _within(_due(list(qs.values_list(*_COLUMNS, *_NAMES)), _visits_of(qs)), within_days)


def due_first(user, director_id: int | None, within_days: int, first: int) -> tuple[int, int, list[Due]]:
    """The inbox's view of due_list: how many visits are due within `within_days`, how many of them are overdue, and
    the first `first` of them with their names (the names of the rest are not read, nor are Due rows made for them:
    a county has some 20,000 due)."""
    qs = _current(user, "", director_id)
    today = clock.today()
    due_by = today + dt.timedelta(days=within_days)
    hits = [hit for hit in _plan_rows([(*row, "", "") for row in qs.values_list(*_COLUMNS)], _visits_of(qs), today,
                                      due_by) if hit.due_on <= due_by]
    shown = [_make(hit, today) for hit in heapq.nsmallest(first, hits)]
    names = {pk: (name, director) for pk, name, director
             in Child.objects.filter(pk__in=[d.child_id for d in shown]).values_list("pk", *_NAMES)}
    named = [replace(d, name=names[d.child_id][0], director=names[d.child_id][1] or "") for d in shown]
    return len(hits), sum(1 for hit in hits if not hit.upcoming), named


def _current(user, region_code: str, director_id: int | None) -> QuerySet[Child]:
    qs = children_for(user).filter(exited_on__isnull=True).within(region_code, "region_code").order_by()
    return qs.filter(director_id=director_id) if director_id is not None else qs


def _visits_of(children: QuerySet[Child]) -> QuerySet[Visit]:
    return Visit.objects.filter(child_id__in=children.values("pk"))


def _within(rows: list[Due], days: int | None) -> list[Due]:
    if days is None:
        return rows
    horizon = clock.today() + dt.timedelta(days=days)
    return [r for r in rows if r.due_on <= horizon]


def _due(rows: list[tuple], visits: QuerySet[Visit], today: dt.date | None = None,
         due_by: dt.date | None = None) -> list[Due]:
    today = today or clock.today()
    return [_make(hit, today) for hit in sorted(_plan_rows(rows, visits, today, due_by))]


class _Hit(NamedTuple):
    """One plan of one child, in the due list's order: overdue first, then nearest first; `n` (reading order) breaks
    ties, so two hits never compare beyond it. `row` is the child's columns (_COLUMNS, then _NAMES)."""

    upcoming: bool
    due_on: dt.date
    region_code: str
    child_id: int
    n: int
    row: tuple
    plan: policy.Plan
    previous: dt.date | None


def _plan_rows(rows: list[tuple], visits: QuerySet[Visit], today: dt.date, due_by: dt.date | None) -> Iterator[_Hit]:
    """Each plan of each child as a _Hit, made into a Due row only where it is shown."""
    # One query for the children's last visits by kind, one for the plans; the plans that apply are chosen once per
    # (village, category, tier), not once per child. With `due_by`, a child visited too recently to be due by then is
    # passed over before the policy's date (policy.latest_base; a county's inbox: 72,006 plan rows, 20,039 due).
    if not rows:
        return
    last: dict[int, dict[str, dt.date]] = {}
    for child_id, kind, day in (visits.values("child_id", "kind").annotate(last=Max("visited_on"))
                                .values_list("child_id", "kind", "last")):
        last.setdefault(child_id, {})[kind] = day
    plans = plans_in_force({row[4] for row in rows}, today)
    chosen: dict[tuple[str, str, str], list[policy.Plan]] = {}
    bounds: dict[policy.Plan, dt.date] = {}
    n = 0
    for row in rows:
        pk, _person_id, category, tier, region_code, _director_id, registered_on, _name, _director = row
        key = (region_code, category, tier)
        if key not in chosen:
            chosen[key] = policy.choose(plans.get(region_code, []), category, tier)
        for plan in chosen[key]:
            days = [d for kind, d in last.get(pk, {}).items() if policy.counts(plan, kind)]
            previous = max(days) if days else None
            if due_by is not None:
                if plan not in bounds:
                    bounds[plan] = policy.latest_base(plan, due_by)
                if (previous or registered_on) > bounds[plan]:
                    continue
            due = policy.next_due(plan, registered_on, previous)
            n += 1
            yield _Hit(due >= today, due, region_code, pk, n, row, plan, previous)


def _make(hit: _Hit, today: dt.date) -> Due:
    pk, person_id, category, tier, region_code, director_id, _registered_on, name, director = hit.row
    return Due(pk, person_id, name, category, tier, region_code, director_id, director or "", _label(hit.plan),
               hit.plan.kind, hit.previous, hit.due_on, hit.due_on < today)


def overdue_count(user) -> int:
    return sum(1 for d in due_list(user) if d.overdue)
