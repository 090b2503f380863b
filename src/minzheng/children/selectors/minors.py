"""Reads of minors protection. Cases, their steps, referrals, officers and stays are read through
`visible_to`, which for these models also drops restricted cases the user is not named on (models.minors): a
restricted case is a 404 to everyone else, and absent from every list, count and inbox."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from minzheng.children.models import CaseOfficer, CaseStep, ProtectionCase, Referral, Stay, TimeLimit
from minzheng.children.selectors.register import one, region_chain
from minzheng.core import clock, roles
from minzheng.core.errors import Forbidden

VIEW, HANDLE, REPORT = "minors.view", "minors.handle", "minors.report"


def require_view(user) -> None:
    if not roles.has_perm(user, VIEW):
        raise Forbidden("您的角色无权查看未成年人保护个案")


def cases_for(user) -> QuerySet[ProtectionCase]:
    require_view(user)
    return ProtectionCase.objects.visible_to(user).select_related("person", "received_by")


def get_case(user, pk) -> ProtectionCase:
    return one(cases_for(user), pk)


def cases_of_person(user, person_id: int) -> QuerySet[ProtectionCase]:
    return cases_for(user).filter(person_id=person_id)


def open_cases(user) -> QuerySet[ProtectionCase]:
    """Cases awaiting a step, nearest deadline first."""
    return cases_for(user).exclude(state="closed").filter(due_at__isnull=False).order_by("due_at", "id")


def overdue_cases(user, now: dt.datetime | None = None) -> QuerySet[ProtectionCase]:
    return open_cases(user).filter(due_at__lt=now or clock.now())


def steps_of(user, case: ProtectionCase) -> QuerySet[CaseStep]:
    require_view(user)
    return CaseStep.objects.visible_to(user).filter(case=case).select_related("by").order_by("at", "id")


def steps_by_case(case_ids: list[int]) -> dict[int, list[CaseStep]]:
    """{case id: its steps in order} for cases already read through `cases_for` (or just written). One query."""
    out: dict[int, list[CaseStep]] = {}
    for step in CaseStep.objects.filter(case_id__in=case_ids).order_by("case_id", "at", "id"):
        out.setdefault(step.case_id, []).append(step)
    return out


def referrals_for(user) -> QuerySet[Referral]:
    require_view(user)
    return Referral.objects.visible_to(user).select_related("case")


def referrals_of(user, case: ProtectionCase) -> QuerySet[Referral]:
    return referrals_for(user).filter(case=case)


def officers_of(user, case: ProtectionCase) -> QuerySet[CaseOfficer]:
    require_view(user)
    return CaseOfficer.objects.visible_to(user).filter(case=case).select_related("user")


def stays_for(user) -> QuerySet[Stay]:
    require_view(user)
    return Stay.objects.visible_to(user).select_related("case")


def stays_of(user, case: ProtectionCase) -> QuerySet[Stay]:
    return stays_for(user).filter(case=case)


def get_stay(user, pk) -> Stay:
    return one(stays_for(user), pk)


def limits_for(user) -> QuerySet[TimeLimit]:
    """Time limits are reference data: every role that reads cases reads them."""
    require_view(user)
    return TimeLimit.objects.all()


def limits_in_force(region_code: str, day: dt.date) -> dict[tuple[str, str], int]:
    """{(step, urgency): hours} for a region: per step and urgency, the most specific region's latest row."""
    chain = region_chain(region_code)
    rows = list(TimeLimit.objects.filter(region_code__in=chain, effective_from__lte=day)
                .order_by("effective_from", "id").values_list("region_code", "step", "urgency", "hours"))
    out: dict[tuple[str, str], int] = {}
    for region in reversed(chain):  # the county's rows replace the province's …
        for r, step, urgency, hours in rows:
            if r == region:
                out[(step, urgency)] = hours
    return out


def staff_choices(user, region_code: str) -> list[tuple[int, str]]:
    """Officers who may be named on a case of `region_code`: active staff handling minors cases whose region
    contains it (the township's and the county's officers, and those above)."""
    from minzheng.core import app_registry
    from minzheng.core.models import User

    handlers = app_registry.permission_table()[HANDLE]
    users = (User.objects.filter(is_active=True, role__in=handlers, region_id__in=region_chain(region_code))
             .order_by("region_id", "username"))
    return [(u.pk, f"{u.get_full_name() or u.username}（{u.username}）") for u in users]


def user_names(user_ids) -> dict[int, str]:
    from minzheng.core.models import User

    return {u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=list(user_ids))}
