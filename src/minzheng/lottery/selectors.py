"""Scoped reads of the welfare-lottery fund: receipts, projects, the minimum elderly share in force, the year's
figures (received, spent, elderly share, the rule) and the disclosure table by program area."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from minzheng.core import regioncodes, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.lottery import codes, policy
from minzheng.lottery.models import FundReceipt, Project, ShareRule

VIEW = "lottery.view"


def require(user, permission: str = VIEW, message: str = "您的角色无权查看福彩公益金") -> None:
    if not roles.has_perm(user, permission):
        raise Forbidden(message)


def receipts_for(user) -> QuerySet[FundReceipt]:
    require(user)
    return FundReceipt.objects.visible_to(user)


def projects_for(user) -> QuerySet[Project]:
    require(user)
    return Project.objects.visible_to(user)


def get_project(user, pk: int, action: str = "view") -> Project:
    found = Project.objects.visible_to(user, action).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def min_share(region_code: str, year: int) -> tuple[Decimal, str]:
    """The minimum in force on 31 December of the year for the region (the most specific row), else national."""
    chain, code = [], region_code
    while code:
        chain.append(code)
        code = regioncodes.parent_code(code)
    rows = list(ShareRule.objects.filter(region_code__in=chain, effective_from__lte=dt.date(year, 12, 31))
                .values_list("region_code", "effective_from", "min_share", "source"))
    if not rows:
        return policy.NATIONAL_MIN_SHARE, policy.R_SHARE
    best = max(rows, key=lambda r: (-chain.index(r[0]), r[1]))
    return best[2], best[3]


def fund(user, year: int, region_code: str = "") -> dict:
    """The year's fund in the user's region (or a region below it): received, spent on projects, the elderly-care
    share and whether the minimum is met."""
    require(user)
    code = region_code or user.region_id
    receipts = receipts_for(user).within(code, "region_code").filter(year=year)
    projects = projects_for(user).within(code, "region_code").filter(year=year)
    received = receipts.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    spent = projects.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    elderly = projects.filter(area=codes.ELDERLY).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    floor, rule = min_share(regioncodes.normalize(code), year)
    fy = policy.FundYear(received, spent, elderly, floor)
    share = fy.elderly_share
    return {"year": year, "region_code": regioncodes.normalize(code), "received": received, "spent": spent,
            "elderly_spent": elderly, "elderly_share": f"{share}" if share is not None else None,
            "min_share": f"{floor:.4f}", "rule_met": fy.rule_met, "rule": rule}


def disclosure(user, year: int) -> list[dict]:
    """公开公示表: by program area, the projects, the amount and how many were accepted."""
    require(user)
    rows = (projects_for(user).filter(year=year).values("area")
            .annotate(projects=Count("pk"), amount=Sum("amount"),
                      accepted=Count("pk", filter=Q(progress="accepted"))).order_by("area"))
    return [{"area": codes.AREAS.get(r["area"], r["area"]), **{k: r[k] for k in ("projects", "amount", "accepted")}}
            for r in rows]

