"""The case workflow: one engine, parameters per program. Pure: dataclasses in, dataclasses out; no ORM, no I/O.

    step(facts, action, role, today, params) -> Step(state, updates)    # who may do what, when; raises 403/409
    deadlines(facts, params, calendar, today) -> [Due]                   # every time limit of the case
    awaiting(facts, params) -> role | None                               # whose turn it is (for the inbox)

A case moves through the states of 民发〔2021〕57号 (低保), with the same steps switched on or off and the time limits
set per program in its declaration (benefits.programs; 特困 民发〔2021〕43号 …). Time limits in working days
use the region's working-day calendar (core.workdays.Calendar: State Council schedule, 调休, local adjustments;
provisional beyond the years the package knows); the public notice runs in calendar days.
Errors: Forbidden (403) when the role may not do the action at all, Conflict (409, reason in Chinese) when the
action is not allowed in the case's state or its preconditions are not met.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Protocol

from minzheng.benefits.lifecycle import (  # noqa: F401  (re-exported: the rules after the decision)
    add_months,
    death_review_due,
    entitlement_start,
    first_of_month,
    gradual_exit_end,
    last_month_before_death,
    review_interval,
    validity_end,
)
from minzheng.core import roles
from minzheng.core.errors import Conflict, Forbidden

VILLAGE, TOWNSHIP, COUNTY, CITY = roles.VILLAGE, roles.TOWNSHIP, roles.COUNTY, roles.CITY
CONFIRMING = "confirming"  # pseudo-role: the county, or the township where confirmation is delegated

# ---- states -------------------------------------------------------------------------------------------------------

APPLIED, MISSING, ACCEPTED, INVESTIGATING = "applied", "missing_items", "accepted", "investigating"
REVIEWED, IN_NOTICE, OBJECTION, SUBMITTED = "reviewed", "in_notice", "objection", "submitted"
APPROVED, GRANTED, REFUSED, REFUSAL_NOTIFIED = "approved", "granted", "refused", "refusal_notified"
WITHDRAWN, TERMINATED = "withdrawn", "terminated"

STATES = {
    APPLIED: "待受理",
    MISSING: "待补齐材料",
    ACCEPTED: "已受理待调查",
    INVESTIGATING: "调查核实中",
    REVIEWED: "已初审待公示",
    IN_NOTICE: "公示中",
    OBJECTION: "公示有异议",
    SUBMITTED: "待审核确认",
    APPROVED: "已确认待送达",
    GRANTED: "已确认（决定已送达）",
    REFUSED: "不予确认待告知",
    REFUSAL_NOTIFIED: "不予确认（已书面告知）",
    WITHDRAWN: "已撤回",
    TERMINATED: "已终止",
}
FINAL = frozenset({GRANTED, REFUSAL_NOTIFIED, WITHDRAWN, TERMINATED})
OPEN = frozenset(STATES) - FINAL
BEFORE_DECISION = frozenset({APPLIED, MISSING, ACCEPTED, INVESTIGATING, REVIEWED, IN_NOTICE, OBJECTION, SUBMITTED})
INVESTIGATION_STATES = frozenset({ACCEPTED, INVESTIGATING})

CHANNELS = {"family": "家庭书面申请", "clerk": "村(居)委会代为申请", "online": "网上申请", "migration": "存量数据迁移"}

# ---- procedure parameters (each program declares its own: benefits.programs) -----------------------------------------

R57 = "民发〔2021〕57号《最低生活保障审核确认办法》"
R83 = "民发〔2022〕83号"
R43 = "民发〔2021〕43号《特困人员认定办法》"


@dataclass(frozen=True)
class ProgramParams:
    """Which steps a program's procedure has and its time limits. `None` = the rule sets no limit for that step
    (nothing is shown or counted). Working days (WD) unless named `_days`."""

    program: str
    unit: str  # "household" (one case per household) | "person" (a beneficiary is named)
    investigation: bool  # a home visit (入户调查, ≥ 2 investigators) is required before the initial review
    verification: bool  # a 家庭经济状况核对 result is required before the initial review
    public_notice: bool  # 公示 after the initial review
    renotice_after_objection: bool = False  # after an objection: post the new opinion again (特困) or send it on (低保)
    notice_days: int = 7  # calendar days
    start_investigation_wd: int | None = None
    verification_start_wd: int | None = None
    initial_review_wd: int | None = None  # from acceptance (and from an objection when re-posted)
    decision_wd: int | None = None  # from the file reaching the confirming level
    refusal_notice_wd: int | None = None  # from a refusal
    overall_wd: int | None = None  # from acceptance to the decision
    overall_delegated_wd: int | None = None
    overall_special_wd: int | None = None  # objections, 人户分离, applications away from home, hard investigations
    spot_check_ratio: Decimal = Decimal(0)  # the county spot-checks at least this share of cases
    delegable: bool = False  # confirmation may be delegated to the township
    review_months: int | None = None  # periodic review (定期核查)
    review_months_irregular: int | None = None  # irregular income or members able to work
    gradual_exit_max_months: int = 0  # 渐退期 (0 = none)
    validity_months: int | None = None  # a recognition valid for this long (then re-apply)
    subtypes: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    decision_rule: str = ""  # the rule cited for the decision's time limit (default: the first of `rules`)
    refusal_rule: str = ""  # … and for telling a refusal (default: the first of `rules`)


# ---- facts --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFacts:
    """What the engine needs to know about a case (the Case row's workflow fields)."""

    program: str
    state: str
    delegated: bool = False
    conflict_of_interest: bool = False
    special_case: bool = False
    complaint: bool = False
    spot_check_required: bool = False
    applied_on: dt.date | None = None
    missing_requested_on: dt.date | None = None
    accepted_on: dt.date | None = None
    investigation_started_on: dt.date | None = None
    last_home_visit_on: dt.date | None = None
    verification_requested_on: dt.date | None = None
    verification_started_on: dt.date | None = None
    initial_review_on: dt.date | None = None
    notice_start_on: dt.date | None = None
    objection_on: dt.date | None = None
    community_review_on: dt.date | None = None
    submitted_on: dt.date | None = None
    county_visit_on: dt.date | None = None
    spot_check_on: dt.date | None = None
    decided_on: dt.date | None = None
    decision: str = ""  # approved | refused
    refusal_notified_on: dt.date | None = None
    decision_issued_on: dt.date | None = None

    @property
    def needs_county_visit(self) -> bool:
        """57号 第十一、二十条: 单独登记备案 (relatives of staff) and cases with a complaint or report (an objection to
        the notice is one) need a home visit by the county before confirmation."""
        return self.conflict_of_interest or self.complaint or self.objection_on is not None


FACT_FIELDS = tuple(f for f in CaseFacts.__dataclass_fields__)


def notice_last_day(start: dt.date, days: int) -> dt.date:
    """The last day of a notice of `days` calendar days starting on `start` (start counts as day 1)."""
    return start + dt.timedelta(days=days - 1)


# ---- actions ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    states: frozenset[str]
    roles: frozenset[str]  # may contain CONFIRMING
    rule: str = ""


def _a(code, label, states, who, rule=""):
    return Action(code, label, frozenset(states), frozenset(who), rule)


_PRE = BEFORE_DECISION
ACTIONS: dict[str, Action] = {a.code: a for a in [
    _a("record_document", "登记申请材料", OPEN - {APPROVED, REFUSED}, {VILLAGE, TOWNSHIP}),
    _a("request_missing", "一次性告知补齐材料", {APPLIED}, {TOWNSHIP}, f"{R57} 第十条"),
    _a("supplement", "材料已补齐", {MISSING}, {VILLAGE, TOWNSHIP}, f"{R57} 第十条"),
    _a("accept", "受理", {APPLIED}, {TOWNSHIP}, f"{R57} 第十条"),
    _a("start_investigation", "启动家庭经济状况调查", {ACCEPTED}, {TOWNSHIP}, f"{R57} 第十五条"),
    _a("record_home_visit", "入户调查", INVESTIGATION_STATES, {TOWNSHIP}, f"{R57} 第十六条"),
    _a("request_verification", "提请家庭经济状况核对", INVESTIGATION_STATES, {TOWNSHIP}, f"{R57} 第十七条"),
    _a("record_verification", "登记核对结果", INVESTIGATION_STATES, {COUNTY}, f"{R57} 第十七、十八条"),
    _a("update_facts", "更新调查核实的家庭情况", {ACCEPTED, INVESTIGATING, OBJECTION}, {TOWNSHIP}),
    _a("initial_review", "初审", INVESTIGATION_STATES, {TOWNSHIP}, f"{R57} 第十九条"),
    _a("publish_notice", "发布公示", {REVIEWED}, {TOWNSHIP}, f"{R57} 第十九条（公示7天）"),
    _a("record_objection", "登记公示异议", {IN_NOTICE}, {TOWNSHIP}, f"{R57} 第十九条"),
    _a("reinvestigate", "重新调查", {OBJECTION}, {TOWNSHIP}, f"{R57} 第十九条"),
    _a("community_review", "民主评议", {OBJECTION}, {TOWNSHIP}, f"{R57} 第十九条（有异议时）"),
    _a("submit", "公示期满报送审核确认", {IN_NOTICE}, {TOWNSHIP}, f"{R57} 第十九条"),
    _a("record_complaint", "登记投诉举报", _PRE - {APPLIED, MISSING}, {TOWNSHIP, COUNTY}, f"{R57} 第二十条"),
    _a("county_home_visit", "县级入户调查", _PRE - {APPLIED, MISSING}, {COUNTY}, f"{R57} 第十一、二十条"),
    _a("spot_check", "县级抽查", {SUBMITTED}, {COUNTY}, f"{R43} 第十六条"),
    _a("return", "退回补充调查", {SUBMITTED}, {CONFIRMING}),
    _a("confirm", "审核确认", {SUBMITTED}, {CONFIRMING}, f"{R57} 第二十、二十一条"),
    _a("refuse", "不予确认", {SUBMITTED}, {CONFIRMING}, f"{R57} 第二十一条"),
    _a("issue_decision", "送达确认通知书", {APPROVED}, {CONFIRMING, TOWNSHIP}, f"{R57} 第二十一条"),
    _a("notify_refusal", "书面告知不予确认理由", {REFUSED}, {TOWNSHIP, COUNTY}, f"{R57} 第二十一条"),
    _a("withdraw", "申请人撤回申请", _PRE, {VILLAGE, TOWNSHIP}),
    _a("terminate", "终止审核确认", _PRE - {APPLIED, MISSING}, {TOWNSHIP, COUNTY}, f"{R57} 第二十九条"),
]}
APPLY = Action("apply", "提出申请", frozenset(), frozenset({VILLAGE, TOWNSHIP}), f"{R57} 第四至六条")
LABELS = {code: a.label for code, a in ACTIONS.items()} | {"apply": APPLY.label, "migrate": "存量对象导入"}


def confirming_role(facts: CaseFacts, params: ProgramParams) -> str:
    """Who confirms: the county, or the township where the county delegated it (57号 第二条; 83号)."""
    return TOWNSHIP if facts.delegated and params.delegable else COUNTY


def may(role: str, action: Action, facts: CaseFacts, params: ProgramParams) -> bool:
    if role in action.roles:
        return True
    if CONFIRMING in action.roles:
        return role == COUNTY or role == confirming_role(facts, params)
    return False


def _who(action: Action) -> str:
    names = {VILLAGE: "村(社区)协理员", TOWNSHIP: "乡镇(街道)", COUNTY: "县级民政部门",
             CONFIRMING: "县级民政部门（或受委托的乡镇(街道)）"}
    return "、".join(names[r] for r in (VILLAGE, TOWNSHIP, COUNTY, CONFIRMING) if r in action.roles)


def check_role(role: str, action: Action, facts: CaseFacts, params: ProgramParams) -> None:
    if may(role, action, facts, params):
        return
    if CONFIRMING in action.roles and role == TOWNSHIP:
        why = ("该项目的审核确认不能委托乡镇(街道)" if not params.delegable
               else "县级民政部门未将审核确认委托本乡镇(街道)")
        raise Forbidden(f"“{action.label}”须由县级民政部门办理：{why}")
    raise Forbidden(f"您的角色不能办理“{action.label}”（办理人：{_who(action)}）")


@dataclass(frozen=True)
class Step:
    state: str
    updates: dict = field(default_factory=dict)  # CaseFacts fields to set


def _state_error(facts: CaseFacts, action: Action) -> Conflict:
    allowed = "、".join(STATES[s] for s in STATES if s in action.states)
    return Conflict(f"案件当前状态为“{STATES.get(facts.state, facts.state)}”，不能办理“{action.label}”"
                    f"（可办理的状态：{allowed}）")


def step(facts: CaseFacts, code: str, role: str, today: dt.date, params: ProgramParams) -> Step:
    """Check that `role` may do action `code` on the case today, and return the new state and fact updates.
    Raises Forbidden (role) before Conflict (state, preconditions). Payload validation is the caller's."""
    action = ACTIONS.get(code)
    if action is None:
        raise Conflict(f"未知的办理动作“{code}”，可用：{'、'.join(ACTIONS)}")
    check_role(role, action, facts, params)
    if facts.state not in action.states:
        raise _state_error(facts, action)
    handler = _HANDLERS.get(code)
    return handler(facts, today, params) if handler else Step(facts.state)


def _started(facts: CaseFacts, today: dt.date) -> dict:
    """Any investigation act in the accepted state starts the investigation (57号 第十五条)."""
    return {"investigation_started_on": today} if facts.investigation_started_on is None else {}


def _request_missing(f, today, p):
    if f.missing_requested_on is not None:
        raise Conflict(f"已于 {f.missing_requested_on} 一次性告知需补齐的全部材料，不得再次要求补充（{R57} 第十条）")
    return Step(MISSING, {"missing_requested_on": today})


def _home_visit(f, today, p):
    return Step(INVESTIGATING, _started(f, today) | {"last_home_visit_on": today})


def _request_verification(f, today, p):
    if f.verification_requested_on is not None and f.verification_started_on is None:
        raise Conflict(f"已于 {f.verification_requested_on} 提请核对，尚待县级民政部门办理")
    return Step(INVESTIGATING, _started(f, today) | {"verification_requested_on": today,
                                                      "verification_started_on": None})


def _record_verification(f, today, p):
    if f.verification_requested_on is None:
        raise Conflict("乡镇(街道)尚未提请家庭经济状况核对")
    return Step(f.state, {"verification_started_on": today})


def _initial_review(f, today, p):
    after = f.objection_on
    if after is not None:
        redone = ((f.last_home_visit_on is not None and f.last_home_visit_on >= after)
                  or (f.community_review_on is not None and f.community_review_on >= after))
        if not redone:
            raise Conflict(f"公示有异议（{after}）：须先重新调查或组织民主评议，再提出新的初审意见（{R57} 第十九条）")
    elif p.investigation and f.last_home_visit_on is None:
        raise Conflict(f"须先完成入户调查（调查人员不少于2人并签字）再初审（{R57} 第十六条）")
    if p.verification and (f.verification_requested_on is None or f.verification_started_on is None):
        raise Conflict(f"须先取得家庭经济状况核对结果再初审（{R57} 第十七条）")
    updates = {"initial_review_on": today} | _started(f, today)
    if p.public_notice and (after is None or p.renotice_after_objection):
        return Step(REVIEWED, updates)
    return Step(SUBMITTED, updates | {"submitted_on": today})


def _publish(f, today, p):
    return Step(IN_NOTICE, {"notice_start_on": today})


def _objection(f, today, p):
    return Step(OBJECTION, {"objection_on": today})


def _reinvestigate(f, today, p):
    return Step(INVESTIGATING)


def _community_review(f, today, p):
    return Step(INVESTIGATING, {"community_review_on": today})


def _submit(f, today, p):
    last = notice_last_day(f.notice_start_on, p.notice_days)
    if today <= last:
        raise Conflict(f"公示期未满：公示自 {f.notice_start_on} 起 {p.notice_days} 天（至 {last}），"
                       f"{last + dt.timedelta(days=1)} 起方可报送（{R57} 第十九条）")
    return Step(SUBMITTED, {"submitted_on": today})


def _complaint(f, today, p):
    return Step(f.state, {"complaint": True})


def _county_visit(f, today, p):
    return Step(f.state, {"county_visit_on": today})


def _spot_check(f, today, p):
    return Step(f.state, {"spot_check_on": today})


def _return(f, today, p):
    return Step(INVESTIGATING, {"submitted_on": None, "initial_review_on": None})


def _confirm(f, today, p):
    if f.needs_county_visit and f.county_visit_on is None:
        why = ("申请家庭成员与经办人员或村(居)委会成员有近亲属关系，已单独登记备案" if f.conflict_of_interest
               else "该申请有异议或投诉举报")
        raise Conflict(f"{why}：须先由县级民政部门入户调查，才能审核确认（{R57} 第十一、二十条）")
    if f.spot_check_required and f.spot_check_on is None:
        raise Conflict(f"该案已被抽中由县级民政部门抽查，须先完成抽查（{R43} 第十六条）")
    return Step(APPROVED, {"decided_on": today, "decision": "approved"})


def _refuse(f, today, p):
    return Step(REFUSED, {"decided_on": today, "decision": "refused"})


def _issue(f, today, p):
    return Step(GRANTED, {"decision_issued_on": today})


def _notify(f, today, p):
    return Step(REFUSAL_NOTIFIED, {"refusal_notified_on": today})


_HANDLERS = {
    "request_missing": _request_missing, "supplement": lambda f, t, p: Step(APPLIED),
    "accept": lambda f, t, p: Step(ACCEPTED, {"accepted_on": t}),
    "start_investigation": lambda f, t, p: Step(INVESTIGATING, {"investigation_started_on": t}),
    "record_home_visit": _home_visit, "request_verification": _request_verification,
    "record_verification": _record_verification, "initial_review": _initial_review, "publish_notice": _publish,
    "record_objection": _objection, "reinvestigate": _reinvestigate, "community_review": _community_review,
    "submit": _submit, "record_complaint": _complaint, "county_home_visit": _county_visit,
    "spot_check": _spot_check, "return": _return, "confirm": _confirm, "refuse": _refuse, "issue_decision": _issue,
    "notify_refusal": _notify, "withdraw": lambda f, t, p: Step(WITHDRAWN),
    "terminate": lambda f, t, p: Step(TERMINATED),
}


def allowed_actions(facts: CaseFacts, role: str, params: ProgramParams) -> list[str]:
    """Actions this role may attempt in the case's state (preconditions are checked when acting)."""
    return [code for code, a in ACTIONS.items() if facts.state in a.states and may(role, a, facts, params)]


def apply(facts: CaseFacts, s: Step) -> CaseFacts:
    return replace(facts, state=s.state, **s.updates)


# ---- whose turn ------------------------------------------------------------------------------------------------------


def awaiting(facts: CaseFacts, params: ProgramParams) -> str | None:
    """The role that must act next (for the inbox); None for a closed case."""
    if facts.state in FINAL:
        return None
    if facts.state == MISSING:
        return VILLAGE
    if facts.state in (SUBMITTED, APPROVED):
        return confirming_role(facts, params)
    return TOWNSHIP


def county_verification_pending(facts: CaseFacts) -> bool:
    return (facts.state in INVESTIGATION_STATES and facts.verification_requested_on is not None
            and facts.verification_started_on is None)


def spot_check_draw(submitted_before: int, selected_before: int, ratio: Decimal, draw: float) -> bool:
    """Select a case for the county's spot check (43号 第十六条: at least `ratio` of cases). Random (`draw` in [0,1)),
    but forced whenever the share selected so far would otherwise fall below the ratio — so the share never drops
    under it, whatever the draws."""
    if ratio <= 0:
        return False
    if selected_before < math.ceil(Decimal(submitted_before + 1) * ratio):
        return True
    return Decimal(str(draw)) < ratio


# ---- deadlines -----------------------------------------------------------------------------------------------------


class WorkdayCalendar(Protocol):
    def add_workdays(self, start: dt.date, count: int): ...  # -> core.workdays.Deadline(day, provisional)


@dataclass(frozen=True)
class Due:
    code: str
    label: str
    due: dt.date
    provisional: bool  # counted past the years the official holiday schedule is known for
    role: str  # who must act by then (township | county | confirming)
    rule: str
    met_on: dt.date | None = None
    kind: str = "workdays"  # workdays | calendar (the notice period: informative, never overdue)
    overdue: bool = False

    @property
    def late(self) -> bool:
        return self.met_on is not None and self.kind == "workdays" and self.met_on > self.due

    def as_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "due": self.due.isoformat(), "provisional": self.provisional,
                "role": self.role, "rule": self.rule, "met_on": self.met_on.isoformat() if self.met_on else None,
                "kind": self.kind, "overdue": self.overdue, "late": self.late}


