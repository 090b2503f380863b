"""Scoped reads of cases for the API, the CLI and the pages: the inbox (待办), what the user acted on (已办), a case
with its deadlines and timeline. Every read goes through cases_for(user) (region subtree; 403 for roles without
access to people's data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case as CaseWhen
from django.db.models import DateField, F, Max, Q, QuerySet, Value, When

from minzheng.benefits import programs
from minzheng.benefits import catalogue
from minzheng.benefits import workflow
from minzheng.benefits.models import Case, CaseEvent, Entitlement
from minzheng.core import clock, regioncodes, roles
from minzheng.core.errors import NotFound, ValidationFailed
from minzheng.core.workdays import Calendar
from minzheng.registry.selectors import require_people_access


def cases_for(user) -> QuerySet[Case]:
    require_people_access(user)
    return Case.objects.visible_to(user)


def get_case(user, case_id) -> Case:
    case = (cases_for(user).select_related("applicant", "beneficiary", "household", "decided_by")
            .filter(pk=case_id).first())
    if case is None:
        raise NotFound()
    return case


def search(user, program: str = "", state: str = "", region_code: str = "", household_id: int | None = None,
           overdue: bool | None = None) -> QuerySet[Case]:
    qs = cases_for(user)
    if program:
        qs = qs.filter(program=program)
    if state:
        qs = qs.filter(state__in=state.split(","))
    if household_id:
        qs = qs.filter(household_id=household_id)
    if region_code:
        try:
            qs = qs.filter(**regioncodes.subtree_lookup("region_code", regioncodes.normalize(region_code)))
        except regioncodes.RegionCodeError as exc:
            raise ValidationFailed.one("region_code", str(exc)) from None
    if overdue is not None:
        late = Q(due_on__lt=clock.today())
        qs = qs.filter(late) if overdue else qs.exclude(late)
    return qs.select_related("applicant").order_by("-id")


def inbox(user) -> QuerySet[Case]:
    """待办: cases awaiting an action by the user's role in the user's subtree, nearest deadline first (no deadline
    last), with `task_due` and `task` annotated. A county also gets the data checks (核对) townships asked for."""
    qs = cases_for(user)
    mine = Q(awaiting_role=user.role)
    if user.role == roles.COUNTY:
        pending = Q(state__in=workflow.INVESTIGATION_STATES, verification_requested_on__isnull=False,
                    verification_started_on__isnull=True)
        qs = qs.filter(mine | pending).annotate(
            task_due=CaseWhen(When(mine, then=F("due_on")), default=F("verification_due_on"), output_field=DateField()),
            task=CaseWhen(When(mine, then=F("due_code")), default=Value("verification")))
    else:
        qs = qs.filter(mine).annotate(task_due=F("due_on"), task=F("due_code"))
    return qs.select_related("applicant").order_by(F("task_due").asc(nulls_last=True), "applied_on", "id")


def done(user) -> QuerySet[Case]:
    """已办: cases the user acted on, most recent action first."""
    ids = CaseEvent.objects.filter(actor=user).values("case_id")
    return (cases_for(user).filter(pk__in=ids).annotate(last_acted=Max("events__at", filter=Q(events__actor=user)))
            .select_related("applicant").order_by("-last_acted", "-id"))


def row_out(case: Case, today: dt.date | None = None) -> dict[str, Any]:
    """A line of a list or the inbox."""
    today = today or clock.today()
    due = getattr(case, "task_due", case.due_on)
    return {"id": case.pk, "program": case.program, "program_name": catalogue.PROGRAMS[case.program],
            "state": case.state, "state_label": workflow.STATES[case.state], "region_code": case.region_code,
            "household_id": case.household_id, "applicant_id": case.applicant_id,
            "applicant_name": case.applicant.name, "applied_on": case.applied_on,
            "awaiting_role": case.awaiting_role or None, "task": getattr(case, "task", case.due_code) or None,
            "due_on": due, "due_provisional": case.due_provisional, "overdue": bool(due and today > due),
            "conflict_of_interest": case.conflict_of_interest}


def deadlines(case: Case, today: dt.date | None = None, calendar: Calendar | None = None) -> list[workflow.Due]:
    params = programs.params_of(case)
    if params is None:
        return []
    return workflow.deadlines(case.facts_view(), params, calendar or Calendar(case.region_code),
                              today or clock.today())


def timeline(case: Case) -> list[dict[str, Any]]:
    return [{"id": e.pk, "action": e.action, "label": workflow.LABELS.get(e.action, e.action),
             "state_from": e.state_from or None, "state_to": e.state_to or None,
             "state_label": workflow.STATES.get(e.state_to, ""), "actor": e.actor_name, "role": e.actor_role,
             "on": e.on_date, "at": e.at, "data": e.data, "signed_by": e.signed_by}
            for e in case.events.order_by("id")]


def detail(user, case: Case) -> dict[str, Any]:
    """Everything the case page shows: state, flags, decision, deadlines (live), timeline, what the user may do."""
    today = clock.today()
    params = programs.params_of(case)
    facts = case.facts_view()
    dues = deadlines(case, today)
    nearest = workflow.next_due(dues, facts, params) if params else None
    out = row_out(case, today) | {
        "subtype": case.subtype, "channel": case.channel, "channel_label": workflow.CHANNELS.get(case.channel, ""),
        "beneficiary_id": case.beneficiary_id, "beneficiary_name": case.beneficiary.name if case.beneficiary else None,
        "delegated": case.delegated, "special_case": case.special_case, "complaint": case.complaint,
        "spot_check_required": case.spot_check_required, "irregular_income": case.irregular_income,
        "needs_county_visit": facts.needs_county_visit, "proxy_document": case.proxy_document,
        "confirming_role": workflow.confirming_role(facts, params) if params else None,
        "dates": {f: getattr(case, f) for f in workflow.FACT_FIELDS if f.endswith("_on")},
        "decision": case.decision or None, "amount": _money(case.amount), "policy_amount": _money(case.policy_amount),
        "override_reason": case.override_reason, "refusal_reason": case.refusal_reason,
        "decided_by": case.decided_by.username if case.decided_by_id else None,
        "bank_name": case.bank_name, "bank_account": case.bank_account_masked,
        "facts": case.facts, "policy_result": case.policy_result or None,
        "due_on": nearest.due if nearest else None, "due_provisional": nearest.provisional if nearest else False,
        "task": nearest.code if nearest else None, "overdue": any(d.overdue for d in dues),
        "deadlines": [d.as_dict() for d in dues],
        "timeline": timeline(case),
        "allowed_actions": ([{"action": a, "label": workflow.LABELS[a]}
                             for a in workflow.allowed_actions(facts, user.role, params)]
                            if params and user.role != roles.CITY else []),
        "entitlements": list(Entitlement.objects.filter(source_case=case).values_list("id", flat=True)),
    }
    return out


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


# ---- reads for the API (schemas.case_out, api.cases) -------------------------------------------------------------


def search_cases(user, *, program: str = "", states: tuple[str, ...] = (), region_code: str | None = None,
                 household_id: int | None = None, overdue: bool | None = None) -> QuerySet[Case]:
    """GET /api/v1/cases: the user's cases by program, states, region subtree, household and overdue, newest first."""
    qs = cases_for(user).within(region_code or "", "region_code")
    if program:
        qs = qs.filter(program=program)
    if states:
        qs = qs.filter(state__in=states)
    if household_id:
        qs = qs.filter(household_id=household_id)
    if overdue is not None:
        late = Q(due_on__lt=clock.today())
        qs = qs.filter(late) if overdue else qs.exclude(late)
    return qs.select_related("applicant").order_by("-id")


def case_events(case: Case) -> QuerySet[CaseEvent]:
    """The case's timeline, oldest first."""
    return case.events.order_by("id")


def case_entitlement_ids(case: Case) -> list[int]:
    return list(Entitlement.objects.filter(source_case=case).order_by("id").values_list("id", flat=True))
