"""Case services: apply, then one action at a time. Each call is one transaction that checks the actor's region
(404 outside it) and role (403), asks the pure workflow whether the action is allowed now (409 with the reason in
Chinese), validates the action's data (schemas.cases; 422, every problem at once), writes the case, a timeline event
and an audit entry, and recomputes whose turn it is and the nearest deadline (for the inbox).

    create_case(actor, data) -> Case             POST /api/v1/cases
    act(actor, case_id, action, data) -> Case    POST /api/v1/cases/{id}/actions  {"action": …, …}
    refresh_deadlines(region_code) -> counts     minzheng cases refresh-deadlines

What each action records is in case_actions; the pages, the CLI and the API all come here with plain dicts.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from minzheng.benefits import case_evaluation as casepolicy
from minzheng.benefits import catalogue, programs, workflow
from minzheng.benefits.models import Case, CaseEvent, Entitlement
from minzheng.benefits.schemas.cases import ACTION_INPUTS, CaseCreateIn
from minzheng.benefits.selectors import cases_for, delegated
from minzheng.benefits.services import case_actions, registers
from minzheng.core import audit, clock, protected, roles, validation
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.core.workdays import Calendar
from minzheng.registry.selectors import get_household


def jsonable(value: Any) -> Any:
    """Dates as ISO text, Decimals as exact text (never float): what the timeline and audit store."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    return value


# ---- inbox fields ----------------------------------------------------------------------------------------------------


def calendar_for(region_code: str) -> Calendar:
    return Calendar(region_code)


def refresh_inbox_fields(case: Case, today: dt.date, calendar: Calendar | None = None) -> list[workflow.Due]:
    """Whose turn it is and the nearest deadline of that role, stored for the inbox query (the case page recomputes
    them live)."""
    params = programs.params_of(case)
    if params is None or case.state in workflow.FINAL:
        case.awaiting_role, case.due_on, case.due_code, case.due_provisional = "", None, "", False
        case.verification_due_on = None
        return []
    facts = case.facts_view()
    items = workflow.deadlines(facts, params, calendar or calendar_for(case.region_code), today)
    nearest = workflow.next_due(items, facts, params)
    case.awaiting_role = workflow.awaiting(facts, params) or ""
    case.due_on, case.due_code, case.due_provisional = ((nearest.due, nearest.code, nearest.provisional)
                                                        if nearest else (None, "", False))
    pending = workflow.county_verification_pending(facts)
    due = next((d.due for d in items if d.code == "verification" and d.met_on is None), None)
    case.verification_due_on = due if pending else None
    return items


# ---- apply -----------------------------------------------------------------------------------------------------------


def _busy(program: str, household_id: int, person_id: int | None, today: dt.date) -> str | None:
    """Why a new application cannot be made: an open case or an entitlement in force for the same thing."""
    open_cases = Case.objects.filter(program=program, household_id=household_id).exclude(
        state__in=workflow.FINAL)
    held = (Entitlement.objects.filter(program=program, household_id=household_id).exclude(status="stopped")
            .exclude(end_month__lt=workflow.first_of_month(today)))
    if person_id is not None:
        open_cases, held = open_cases.filter(beneficiary_id=person_id), held.filter(person_id=person_id)
    case = open_cases.first()
    if case is not None:
        return f"已有在办的{catalogue.PROGRAMS[program]}申请（#{case.pk}，{workflow.STATES[case.state]}），不能重复申请"
    ent = held.first()
    if ent is not None:
        return f"已在享受{catalogue.PROGRAMS[program]}（待遇 #{ent.pk}，{ent.start_month:%Y-%m} 起），不能重复申请"
    return None


def require_can_apply(actor) -> None:
    if not roles.has_perm(actor, "people.view") or actor.role not in workflow.APPLY.roles:
        raise Forbidden("您的角色不能登记救助申请（由村(社区)协理员代为申请，或乡镇(街道)登记）")


_HOUSEHOLD_ID = TypeAdapter(validation.Id)


def _household(actor, data: Any):
    """The household applied for (404 outside the actor's region), or None when household_id is not a valid id (the
    schema reports that): its members are what the application is checked against."""
    try:
        household_id = _HOUSEHOLD_ID.validate_python(data.get("household_id") if isinstance(data, dict) else None)
    except PydanticValidationError:
        return None
    return get_household(actor, household_id)


