"""Scoped reads of the monitoring app: the monitored population, warnings (lists, the township inbox, a warning's
page and the outcomes a user may choose), referrals, discoveries, rules, runs, visit plans, visits and the due list,
the dashboard figures. Reads go through `Model.objects.visible_to(user)`; outside it a record is a 404."""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Count, Max, QuerySet, Value, When
from django.db.models import Case as DbCase

from minzheng.benefits import programs
from minzheng.core import clock, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.monitoring import codes
from minzheng.monitoring.models import (
    Discovery,
    MonitoredPerson,
    MonitorRun,
    Referral,
    SignalRule,
    Visit,
    VisitPlan,
    Warning,
)

VIEW = "monitoring.view"


def require_view(user) -> None:
    if not roles.has_perm(user, VIEW):
        raise Forbidden("您的角色无权查看动态监测信息")


# ---- the monitored population ----------------------------------------------------------------------------------------


def monitored_for(user) -> QuerySet[MonitoredPerson]:
    """The register in the user's region, current periods first (filters narrow to a layer or to history)."""
    require_view(user)
    return MonitoredPerson.objects.visible_to(user).select_related("person").order_by("region_code", "person_id",
                                                                                       "layer", "-entered_on")


def get_monitored(user, pk) -> MonitoredPerson:
    found = monitored_for(user).select_related("household", "added_by").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def person_history(user, row: MonitoredPerson) -> QuerySet[MonitoredPerson]:
    return monitored_for(user).filter(person_id=row.person_id).order_by("-entered_on", "-id")


def layer_counts(user, region_code: str = "") -> dict[str, int]:
    """Persons currently in each layer (a person in two layers counts in both)."""
    qs = monitored_for(user).filter(exited_on__isnull=True).within(region_code, "region_code")
    found = dict(qs.order_by().values_list("layer").annotate(n=Count("id")))
    return {k: found.get(k, 0) for k in codes.LAYERS}


# ---- warnings --------------------------------------------------------------------------------------------------------


def warnings_for(user) -> QuerySet[Warning]:
    require_view(user)
    overdue = DbCase(When(status="open", due_on__lt=clock.today(), then=Value(True)), default=Value(False),
                    output_field=BooleanField())
    return (Warning.objects.visible_to(user).select_related("person").annotate(overdue=overdue)
            .order_by("-month", "due_on", "id"))


def pending_warnings(user) -> QuerySet[Warning]:
    if not roles.has_perm(user, "warnings.handle"):
        return Warning.objects.none()
    return Warning.objects.visible_to(user).filter(status="open").select_related("person").order_by("due_on", "id")


def get_warning(user, pk) -> Warning:
    found = warnings_for(user).select_related("household", "decided_by", "case").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def outcomes_for(user, warning: Warning) -> dict[str, str]:
    """What this user may do with the warning: nothing once handled; assist only for those who may open a case
    (townships: a county refers or dismisses); refer and dismiss for those who handle warnings."""
    if warning.status != "open" or not roles.has_perm(user, "warnings.handle"):
        return {}
    out = dict(codes.OUTCOMES)
    if user.role != roles.TOWNSHIP:
        out.pop("assist")
    return out


def assist_programs() -> dict[str, str]:
    """Programs a warning may open a case in (those with a procedure)."""
    return {code: name for code, name in programs.names().items() if code in programs.PROCEDURES}


def referrals_of(user, warning: Warning) -> QuerySet[Referral]:
    return Referral.objects.visible_to(user).filter(warning=warning).order_by("-id")


def referrals_for(user) -> QuerySet[Referral]:
    require_view(user)
    return Referral.objects.visible_to(user).select_related("household__head").order_by("-referred_on", "-id")


def get_referral(user, pk) -> Referral:
    found = referrals_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def household_warnings(household_id: int) -> QuerySet[Warning]:
    """A household's warnings for its 救助链 (the caller has checked the household's scope)."""
    return Warning.objects.filter(household_id=household_id).select_related("person").order_by("id")


def household_referrals(household_id: int) -> QuerySet[Referral]:
    return Referral.objects.filter(household_id=household_id).order_by("id")


def dashboard(user, month: dt.date | None, region_code: str = "") -> dict:
    """Warnings by level, signal and status, and the register by layer, within the user's region."""
    qs = warnings_for(user).within(region_code, "region_code")
    if month is not None:
        qs = qs.filter(month=month)
    by_level = dict(qs.order_by().values_list("level").annotate(n=Count("id")))
    by_status = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    by_region = list(qs.order_by().values("region_code").annotate(n=Count("id")).order_by("region_code"))
    by_signal: dict[str, int] = {}
    for signals in qs.values_list("signals", flat=True).iterator(chunk_size=2000):
        for s in signals:
            by_signal[s] = by_signal.get(s, 0) + 1
    return {"by_level": {k: by_level.get(k, 0) for k in codes.LEVELS},
            "by_status": {k: by_status.get(k, 0) for k in codes.WARNING_STATUS},
            "by_signal": {k: by_signal.get(k, 0) for k in codes.SIGNALS},
            "by_region": [(r["region_code"], r["n"]) for r in by_region],
            "layers": layer_counts(user, region_code)}


# ---- discoveries, rules, runs ----------------------------------------------------------------------------------------


def discoveries_for(user) -> QuerySet[Discovery]:
    require_view(user)
    return Discovery.objects.visible_to(user).select_related("household__head").order_by("-month", "rank", "id")


def pending_discoveries(user) -> QuerySet[Discovery]:
    if not roles.has_perm(user, "warnings.handle"):
        return Discovery.objects.none()
    return (Discovery.objects.visible_to(user).filter(status="open").select_related("household__head")
            .order_by("-month", "rank", "id"))


def get_discovery(user, pk) -> Discovery:
    found = discoveries_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def rules_for(user) -> QuerySet[SignalRule]:
    """Rules are reference data (no one's personal data): every monitoring role may read them."""
    require_view(user)
    return SignalRule.objects.select_related("created_by").order_by("code", "region_code", "-effective_from")


def get_rule(user, pk) -> SignalRule:
    found = rules_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def runs_for(user) -> QuerySet[MonitorRun]:
    if not roles.has_perm(user, "monitoring.run"):
        raise Forbidden("您的角色无权查看监测批次")
    return MonitorRun.objects.select_related("started_by").order_by("-started_at", "-id")


# ---- visits ----------------------------------------------------------------------------------------------------------


def plans_for(user) -> QuerySet[VisitPlan]:
    """Visit plans are reference data (no one's personal data): every monitoring role may read them."""
    require_view(user)
    return VisitPlan.objects.order_by("group", "region_code", "-effective_from", "id")


def get_plan(user, pk) -> VisitPlan:
    found = plans_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def visits_for(user) -> QuerySet[Visit]:
    require_view(user)
    return Visit.objects.visible_to(user).select_related("person", "created_by").order_by("-visited_on", "-id")


def last_visits(user, person_ids) -> dict[int, dt.date]:
    return dict(Visit.objects.visible_to(user).filter(person_id__in=list(person_ids)).order_by()
                .values_list("person_id").annotate(last=Max("visited_on")))


def may_export(user) -> bool:
    return roles.has_perm(user, "people.export")


def person_name(user, person_id) -> str:
    """The name of a person in the user's region (for the visit form's heading), or ""."""
    from minzheng.registry.selectors import persons_for

    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        return ""
    if not 0 < pk < 2**63 or not roles.has_perm(user, "people.view"):
        return ""
    return persons_for(user).filter(pk=pk).values_list("name", flat=True).first() or ""
