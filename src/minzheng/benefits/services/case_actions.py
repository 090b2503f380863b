"""What each case action records and changes beyond the state. A handler gets the action's validated data
(schemas.cases: one model per action), checks what needs the case or the database (a date before acceptance, the
payee is a member, the engine's amount), and returns the timeline event's data; a broken rule is a Chinese field
error (422, every one at once, nothing written). Called by services.cases.act inside its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from minzheng.benefits import case_evaluation as casepolicy
from minzheng.benefits import programs, workflow
from minzheng.benefits.models import Case, MissingItemsNotice, Objection
from minzheng.benefits.selectors import delegated
from minzheng.benefits.services import entitlements
from minzheng.benefits.services.registers import household_conflicts
from minzheng.core import protected, roles
from minzheng.core.errors import FieldError, Forbidden


class Ctx:
    """One action being done: the case (locked), the validated data and the raw dict it came from, and what the
    handler adds: field updates, signatories, errors, and steps to run once the case is saved."""

    def __init__(self, actor, case: Case, data, raw: dict, today: dt.date, step: workflow.Step, params):
        self.actor, self.case, self.data, self.raw, self.today, self.step, self.params = (
            actor, case, data, raw, today, step, params)
        self.updates = dict(step.updates)
        self.signed_by: list[str] = []
        self.errors: list[FieldError] = []
        self.after: list[Callable[[], dict | None]] = []  # run after the case is saved

    def err(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))


def note(ctx: Ctx) -> dict:
    text = getattr(ctx.data, "note", "")
    return {"note": text} if text else {}


def _reason(ctx: Ctx) -> dict:
    return {"reason": ctx.data.reason}


def _document(ctx: Ctx) -> dict:
    return {"name": ctx.data.name, **note(ctx)}


def _request_missing(ctx: Ctx) -> dict:
    items = ctx.data.items
    ctx.after.append(lambda: MissingItemsNotice.objects.create(
        case=ctx.case, items=items, issued_on=ctx.today, issued_by=ctx.actor) and None)
    return {"items": items}


def _supplement(ctx: Ctx) -> dict:
    MissingItemsNotice.objects.filter(case=ctx.case).update(supplied_on=ctx.today)
    return note(ctx)


def _accept(ctx: Ctx) -> dict:
    case = ctx.case
    ctx.updates["delegated"] = delegated(case.program, case.region_code, ctx.today)
    if household_conflicts(case.household_id):
        ctx.updates["conflict_of_interest"] = True
    return {"delegated": ctx.updates["delegated"], **note(ctx)}


def _visit(ctx: Ctx, county: bool = False) -> dict:
    d, case = ctx.data, ctx.case
    earliest = case.accepted_on or case.applied_on
    visited = d.visited_on or ctx.today
    if visited > ctx.today:
        ctx.err("visited_on", f"调查日期不能晚于 {ctx.today}")
    elif earliest and visited < earliest:
        ctx.err("visited_on", f"调查日期不能早于受理日期 {earliest}")
    ctx.signed_by = [*d.investigators, d.member_signature]
    ctx.updates["county_visit_on" if county else "last_home_visit_on"] = visited
    return {"investigators": d.investigators, "member_signature": d.member_signature, "method": d.method,
            "visited_on": visited, "findings": d.findings, **({"emergency": True} if d.emergency else {})}


def _verification(ctx: Ctx) -> dict:
    d, case = ctx.data, ctx.case
    started = d.started_on or ctx.today
    if started > ctx.today:
        ctx.err("started_on", f"启动核对日期不能晚于 {ctx.today}")
    elif case.verification_requested_on and started < case.verification_requested_on:
        ctx.err("started_on", f"启动核对日期不能早于提请日期 {case.verification_requested_on}")
    ctx.updates["verification_started_on"] = started
    out = {"result": d.result, "started_on": started, "report_ref": d.report_ref, "summary": d.summary}
    if d.result == "failed":
        out["next"] = "核对不符合：由乡镇(街道)告知申请人；申请人有异议并提供证据的，应当复查（57号 第十八条）"
    return out


def _update_facts(ctx: Ctx) -> dict:
    case = ctx.case
    case.facts = ctx.raw.get("facts") or {}  # as given (validated): the evaluation input's own shape
    flags = {k: getattr(ctx.data, k) for k in ("irregular_income", "special_case") if getattr(ctx.data, k) is not None}
    ctx.updates.update(flags)
    casepolicy.parse(case, workflow.first_of_month(ctx.today))  # 422 with facts.* paths
    return {"facts": case.facts, **flags}


def _initial_review(ctx: Ctx) -> dict:
    d, case = ctx.data, ctx.case
    if d.irregular_income is not None:
        ctx.updates["irregular_income"] = d.irregular_income
    result = casepolicy.evaluate(case, workflow.first_of_month(ctx.today))
    eligible, amount = casepolicy.amount_for(case, result)
    case.policy_result, case.policy_amount = result.as_dict(), amount
    if programs.require(case.program).approval_from_policy:  # 临时救助: small amounts approved by the township alone
        ctx.updates["delegated"] = result.procedure.get("approval_level") == "township"
    return {"opinion": d.opinion, "recommend": d.recommend, "policy_eligible": eligible, "policy_amount": amount}


def _notice(ctx: Ctx) -> dict:
    last = workflow.notice_last_day(ctx.today, ctx.params.notice_days)
    return {"place": ctx.data.place or "村(居)务公开栏", "from": ctx.today, "to": last}


def _objection(ctx: Ctx) -> dict:
    d = ctx.data
    ctx.after.append(lambda: Objection.objects.create(case=ctx.case, raised_on=ctx.today, raised_by=d.raised_by,
                                                      content=d.content) and None)
    return {"content": d.content, "raised_by": d.raised_by}


def _resolve_objection(ctx: Ctx, resolution: str, outcome: str) -> None:
    Objection.objects.filter(case=ctx.case, resolved_on__isnull=True).update(
        resolution=resolution, resolved_on=ctx.today, outcome=outcome)


def _reinvestigate(ctx: Ctx) -> dict:
    out = note(ctx)
    _resolve_objection(ctx, "reinvestigate", out.get("note", "重新调查"))
    return out


def _community_review(ctx: Ctx) -> dict:
    d = ctx.data
    _resolve_objection(ctx, "community_review", d.outcome)
    return {"participants": d.participants, "outcome": d.outcome}


def _complaint(ctx: Ctx) -> dict:
    return {"content": ctx.data.content, "source": ctx.data.source}


def _spot_check(ctx: Ctx) -> dict:
    return {"result": ctx.data.result, "findings": ctx.data.findings}


def _confirm(ctx: Ctx) -> dict:
    """审核确认 (57号 第二十、二十一条): the engine evaluates the first month paid; another amount needs a reason."""
    d, case = ctx.data, ctx.case
    payee_id = d.payee_id if d.payee_id is not None else case.applicant_id
    if payee_id not in casepolicy.current_member_ids(case.household_id):
        ctx.err("payee_id", "领取人须是该家庭的在册成员")
        return {}
    start = workflow.entitlement_start(ctx.today)
    result = casepolicy.evaluate(case, start)  # the standards in force in the first month paid
    eligible, computed = casepolicy.amount_for(case, result)
    amount = d.amount
    if amount is None:
        if not eligible:
            ctx.err("amount", "政策测算结果为不符合条件（见 policy_result.reasons）："
                              "如仍确认，须填写核定月金额并说明理由")
            return {}
        amount = computed
    overridden = not eligible or amount != computed
    if ctx.actor.role == roles.TOWNSHIP:
        limit = casepolicy.township_limit(case, start)
        if limit is not None and amount > limit:
            raise Forbidden(f"{programs.name(case.program)}金额 {amount} 元超过乡镇（街道）审批限额 {limit} 元，"
                            "须报县级民政部门审批")
    if overridden and not d.override_reason:
        ctx.err("override_reason", f"核定月金额 {amount} 与政策测算金额 {computed} 不一致（或测算为不符合条件），"
                                   "须说明理由")
        return {}
    case.amount, case.policy_amount, case.policy_result = amount, computed, result.as_dict()
    case.override_reason = d.override_reason if overridden else ""
    case.decided_by = ctx.actor
    if d.bank_account:
        case.bank_account_enc = protected.seal(Case, "bank_account_enc", d.bank_account, case.pk)
    if d.bank_name:
        case.bank_name = d.bank_name

    def create() -> dict:
        made = entitlements.create_for_case(ctx.actor, case, result, start, payee_id, overridden, ctx.today)
        return {"entitlements": [e.pk for e in made], "start_month": start}

    ctx.after.append(create)
    out: dict[str, Any] = {"amount": amount, "policy_amount": computed, "policy_eligible": eligible, **note(ctx)}
    if overridden:
        out["override_reason"] = d.override_reason
    return out


def _refuse(ctx: Ctx) -> dict:
    ctx.case.refusal_reason, ctx.case.decided_by = ctx.data.reason, ctx.actor
    return {"reason": ctx.data.reason}


def _issue(ctx: Ctx) -> dict:
    return {"document_no": ctx.data.document_no, **note(ctx)}


def _notify(ctx: Ctx) -> dict:
    return {"method": ctx.data.method or "书面送达", **note(ctx)}


# action -> handler (the other actions record their note only)
HANDLERS: dict[str, Callable[[Ctx], dict]] = {
    "record_document": _document, "request_missing": _request_missing, "supplement": _supplement,
    "accept": _accept, "record_home_visit": _visit, "county_home_visit": lambda c: _visit(c, county=True),
    "record_verification": _verification, "update_facts": _update_facts, "initial_review": _initial_review,
    "publish_notice": _notice, "record_objection": _objection, "reinvestigate": _reinvestigate,
    "community_review": _community_review, "record_complaint": _complaint, "spot_check": _spot_check,
    "return": _reason, "confirm": _confirm, "refuse": _refuse, "issue_decision": _issue,
    "notify_refusal": _notify, "withdraw": _reason, "terminate": _reason,
}
