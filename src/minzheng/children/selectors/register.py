"""Reads of the child register: children (scoped by village), one child's page, guardians, category history, the
benefits each child receives (the kernel's entitlements in force), workers, tiers in force and the home figures."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from minzheng.benefits import programs, workflow
from minzheng.benefits.models import Entitlement
from minzheng.children import codes
from minzheng.children.models import CategoryChange, Child, Guardian, Tier, Worker
from minzheng.core import clock, regioncodes, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.registry.models import Membership, Person

VIEW = "people.view"


def require_view(user) -> None:
    if not roles.has_perm(user, VIEW):
        raise Forbidden("您的角色无权查看儿童信息")


def one(qs, pk):
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def region_chain(code: str) -> list[str]:
    """The region and its ancestors, most specific first."""
    chain, current = [], code
    while current is not None:
        chain.append(current)
        current = regioncodes.parent_code(current)
    return chain


# ---- children -------------------------------------------------------------------------------------------------------


def children_for(user) -> QuerySet[Child]:
    require_view(user)
    return Child.objects.visible_to(user).select_related("person", "director", "supervisor")


def get_child(user, pk) -> Child:
    return one(children_for(user), pk)


def child_of_person(person_id: int) -> Child | None:
    """The register row of a person (current or not). Unscoped: for services."""
    return Child.objects.filter(person_id=person_id).first()


def guardians_of(user, child: Child) -> QuerySet[Guardian]:
    require_view(user)
    return Guardian.objects.visible_to(user).filter(child=child, ended_on__isnull=True)


def changes_of(user, child: Child) -> QuerySet[CategoryChange]:
    require_view(user)
    return CategoryChange.objects.visible_to(user).filter(child=child).order_by("-changed_on", "-id")


def benefits_of(person_ids: list[int], today: dt.date | None = None) -> dict[int, list[str]]:
    """{person id: [program names]} the child receives now: entitlements of their own (孤儿基本生活费 …) and of the
    household they live in (低保 …), read from the benefits kernel. Two queries whatever the number of children."""
    if not person_ids:
        return {}
    month = workflow.first_of_month(today or clock.today())
    households: dict[int, list[int]] = {}
    for pid, hid in Membership.objects.filter(person_id__in=person_ids, left_on__isnull=True).values_list(
            "person_id", "household_id"):
        households.setdefault(hid, []).append(pid)
    rows = (Entitlement.objects.filter(Q(person_id__in=person_ids) | Q(household_id__in=list(households),
                                                                         person__isnull=True))
            .exclude(status="stopped").filter(start_month__lte=month)
            .filter(Q(end_month__isnull=True) | Q(end_month__gte=month)))
    names = programs.names()
    out: dict[int, list[str]] = {pid: [] for pid in person_ids}
    for program, pid, hid in rows.values_list("program", "person_id", "household_id").order_by("program"):
        for who in ([pid] if pid is not None else households.get(hid, [])):
            if who in out and names.get(program, program) not in out[who]:
                out[who].append(names.get(program, program))
    return out


def child_page(user, pk) -> dict:
    """A child's page: the register row, age, guardians, benefits, visit history, category history, the visits due
    and the minors-protection cases the user may see."""
    from minzheng.children.selectors import minors, visits

    child = get_child(user, pk)
    today = clock.today()
    return {"child": child, "age": child.person.age_on(today),
            "tier_name": tier_names().get((child.category, child.tier), child.tier),
            "guardians": list(guardians_of(user, child)),
            "benefits": benefits_of([child.person_id], today).get(child.person_id, []),
            "visits": list(visits.visits_for(user).filter(child=child)[:50]),
            "changes": list(changes_of(user, child)),
            "due": list(visits.due_rows([child], today)),
            "cases": list(minors.cases_of_person(user, child.person_id)) if roles.has_perm(user, minors.VIEW)
            else []}


def person_for_register(user, person_id) -> Person:
    from minzheng.registry.selectors import get_person

    return get_person(user, person_id)


# ---- tiers and workers ----------------------------------------------------------------------------------------------


def tiers_for(user) -> QuerySet[Tier]:
    """Tiers are reference data (no one's personal data): every staff role reads them."""
    require_view(user)
    return Tier.objects.all()


def tier_names() -> dict[tuple[str, str], str]:
    """{(category, tier code): name} over every region (names are the same wherever a code is used)."""
    return {(c, code): name for c, code, name in Tier.objects.values_list("category", "code", "name")}


def tiers_in_force(region_code: str, day: dt.date) -> dict[str, dict[str, str]]:
    """{category: {tier code: name}} in force for a village: per category, the tiers of the most specific region that
    has any, its latest effective set."""
    chain = region_chain(region_code)
    rows = list(Tier.objects.filter(region_code__in=chain, effective_from__lte=day)
                .values_list("category", "code", "name", "region_code", "effective_from", "rank")
                .order_by("rank", "code"))
    out: dict[str, dict[str, str]] = {}
    for category in codes.CATEGORIES:
        mine = [r for r in rows if r[0] == category]
        for region in chain:
            here = [r for r in mine if r[3] == region]
            if here:
                latest = max(r[4] for r in here)
                out[category] = {r[1]: r[2] for r in here if r[4] == latest}
                break
    return out


def workers_for(user) -> QuerySet[Worker]:
    require_view(user)
    return Worker.objects.visible_to(user).select_related("user")


def get_worker(user, pk) -> Worker:
    return one(workers_for(user), pk)


def default_workers(region_code: str) -> tuple[Worker | None, Worker | None]:
    """The village's 儿童主任 and its township's 儿童督导员 in post (the first registered when several)."""
    township = regioncodes.parent_code(region_code) or region_code
    active = Worker.objects.filter(active=True).order_by("id")
    return (active.filter(kind="director", region_code=region_code).first(),
            active.filter(kind="supervisor", region_code=township).first())


def worker_choices(user, kind: str) -> list[tuple[int, str]]:
    return [(w.pk, f"{w.name}（{region_label(w.region_code)}）")
            for w in workers_for(user).filter(kind=kind, active=True).order_by("region_code", "name")]


def my_worker(user) -> Worker | None:
    """The 儿童主任/儿童督导员 record of the signed-in user, if any."""
    return Worker.objects.filter(user_id=user.pk, active=True).first()


def region_label(code: str) -> str:
    from minzheng.core.models import Region

    found = Region.objects.filter(pk=code).values_list("name", flat=True).first()
    return found or code


# ---- figures --------------------------------------------------------------------------------------------------------


def register_figures(user) -> dict:
    """The home tile: current children by category and the visits overdue in the user's region."""
    from minzheng.children.selectors import visits

    qs = children_for(user).filter(exited_on__isnull=True)
    by = dict(qs.values("category").annotate(n=Count("id")).values_list("category", "n"))
    rows = visits.due_list(user)
    return {"total": sum(by.values()),
            "categories": [(codes.CATEGORIES[c], by.get(c, 0)) for c in codes.CATEGORIES],
            "due": len(rows), "overdue": sum(1 for r in rows if r.overdue)}