# Short names of the time limits (deadlines' codes) for lists and the inbox.
DUE_LABELS = {"start_investigation": "启动调查", "verification": "县级核对", "initial_review": "调查并初审",
              "notice": "公示期", "decision": "审核确认", "refusal_notice": "书面告知不予确认理由",
              "overall": "全程办理时限"}


def overall_limit(facts: CaseFacts, params: ProgramParams) -> int | None:
    """30 WD; 20 WD where confirmation is delegated; 45 WD for objections and special cases (83号)."""
    if params.overall_wd is None:
        return None
    if (facts.special_case or facts.objection_on is not None) and params.overall_special_wd:
        return params.overall_special_wd
    if facts.delegated and params.delegable and params.overall_delegated_wd:
        return params.overall_delegated_wd
    return params.overall_wd


def deadlines(facts: CaseFacts, params: ProgramParams, calendar: WorkdayCalendar, today: dt.date) -> list[Due]:
    """Every time limit that has started for the case, with the date it was met (if it was)."""
    out: list[Due] = []

    def wd(code, label, start, count, met, role, rule):
        if start is None or count is None:
            return
        d = calendar.add_workdays(start, count)
        out.append(Due(code, f"{label}（{count}个工作日）", d.day, d.provisional, role, rule, met,
                       overdue=met is None and facts.state not in FINAL and today > d.day))

    wd("start_investigation", "启动家庭经济状况调查", facts.accepted_on, params.start_investigation_wd,
       facts.investigation_started_on, TOWNSHIP, f"{R57} 第十五条")
    wd("verification", "县级启动信息核对", facts.verification_requested_on, params.verification_start_wd,
       facts.verification_started_on, COUNTY, f"{R57} 第十七条")
    if params.initial_review_wd is not None and facts.accepted_on is not None:
        anchor = facts.objection_on if (facts.objection_on and params.renotice_after_objection) else facts.accepted_on
        met = facts.initial_review_on if facts.initial_review_on and facts.initial_review_on >= anchor else None
        label = "重新调查并提出初审意见" if anchor != facts.accepted_on else "调查并提出初审意见"
        wd("initial_review", label, anchor, params.initial_review_wd, met, TOWNSHIP, params.rules[0])
    if facts.notice_start_on is not None and params.public_notice:
        last = notice_last_day(facts.notice_start_on, params.notice_days)
        ended = [d for d in (facts.submitted_on, facts.objection_on) if d is not None and d >= facts.notice_start_on]
        out.append(Due("notice", f"公示期（{params.notice_days}天，自然日）", last, False, TOWNSHIP, f"{R57} 第十九条",
                       min(ended, default=None), kind="calendar"))
    decision_rule = params.decision_rule or params.rules[0]
    wd("decision", "审核确认", facts.submitted_on, params.decision_wd, facts.decided_on, CONFIRMING, decision_rule)
    if facts.decision == "refused":
        wd("refusal_notice", "书面告知不予确认理由", facts.decided_on, params.refusal_notice_wd,
           facts.refusal_notified_on, TOWNSHIP, params.refusal_rule or params.rules[0])
    wd("overall", "全程办理时限", facts.accepted_on, overall_limit(facts, params), facts.decided_on, CONFIRMING,
       f"{R57} 第二十二条；{R83}")
    return out


def next_due(items: list[Due], facts: CaseFacts, params: ProgramParams) -> Due | None:
    """The nearest unmet time limit of the role whose turn it is (the overall limit counts for everyone)."""
    role = awaiting(facts, params)
    if role is None:
        return None
    mine = [d for d in items if d.met_on is None and d.kind == "workdays"
            and (d.code == "overall" or (d.role == CONFIRMING and role == confirming_role(facts, params))
                 or d.role == role)]
    return min(mine, key=lambda d: d.due, default=None)
