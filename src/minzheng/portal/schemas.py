"""Inputs and outputs of the portal API (/portal/api, its own NinjaAPI: portal.api)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema
from pydantic import conint

from minzheng.benefits.schemas.fields import BankAccount
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Filled, Flag, Id, Money, MoneyOut, Text, choice
from minzheng.registry.codes import LABOUR_CAPACITY


class PhoneIn(BodyIn):
    phone: Text[20] = Field(..., title="手机号码")


class LoginIn(BodyIn):
    phone: Text[20] = Field(..., title="手机号码")
    code: Text[10] = Field(..., title="验证码")


class ConsentIn(BodyIn):
    version: Text[20] = Field(..., title="隐私告知版本")


class BindIn(BodyIn):
    id_number: Annotated[Text[20], Filled] = Field(..., title="身份证号码")
    name: Annotated[Text[50], Filled] = Field(..., title="姓名")


class MessageOut(Schema):
    detail: str


class CodeSentOut(Schema):
    detail: str
    expires_in: int = Field(..., description="验证码有效秒数")


class MemberOut(Schema):
    id: int
    name: str
    relation: str = ""


class AccountOut(Schema):
    phone: str = Field(..., description="手机号（脱敏）")
    consented: bool
    consent_version: str
    privacy_version: str = Field(..., description="现行隐私告知版本")
    bound: bool
    name: str | None = None
    members: list[MemberOut] = []


class SubtypeOut(Schema):
    code: str
    label: str


class ProgramFormOut(Schema):
    """The guided form of a program, read from its declaration in the benefits kernel."""

    program: str
    name: str
    person: bool = Field(..., description="须选择为哪位家庭成员申请")
    subtypes: list[SubtypeOut]
    requested_amount: bool
    bank: bool
    authorisation: bool = Field(..., description="须签署家庭经济状况核对授权")
    public_notice: bool
    rules: list[str]


class ApplicationIn(BodyIn):
    program: Text[30] = Field(..., title="申请项目")
    beneficiary_id: Id | None = Field(None, title="救助对象")
    subtype: Text[20] = Field("", title="类别")
    requested_amount: Money | None = Field(None, title="申请金额")
    bank_account: Text[40] = Field("", title="银行账号")
    bank_name: Text[100] = Field("", title="开户行")
    statement: Text[1000] = Field("", title="申请理由")
    authorise: Flag = Field(False, title="同意家庭经济状况核对")
    authorisation_signed_by: Text[50] = Field("", title="授权签名")


class ApplicationCreatedOut(Schema):
    case_number: int = Field(..., description="案件编号")
    program: str
    state: str
    state_label: str
    next_step: str
    deadline: dt.date | None


class CaseOut(Schema):
    case_number: int
    program: str
    program_name: str
    state: str
    state_label: str
    next_step: str
    deadline: dt.date | None
    applied_on: dt.date
    channel: str
    decision_letter: bool


class StepOut(Schema):
    label: str
    due: dt.date
    met_on: dt.date | None
    kind: str


class HistoryOut(Schema):
    label: str
    on: dt.date
    state_label: str


class CaseDetailOut(CaseOut):
    steps: list[StepOut]
    history: list[HistoryOut]
    notice_until: dt.date | None
    amount: MoneyOut | None = None


class PaymentOut(Schema):
    month: str
    for_month: str
    program_name: str
    amount: MoneyOut
    status: str


class MemberAnswerIn(BodyIn):
    age: conint(ge=0, le=120) = Field(..., title="年龄")
    disability_grade: conint(ge=1, le=4) | None = Field(None, title="残疾等级")
    serious_illness: Flag = Field(False, title="患重特大疾病")
    labour: choice(LABOUR_CAPACITY, "劳动能力") = Field("full", title="劳动能力",
                                                   description="full 有劳动能力 | partial 部分丧失 | none 无劳动能力")
    monthly_income: Money = Field("0", title="月收入")


class SelfcheckIn(BodyIn):
    region_code: Text[12] = Field("", title="所在村（社区）", description="未实名认证时必填")
    area: Text[5] = Field("", title="城乡", description="urban | rural")
    members: list[MemberAnswerIn] = Field([], title="家庭成员", max_length=20,
                                          description="不填：按实名认证后登记的家庭情况估算")


class ProgramFindingOut(Schema):
    program: str
    program_name: str
    eligible: bool
    estimated_monthly_amount: MoneyOut
    reasons: list[str]


class SelfcheckOut(Schema):
    programs: list[ProgramFindingOut]


class ComplaintIn(BodyIn):
    kind: Text[12] = Field(..., title="类别", description="objection | complaint | fraud")
    text: Annotated[Text[2000], Filled] = Field(..., title="内容")
    case_id: Id | None = Field(None, title="所涉申请")
    subject: Text[100] = Field("", title="被举报人或事项")


class ComplaintOut(Schema):
    id: int
    kind: str
    kind_label: str
    case_number: int | None
    text: str
    state: str
    state_label: str
    filed_on: dt.date
    due_on: dt.date
    answer: str
    answered_on: dt.date | None


# ---- requests through the other apps, notices ----------------------------------------------------------------------


class ChoiceOut(Schema):
    code: str
    label: str


class MarriageSlotOut(Schema):
    slot: str
    slot_label: str
    capacity: int
    booked: int
    free: int


class MarriageIn(BodyIn):
    registry: Annotated[Text[20], Filled] = Field(..., title="婚姻登记机关")
    day: Day = Field(..., title="预约日期")
    slot: Annotated[Text[10], Filled] = Field(..., title="时段")
    kind: Text[10] = Field("marriage", title="业务", description="marriage 结婚 | divorce 离婚 | reissue 补领")
    partner_name: Text[50] = Field("", title="另一方姓名")


class SweepSlotOut(Schema):
    id: int
    cemetery_name: str
    day: dt.date
    starts: str
    ends: str
    left: int = Field(..., description="剩余名额")


class SweepingIn(BodyIn):
    slot_id: Id = Field(..., title="祭扫时段")
    party_size: conint(ge=1, le=10) = Field(1, title="人数")


class DeathReportIn(BodyIn):
    person_id: Id = Field(..., title="去世的家庭成员")
    death_date: Day = Field(..., title="死亡日期")
    place: Text[100] = Field("", title="死亡地点")
    disposal: Text[10] = Field("cremation", title="遗体处理方式", description="cremation | burial | unknown")
    relation: Text[20] = Field("", title="与逝者关系")
    bank_account: BankAccount = Field("", title="领取丧葬补助的银行账号",
                                      description="申报人本人的账号；核验死亡证明后按此发放丧葬补助（加密保存）")
    bank_name: Text[100] = Field("", title="开户行")


class HomecareItemOut(Schema):
    id: int
    label: str


class HomecareIn(BodyIn):
    person_id: Id = Field(..., title="服务对象")
    item_id: Id = Field(..., title="服务项目")
    quantity: conint(ge=1, le=100) = Field(1, title="数量")
    scheduled_on: Day = Field(..., title="上门日期")
    note: Text[200] = Field("", title="需求说明")


class RequestLineOut(Schema):
    label: str
    value: str


class RequestOut(Schema):
    id: int = Field(..., description="办件编号")
    kind: str
    kind_label: str
    object_id: int = Field(..., description="办理单位的记录编号")
    title: str
    state: str
    state_label: str
    lines: list[RequestLineOut]
    checkin_code: str = Field("", description="清明祭扫入园二维码内容")
    cancellable: bool


class NoticeOut(Schema):
    id: int
    kind: str
    text: str
    link: str
    created_at: dt.datetime
    read: bool
