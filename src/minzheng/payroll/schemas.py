"""Input and output schemas of the payroll API (and the CLI's JSON). Money is integer fen in the database and yuan
`Decimal` here, serialised as exact text ("1234.50", core.validation.MoneyOut); months as "YYYY-MM"."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema
from pydantic import ConfigDict

from minzheng.benefits import programs
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Filled, Id, Money, MoneyOut, Month, MonthOut, RegionCode, Text, choice
from minzheng.payroll import codes, selectors
from minzheng.payroll.models import fen_to_decimal
from minzheng.payroll.services import approval

ActionCode = choice(codes.ACTIONS, "名册操作")
LevelCode = choice(codes.LEVELS, "区划层级")


class _In(BodyIn):
    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not silently ignored


# ---- payrolls --------------------------------------------------------------------------------------------------------


class PayrollOut(Schema):
    id: int
    program: str
    program_name: str
    region_code: str = Field(..., description="乡镇(街道)区划代码")
    month: MonthOut
    status: str
    status_label: str
    locked: bool = Field(..., description="已审批锁定：名册不再改变")
    lines: int
    payees: int
    total: MoneyOut
    generations: int
    generated_at: dt.datetime | None = None
    checked_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    exported_at: dt.datetime | None = None
    reconciled_at: dt.datetime | None = None

    @staticmethod
    def resolve_program_name(obj) -> str:
        return programs.name(obj.program)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return codes.STATUS[obj.status]

    @staticmethod
    def resolve_lines(obj) -> int:
        return obj.line_count

    @staticmethod
    def resolve_payees(obj) -> int:
        return obj.payee_count

    @staticmethod
    def resolve_total(obj):
        return fen_to_decimal(obj.total_fen)


class PendingPayrollOut(PayrollOut):
    task: str = Field(..., description="待办事项：初审、审批、生成银行文件、银行回盘对账")

    @staticmethod
    def resolve_task(obj) -> str:
        return codes.PENDING_TASK.get(obj.status, "")


class KindTotalOut(Schema):
    kind: str
    kind_label: str
    lines: int
    amount: MoneyOut


class StatusTotalOut(Schema):
    status: str
    status_label: str
    lines: int
    amount: MoneyOut


class PayrollDetailOut(PayrollOut):
    kinds: list[KindTotalOut] = Field(..., description="按类别合计")
    statuses: list[StatusTotalOut] = Field(..., description="按发放状态合计")
    allowed_actions: list[str] = Field(..., description="当前用户可办理的操作：check、approve、return")

    @staticmethod
    def resolve_kinds(obj) -> list[dict]:
        return selectors.kind_totals(obj)

    @staticmethod
    def resolve_statuses(obj) -> list[dict]:
        return selectors.status_totals(obj)

    @staticmethod
    def resolve_allowed_actions(obj, context) -> list[str]:
        return approval.allowed_actions(context["request"].user, obj)


class ActionIn(_In):
    action: ActionCode = Field(..., title="名册操作")
    note: Text[500] = Field("", title="说明")


class GenerateIn(_In):
    month: Month = Field(..., title="发放月份")
    program: Text[30] = Field("", title="救助项目", description="空 = 所有按月发放的项目")
    region_code: RegionCode | None = Field(None, title="区划", description="空 = 本人辖区")


class DifferenceExampleOut(Schema):
    entitlement_id: int
    kind: str
    for_month: str
    change: str = Field(..., description="added | removed | changed")
    amount: MoneyOut
    before: MoneyOut | None = None


class DifferenceOut(Schema):
    payroll_id: int
    added: int
    removed: int
    changed: int
    total_before: MoneyOut
    total_after: MoneyOut
    examples: list[DifferenceExampleOut]


class GenerationOut(Schema):
    month: str
    payrolls: int = Field(..., description="该月本辖区名册数（含未变的）")
    lines: int
    total: MoneyOut
    created: list[int]
    regenerated: list[int]
    unchanged: list[int]
    removed: list[int]
    recoveries_found: int
    difference: list[DifferenceOut]


# ---- lines and the failed-payment work list --------------------------------------------------------------------------


class PayrollLineOut(Schema):
    id: int
    payroll_id: int
    entitlement_id: int
    person_id: int | None = Field(None, description="受益人（按人发放的项目）")
    payee_id: int
    payee_name: str
    household_id: int
    program: str
    region_code: str
    month: MonthOut
    for_month: MonthOut = Field(..., description="所属月份（补发为以前的月份）")
    kind: str
    kind_label: str
    amount: MoneyOut
    status: str
    status_label: str
    bank_reason: str
    bank_name: str
    account: str = Field(..., description="银行账号（脱敏）")
    recovery_id: int | None = None

    @staticmethod
    def resolve_payee_name(obj) -> str:
        return obj.payee.name

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return codes.KINDS[obj.kind]

    @staticmethod
    def resolve_amount(obj):
        return fen_to_decimal(obj.amount_fen)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return codes.LINE_STATUS[obj.status]

    @staticmethod
    def resolve_account(obj) -> str:
        return obj.account_masked


class FailedPaymentOut(Schema):
    payroll_id: int
    entitlement_id: int
    payee_id: int
    payee_name: str
    program: str
    program_name: str
    region_code: str
    month: MonthOut
    amount: MoneyOut = Field(..., description="这一笔的净额（含补发、扣回）")
    bank_reason: str
    bank_name: str

    @staticmethod
    def resolve_payee_name(obj) -> str:
        return obj.payee.name

    @staticmethod
    def resolve_program_name(obj) -> str:
        return programs.name(obj.program)

    @staticmethod
    def resolve_amount(obj):
        return fen_to_decimal(obj.net_fen)


class FixAccountIn(_In):
    entitlement_id: Id = Field(..., title="待遇编号")
    account: Annotated[Text[40], Filled] = Field(..., title="银行账号")
    bank_name: Text[100] = Field("", title="开户行")


class FixAccountOut(Schema):
    payroll_id: int
    entitlement_id: int
    lines: int
    account: str = Field(..., description="更正后的账号（脱敏）")
    status: str


# ---- recoveries ------------------------------------------------------------------------------------------------------


class RecoveryOut(Schema):
    id: int
    entitlement_id: int
    program: str
    program_name: str
    region_code: str
    household_id: int
    payee_id: int
    payee_name: str
    from_month: MonthOut
    to_month: MonthOut
    amount: MoneyOut = Field(..., description="应追回")
    deducted: MoneyOut = Field(..., description="已在名册中扣回（未发放失败的）")
    repaid: MoneyOut = Field(..., description="已退回")
    outstanding: MoneyOut = Field(..., description="未追回")
    status: str
    status_label: str
    reason: str
    found_on: dt.date

    @staticmethod
    def resolve_program_name(obj) -> str:
        return programs.name(obj.program)

    @staticmethod
    def resolve_payee_name(obj) -> str:
        return obj.payee.name

    @staticmethod
    def resolve_amount(obj):
        return fen_to_decimal(obj.amount_fen)

    @staticmethod
    def resolve_deducted(obj):
        return fen_to_decimal(obj.deducted_fen)

    @staticmethod
    def resolve_repaid(obj):
        return fen_to_decimal(obj.repaid_fen)

    @staticmethod
    def resolve_outstanding(obj):
        return fen_to_decimal(obj.outstanding_fen)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return codes.RECOVERY_STATUS[obj.status]


class RepayIn(_In):
    amount: Money = Field(..., title="退回金额")


# ---- funds statistics ------------------------------------------------------------------------------------------------


class FundsQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, title="年度", description="不填 = 今年")
    month: Month | None = Field(None, title="截至月份", description="YYYY-MM：统计该年 1 月至该月")
    program: Text[30] = Field("", title="救助项目")
    region_code: RegionCode | None = Field(None, title="区划")
    level: LevelCode = Field("township", title="区划层级")


class FundsGroupOut(Schema):
    key: str
    label: str
    lines: int
    amount: MoneyOut


class FundsRowOut(Schema):
    program: str
    program_name: str
    region_code: str
    region_name: str
    month: str
    status: str
    status_label: str
    lines: int
    amount: MoneyOut


class FundsStatsOut(Schema):
    year: int
    from_: str = Field(..., alias="from", description="起始月份 YYYY-MM")
    to: str = Field(..., description="截至月份 YYYY-MM")
    level: str
    lines: int
    total: MoneyOut
    by_program: list[FundsGroupOut]
    by_region: list[FundsGroupOut]
    by_month: list[FundsGroupOut]
    by_status: list[FundsGroupOut]
    rows: list[FundsRowOut]


def dump(schema: type[Schema], obj) -> dict:
    """One object as the API shows it, as plain JSON data (for the CLI)."""
    return schema.from_orm(obj).model_dump(mode="json", by_alias=True)
