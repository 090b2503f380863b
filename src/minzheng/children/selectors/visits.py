"""Reads of visits: plans in force by village (the most specific region's plan of each category, tier and kind wins;
the latest effective one), visit records, and the due list — every current child a plan covers, with the date of
the next visit, overdue first — for a region or one 儿童主任, and the inbox's counts of it. Set-based: a few queries
for any number of children."""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from django.db.models import Max, Q, QuerySet

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
    the first `first` of them with their names. A county has some 20,000 due: each is counted by comparing its last
    visit with the plan's bound (policy.latest_base), and a date is computed only for the few that may be shown."""
    qs = _current(user, "", director_id)
    today = clock.today()
    due_by = today + dt.timedelta(days=within_days)
    # One row a child with its latest home visit and latest visit of any kind (the two a plan counts, policy.counts).
    children = list(qs.annotate(home=Max("visits__visited_on", filter=Q(visits__kind="home")),
                                latest=Max("visits__visited_on"))
                    .values_list("pk", "category", "tier", "region_code", "registered_on", "home", "latest"))
    found = _due_by_plan(children, plans_in_force({row[3] for row in children}, today), due_by)
    count = overdue = 0
    yesterday = today - dt.timedelta(days=1)
    for plan, (_needs_home, _bound, rows) in found.items():
        rows.sort()
        count += len(rows)
        overdue += bisect.bisect_right(rows, policy.latest_base(plan, yesterday), key=itemgetter(0))
    shown = heapq.nsmallest(first, (hit for plan, (*_, rows) in found.items() for hit in _first_due(plan, rows, first)))
    columns = {pk: rest for pk, *rest in Child.objects.filter(pk__in=[hit[2] for hit in shown]).values_list(
        "pk", "person_id", "category", "tier", "region_code", "director_id", *_NAMES)}
    named = []
    for due_on, _region_code, pk, kind, plan, previous in shown:
        person_id, category, tier, region_code, director_id, name, director = columns[pk]
        named.append(Due(pk, person_id, name, category, tier, region_code, director_id, director or "", _label(plan),
                         kind, previous, due_on, due_on < today))
    return count, overdue, named


def _due_by_plan(children: list[tuple], plans: dict[str, list[policy.Plan]], due_by: dt.date
                 ) -> dict[policy.Plan, tuple[bool, dt.date, list]]:
    """{plan: (whether only home visits count, its bound, [(base, village, child, last visit)] due by `due_by`)}."""
    # Each (village, category, tier) keeps its plans' entries: a plan shared by many villages has one list.
    rules: dict[tuple[str, str, str], list[tuple[bool, dt.date, list]]] = {}
    found: dict[policy.Plan, tuple[bool, dt.date, list]] = {}
    for pk, category, tier, region_code, registered_on, home, latest in children:
        key = (region_code, category, tier)
        if (rule := rules.get(key)) is None:
            rule = rules[key] = []
            for plan in policy.choose(plans.get(region_code, []), category, tier):
                if plan not in found:
                    found[plan] = (plan.kind == "home", policy.latest_base(plan, due_by), [])
                rule.append(found[plan])
        for needs_home, bound, rows in rule:
            previous = home if needs_home else latest
            base = previous or registered_on
            if base <= bound:
                rows.append((base, region_code, pk, previous))
    return found


def _first_due(plan: policy.Plan, rows: list[tuple], first: int) -> Iterator[tuple]:
    """The rows of one plan (sorted by last visit) that may be among the `first` shown, in due_list's order (due
    date, village, child, kind): each row's date is no earlier than the one before, so past the `first`-th date no
    later row can come before it."""
    cutoff = None
    for n, (base, region_code, pk, previous) in enumerate(rows):
        due_on = policy.next_due(plan, base, None)
        if cutoff is not None and due_on > cutoff:
            return
        if n + 1 == first:
            cutoff = due_on
        yield due_on, region_code, pk, plan.kind, plan, previous


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


def _due(rows: list[tuple], visits: QuerySet[Visit], today: dt.date | None = None) -> list[Due]:
    today = today or clock.today()
    return [_make(hit, today) for hit in sorted(_plan_rows(rows, visits, today))]


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


def _plan_rows(rows: list[tuple], visits: QuerySet[Visit], today: dt.date) -> Iterator[_Hit]:
    """Each plan of each child as a _Hit, made into a Due row only where it is shown."""
    # One query for the children's last visits by kind, one for the plans; the plans that apply are chosen once per
    # (village, category, tier), not once per child.
    if not rows:
        return
    last: dict[int, dict[str, dt.date]] = {}
    for child_id, kind, day in (visits.values("child_id", "kind").annotate(last=Max("visited_on"))
                                .values_list("child_id", "kind", "last")):
        last.setdefault(child_id, {})[kind] = day
    plans = plans_in_force({row[4] for row in rows}, today)
    chosen: dict[tuple[str, str, str], list[policy.Plan]] = {}
    n = 0
    for row in rows:
        pk, _person_id, category, tier, region_code, _director_id, registered_on, _name, _director = row
        key = (region_code, category, tier)
        if key not in chosen:
            chosen[key] = policy.choose(plans.get(region_code, []), category, tier)
        for plan in chosen[key]:
            days = [d for kind, d in last.get(pk, {}).items() if policy.counts(plan, kind)]
            previous = max(days) if days else None
            due = policy.next_due(plan, registered_on, previous)
            n += 1
            yield _Hit(due >= today, due, region_code, pk, n, row, plan, previous)


def _make(hit: _Hit, today: dt.date) -> Due:
    pk, person_id, category, tier, region_code, director_id, _registered_on, name, director = hit.row
    return Due(pk, person_id, name, category, tier, region_code, director_id, director or "", _label(hit.plan),
               hit.plan.kind, hit.previous, hit.due_on, hit.due_on < today)


def overdue_count(user) -> int:
    return sum(1 for d in due_list(user) if d.overdue)
