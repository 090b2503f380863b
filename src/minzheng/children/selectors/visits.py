"""Reads of visits: plans in force by village (the most specific region's plan of each category, tier and kind wins;
the latest effective one), visit records, and the due list — every current child a plan covers, with the date of
the next visit, overdue first — for a region or one 儿童主任. Set-based: three queries for any number of children."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


def due_rows(children: list[Child], today: dt.date | None = None) -> list[Due]:
    """The due visits of the given children (already read through a scoped selector): one query for their last
    visits by kind, one for the plans."""
    today = today or clock.today()
    children = [c for c in children if c.exited_on is None]
    if not children:
        return []
    last: dict[int, dict[str, dt.date]] = {}
    for child_id, kind, day in (Visit.objects.filter(child_id__in=[c.pk for c in children]).values("child_id", "kind")
                                .annotate(last=Max("visited_on")).values_list("child_id", "kind", "last")):
        last.setdefault(child_id, {})[kind] = day
    plans = plans_in_force({c.region_code for c in children}, today)
    out = []
    for c in children:
        for plan in policy.choose(plans.get(c.region_code, []), c.category, c.tier):
            days = [d for kind, d in last.get(c.pk, {}).items() if policy.counts(plan, kind)]
            previous = max(days) if days else None
            due = policy.next_due(plan, c.registered_on, previous)
            out.append(Due(c.pk, c.person_id, c.person.name, c.category, c.tier, c.region_code, c.director_id,
                           c.director.name if c.director_id else "", _label(plan), plan.kind, previous, due,
                           due < today))
    out.sort(key=lambda d: (not d.overdue, d.due_on, d.region_code, d.child_id))
    return out


def due_list(user, region_code: str = "", director_id: int | None = None, within_days: int | None = None
             ) -> list[Due]:
    """Every current child a plan covers in the user's region (narrowed to a region or one 儿童主任), overdue first;
    `within_days`: only visits due by then (the inbox)."""
    qs = children_for(user).filter(exited_on__isnull=True).within(region_code, "region_code")
    if director_id is not None:
        qs = qs.filter(director_id=director_id)
    rows = _due_set(list(qs))
    if within_days is not None:
        horizon = clock.today() + dt.timedelta(days=within_days)
        rows = [r for r in rows if r.due_on <= horizon]
    return rows


def _due_set(children: list[Child]) -> list[Due]:
    # The last-visit query takes the ids in chunks (SQLite's bound-parameter limit on large counties).
    out: list[Due] = []
    for start in range(0, len(children), 2000):
        out += due_rows(children[start:start + 2000])
    out.sort(key=lambda d: (not d.overdue, d.due_on, d.region_code, d.child_id))
    return out


def overdue_count(user) -> int:
    return sum(1 for d in due_list(user) if d.overdue)
