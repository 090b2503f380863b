"""Inputs of the case workflow: an application (CaseCreateIn with the investigation's facts, FactsIn), each action's
data (one model per action; CaseActionIn is their union on `action`, as POST /cases/{id}/actions takes it) and the
case list's filters (CaseQuery).

The services validate with core.validation.validate and a context: `members`, the person ids of the household's
current members (an application's applicant, beneficiary and facts are checked against them). The rules that need
the database or the case (an open case already exists, a date before acceptance, the payee is a member) stay in
services.cases and services.case_actions. Unknown keys are ignored, as they always were, except in the facts: a
misspelt fact must not silently count as absent."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from ninja import Schema
from pydantic import Field, ValidationInfo, field_validator
from pydantic import ValidationError as PydanticValidationError

from minzheng.benefits import catalogue, programs, workflow
from minzheng.benefits.schemas.evaluation import (
    AssetsIn,
    ExpenseIn,
    MemberFactsIn,
    program_codes,
)
from minzheng.benefits.schemas.fields import (
    Amount,
    BankAccount,
    BlankAsNone,
    In,
    NoneAsEmpty,
    OptDay,
    OptFlag,
    OptId,
    StrictIn,
    code,
    fail_with,
    keep,
    not_after,
    rule,
)
from minzheng.core import clock
from minzheng.core.validation import Filled, Id, Money, Names, RegionCode, Text, choice

VISIT_METHODS = {"home_visit": "入户调查", "video": "视频调查", "phone": "电话调查"}
APPLY_CHANNELS = {k: v for k, v in workflow.CHANNELS.items() if k != "migration"}
Required = Annotated[Text[2000], Filled]  # a required text (须填写<title>)


# ---- facts ----------------------------------------------------------------------------------------------------------


class FactsIn(StrictIn):
    """What the investigation found beyond the registry, in the evaluation input's shape (Case.facts)."""

    assets: AssetsIn | None = None
    support_payer_able: OptFlag = None
    rigid_expenses: Annotated[list[ExpenseIn], NoneAsEmpty] = []
    recognised: Annotated[list[code(program_codes, "已认定项目")], NoneAsEmpty] = []
    members: dict[str, MemberFactsIn] | None = Field(None, description="键为人员ID（该家庭的在册成员）")
    requested_amount: Money | None = Field(None, description="申请救助金额（临时救助）")

    @field_validator("members", mode="wrap")
    @classmethod
    def _household_members(cls, value: Any, handler, info: ValidationInfo):
        kept, result = [], None
        try:
            result = handler(value)
        except PydanticValidationError as exc:
            kept = keep(exc)
        ids = (info.context or {}).get("members")
        unknown = [((str(key),), "不是该家庭的在册成员") for key in (value if isinstance(value, dict) else {})
                   if ids is not None and str(key) not in {str(i) for i in ids}]
        fail_with(kept, unknown)
        return result


Facts = Annotated[FactsIn | None, BlankAsNone]


# ---- application -----------------------------------------------------------------------------------------------------


