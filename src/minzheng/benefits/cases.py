"""Case services: apply, then one action at a time. Each call is one transaction that checks the actor's region
(404 outside it) and role (403), asks the pure workflow whether the action is allowed now (409 with the reason in
Chinese), validates the action's data (422, every problem at once), writes the case, a timeline event and an audit
entry, and recomputes whose turn it is and the nearest deadline (for the inbox).

    create_case(actor, data) -> Case             POST /api/v1/cases
    act(actor, case_id, action, data) -> Case    POST /api/v1/cases/{id}/actions  {"action": …, …}
"""

from __future__ import annotations

import datetime as dt
import random
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.benefits import programs
from minzheng.benefits import case_evaluation as casepolicy
from minzheng.benefits import entitlements
from minzheng.benefits import registers
from minzheng.benefits import workflow
from minzheng.benefits import catalogue
from minzheng.benefits.policy_input import JSONFloat
from minzheng.benefits.models import (
    Case,
    CaseEvent,
    Entitlement,
    MissingItemsNotice,
    Objection,
)
from minzheng.core import audit, clock, crypto, regioncodes, roles
from minzheng.core.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    ValidationFailed,
)
from minzheng.core.workdays import Calendar
from minzheng.registry.models import Membership
from minzheng.registry.selectors import get_household

ACCOUNT = re.compile(r"^\d{6,32}$")
MONEY = re.compile(r"^\d{1,10}(\.\d{1,2})?$")
VISIT_METHODS = {"home_visit": "入户调查", "video": "视频调查", "phone": "电话调查"}


# ---- small validators (collect errors; raise once) ------------------------------------------------------------------


