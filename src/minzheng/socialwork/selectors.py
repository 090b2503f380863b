"""Scoped reads of the social-work app: workers, employers, stations, trainings, post grades, population figures,
and the indicators by region (certified social workers per 10,000 residents, stations with the "六有")."""

from __future__ import annotations

from collections import Counter

from django.db.models import QuerySet

from minzheng.core import regioncodes, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.core.models import Region
from minzheng.socialwork import codes, policy
from minzheng.socialwork.models import Employer, Population, PostGrade, SocialWorker, Station, Training

VIEW = "socialwork.view"


def require_view(user) -> None:
    if not roles.has_perm(user, VIEW):
        raise Forbidden("您的角色无权查看社会工作信息")


def workers_for(user) -> QuerySet[SocialWorker]:
    require_view(user)
    return SocialWorker.objects.visible_to(user).select_related("employer")


def get_worker(user, pk) -> SocialWorker:
    found = workers_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def employers_for(user) -> QuerySet[Employer]:
    require_view(user)
    return Employer.objects.visible_to(user)


def get_employer(user, pk) -> Employer:
    found = employers_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def stations_for(user) -> QuerySet[Station]:
    require_view(user)
    return Station.objects.visible_to(user).select_related("employer")


def get_station(user, pk) -> Station:
    found = stations_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def trainings_of(user, worker: SocialWorker) -> QuerySet[Training]:
    require_view(user)
    return Training.objects.visible_to(user).filter(worker=worker).order_by("-trained_on", "-id")


def post_grades(region_code: str = "") -> QuerySet[PostGrade]:
    """The post-grade sequence (reference data, no one's personal data): every row, by region, date, sequence."""
    return PostGrade.objects.order_by("region_code", "-effective_from", "sequence")


def population_for(user) -> QuerySet[Population]:
    require_view(user)
    return Population.objects.visible_to(user)


def region_name(code: str) -> str:
    region = Region.objects.filter(code=code).first()
    return region.full_name() if region else code


def _population(figures: dict[str, int], code: str, children: list[str]) -> int | None:
    """The figure entered for the region itself, else the sum over its direct children when all have one."""
    if code in figures:
        return figures[code]
    values = [figures.get(c) for c in children]
    return sum(values) if values and all(v is not None for v in values) else None


def indicators(user, region_code: str, year: int) -> dict:
    """Per child region of `region_code` (default: the user's region) and in total: certified social workers in
    post by level, resident population of `year`, workers per 10,000 residents, social-work stations and those with
    all of the "六有". A fixed number of queries whatever the number of regions."""
    require_view(user)
    root = regioncodes.normalize(region_code) if region_code else user.region_id
    if not regioncodes.in_subtree(root, user.region_id):
        raise NotFound()
    children = list(Region.objects.filter(parent_id=root).order_by("code").values_list("code", "name"))
    grandchildren: dict[str, list[str]] = {}
    for code, parent in Region.objects.filter(parent_id__in=[c for c, _ in children]).values_list("code",
                                                                                                  "parent_id"):
        grandchildren.setdefault(parent, []).append(code)
    codes_wanted = [root] + [c for c, _ in children] + [g for gs in grandchildren.values() for g in gs]
    figures = dict(Population.objects.filter(region_code__in=codes_wanted, year=year)
                   .values_list("region_code", "residents"))
    lookup = regioncodes.subtree_lookup("region_code", root)
    workers = list(SocialWorker.objects.visible_to(user).filter(**lookup, status="active",
                                                                 level__in=codes.CERTIFIED)
                   .values_list("region_code", "level"))
    stations = list(Station.objects.visible_to(user).filter(**lookup).values_list(
        "region_code", *codes.SIX_HAVES))

    def row(code: str, name: str, population: int | None) -> dict:
        inside = [lv for rc, lv in workers if regioncodes.in_subtree(rc, code)]
        by_level = Counter(inside)
        own = [s for s in stations if regioncodes.in_subtree(s[0], code)]
        return {"region_code": code, "region": name, "certified": len(inside),
                "assistant": by_level["assistant"], "social_worker": by_level["social_worker"],
                "senior": by_level["senior"], "residents": population,
                "per_10k": policy.per_10k(len(inside), population), "stations": len(own),
                "stations_complete": sum(all(s[1:]) for s in own)}

    rows = [row(code, name, _population(figures, code, grandchildren.get(code, []))) for code, name in children]
    total = row(root, region_name(root), _population(figures, root, [c for c, _ in children]))
    return {"year": year, "root": root, "rows": rows, "total": total}


def worker_detail(user, pk) -> SocialWorker:
    from django.db.models import Sum

    row = get_worker(user, pk)
    total = trainings_of(user, row).aggregate(h=Sum("hours"))["h"]
    row.training_hours = f"{total or 0:.1f}"
    return row