def create_case(actor, data: dict[str, Any]) -> Case:
    """An application, made by the family at the township, online, or by the village clerk on its behalf (with a
    委托 document): 57号 第四至六条."""
    require_can_apply(actor)
    household = _household(actor, data)
    if isinstance(data, dict) and "channel" not in data:  # the clerk applies on the family's behalf
        data = {**data, "channel": "clerk" if actor.role == roles.VILLAGE else "family"}
    members = casepolicy.current_member_ids(household.pk) if household else None
    app = validation.validate(CaseCreateIn, data, {"members": members})
    procedure = programs.PROCEDURES[app.program]
    today = clock.today()
    why = _busy(app.program, household.pk, app.beneficiary_id, today)
    if why:
        raise Conflict(why)
    case = Case(program=app.program, subtype=app.subtype or (procedure.subtypes[0] if procedure.subtypes else ""),
                household=household, applicant_id=app.applicant_id, beneficiary_id=app.beneficiary_id,
                region_code=household.region_id, state=workflow.APPLIED, channel=app.channel,
                proxy_document=app.proxy_document, special_case=bool(app.special_case),
                facts=data.get("facts") or {}, applied_on=app.applied_on or today,
                bank_name=app.bank_name, created_by=actor, irregular_income=bool(app.irregular_income))
    casepolicy.parse(case, workflow.first_of_month(today))  # the recorded facts as the engine will read them (422)
    try:
        with transaction.atomic():
            _save_new(actor, case, household, conflicts=registers.household_conflicts(household.pk), today=today)
            if app.bank_account:  # sealed to the case's id, known once inserted
                protected.seal_saved(case, "bank_account_enc", app.bank_account)
    except IntegrityError:  # a concurrent application for the same household/person won the race
        raise Conflict(_busy(app.program, household.pk, app.beneficiary_id, today)
                       or "已有在办的申请，不能重复申请") from None
    return case


def _save_new(actor, case: Case, household, conflicts: list, today: dt.date) -> None:
    """Insert the application with its first timeline event and audit entry (inside the caller's transaction)."""
    program, channel = case.program, case.channel
    case.conflict_of_interest = bool(conflicts)
    case.delegated = delegated(program, case.region_code, today)
    refresh_inbox_fields(case, today)
    case.save()
    data = {"channel": channel, "program": program, "subtype": case.subtype, "special_case": case.special_case}
    if case.proxy_document:
        data["proxy_document"] = case.proxy_document
    if conflicts:
        data["conflict_register"] = [c.pk for c in conflicts]
    _event(actor, case, "apply", "", case.state, today, jsonable(data))
    audit.record(actor, audit.Event("create", "case", case.pk, case.region_code, {
        "program": [None, program], "household": [None, household.pk], "applicant": [None, case.applicant_id],
        "beneficiary": [None, case.beneficiary_id], "channel": [None, channel], "state": [None, case.state],
        "conflict_of_interest": [None, case.conflict_of_interest]}))


def _event(actor, case: Case, action: str, before: str, after: str, today: dt.date, data: dict,
           signed_by: list | None = None) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, action=action, state_from=before, state_to=after,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or str(actor or "system"), actor_role=getattr(actor, "role", ""),
        on_date=today, at=clock.now(), data=data, signed_by=signed_by or [])


# ---- act -------------------------------------------------------------------------------------------------------------


