"""What the API (and the CLI) answer about cases: a list row (CaseOut, read from the Case row and the inbox's
annotations), the case with its live deadlines, timeline and the actions the user may take (CaseDetailOut, built by
case_detail()). Money is exact decimal text ("1914.00")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field, create_model

from minzheng.benefits import catalogue, programs, selectors, workflow
from minzheng.core import clock, roles
from minzheng.core.validation import MoneyOut


class _CaseRow(Schema):
    id: int
    program: str
    program_name: str
    state: str
    state_label: str
    region_code: str
    household_id: int
    applicant_id: int
    applicant_name: str
    applied_on: dt.date
    awaiting_role: str | None = Field(..., description="轮到哪一级办理（village、township、county）；已办结为 null")
    task: str | None = Field(..., description="最近期限的事项（deadlines 的 code；县级核对为 verification）")
    due_on: dt.date | None = Field(..., description="最近的期限；没有期限为 null")
    due_provisional: bool = Field(..., description="期限按暂定的节假日安排计算")
    overdue: bool
    conflict_of_interest: bool


class CaseOut(_CaseRow):
    """A line of a case list or of the inbox (待办: `task` and `due_on` are the user's own task)."""

    @staticmethod
    def resolve_program_name(obj) -> str:
        return catalogue.PROGRAMS.get(obj.program, obj.program)

    @staticmethod
    def resolve_state_label(obj) -> str:
        return workflow.STATES[obj.state]

    @staticmethod
    def resolve_applicant_name(obj) -> str:
        return obj.applicant.name

    @staticmethod
    def resolve_awaiting_role(obj) -> str | None:
        return obj.awaiting_role or None

    @staticmethod
    def resolve_task(obj) -> str | None:
        return getattr(obj, "task", obj.due_code) or None

    @staticmethod
    def resolve_due_on(obj) -> dt.date | None:
        return getattr(obj, "task_due", obj.due_on)

    @staticmethod
    def resolve_overdue(obj) -> bool:
        due = getattr(obj, "task_due", obj.due_on)
        return bool(due and clock.today() > due)


class CaseDoneOut(CaseOut):
    """A line of 已办: with when the user last acted on the case."""

    last_acted: dt.datetime | None


class DeadlineOut(Schema):
    code: str
    label: str
    due: dt.date
    provisional: bool
    role: str = Field(..., description="township | county | confirming（审核确认的一级）")
    rule: str
    met_on: dt.date | None
    kind: str = Field(..., description="workdays（工作日）| calendar（自然日，公示期）")
    overdue: bool
    late: bool


class CaseEventOut(Schema):
    id: int
    action: str
    label: str
    state_from: str | None
    state_to: str | None
    state_label: str
    actor: str
    role: str
    on: dt.date
    at: dt.datetime
    data: dict[str, Any] = Field(..., description="该动作登记的内容（如调查人员、核定金额）")
    signed_by: list[str]

    @staticmethod
    def resolve_label(obj) -> str:
        return workflow.LABELS.get(obj.action, obj.action)

    @staticmethod
    def resolve_state_from(obj) -> str | None:
        return obj.state_from or None

    @staticmethod
    def resolve_state_to(obj) -> str | None:
        return obj.state_to or None

    @staticmethod
    def resolve_state_label(obj) -> str:
        return workflow.STATES.get(obj.state_to, "")

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor_name

    @staticmethod
    def resolve_role(obj) -> str:
        return obj.actor_role

    @staticmethod
    def resolve_on(obj) -> dt.date:
        return obj.on_date


class ActionOut(Schema):
    action: str
    label: str


CaseDatesOut = create_model(  # every step's date (workflow.CaseFacts): the facts each deadline is computed from
    "CaseDatesOut", __base__=Schema,
    **{f: (dt.date | None, None) for f in workflow.FACT_FIELDS if f.endswith("_on")})


class CaseDetailOut(_CaseRow):
    """The case as its page shows it: state, flags, decision, deadlines (computed now), timeline and what the user
    may do now."""

    subtype: str
    channel: str
    channel_label: str
    beneficiary_id: int | None
    beneficiary_name: str | None
    delegated: bool = Field(..., description="审核确认已委托乡镇(街道)")
    special_case: bool
    complaint: bool
    spot_check_required: bool
    irregular_income: bool
    needs_county_visit: bool = Field(..., description="确认前须县级入户调查（近亲属备案、异议、投诉举报）")
    proxy_document: str
    confirming_role: str | None
    dates: CaseDatesOut
    decision: str | None
    amount: MoneyOut | None = Field(..., description="核定月金额")
    policy_amount: MoneyOut | None = Field(..., description="政策测算月金额")
    override_reason: str
    refusal_reason: str
    decided_by: str | None
    bank_name: str
    bank_account: str = Field(..., description="银行账号（遮蔽）")
    facts: dict[str, Any] = Field(..., description="调查核实的家庭情况（测算输入的形状，见 FactsIn）")
    policy_result: dict[str, Any] | None = Field(
        ..., description="初审、确认时保存的测算结果（当时的 EvaluationOut；存量数据可能只有摘要）")
    deadlines: list[DeadlineOut]
    timeline: list[CaseEventOut]
    allowed_actions: list[ActionOut]
    entitlements: list[int] = Field(..., description="确认后产生的救助待遇")


def case_detail(user, case) -> CaseDetailOut:
    """The case page's content for `user` (the same in the API and `minzheng cases show`)."""
    today = clock.today()
    params = programs.params_of(case)
    facts = case.facts_view()
    dues = selectors.deadlines(case, today)
    nearest = workflow.next_due(dues, facts, params) if params else None
    row = CaseOut.model_validate(case).model_dump()
    may = (workflow.allowed_actions(facts, user.role, params) if params and user.role != roles.CITY else [])
    return CaseDetailOut.model_validate(row | {
        "subtype": case.subtype, "channel": case.channel, "channel_label": workflow.CHANNELS.get(case.channel, ""),
        "beneficiary_id": case.beneficiary_id, "beneficiary_name": case.beneficiary.name if case.beneficiary else None,
        "delegated": case.delegated, "special_case": case.special_case, "complaint": case.complaint,
        "spot_check_required": case.spot_check_required, "irregular_income": case.irregular_income,
        "needs_county_visit": facts.needs_county_visit, "proxy_document": case.proxy_document,
        "confirming_role": workflow.confirming_role(facts, params) if params else None,
        "dates": {f: getattr(case, f) for f in CaseDatesOut.model_fields},
        "decision": case.decision or None, "amount": case.amount, "policy_amount": case.policy_amount,
        "override_reason": case.override_reason, "refusal_reason": case.refusal_reason,
        "decided_by": case.decided_by.username if case.decided_by_id else None,
        "bank_name": case.bank_name, "bank_account": case.bank_account_masked,
        "facts": case.facts or {}, "policy_result": case.policy_result or None,
        "due_on": nearest.due if nearest else None, "due_provisional": nearest.provisional if nearest else False,
        "task": nearest.code if nearest else None, "overdue": any(d.overdue for d in dues),
        "deadlines": dues, "timeline": list(selectors.case_events(case)),
        "allowed_actions": [{"action": a, "label": workflow.LABELS[a]} for a in may],
        "entitlements": selectors.case_entitlement_ids(case),
    })
