"""Scoped reads of 城乡社区治理 (every read through `Model.objects.visible_to(user)`: 403 for a role without
`communities.view`, 404 outside the user's region), catalogue items and task lists that apply to a community (those
of its own region and of the regions above it), and the indicators: community service floor area per 100
households and community workers per 10,000 urban residents, by child region of the chosen region."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from minzheng.communities.models import (
    CatalogueItem,
    Election,
    FundEntry,
    Meeting,
    Member,
    Station,
    TaskItem,
    Ticket,
)
from minzheng.core import clock, regioncodes, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.core.models import Region
from minzheng.registry.models import Membership

VIEW = "communities.view"
RESIDENTS_COMMITTEE_MAX = "200"  # 统计用区划代码 村级 001–199 = 居委会 (社区), 200–399 = 村委会


def require(user, perm: str = VIEW, message: str = "您的角色无权查看城乡社区治理信息") -> None:
    if not roles.has_perm(user, perm):
        raise Forbidden(message)


def _scoped(model, user) -> QuerySet:
    require(user)
    return model.objects.visible_to(user)


def _one(qs, pk):
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def _above(code: str) -> list[str]:
    out, node = [], regioncodes.parent_code(code)
    while node:
        out.append(node)
        node = regioncodes.parent_code(node)
    return out


def members_for(user) -> QuerySet:
    return _scoped(Member, user)


def get_member(user, pk) -> Member:
    return _one(members_for(user), pk)


def elections_for(user) -> QuerySet:
    return _scoped(Election, user)


def get_election(user, pk) -> Election:
    return _one(elections_for(user), pk)


def meetings_for(user) -> QuerySet:
    return _scoped(Meeting, user)


def tasks_for(user) -> QuerySet:
    """Task lists of the user's region and below, and those of the regions above (they apply here too)."""
    require(user)
    return TaskItem.objects.visible_to(user) | TaskItem.objects.filter(region_code__in=_above(user.region_id))


def stations_for(user) -> QuerySet:
    return _scoped(Station, user)


def catalogue_for(user) -> QuerySet:
    require(user)
    return CatalogueItem.objects.visible_to(user) | CatalogueItem.objects.filter(
        region_code__in=_above(user.region_id))


def catalogue_item_for(user, region_code: str, pk) -> CatalogueItem | None:
    """An item that applies at `region_code` (its own or a region above)."""
    return catalogue_for(user).filter(pk=pk, region_code__in=[region_code, *_above(region_code)]).first()


def tickets_for(user) -> QuerySet:
    return _scoped(Ticket, user).select_related("item")


def get_ticket(user, pk) -> Ticket:
    return _one(tickets_for(user), pk)


def funds_for(user) -> QuerySet:
    return _scoped(FundEntry, user)


def election_for(user, pk) -> Election | None:
    return elections_for(user).filter(pk=pk).first()


def region_name(code: str) -> str:
    return Region.objects.filter(code=code).values_list("name", flat=True).first() or code


# ---- indicators -----------------------------------------------------------------------------------------------------


def _ratio(part, whole, per: int) -> str:
    if not whole:
        return "—"
    return str((Decimal(part) * per / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _grouped(qs, field: str, width: int, **aggregates) -> dict[str, dict]:
    return {r["prefix"]: r for r in qs.annotate(prefix=Substr(field, 1, width)).values("prefix")
            .annotate(**aggregates).order_by("prefix")}


def indicators(user, region_code: str = "", today: dt.date | None = None) -> dict:
    """By child region of `region_code` (default: the user's region) and in total:
    - 社区综合服务设施每百户建筑面积 = open stations' floor area × 100 / households (registry households with at
      least one current member);
    - 每万城镇常住人口社区工作者 = current members of 居委会 (社区) × 10,000 / current members of urban households.
    A fixed number of grouped queries whatever the number of regions."""
    require(user)
    if not roles.has_perm(user, "people.view"):
        raise Forbidden("您的角色无权查看人口统计")
    today = today or clock.today()
    root = regioncodes.normalize(region_code) if region_code else user.region_id
    if not regioncodes.in_subtree(root, user.region_id):
        raise NotFound()
    level = regioncodes.level_of(root)
    depth = regioncodes.LEVELS.index(level)
    width = regioncodes.LEVEL_LENGTH[regioncodes.LEVELS[min(depth + 1, len(regioncodes.LEVELS) - 1)]]
    inside = regioncodes.subtree_lookup("region_code", root)
    people = (Membership.objects.visible_to(user).filter(left_on__isnull=True)
              .filter(**regioncodes.subtree_lookup("household__region_id", root)))
    homes = _grouped(people, "household__region_id", width, households=Count("household_id", distinct=True),
                     urban=Count("pk", filter=Q(household__urban_rural="urban")))
    area = _grouped(Station.objects.visible_to(user).filter(**inside).filter(opened_on__lte=today)
                    .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today)), "region_code", width,
                    area=Sum("floor_area"))
    workers = _grouped(Member.objects.visible_to(user).filter(**inside).filter(from_on__lte=today)
                       .filter(Q(to_on__isnull=True) | Q(to_on__gt=today))
                       .annotate(tail=Substr("region_code", 10, 3)).filter(tail__lt=RESIDENTS_COMMITTEE_MAX),
                       "region_code", width, n=Count("pk"))
    children = list(Region.objects.filter(parent_id=root).order_by("code").values_list("code", "name"))
    if level == "village":
        children = [(root, region_name(root))]

    def row(code: str, name: str, prefix: str | None) -> dict:
        def pick(table, key):
            if prefix is None:
                return sum((r.get(key) or 0) for r in table.values())
            return (table.get(prefix) or {}).get(key) or 0

        households, urban = pick(homes, "households"), pick(homes, "urban")
        floor, n = Decimal(pick(area, "area")), pick(workers, "n")
        return {"code": code, "name": name, "households": households, "floor_area": f"{floor:.2f}",
                "area_per_100_households": _ratio(floor, households, 100), "urban_residents": urban,
                "community_workers": n, "workers_per_10000_urban": _ratio(n, urban, 10000)}

    rows = [row(code, name, code[:width]) for code, name in children]
    return {"root": root, "rows": rows, "total": row(root, f"{region_name(root)}合计", None)}
