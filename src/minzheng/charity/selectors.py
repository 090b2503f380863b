"""Scoped reads of the charity app, and the referral targets for monitoring: `active_projects(user, region_code)`
lists the active charity projects accepting referrals whose service area covers a village (the project's region is
the village or one of its ancestors), for a warning's 转介 to a charity."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet, Sum

from minzheng.charity.models import (
    CharitableTrust,
    CharityOrganisation,
    Complaint,
    Disclosure,
    Donation,
    FundraisingFiling,
    Project,
)
from minzheng.core import clock, regioncodes, roles
from minzheng.core.errors import Forbidden, NotFound, ValidationFailed
from minzheng.core.models import Region

VIEW = "charity.view"


def require_view(user) -> None:
    if not roles.has_perm(user, VIEW):
        raise Forbidden("您的角色无权查看慈善信息")


def _one(qs, pk):
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def organisations_for(user) -> QuerySet[CharityOrganisation]:
    require_view(user)
    return CharityOrganisation.objects.visible_to(user)


def get_organisation(user, pk) -> CharityOrganisation:
    return _one(organisations_for(user), pk)


def projects_for(user) -> QuerySet[Project]:
    require_view(user)
    return Project.objects.visible_to(user).select_related("org")


def get_project(user, pk) -> Project:
    return _one(projects_for(user), pk)


def filings_for(user) -> QuerySet[FundraisingFiling]:
    require_view(user)
    return FundraisingFiling.objects.visible_to(user).select_related("org", "project")


def donations_for(user) -> QuerySet[Donation]:
    require_view(user)
    return Donation.objects.visible_to(user).select_related("org", "project")


def get_donation(user, pk) -> Donation:
    return _one(donations_for(user), pk)


def disclosures_for(user) -> QuerySet[Disclosure]:
    require_view(user)
    return Disclosure.objects.visible_to(user).select_related("org")


def trusts_for(user) -> QuerySet[CharitableTrust]:
    require_view(user)
    return CharitableTrust.objects.visible_to(user)


def complaints_for(user) -> QuerySet[Complaint]:
    require_view(user)
    return Complaint.objects.visible_to(user).select_related("org")


def get_complaint(user, pk) -> Complaint:
    return _one(complaints_for(user), pk)


def _covering(code: str) -> list[str]:
    out, current = [], code
    while current:
        out.append(current)
        current = regioncodes.parent_code(current)
    return out


def active_projects(user, region_code: str, on: dt.date | None = None) -> QuerySet[Project]:
    """Referral targets for a person living in `region_code` (inside the user's region): active projects of
    organisations in good standing, accepting referrals, running on `on` (default today), whose service area is
    that region or covers it. The monitoring app's referral form can offer these instead of free text."""
    require_view(user)
    try:
        code = regioncodes.normalize(region_code)
    except regioncodes.RegionCodeError as exc:
        raise ValidationFailed.one("region_code", str(exc)) from None
    if not regioncodes.in_subtree(code, user.region_id):
        raise NotFound()
    day = on or clock.today()
    return (Project.objects.filter(region_code__in=_covering(code), status="active", accepts_referrals=True,
                                   org__status="active", starts_on__lte=day)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day)).select_related("org")
            .order_by("-region_code", "name", "id"))


def organisation_totals(user, org: CharityOrganisation) -> dict:
    rows = donations_for(user).filter(org=org)
    return {"money": rows.filter(form="money").aggregate(s=Sum("amount"))["s"] or 0,
            "goods": rows.filter(form="goods").aggregate(s=Sum("goods_value"))["s"] or 0}


def region_name(code: str) -> str:
    region = Region.objects.filter(code=code).first()
    return region.full_name() if region else code