class CaseCreateIn(In):
    """An application (57号 第四至六条): by the family at the township, online, or by the village clerk on its
    behalf with a 委托 document."""

    program: str = Field(..., title="救助项目")
    household_id: Id = Field(..., title="申请家庭")
    applicant_id: OptId = Field(None, title="申请人", validate_default=True)
    beneficiary_id: OptId = Field(None, title="救助对象", description="按人申请的项目必填", validate_default=True)
    subtype: Text[20] = Field("", title="类别", description="默认：该项目的第一个类别")
    channel: choice(APPLY_CHANNELS, "申请方式") = Field(..., title="申请方式",
                                                     description="默认：村(社区)协理员为 clerk，其他为 family")
    proxy_document: Text[200] = Field("", title="委托书", description="代为申请（clerk）时必填",
                                      validate_default=True)
    special_case: OptFlag = Field(None, title="人户分离等特殊情况（45个工作日）")
    irregular_income: OptFlag = Field(None, title="收入不固定")
    applied_on: OptDay = Field(None, title="申请日期", description="默认：今天")
    bank_account: BankAccount = Field("", title="银行账号")
    bank_name: Text[100] = Field("", title="开户行")
    facts: Facts = None

    @field_validator("program")
    @classmethod
    def _configured(cls, value: str) -> str:
        if value not in catalogue.PROGRAMS:
            raise rule(f"救助项目“{value}”无效，应为：{'、'.join(catalogue.PROGRAMS)}")
        if value not in programs.PROCEDURES:
            raise rule(programs.PROGRAM_NOT_CONFIGURED)
        return value

    @field_validator("applicant_id")
    @classmethod
    def _applicant(cls, value: int | None, info: ValidationInfo) -> int | None:
        ids = (info.context or {}).get("members")
        if ids is not None and value not in ids:
            raise rule("申请人须是该家庭的在册成员（共同生活家庭成员）")
        return value

    @field_validator("beneficiary_id")
    @classmethod
    def _beneficiary(cls, value: int | None, info: ValidationInfo) -> int | None:
        params = programs.PROCEDURES.get(info.data.get("program", ""))
        ids = (info.context or {}).get("members")
        if params is not None and params.unit == "person" and ids is not None and value not in ids:
            raise rule("须指明救助对象（该家庭的在册成员）")
        if params is not None and params.unit != "person" and value is not None:
            raise rule("该项目以家庭为单位申请，不指定救助对象")
        return value

    @field_validator("subtype")
    @classmethod
    def _subtype(cls, value: str, info: ValidationInfo) -> str:
        params = programs.PROCEDURES.get(info.data.get("program", ""))
        if params is not None and value and value not in params.subtypes:
            raise rule(f"类别取值无效，应为：{'、'.join(params.subtypes) or '（不分类别）'}")
        return value

    @field_validator("proxy_document")
    @classmethod
    def _proxy(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("channel") == "clerk" and not value:
            raise rule("须填写委托书")
        return value

    @field_validator("applied_on")
    @classmethod
    def _applied(cls, value, info: ValidationInfo):
        problem = not_after(value, clock.today(), "申请日期")
        if problem:
            raise rule(problem)
        return value


# ---- actions ---------------------------------------------------------------------------------------------------------
# One model per action (several actions that take the same data share one). `action` is the union's tag; the
# services add it to the data they are given.


class NoteIn(In):
    action: Literal["supplement", "accept", "start_investigation", "request_verification", "submit", "reinvestigate"]
    note: Text[2000] = Field("", title="说明")


class DocumentIn(In):
    action: Literal["record_document"]
    name: Annotated[Text[200], Filled] = Field(..., title="材料名称")
    note: Text[2000] = Field("", title="说明")


class MissingItemsIn(In):
    """The one-time list of everything missing (57号 第十条)."""

    action: Literal["request_missing"]
    items: list[str] = Field(..., title="需补齐的全部材料", min_length=1)

    @field_validator("items", mode="before")
    @classmethod
    def _all_at_once(cls, value: Any) -> list[str]:
        if not isinstance(value, list) or not value or not all(isinstance(i, str) and i.strip() for i in value):
            raise rule("须一次性列明需补齐的全部材料（文本列表，不能为空）")
        return [i.strip()[:200] for i in value]


class VisitIn(In):
    """入户调查 (57号 第十六条): at least two investigators and a member present sign the record."""

    action: Literal["record_home_visit", "county_home_visit"]
    investigators: Names[2] = Field(..., title="调查人员")
    member_signature: Annotated[Text[50], Filled] = Field(..., title="在场家庭成员签字")
    emergency: OptFlag = Field(None, title="重大突发事件期间")
    method: choice(VISIT_METHODS, "调查方式") = Field("home_visit", title="调查方式", validate_default=True)
    visited_on: OptDay = Field(None, title="调查日期", description="默认：今天")
    findings: Required = Field(..., title="调查情况")

    @field_validator("method")
    @classmethod
    def _in_person(cls, value: str, info: ValidationInfo) -> str:
        if value != "home_visit" and not info.data.get("emergency"):
            raise rule("只有重大突发事件期间才可用电话、视频代替入户调查（57号 第十六条）；请注明 emergency: true")
        return value


class VerificationIn(In):
    action: Literal["record_verification"]
    result: choice({"passed": "符合", "failed": "不符合"}, "核对结果") = Field(..., title="核对结果")
    started_on: OptDay = Field(None, title="启动核对日期", description="默认：今天")
    report_ref: Annotated[Text[100], Filled] = Field(..., title="核对报告编号")
    summary: Text[2000] = Field("", title="核对情况")


class FactsUpdateIn(In):
    action: Literal["update_facts"]
    facts: Facts = None
    irregular_income: OptFlag = Field(None, title="收入不固定")
    special_case: OptFlag = Field(None, title="人户分离等特殊情况")


class InitialReviewIn(In):
    action: Literal["initial_review"]
    opinion: Required = Field(..., title="初审意见")
    recommend: choice({"approve": "拟同意", "refuse": "拟不同意"}, "初审结论") = Field(..., title="初审结论")
    irregular_income: OptFlag = Field(None, title="收入不固定")


class NoticeIn(In):
    action: Literal["publish_notice"]
    place: Text[200] = Field("", title="公示地点", description="默认：村(居)务公开栏")


class ObjectionIn(In):
    action: Literal["record_objection"]
    content: Required = Field(..., title="异议内容")
    raised_by: Text[100] = Field("", title="异议人")


class CommunityReviewIn(In):
    action: Literal["community_review"]
    participants: Names[1] = Field(..., title="参加民主评议人员")
    outcome: Required = Field(..., title="评议结果")


class ComplaintIn(In):
    action: Literal["record_complaint"]
    content: Required = Field(..., title="投诉举报内容")
    source: Text[100] = Field("", title="来源")


class SpotCheckIn(In):
    action: Literal["spot_check"]
    result: choice({"consistent": "情况属实", "inconsistent": "情况不符"}, "抽查结论") = Field(..., title="抽查结论")
    findings: Required = Field(..., title="抽查情况")


class ReasonIn(In):
    action: Literal["return", "withdraw", "terminate"]
    reason: Required = Field(..., title="理由")


class RefuseIn(In):
    action: Literal["refuse"]
    reason: Required = Field(..., title="不予确认理由")


class ConfirmIn(In):
    """审核确认: the amount defaults to the engine's; another amount needs a reason (kept on the case)."""

    action: Literal["confirm"]
    amount: Annotated[Amount | None, BlankAsNone] = Field(None, title="核定月金额", description="默认：政策测算金额")
    override_reason: Text[2000] = Field("", title="调整金额理由")
    payee_id: OptId = Field(None, title="领取人", description="默认：申请人")
    bank_account: BankAccount = Field("", title="银行账号")
    bank_name: Text[100] = Field("", title="开户行")
    note: Text[2000] = Field("", title="审核确认意见")


class IssueDecisionIn(In):
    action: Literal["issue_decision"]
    document_no: Text[100] = Field("", title="确认通知书/低保证编号")
    note: Text[2000] = Field("", title="说明")


class NotifyRefusalIn(In):
    action: Literal["notify_refusal"]
    method: Text[50] = Field("", title="告知方式", description="默认：书面送达")
    note: Text[2000] = Field("", title="说明")


ACTION_MODELS = (NoteIn, DocumentIn, MissingItemsIn, VisitIn, VerificationIn, FactsUpdateIn, InitialReviewIn,
                 NoticeIn, ObjectionIn, CommunityReviewIn, ComplaintIn, SpotCheckIn, ReasonIn, RefuseIn, ConfirmIn,
                 IssueDecisionIn, NotifyRefusalIn)
# action code -> its input model
ACTION_INPUTS: dict[str, type[In]] = {
    a: m for m in ACTION_MODELS for a in get_args(m.model_fields["action"].annotation)}
CaseActionIn = Annotated[NoteIn | DocumentIn | MissingItemsIn | VisitIn | VerificationIn | FactsUpdateIn
                         | InitialReviewIn | NoticeIn | ObjectionIn | CommunityReviewIn | ComplaintIn | SpotCheckIn
                         | ReasonIn | RefuseIn | ConfirmIn | IssueDecisionIn | NotifyRefusalIn,
                         Field(discriminator="action")]


# ---- list filters ----------------------------------------------------------------------------------------------------


class CaseQuery(Schema):
    program: code(program_codes, "救助项目") = Field("", description="救助项目代码")
    state: str = Field("", description="状态，多个用逗号分隔（如 submitted,approved）")
    region_code: Annotated[RegionCode | None, BlankAsNone] = Field(None, description="区划（含下级）")
    household_id: OptId = None
    overdue: bool | None = Field(None, description="true：已逾期；false：未逾期")

    @field_validator("state")
    @classmethod
    def _states(cls, value: str) -> str:
        states = [s.strip() for s in value.split(",") if s.strip()]
        bad = [s for s in states if s not in workflow.STATES]
        if bad:
            raise rule(f"状态“{'、'.join(bad)}”无效，应为：{'、'.join(workflow.STATES)}")
        return ",".join(states)

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(s for s in self.state.split(",") if s)


__all__ = ["ACTION_INPUTS", "ACTION_MODELS", "CaseActionIn", "CaseCreateIn", "CaseQuery", "FactsIn"]