class Data:
    def __init__(self, raw: Any):
        self.raw = raw if isinstance(raw, dict) else {}
        self.errors: list[FieldError] = [] if isinstance(raw, dict) or raw is None else [
            FieldError("body", "请求体应为 JSON 对象")]

    def err(self, key: str, message: str) -> None:
        self.errors.append(FieldError(key, message))

    def text(self, key: str, label: str, required: bool = True, limit: int = 2000) -> str:
        value = self.raw.get(key)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.err(key, f"须填写{label}")
        elif len(text) > limit:
            self.err(key, f"{label}不能超过 {limit} 字")
        return text[:limit]

    def names(self, key: str, label: str, minimum: int) -> list[str]:
        value = self.raw.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.err(key, f"{label}应为姓名列表")
            return []
        names = list(dict.fromkeys(v.strip() for v in value if v.strip()))
        if len(names) < minimum:
            self.err(key, f"{label}不少于 {minimum} 人（不同的人）")
        return names

    def date(self, key: str, label: str, default: dt.date | None, latest: dt.date | None = None) -> dt.date | None:
        value = self.raw.get(key)
        if value in (None, ""):
            return default
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.err(key, f"{label}格式不正确，应为 YYYY-MM-DD")
            return default
        if latest is not None and day > latest:
            self.err(key, f"{label}不能晚于 {latest}")
        return day

    def money(self, key: str, label: str) -> Decimal | None:
        value = self.raw.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, (float, JSONFloat)):
            self.err(key, f"{label}须写成带引号的十进制文本（例如 \"1234.50\"），不接受 JSON 小数")
            return None
        if isinstance(value, bool) or not MONEY.match(str(value).strip()):
            self.err(key, f"{label}格式不正确：应为不小于 0 的金额，最多两位小数")
            return None
        try:
            return Decimal(str(value).strip()).quantize(Decimal("0.01"))
        except InvalidOperation:
            self.err(key, f"{label}格式不正确")
            return None

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.err(key, "应为 true 或 false")
            return default
        return value

    def choice(self, key: str, label: str, table: dict, default: str | None = None) -> str:
        value = self.raw.get(key, default)
        if value not in table:
            self.err(key, f"{label}取值无效，应为：{'、'.join(f'{k}（{v}）' for k, v in table.items())}")
            return default or ""
        return value

    def done(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def jsonable(value: Any) -> Any:
    """Dates as ISO text, Decimals as exact text (never float): what the timeline and audit store."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    return value


def as_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def bank_details(d: Data) -> tuple[bytes | None, str]:
    account = re.sub(r"[\s-]", "", str(d.raw.get("bank_account") or ""))
    if account and not ACCOUNT.match(account):
        d.err("bank_account", "银行账号应为 6–32 位数字")
        account = ""
    return crypto.encrypt(account) if account else None, d.text("bank_name", "开户行", required=False, limit=100)


# ---- inbox fields -----------------------------------------------------------------------------------------------------


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


# ---- apply --------------------------------------------------------------------------------------------------------------


def _members(household_id: int, today: dt.date) -> list[int]:
    return list(Membership.objects.filter(household_id=household_id, left_on__isnull=True)
                .filter(person__death_date__isnull=True).values_list("person_id", flat=True))


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


def create_case(actor, data: dict[str, Any]) -> Case:
    """An application, made by the family at the township, online, or by the village clerk on its behalf (with a
    委托 document): 57号 第四至六条."""
    require_can_apply(actor)
    d = Data(data)
    household = get_household(actor, d.raw.get("household_id")) if str(
        d.raw.get("household_id") or "").isdigit() else None
    if household is None:
        d.err("household_id", "须填写申请家庭（household_id）")
    program = str(d.raw.get("program") or "")
    params = programs.PROCEDURES.get(program)
    if program not in catalogue.PROGRAMS:
        d.err("program", f"救助项目“{program}”无效，应为：{'、'.join(catalogue.PROGRAMS)}")
    elif params is None:
        d.err("program", programs.PROGRAM_NOT_CONFIGURED)
    today = clock.today()
    members = _members(household.pk, today) if household else []
    applicant_id = as_id(d.raw.get("applicant_id"))
    if household and applicant_id not in members:
        d.err("applicant_id", "申请人须是该家庭的在册成员（共同生活家庭成员）")
    beneficiary_id = as_id(d.raw.get("beneficiary_id"))
    if params and params.unit == "person":
        if household and beneficiary_id not in members:
            d.err("beneficiary_id", "须指明救助对象（该家庭的在册成员）")
    elif d.raw.get("beneficiary_id") is not None:
        d.err("beneficiary_id", "该项目以家庭为单位申请，不指定救助对象")
        beneficiary_id = None
    subtype = str(d.raw.get("subtype") or (params.subtypes[0] if params and params.subtypes else ""))
    if params and subtype and subtype not in params.subtypes:
        d.err("subtype", f"类别取值无效，应为：{'、'.join(params.subtypes) or '（不分类别）'}")
    elif params:
        params = programs.params_for(program, subtype)
    default_channel = "clerk" if actor.role == roles.VILLAGE else "family"
    channel = d.choice("channel", "申请方式", {k: v for k, v in workflow.CHANNELS.items() if k != "migration"},
                       default_channel)
    proxy = d.text("proxy_document", "委托书", required=channel == "clerk", limit=200)
    special = d.flag("special_case", False)
    irregular = d.flag("irregular_income", False)
    applied_on = d.date("applied_on", "申请日期", today, latest=today)
    account, bank_name = bank_details(d)
    facts: dict = {}
    try:
        facts = casepolicy.check_facts(d.raw.get("facts"), members)
    except ValidationFailed as exc:
        d.errors += exc.errors
    d.done()
    why = _busy(program, household.pk, beneficiary_id, today)
    if why:
        raise Conflict(why)
    case = Case(program=program, subtype=subtype, household=household, applicant_id=applicant_id,
                beneficiary_id=beneficiary_id, region_code=household.region_id, state=workflow.APPLIED,
                channel=channel, proxy_document=proxy, special_case=special, facts=facts, applied_on=applied_on,
                bank_account_enc=account, bank_name=bank_name, created_by=actor, irregular_income=irregular)
    casepolicy.parse(case, workflow.first_of_month(today))  # the recorded facts as the engine will read them (422)
    try:
        with transaction.atomic():
            _save_new(actor, case, household, conflicts=registers.household_conflicts(household.pk), today=today)
    except IntegrityError:  # a concurrent application for the same household/person won the race
        raise Conflict(_busy(program, household.pk, beneficiary_id, today) or "已有在办的申请，不能重复申请") from None
    return case


def _save_new(actor, case: Case, household, conflicts: list, today: dt.date) -> None:
    """Insert the application with its first timeline event and audit entry (inside the caller's transaction)."""
    program, channel = case.program, case.channel
    case.conflict_of_interest = bool(conflicts)
    case.delegated = registers.delegated(program, case.region_code, today)
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
        case=case, action=action, state_from=before, state_to=after, actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or str(actor or "system"), actor_role=getattr(actor, "role", ""),
        on_date=today, at=clock.now(), data=data, signed_by=signed_by or [])


# ---- act ----------------------------------------------------------------------------------------------------------------


class Ctx:
    def __init__(self, actor, case: Case, d: Data, today: dt.date, step: workflow.Step, params):
        self.actor, self.case, self.d, self.today, self.step, self.params = actor, case, d, today, step, params
        self.updates = dict(step.updates)
        self.signed_by: list[str] = []
        self.after: list = []  # callables run after the case is saved


def act(actor, case_id, action: str, data: dict[str, Any] | None = None) -> Case:
    from minzheng.benefits.selectors import cases_for

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
        step = workflow.step(case.facts_view(), action, actor.role, today, params)  # 403 / 409
        ctx = Ctx(actor, case, Data(data), today, step, params)
        event_data = HANDLERS.get(action, _note)(ctx) or {}
        ctx.d.done()
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


def _spot_check_selection(case: Case, params: workflow.ProgramParams, today: dt.date) -> None:
    """特困: the county spot-checks at least 30 % of the cases submitted to it (43号 第十六条), counted per county and
    calendar year; random draws with a floor that keeps the share at or above the ratio."""
    if params.spot_check_ratio <= 0 or case.spot_check_required:
        return
    county = regioncodes.subtree_lookup("region_code", case.region_code[:6])
    earlier = Case.objects.filter(program=case.program, submitted_on__gte=dt.date(today.year, 1, 1),
                                  **county).exclude(pk=case.pk)
    case.spot_check_required = workflow.spot_check_draw(earlier.count(), earlier.filter(
        spot_check_required=True).count(), params.spot_check_ratio, random.SystemRandom().random())


# ---- per-action data and side effects ----------------------------------------------------------------------------------


def _note(ctx: Ctx) -> dict:
    note = ctx.d.text("note", "说明", required=False)
    return {"note": note} if note else {}


def _reason(ctx: Ctx) -> dict:
    return {"reason": ctx.d.text("reason", "理由")}


def _document(ctx: Ctx) -> dict:
    return {"name": ctx.d.text("name", "材料名称", limit=200), **_note(ctx)}


def _request_missing(ctx: Ctx) -> dict:
    items = ctx.d.raw.get("items")
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
        ctx.d.err("items", "须一次性列明需补齐的全部材料（文本列表，不能为空）")
        return {}
    items = [i.strip()[:200] for i in items]
    ctx.after.append(lambda: MissingItemsNotice.objects.create(
        case=ctx.case, items=items, issued_on=ctx.today, issued_by=ctx.actor) and None)
    return {"items": items}


def _supplement(ctx: Ctx) -> dict:
    MissingItemsNotice.objects.filter(case=ctx.case).update(supplied_on=ctx.today)
    return _note(ctx)


def _accept(ctx: Ctx) -> dict:
    case = ctx.case
    ctx.updates["delegated"] = registers.delegated(case.program, case.region_code, ctx.today)
    if registers.household_conflicts(case.household_id):
        ctx.updates["conflict_of_interest"] = True
    return {"delegated": ctx.updates["delegated"], **_note(ctx)}


def _visit(ctx: Ctx, county: bool = False) -> dict:
    d = ctx.d
    investigators = d.names("investigators", "调查人员", 2)
    member = d.text("member_signature", "在场家庭成员签字", limit=50)
    method = d.choice("method", "调查方式", VISIT_METHODS, "home_visit")
    emergency = d.flag("emergency", False)
    if method != "home_visit" and not emergency:
        d.err("method", "只有重大突发事件期间才可用电话、视频代替入户调查（57号 第十六条）；请注明 emergency: true")
    earliest = ctx.case.accepted_on or ctx.case.applied_on
    visited = d.date("visited_on", "调查日期", ctx.today, latest=ctx.today)
    if visited and earliest and visited < earliest:
        d.err("visited_on", f"调查日期不能早于受理日期 {earliest}")
    findings = d.text("findings", "调查情况")
    ctx.signed_by = investigators + ([member] if member else [])
    key = "county_visit_on" if county else "last_home_visit_on"
    ctx.updates[key] = visited
    return {"investigators": investigators, "member_signature": member, "method": method, "visited_on": visited,
            "findings": findings, **({"emergency": True} if emergency else {})}


def _verification(ctx: Ctx) -> dict:
    d, case = ctx.d, ctx.case
    result = d.choice("result", "核对结果", {"passed": "符合", "failed": "不符合"})
    started = d.date("started_on", "启动核对日期", ctx.today, latest=ctx.today)
    if started and case.verification_requested_on and started < case.verification_requested_on:
        d.err("started_on", f"启动核对日期不能早于提请日期 {case.verification_requested_on}")
    ctx.updates["verification_started_on"] = started
    out = {"result": result, "started_on": started, "report_ref": d.text("report_ref", "核对报告编号", limit=100),
           "summary": d.text("summary", "核对情况", required=False)}
    if result == "failed":
        out["next"] = "核对不符合：由乡镇(街道)告知申请人；申请人有异议并提供证据的，应当复查（57号 第十八条）"
    return out


def _update_facts(ctx: Ctx) -> dict:
    case, d = ctx.case, ctx.d
    members = _members(case.household_id, ctx.today)
    try:
        facts = casepolicy.check_facts(d.raw.get("facts"), members)
    except ValidationFailed as exc:
        d.errors += exc.errors
        return {}
    case.facts = facts
    for key, label in (("irregular_income", "收入不固定"), ("special_case", "人户分离等特殊情况")):
        if key in d.raw:
            ctx.updates[key] = d.flag(key, getattr(case, key))
    casepolicy.parse(case, workflow.first_of_month(ctx.today))
    return {"facts": facts, **{k: ctx.updates[k] for k in ("irregular_income", "special_case") if k in ctx.updates}}


def _initial_review(ctx: Ctx) -> dict:
    d, case = ctx.d, ctx.case
    opinion = d.text("opinion", "初审意见")
    recommend = d.choice("recommend", "初审结论", {"approve": "拟同意", "refuse": "拟不同意"})
    if "irregular_income" in d.raw:
        ctx.updates["irregular_income"] = d.flag("irregular_income", case.irregular_income)
    if d.errors:
        return {}
    result = casepolicy.evaluate(case, workflow.first_of_month(ctx.today))
    eligible, amount = casepolicy.amount_for(case, result)
    case.policy_result, case.policy_amount = result.as_dict(), amount
    if programs.require(case.program).approval_from_policy:  # 临时救助: small amounts approved by the township alone
        ctx.updates["delegated"] = result.procedure.get("approval_level") == "township"
    return {"opinion": opinion, "recommend": recommend, "policy_eligible": eligible, "policy_amount": amount}


def _notice(ctx: Ctx) -> dict:
    place = ctx.d.text("place", "公示地点", required=False, limit=200) or "村(居)务公开栏"
    last = workflow.notice_last_day(ctx.today, ctx.params.notice_days)
    return {"place": place, "from": ctx.today, "to": last}


def _objection(ctx: Ctx) -> dict:
    content = ctx.d.text("content", "异议内容")
    by = ctx.d.text("raised_by", "异议人", required=False, limit=100)
    ctx.after.append(lambda: Objection.objects.create(case=ctx.case, raised_on=ctx.today, raised_by=by,
                                                      content=content) and None)
    return {"content": content, "raised_by": by}


def _resolve_objection(ctx: Ctx, resolution: str, outcome: str) -> None:
    Objection.objects.filter(case=ctx.case, resolved_on__isnull=True).update(
        resolution=resolution, resolved_on=ctx.today, outcome=outcome)


def _reinvestigate(ctx: Ctx) -> dict:
    out = _note(ctx)
    _resolve_objection(ctx, "reinvestigate", out.get("note", "重新调查"))
    return out


def _community_review(ctx: Ctx) -> dict:
    participants = ctx.d.names("participants", "参加民主评议人员", 1)
    outcome = ctx.d.text("outcome", "评议结果")
    _resolve_objection(ctx, "community_review", outcome)
    return {"participants": participants, "outcome": outcome}


def _complaint(ctx: Ctx) -> dict:
    return {"content": ctx.d.text("content", "投诉举报内容"),
            "source": ctx.d.text("source", "来源", required=False, limit=100)}


def _spot_check(ctx: Ctx) -> dict:
    return {"result": ctx.d.choice("result", "抽查结论", {"consistent": "情况属实", "inconsistent": "情况不符"}),
            "findings": ctx.d.text("findings", "抽查情况")}


def _confirm(ctx: Ctx) -> dict:
    d, case = ctx.d, ctx.case
    amount = d.money("amount", "核定月金额")
    reason = d.text("override_reason", "调整金额理由", required=False)
    payee_id = as_id(d.raw.get("payee_id", case.applicant_id))
    if payee_id not in _members(case.household_id, ctx.today):
        d.err("payee_id", "领取人须是该家庭的在册成员")
    account, bank_name = bank_details(d)
    if d.errors:
        return {}
    start = workflow.entitlement_start(ctx.today)
    result = casepolicy.evaluate(case, start)  # the standards in force in the first month paid
    eligible, computed = casepolicy.amount_for(case, result)
    if amount is None:
        if not eligible:
            d.err("amount", "政策测算结果为不符合条件（见 policy_result.reasons）：如仍确认，须填写核定月金额并说明理由")
            return {}
        amount = computed
    overridden = not eligible or amount != computed
    if ctx.actor.role == roles.TOWNSHIP:
        limit = casepolicy.township_limit(case, start)
        if limit is not None and amount > limit:
            raise Forbidden(f"{programs.name(case.program)}金额 {amount} 元超过乡镇（街道）审批限额 {limit} 元，须报县级民政部门审批")
    if overridden and not reason:
        d.err("override_reason", f"核定月金额 {amount} 与政策测算金额 {computed} 不一致（或测算为不符合条件），须说明理由")
        return {}
    case.amount, case.policy_amount, case.policy_result = amount, computed, result.as_dict()
    case.override_reason = reason if overridden else ""
    case.decided_by = ctx.actor
    if account is not None:
        case.bank_account_enc = account
    if bank_name:
        case.bank_name = bank_name

    def create() -> dict:
        made = entitlements.create_for_case(ctx.actor, case, result, start, payee_id, overridden, ctx.today)
        return {"entitlements": [e.pk for e in made], "start_month": start}

    ctx.after.append(create)
    out = {"amount": amount, "policy_amount": computed, "policy_eligible": eligible}
    if overridden:
        out["override_reason"] = reason
    return out


def _refuse(ctx: Ctx) -> dict:
    reason = ctx.d.text("reason", "不予确认理由")
    ctx.case.refusal_reason, ctx.case.decided_by = reason, ctx.actor
    return {"reason": reason}


def _issue(ctx: Ctx) -> dict:
    return {"document_no": ctx.d.text("document_no", "确认通知书/低保证编号", required=False, limit=100),
            **_note(ctx)}


def _notify(ctx: Ctx) -> dict:
    return {"method": ctx.d.text("method", "告知方式", required=False, limit=50) or "书面送达", **_note(ctx)}


HANDLERS = {
    "record_document": _document, "request_missing": _request_missing, "supplement": _supplement,
    "accept": _accept, "record_home_visit": _visit, "county_home_visit": lambda c: _visit(c, county=True),
    "record_verification": _verification, "update_facts": _update_facts, "initial_review": _initial_review,
    "publish_notice": _notice, "record_objection": _objection, "reinvestigate": _reinvestigate,
    "community_review": _community_review, "record_complaint": _complaint, "spot_check": _spot_check,
    "return": _reason, "confirm": _confirm, "refuse": _refuse, "issue_decision": _issue,
    "notify_refusal": _notify, "withdraw": _reason, "terminate": _reason,
}


def refresh_deadlines(region_code: str = "") -> dict:
    """Recompute the stored inbox fields of every open case (after the State Council publishes next year's holiday
    schedule or a bureau changes its local calendar, provisional deadlines become final). Returns counts."""
    today = clock.today()
    qs = Case.objects.exclude(state__in=workflow.FINAL)
    if region_code:
        qs = qs.filter(**regioncodes.subtree_lookup("region_code", regioncodes.normalize(region_code)))
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
