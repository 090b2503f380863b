"""Special care: what the services take (validated with core.validation: Chinese messages, 422 with every field)
and what the API answers (labels next to codes; ID numbers never leave the registry)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field, model_validator

from minzheng.benefits.schemas.fields import fail
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Filled, Id, Integer, Money, MoneyOut, Month, Text, choice, nonnegative
from minzheng.specialcare import codes

Year = Integer(2000, 2100)
Amount = Annotated[Money, nonnegative(Decimal("9999999999.99"))]  # the columns hold 12 digits


class EntitledRegisterIn(BodyIn):
    id_number: Annotated[Text[18], Filled] = Field(..., title="身份证号",
                                                   description="与优抚证件核对：须为民政对象统一库中已登记的人员")
    category: choice(codes.CATEGORIES, "优抚类别") = Field(..., title="优抚类别")
    nature: choice({"": "", **codes.NATURES}, "残疾性质") = Field("", title="残疾性质")
    grade: Integer(1, 10) | None = Field(None, title="残疾等级（一至十级）")
    certificate_no: Text[40] = Field("", title="证件编号")
    registered_on: Day | None = Field(None, title="登记日期", description="默认：今天")
    note: Text[500] = Field("", title="说明")

    @model_validator(mode="after")
    def _disability(self):
        if self.category == "disabled_veteran":
            errors = []
            if not self.nature:
                errors.append((("nature",), "残疾军人须填写残疾性质（因战、因公、因病）"))
            if self.grade is None:
                errors.append((("grade",), "残疾军人须填写残疾等级（一至十级）"))
            if errors:
                fail(errors)
        elif self.nature or self.grade is not None:
            fail([(("grade",), "只有残疾军人登记残疾性质和等级")])
        return self


class EntitlementEndIn(BodyIn):
    ended_on: Day = Field(..., title="注销日期")
    reason: choice(codes.END_REASONS, "注销原因") = Field(..., title="注销原因")
    note: Text[300] = Field("", title="说明")


class CertifyIn(BodyIn):
    entitled_id: Id = Field(..., title="优抚对象")
    year: Year = Field(..., title="年度")
    certified_on: Day | None = Field(None, title="确认日期", description="默认：今天")
    method: choice(codes.CERTIFICATION_METHODS, "确认方式") = Field(..., title="确认方式")
    note: Text[300] = Field("", title="说明")


class ResidentIn(BodyIn):
    entitled_id: Id = Field(..., title="优抚对象")
    home: Annotated[Text[100], Filled] = Field(..., title="光荣院")
    admitted_on: Day = Field(..., title="入院日期")
    room: Text[20] = Field("", title="房间")


class ApplyIn(BodyIn):
    entitled_id: Id = Field(..., title="优抚对象")
    bank_account: Text[40] = Field("", title="银行账号（一卡通）")
    bank_name: Text[100] = Field("", title="开户行")


class AdjustIn(BodyIn):
    effective_month: Month = Field(..., title="调整生效月份")
    reason: Annotated[Text[300], Filled] = Field(..., title="调整依据")
    region_code: Text[12] = Field("", title="区划（默认本辖区）")


class EntitledOut(Schema):
    id: int
    person_id: int
    name: str
    region_code: str
    category: str
    category_label: str
    nature: str
    grade: int | None
    certificate_no: str
    id_verified_on: dt.date | None
    registered_on: dt.date
    status: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_category_label(obj) -> str:
        return codes.CATEGORIES.get(obj.category, obj.category)


class CertificationOut(Schema):
    id: int
    entitled_id: int
    year: int
    certified_on: dt.date
    method: str


class ResidentOut(Schema):
    id: int
    entitled_id: int
    home: str
    admitted_on: dt.date
    left_on: dt.date | None


class CaseRefOut(Schema):
    case_id: int
    program: str


class AdjustOut(Schema):
    examined: int
    raised: int
    unchanged: int
    lower: int = Field(..., description="新标准低于现金额的人数（不追溯减发，列出待核）")
    errors: list[str]


class TimelyOut(Schema):
    year: int
    due: int
    paid_on_time: int
    rate: str = Field(..., description="按时足额发放率（%，一位小数）；无应发时为 —")


# ---- 医疗补助, 三难 --------------------------------------------------------------------------------------------------


class MedicalClaimIn(BodyIn):
    entitled_id: Id = Field(..., title="优抚对象")
    treated_from: Day = Field(..., title="就医开始日期")
    treated_to: Day = Field(..., title="就医结束日期")
    hospital: Annotated[Text[100], Filled] = Field(..., title="医疗机构")
    total_cost: Amount = Field(..., title="医疗费用总额")
    insurance_paid: Amount = Field(..., title="医保等已报销金额")
    bank_account: Text[40] = Field("", title="银行账号（一卡通）")
    bank_name: Text[100] = Field("", title="开户行")

    @model_validator(mode="after")
    def _amounts(self):
        errors = []
        if self.total_cost <= 0:
            errors.append((("total_cost",), "医疗费用总额应大于 0"))
        if self.insurance_paid < 0:
            errors.append((("insurance_paid",), "已报销金额不能为负数"))
        elif self.insurance_paid >= self.total_cost > 0:
            errors.append((("insurance_paid",), "已报销金额不能达到或超过医疗费用总额（个人无负担不予补助）"))
        if self.treated_to < self.treated_from:
            errors.append((("treated_to",), "就医结束日期不能早于开始日期"))
        if errors:
            fail(errors)
        return self


class HardshipIn(BodyIn):
    entitled_id: Id = Field(..., title="优抚对象")
    kind: choice(codes.HARDSHIPS, "困难类别") = Field(..., title="困难类别")
    found_on: Day | None = Field(None, title="发现日期", description="默认：今天")
    description: Annotated[Text[500], Filled] = Field(..., title="困难情况")


class HelpIn(BodyIn):
    measure: choice(codes.HELP_MEASURES, "帮扶措施") = Field(..., title="帮扶措施")
    helped_on: Day | None = Field(None, title="帮扶日期", description="默认：今天")
    amount: Amount = Field(Decimal("0"), title="折合金额")
    note: Text[300] = Field("", title="说明")

    @model_validator(mode="after")
    def _amount(self):
        if self.amount < 0:
            fail([(("amount",), "折合金额不能为负数")])
        return self


class HardshipCloseIn(BodyIn):
    closed_on: Day | None = Field(None, title="结案日期", description="默认：今天")
    outcome: Annotated[Text[500], Filled] = Field(..., title="结案情况")


class MedicalClaimOut(Schema):
    id: int
    entitled_id: int
    name: str
    category: str
    year: int
    hospital: str
    total_cost: MoneyOut
    insurance_paid: MoneyOut
    self_pay: MoneyOut
    share: str
    cap: MoneyOut
    used_before: MoneyOut
    subsidy: MoneyOut
    rule: str
    case_id: int | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.entitled.category

    @staticmethod
    def resolve_share(obj) -> str:
        return f"{obj.share.normalize():f}"


class HardshipOut(Schema):
    id: int
    entitled_id: int
    name: str
    region_code: str
    kind: str
    kind_label: str
    found_on: dt.date
    description: str
    status: str
    closed_on: dt.date | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.entitled.person.name

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return codes.HARDSHIPS.get(obj.kind, obj.kind)
