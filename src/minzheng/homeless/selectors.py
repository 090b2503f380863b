"""Scoped reads of the rescue station: intakes and their stay records, missing-person reports, match outcomes,
the rules in force, family search (homeless.matching) and the dashboard's figures. A role without homeless.view
gets 403 before any lookup; a record outside the user's region is 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from minzheng.core import clock, regioncodes, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.homeless import codes, matching, policy
from minzheng.homeless.models import (
    Escort,
    Expense,
    Intake,
    MatchOutcome,
    MissingPerson,
    PropertyItem,
    Settlement,
    StationRule,
)

VIEW = "homeless.view"


def require_view(user) -> None:
    if not roles.has_perm(user, VIEW):
        raise Forbidden("您的角色无权查看救助管理数据")


def intakes_for(user) -> QuerySet[Intake]:
    require_view(user)
    return Intake.objects.visible_to(user)


def get_intake(user, intake_id) -> Intake:
    found = intakes_for(user).filter(pk=intake_id).first()
    if found is None:
        raise NotFound()
    return found


def missing_for(user) -> QuerySet[MissingPerson]:
    require_view(user)
    return MissingPerson.objects.visible_to(user)


def get_missing(user, missing_id) -> MissingPerson:
    found = missing_for(user).filter(pk=missing_id).first()
    if found is None:
        raise NotFound()
    return found


def expenses_of(user, intake: Intake) -> QuerySet[Expense]:
    return Expense.objects.visible_to(user).filter(intake=intake).order_by("on_date", "id")


def property_of(user, intake: Intake) -> QuerySet[PropertyItem]:
    return PropertyItem.objects.visible_to(user).filter(intake=intake).order_by("id")


def outcomes_of(user, intake: Intake) -> QuerySet[MatchOutcome]:
    return MatchOutcome.objects.visible_to(user).filter(intake=intake).order_by("-decided_on", "-id")


def escort_of(intake: Intake) -> Escort | None:
    return Escort.objects.filter(intake=intake).first()


def settlement_of(intake: Intake) -> Settlement | None:
    return Settlement.objects.filter(intake=intake).first()


def expense_total(intake: Intake) -> Decimal:
    return Expense.objects.filter(intake=intake).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


EXAMPLE_RULE = {"age_tolerance": 5, "notice_days": 30, "long_stay_days": 90,
                "source": "示例：民发〔2015〕158号（寻亲公告期、长期滞留期限按本地规定设置）"}


def rule_for(region_code: str, day: dt.date) -> dict:
    """The StationRule in force for a region on a day (the nearest ancestor's, latest effective date), else the
    bundled 示例 values (marked as such in `source`)."""
    chain, code = [], regioncodes.normalize(region_code)
    while code:
        chain.append(code)
        code = regioncodes.parent_code(code)
    rows = list(StationRule.objects.filter(region_code__in=chain, effective_from__lte=day)
                .order_by("-effective_from", "-id"))
    for code in chain:
        for row in rows:
            if row.region_code == code:
                return {"age_tolerance": row.age_tolerance, "notice_days": row.notice_days,
                        "long_stay_days": row.long_stay_days, "source": row.source}
    return dict(EXAMPLE_RULE)


def rules_for(user) -> QuerySet[StationRule]:
    require_view(user)
    return StationRule.objects.order_by("region_code", "-effective_from")


def family_matches(user, intake_id) -> list[matching.Match]:
    """The ranked family-search matches of an intake (403 / 404 first)."""
    intake = get_intake(user, intake_id)
    tolerance = rule_for(intake.region_code, clock.today())["age_tolerance"]
    return matching.matches(user, intake, tolerance)


def notice_of(user, intake_id) -> dict:
    """The 寻亲公告's content."""
    intake = get_intake(user, intake_id)
    today = clock.today()
    age = f"约{today.year - intake.estimated_birth_year}岁" if intake.estimated_birth_year else "不详"
    return {"intake": intake, "age": age, "sex": codes.SEX.get(intake.sex, intake.sex),
            "published_on": intake.notice_published_on or today}


def dashboard(user, since: dt.date | None = None) -> dict:
    """在站人数, stays ended since `since` (default: this year) with the return rate, stays by length (ended stays by
    their length, current ones by days so far), long stays, costs of the period."""
    today = clock.today()
    since = since or today.replace(month=1, day=1)
    rows = intakes_for(user)
    current = list(rows.filter(status="in_station").values_list("admitted_on", "region_code"))
    ended = list(rows.filter(left_on__gte=since).exclude(status="in_station")
                 .values_list("admitted_on", "left_on", "status"))
    counts = {label: 0 for label, _, _ in codes.STAY_BANDS}
    for admitted, left, _ in ended:
        counts[policy.stay_band(policy.stay_days(admitted, left, today), codes.STAY_BANDS)] += 1
    long_stay = 0
    for admitted, region in current:
        days = policy.stay_days(admitted, None, today)
        counts[policy.stay_band(days, codes.STAY_BANDS)] += 1
        if days >= rule_for(region, today)["long_stay_days"]:
            long_stay += 1
    returned = sum(1 for *_, status in ended if status == "returned")
    costs = Expense.objects.visible_to(user).filter(on_date__gte=since).aggregate(s=Sum("amount"))["s"]
    return {"since": since, "in_station": len(current), "closed": len(ended), "returned": returned,
            "return_rate": policy.return_rate(returned, len(ended)), "long_stay": long_stay,
            "stays": [{"band": label, "count": counts[label]} for label, _, _ in codes.STAY_BANDS],
            "costs": costs or Decimal("0.00"),
            "by_status": dict(rows.values_list("status").annotate(n=Count("id")).values_list("status", "n"))}


def home_figures(user) -> dict | None:
    if not roles.has_perm(user, VIEW):
        return None
    figures = dashboard(user)
    return {"in_station": figures["in_station"], "return_rate": figures["return_rate"] or "—",
            "long_stay": figures["long_stay"]}


def open_missing_count(user) -> int:
    return missing_for(user).filter(Q(status="open")).count()
