"""社会组织 inputs (validated by the services with core.validation after the role and region checks: Chinese
messages, every field at once, nothing written) and API outputs (money as decimal text, labels next to codes).
Dates are bounded to 1950–2100, money to 12 digits, so no fuzzed value runs away."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from minzheng.benefits.schemas.fields import BlankAsNone, In, Int, rule
from minzheng.core.validation import Day, Filled, Id, Money, MoneyOut, RegionCode, Text, choice, nonnegative
from minzheng.socialorgs import codes, policy


def _bounded(value: dt.date) -> dt.date:
    if not 1950 <= value.year <= 2100:
        raise PydanticCustomError("rule", "日期应在 1950 年至 2100 年之间")
    return value


def _uscc(value: str) -> str:
    value = value.strip().upper()
    problem = policy.uscc_error(value)
    if problem:
        raise rule(problem)
    return value


BDay = Annotated[Day, AfterValidator(_bounded)]
OptBDay = Annotated[BDay | None, BlankAsNone]
Amount = Annotated[Money, nonnegative(Decimal("999999999999.99"))]
OptAmount = Annotated[Amount | None, BlankAsNone]
USCC = Annotated[Text[18], Filled, AfterValidator(_uscc)]
Year = Int(1990, 2100)


class ResponsibleIn(In):
    name: Annotated[Text[50], Filled] = Field(..., title="负责人姓名")
    post: Text[30] = Field("", title="职务")


class OrgIn(In):
    """成立登记 (the register's fields)."""

    name: Annotated[Text[100], Filled] = Field(..., title="名称")
    kind: choice(codes.KINDS, "类型") = Field(..., title="类型")
    fundraising: choice(codes.FUNDRAISING, "基金会类型") = Field("", title="基金会类型")
    uscc: USCC = Field(..., title="统一社会信用代码")
    domain: choice(codes.DOMAINS, "业务领域") = Field(..., title="业务领域")
    scope_text: Text[300] = Field("", title="业务范围")
    supervisor: Text[100] = Field("", title="业务主管单位")
    legal_rep: Annotated[Text[50], Filled] = Field(..., title="法定代表人")
    responsible: list[ResponsibleIn] = Field(default_factory=list, title="负责人", max_length=30)
    address: Text[200] = Field("", title="住所")
    region_code: RegionCode = Field(..., title="所在区划")
    registered_on: BDay = Field(..., title="成立登记日期")

    @model_validator(mode="after")
    def _fundraising(self):
        if self.kind == "foundation" and not self.fundraising:
            raise rule("基金会须注明公募或非公募")
        if self.kind != "foundation":
            self.fundraising = ""
        return self


class OrgRegistrationIn(In):
    """成立登记申请: the organisation's particulars (the unified social credit code is given when it is approved,
    if not already known), the founding figures and the materials brought (codes.MATERIALS)."""

    name: Annotated[Text[100], Filled] = Field(..., title="名称")
    kind: choice(codes.KINDS, "类型") = Field(..., title="类型")
    fundraising: choice(codes.FUNDRAISING, "基金会类型") = Field("", title="基金会类型")
    uscc: Annotated[USCC | None, BlankAsNone] = Field(None, title="统一社会信用代码")
    domain: choice(codes.DOMAINS, "业务领域") = Field(..., title="业务领域")
    scope_text: Text[300] = Field("", title="业务范围")
    supervisor: Text[100] = Field("", title="业务主管单位")
    legal_rep: Annotated[Text[50], Filled] = Field(..., title="法定代表人")
    responsible: list[ResponsibleIn] = Field(default_factory=list, title="负责人", max_length=30)
    address: Annotated[Text[200], Filled] = Field(..., title="住所")
    region_code: RegionCode = Field(..., title="所在区划")
    funds: Amount = Field(..., title="注册资金")
    members: Annotated[Int(0, 10_000_000) | None, BlankAsNone] = Field(None, title="会员数")
    materials: list[choice(codes.MATERIALS, "提交材料")] = Field(default_factory=list, title="提交材料",
                                                                  max_length=len(codes.MATERIALS))
    received_on: OptBDay = Field(None, title="受理日期")

    @model_validator(mode="after")
    def _fundraising(self):
        if self.kind == "foundation" and not self.fundraising:
            raise rule("基金会须注明公募或非公募")
        if self.kind != "foundation":
            self.fundraising = ""
        return self


class OrgApplicationReviewIn(In):
    decision: choice(codes.REVIEW_DECISIONS, "审查意见") = Field(..., title="审查意见")
    opinion: Annotated[Text[300], Filled] = Field(..., title="审查说明")


class ChangeIn(In):
    name: Text[100] = Field("", title="名称")
    domain: Annotated[choice(codes.DOMAINS, "业务领域") | None, BlankAsNone] = Field(None, title="业务领域")
    supervisor: Text[100] = Field("", title="业务主管单位")
    legal_rep: Text[50] = Field("", title="法定代表人")
    address: Text[200] = Field("", title="住所")
    received_on: BDay = Field(..., title="受理日期")


class DeregisterIn(In):
    reason: Annotated[Text[300], Filled] = Field(..., title="注销原因")
    received_on: BDay = Field(..., title="受理日期")


class DecideIn(In):
    approve: bool = Field(..., title="是否准予")
    note: Text[300] = Field("", title="决定说明")
    decided_on: BDay = Field(..., title="决定日期")
    uscc: Annotated[USCC | None, BlankAsNone] = Field(None, title="统一社会信用代码")


class ReportIn(In):
    """年度工作报告: the year, the work summary and the accounts (a 基金会 adds the figures of 第二十九条)."""

    year: Year = Field(..., title="年度")
    summary: Annotated[Text[4000], Filled] = Field(..., title="年度工作情况")
    income: Amount = Field(..., title="本年总收入")
    total_spending: Amount = Field(..., title="本年总支出")
    net_assets: Amount = Field(..., title="年末净资产")
    mission_spending: OptAmount = Field(None, title="公益事业支出")
    pay_and_admin: OptAmount = Field(None, title="工资福利和行政办公支出")
    last_year_income: OptAmount = Field(None, title="上年总收入")
    last_year_fund_balance: OptAmount = Field(None, title="上年基金余额")
    audited: bool = Field(False, title="附审计报告")
    filed_on: OptBDay = Field(None, title="报送日期")


class SupervisorReviewIn(In):
    decision: choice(codes.SUPERVISOR_DECISIONS, "初审意见") = Field(..., title="初审意见")
    opinion: Annotated[Text[300], Filled] = Field(..., title="业务主管单位意见")


class RegistryReviewIn(In):
    decision: choice(codes.REGISTRY_DECISIONS, "年检结论") = Field(..., title="年检结论")
    opinion: Annotated[Text[300], Filled] = Field(..., title="登记管理机关意见")


class OrgEvaluationIn(In):
    """An application for evaluation and, when it may be evaluated, the committee's score and vote."""

    applied_on: OptBDay = Field(None, title="申请日期")
    score: Annotated[Decimal, AfterValidator(lambda v: _score(v))] | None = Field(  # noqa: PLW0108
        None, title="评估得分")
    committee_size: Annotated[Int(0, 99) | None, BlankAsNone] = Field(None, title="评估委员会人数")
    present: Annotated[Int(0, 99) | None, BlankAsNone] = Field(None, title="出席委员")
    votes_for: Annotated[Int(0, 99) | None, BlankAsNone] = Field(None, title="同意票")
    awarded_on: OptBDay = Field(None, title="评定日期")
    note: Text[300] = Field("", title="说明")


def _score(value: Decimal) -> Decimal:
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(1000) or value != value.quantize(Decimal("0.1")):
        raise rule("评估得分应为 0—1000 之间、最多一位小数的数")
    return value


class AppealIn(In):
    reason: Annotated[Text[300], Filled] = Field(..., title="复核理由")
    appealed_on: OptBDay = Field(None, title="申请复核日期")


class AppealDecisionIn(In):
    upheld: bool = Field(..., title="维持原评估结论")
    grade: Annotated[Int(0, 5) | None, BlankAsNone] = Field(None, title="复核后等级")
    decided_on: BDay = Field(..., title="复核结论日期")


class SanctionIn(In):
    sanction: choice(codes.SANCTIONS, "处理") = Field(..., title="处理")
    reason: Annotated[Text[300], Filled] = Field(..., title="处理原因")
    on: BDay = Field(..., title="处理日期")


class ListIn(In):
    org_id: Id = Field(..., title="社会组织")
    list: choice(codes.LISTS, "名单") = Field(..., title="名单")
    reason: choice(codes.LIST_REASONS, "列入事由") = Field(..., title="列入事由")
    detail: Text[300] = Field("", title="说明")
    listed_on: BDay = Field(..., title="列入日期")


class RemoveIn(In):
    removed_on: BDay = Field(..., title="移出日期")
    reason: Annotated[Text[300], Filled] = Field(..., title="移出原因")


class DrawIn(In):
    title: Annotated[Text[100], Filled] = Field(..., title="检查任务")
    count: Int(1, 500) = Field(..., title="抽取数")
    team_size: Int(1, 10) = Field(2, title="每组检查人员数")
    inspector_ids: list[Id] = Field(..., title="检查人员库", min_length=1, max_length=200)
    seed: Annotated[Int(0, 2**62) | None, BlankAsNone] = Field(None, title="随机种子")


class InspectionIn(In):
    inspected_on: BDay = Field(..., title="检查日期")
    result: choice(codes.INSPECTION_RESULTS, "检查结果") = Field(..., title="检查结果")
    findings: Text[2000] = Field("", title="发现问题")


# ---- outputs ------------------------------------------------------------------------------------------------------


class CheckOut(Schema):
    rule: str
    required: str
    actual: str
    ok: bool
    message: str


class OrgOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    uscc: str
    domain: str
    supervisor: str
    legal_rep: str
    region_code: str
    registered_on: dt.date
    status: str
    grade: int | None = None
    grade_valid_until: dt.date | None = None


class ReportOut(Schema):
    id: int
    org_id: int
    year: int
    state: str
    state_label: str
    filed_on: dt.date
    supervisor_due: dt.date
    registry_due: dt.date
    late: bool
    income: MoneyOut
    total_spending: MoneyOut
    checks: list[CheckOut]
    checks_ok: bool
    result: str = ""


class OrgApplicationOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    region_code: str
    state: str
    state_label: str
    received_on: dt.date
    due_on: dt.date | None = None
    materials: list[str]
    review_decision: str = ""
    reviewed_on: dt.date | None = None
    decided_on: dt.date | None = None
    decision_note: str = ""
    org_id: int | None = None


class OrgEvaluationOut(Schema):
    id: int
    org_id: int
    eligible: bool = Field(..., description="false: 不予受理，原因见 reasons")
    reasons: list[str]
    state: str
    state_label: str
    score: str | None = None
    grade: int | None = None
    grade_label: str = ""
    awarded_on: dt.date | None = None
    valid_until: dt.date | None = None
    appeal_by: dt.date | None = None
