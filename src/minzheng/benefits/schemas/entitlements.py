"""Entitlements (救助待遇): each change's input (EntitlementActionIn, a union on `action` as POST
/entitlements/{id}/actions takes it), the list filters, and what the API answers (EntitlementOut, with its changes and
reviews in EntitlementDetailOut; ReviewDueOut for the reviews coming due).

The rules that need the entitlement (not before its start, below its amount, not retroactive, a household member)
stay in benefits.services.entitlements."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from ninja import Schema
from pydantic import Field, ValidationInfo, field_validator

from minzheng.benefits import catalogue
from minzheng.benefits.codes import ENTITLEMENT_STATUS
from minzheng.benefits.schemas.evaluation import program_codes
from minzheng.benefits.schemas.fields import (
    Amount,
    BankAccount,
    BlankAsNone,
    In,
    OptDay,
    OptId,
    OptMonth,
    Present,
    code,
    rule,
)
from minzheng.core import clock
from minzheng.core.validation import Day, Filled, MoneyOut, MonthOut, RegionCode, Text, choice

Reason = Annotated[Text[2000], Filled]


class IncreaseIn(In):
    """增发: a higher amount from a month (not before the entitlement started)."""

    action: Literal["increase"]
    new_amount: Amount = Field(..., title="新的月金额")
    effective_month: OptMonth = Field(None, title="生效月份", description="默认：下月")
    reason: Reason = Field(..., title="理由（须有合法事由）")
    notice_on: OptDay = Field(None, title="告知日期")


class DecreaseIn(In):
    """减发: a lower amount from this month or later (not retroactive), the family told why (57号 第三十二条)."""

    action: Literal["decrease"]
    new_amount: Amount = Field(..., title="新的月金额")
    effective_month: OptMonth = Field(None, title="生效月份", description="默认：下月；不得早于本月")
    reason: Reason = Field(..., title="理由（须有合法事由）")
    notice_on: Annotated[Day, Present] = Field(..., title="告知日期",
                                               description="减发须告知家庭理由（57号 第三十二条）")


class StopIn(In):
    """停发: the first month not paid (not before this month), the family told why (57号 第三十二条)."""

    action: Literal["stop"]
    effective_month: OptMonth = Field(None, title="停发月份", description="默认：下月；不得早于本月")
    reason: Reason = Field(..., title="停发理由（须有合法事由）")
    notice_on: Annotated[Day, Present] = Field(..., title="告知日期",
                                               description="停发须告知家庭理由（57号 第三十二条）")


class GradualExitIn(In):
    """渐退: paid on for 1–6 more months (a longer exit is refused by the workflow: 409)."""

    action: Literal["gradual_exit"]
    months: int = Field(..., title="渐退期月数")
    from_month: OptMonth = Field(None, title="渐退起始月份", description="默认：下月；不得早于本月")
    reason: Reason = Field(..., title="理由（如：就业后家庭人均收入超过低保标准）")
    notice_on: OptDay = Field(None, title="告知日期")

    @field_validator("months", mode="before")
    @classmethod
    def _whole(cls, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise rule("渐退期月数应为整数")
        return value


class SuspendIn(In):
    action: Literal["suspend"]
    effective_month: OptMonth = Field(None, title="暂停月份", description="默认：下月")
    reason: Reason = Field(..., title="暂停理由")


class ResumeIn(In):
    action: Literal["resume"]
    effective_month: OptMonth = Field(None, title="恢复月份", description="默认：本月")
    reason: Reason = Field(..., title="恢复理由")


class DeathIn(In):
    """死亡: the person's own entitlements stop from the month after; a household's is re-checked (83号)."""

    action: Literal["death"]
    person_id: OptId = Field(None, title="死亡的成员", description="默认：待遇的救助对象")
    death_date: OptDay = Field(None, title="死亡日期", description="默认：人员信息中登记的死亡日期")

    @field_validator("death_date")
    @classmethod
    def _past(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value > clock.today():
            raise rule(f"死亡日期不能晚于 {clock.today()}")
        return value


OUTCOMES = {"unchanged": "无变化", "changed": "有变化（另行办理增发、减发）", "stopped": "不再符合条件（另行办理停发）"}


class ReviewIn(In):
    """定期核查 done: the due review is closed and the next one scheduled."""

    action: Literal["review"]
    outcome: choice(OUTCOMES, "核查结论") = Field(..., title="核查结论")
    note: Text[2000] = Field("", title="核查情况", description="有变化或不再符合条件时必填", validate_default=True)

    @field_validator("note")
    @classmethod
    def _explained(cls, value: str, info: ValidationInfo) -> str:
        if not value and info.data.get("outcome", "unchanged") != "unchanged":
            raise rule("须填写核查情况")
        return value


class ChangePayeeIn(In):
    """变更领取人: another living member of the household receives the money, with their bank details."""

    action: Literal["change_payee"]
    payee_id: OptId = Field(None, title="新领取人")
    bank_account: BankAccount = Field("", title="银行账号")
    bank_name: Text[100] = Field("", title="开户行")
    reason: Reason = Field(..., title="变更理由")


ACTION_MODELS = (IncreaseIn, DecreaseIn, StopIn, GradualExitIn, SuspendIn, ResumeIn, DeathIn, ReviewIn, ChangePayeeIn)
ACTION_INPUTS: dict[str, type[In]] = {
    a: m for m in ACTION_MODELS for a in get_args(m.model_fields["action"].annotation)}
EntitlementActionIn = Annotated[IncreaseIn | DecreaseIn | StopIn | GradualExitIn | SuspendIn | ResumeIn | DeathIn
                                | ReviewIn | ChangePayeeIn, Field(discriminator="action")]


# ---- filters ---------------------------------------------------------------------------------------------------------


class EntitlementQuery(Schema):
    program: code(program_codes, "救助项目") = ""
    status: code({k: k for k in ENTITLEMENT_STATUS}, "状态") = ""
    region_code: Annotated[RegionCode | None, BlankAsNone] = Field(None, description="区划（含下级）")


class ReviewQuery(Schema):
    due_before: OptDay = Field(None, description="应核查日期不晚于（YYYY-MM-DD）")


# ---- output ----------------------------------------------------------------------------------------------------------


class EntitlementOut(Schema):
    id: int
    program: str
    program_name: str
    person_id: int | None = Field(..., description="救助对象（按人的项目、单人户）；null 为整户")
    household_id: int
    payee_id: int
    region_code: str
    monthly_amount: MoneyOut
    start_month: MonthOut
    end_month: MonthOut | None = Field(..., description="最后发放的月份；null 为未定")
    status: str
    status_label: str
    source_case_id: int
    bank_name: str
    bank_account: str = Field(..., description="银行账号（遮蔽）")
    review_months: int | None = Field(..., description="定期核查周期（月）")

    @staticmethod
    def resolve_program_name(obj) -> str:
        return catalogue.PROGRAMS.get(obj.program, obj.program)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return ENTITLEMENT_STATUS.get(obj.status, obj.status)

    @staticmethod
    def resolve_bank_account(obj) -> str:
        return obj.bank_account_masked


class ChangeOut(Schema):
    kind: str
    old_amount: MoneyOut
    new_amount: MoneyOut
    effective_month: MonthOut
    end_month: MonthOut | None
    reason: str
    notice_on: dt.date | None
    decided_on: dt.date


class ReviewOut(Schema):
    due_on: dt.date
    reason: str = Field(..., description="periodic（定期核查）| death（成员死亡后复核）")
    done_on: dt.date | None
    outcome: str
    note: str


class EntitlementDetailOut(EntitlementOut):
    changes: list[ChangeOut]
    reviews: list[ReviewOut]

    @staticmethod
    def resolve_changes(obj) -> list:
        from minzheng.benefits.selectors import changes_of

        return changes_of(obj)

    @staticmethod
    def resolve_reviews(obj) -> list:
        from minzheng.benefits.selectors import reviews_of

        return reviews_of(obj)


class ReviewDueOut(Schema):
    id: int
    entitlement_id: int
    program: str
    household_id: int
    region_code: str
    due_on: dt.date
    reason: str
    overdue: bool

    @staticmethod
    def resolve_program(obj) -> str:
        return obj.entitlement.program

    @staticmethod
    def resolve_household_id(obj) -> int:
        return obj.entitlement.household_id

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return clock.today() > obj.due_on
