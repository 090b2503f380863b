"""Input and output schemas of the verification API (and the inputs of the finding services): money as exact decimal
text ("1234.50"), months as "YYYY-MM", codes with their Chinese labels."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from minzheng.benefits import programs
from minzheng.core import clock
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Money, MoneyOut, Month, MonthOut, Text, choice
from minzheng.verification import codes

OutcomeCode = choice(codes.FINDING_OUTCOMES, "处理结果")


class _In(BodyIn):
    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not silently ignored


class FindingOut(Schema):
    id: int
    month: MonthOut
    rule: str
    rule_label: str
    person_id: int
    person_name: str
    household_id: int
    entitlement_id: int
    program: str
    program_name: str
    region_code: str = Field(..., description="待遇所在村(社区)")
    evidence: dict[str, Any] = Field(..., description="比对依据（text 为中文说明）")
    amount_at_stake: MoneyOut = Field(..., description="涉及月金额")
    status: str
    status_label: str
    due_on: dt.date = Field(..., description="核实期限")
    due_provisional: bool
    overdue: bool = Field(..., description="待核实且已过期限")
    outcome: str
    outcome_label: str
    outcome_note: str
    decided_on: dt.date | None = None

    @staticmethod
    def resolve_rule_label(obj) -> str:
        return codes.RULES.get(obj.rule, obj.rule)

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_program_name(obj) -> str:
        return programs.name(obj.program)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return codes.FINDING_STATUS[obj.status]

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.status == "open" and obj.due_on < clock.today()

    @staticmethod
    def resolve_outcome_label(obj) -> str:
        return codes.FINDING_OUTCOMES.get(obj.outcome, "")


class FindingConfirmIn(_In):
    outcome: OutcomeCode = Field(..., title="处理结果")
    effective_month: Month | None = Field(None, title="生效月份")
    notice_on: Day | None = Field(None, title="告知家庭日期", description="停发、减发须填写")
    new_amount: Money | None = Field(None, title="减发后的月金额", description="减发时填写")
    reason: Text[2000] = Field("", title="理由", description="不填 = 规则名称和比对依据")
    note: Text[2000] = Field("", title="核实情况")


class DismissIn(_In):
    reason: Text[2000] = Field(..., title="排除理由（核实情况）")


class VerificationReportOut(Schema):
    id: int
    case_id: int
    household_id: int
    region_code: str
    month: MonthOut
    conclusion: str = Field(..., description="eligible 符合、ineligible 不符合、check 需核实")
    conclusion_label: str
    reasons: list[str]
    data: dict[str, Any] = Field(..., description="核对内容：每个成员的部门数据、申报情况、标准")
    created_at: dt.datetime
    requested_by: str

    @staticmethod
    def resolve_conclusion_label(obj) -> str:
        return codes.CONCLUSIONS[obj.conclusion]

    @staticmethod
    def resolve_requested_by(obj) -> str:
        return obj.requested_by.username if obj.requested_by_id else ""


class FeedSnapshotOut(Schema):
    id: int
    kind: str
    kind_label: str
    as_of: dt.date
    rows: int
    rejected: int
    source_name: str
    sha256: str
    loaded_by: str
    loaded_at: dt.datetime

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return codes.FEED_KINDS.get(obj.kind, obj.kind)

    @staticmethod
    def resolve_loaded_by(obj) -> str:
        return obj.loaded_by.username if obj.loaded_by_id else ""