def act(actor, case_id, action: str, data: dict[str, Any] | None = None) -> Case:
    if not roles.has_perm(actor, "people.view"):
        raise Forbidden("您的角色无权访问救助案件")
    with transaction.atomic():
        case = cases_for(actor).select_for_update().filter(pk=case_id).first()
        if case is None:
            raise NotFound()
        if actor.role == roles.CITY:
            raise Forbidden("市级民政部门只能查看案件，不能办理")
        params = programs.params_for(case.program, case.subtype)
        today = clock.today()
        step = workflow.step(case.facts_view(), action, actor.role, today, params)  # 403 / 409, unknown action 409
        raw = data if data is not None else {}
        # The facts recorded for members are checked against the household's current members.
        context = {"members": casepolicy.current_member_ids(case.household_id)} if action == "update_facts" else None
        inputs = validation.validate(ACTION_INPUTS[action], {**raw, "action": action} if isinstance(raw, dict) else raw,
                                     context)
        ctx = case_actions.Ctx(actor, case, inputs, raw, today, step, params)
        event_data = case_actions.HANDLERS.get(action, case_actions.note)(ctx) or {}
        if ctx.errors:
            raise ValidationFailed(ctx.errors)
        before = case.state
        for key, value in ctx.updates.items():
            setattr(case, key, value)
        case.state = step.state
        if step.state == workflow.SUBMITTED and before != workflow.SUBMITTED:
            _spot_check_selection(case, params, today)
            if case.spot_check_required:
                event_data["spot_check_required"] = True
        refresh_inbox_fields(case, today)
        case.save()
        for run in ctx.after:
            event_data.update(run() or {})
        event_data = jsonable(event_data)
        _event(actor, case, action, before, case.state, today, event_data, ctx.signed_by)
        changes = {"action": [None, action], "state": [before, case.state]}
        changes.update({k: [None, v] for k, v in event_data.items()})
        audit.record(actor, audit.Event("update", "case", case.pk, case.region_code, changes))
    return case


def decide_by_policy(actor, case_id, note: str = "同意") -> tuple[Case, str]:
    """审核确认 as the policy engine finds, for the demo seeders and bulk tools that decide many cases: confirmed when
    the engine finds the case eligible, else refused with the engine's reasons (confirming against the engine needs
    an amount and a reason — an officer's call, not a tool's). Returns the case and "confirm" or "refuse"."""
    try:
        return act(actor, case_id, "confirm", {"note": note}), "confirm"
    except ValidationFailed as exc:
        if [e.field for e in exc.errors] != ["amount"]:  # only "the engine finds it not eligible" leads to refusal
            raise
    case = cases_for(actor).get(pk=case_id)
    reasons = casepolicy.evaluate(case, workflow.entitlement_start(clock.today())).reasons
    reason = "经审核，政策测算为不符合条件：" + ("；".join(reasons) or "见政策测算结果")
    return act(actor, case_id, "refuse", {"reason": reason[:500]}), "refuse"


def _spot_check_selection(case: Case, params: workflow.ProgramParams, today: dt.date) -> None:
    """特困: the county spot-checks at least 30 % of the cases submitted to it (43号 第十六条), counted per county and
    calendar year; random draws with a floor that keeps the share at or above the ratio."""
    if params.spot_check_ratio <= 0 or case.spot_check_required:
        return
    earlier = (Case.objects.filter(program=case.program, submitted_on__gte=dt.date(today.year, 1, 1))
               .within(case.region_code[:6]).exclude(pk=case.pk))
    case.spot_check_required = workflow.spot_check_draw(earlier.count(), earlier.filter(
        spot_check_required=True).count(), params.spot_check_ratio, random.SystemRandom().random())


def refresh_deadlines(region_code: str = "") -> dict:
    """Recompute the stored inbox fields of every open case (after the State Council publishes next year's holiday
    schedule or a bureau changes its local calendar, provisional deadlines become final). Returns counts."""
    today = clock.today()
    qs = Case.objects.exclude(state__in=workflow.FINAL).within(region_code, "region_code")
    calendars: dict[str, Calendar] = {}
    fields = ("awaiting_role", "due_on", "due_code", "due_provisional", "verification_due_on")
    changed, seen = [], 0
    for case in qs.iterator(chunk_size=2000):
        seen += 1
        before = tuple(getattr(case, f) for f in fields)
        calendar = calendars.get(case.region_code) or calendars.setdefault(case.region_code,
                                                                          calendar_for(case.region_code))
        refresh_inbox_fields(case, today, calendar)
        if tuple(getattr(case, f) for f in fields) != before:
            changed.append(case)
    with transaction.atomic():
        Case.objects.bulk_update(changed, fields, batch_size=1000)
        if changed:
            audit.record("system", audit.Event("update", "case_deadlines", region_code or "all", region_code,
                                               {"open_cases": seen, "changed": len(changed)}))
    return {"open_cases": seen, "changed": len(changed)}
