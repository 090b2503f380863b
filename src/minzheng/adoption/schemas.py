"""Adoption inputs (core.validation: Chinese messages, 422 with every field) and outputs (ID numbers masked)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, model_validator

from minzheng.adoption import codes
from minzheng.benefits.schemas.fields import Int, OptDay, rule
from minzheng.core import idnumber
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Filled, Flag, Id, Text, choice

Condition = choice(codes.CONDITIONS, "收养人条件")
EARLIEST = dt.date(1900, 1, 1)


def _bounded(value: dt.date | None) -> dt.date | None:
    if value is not None and not EARLIEST <= value <= dt.date.today() + dt.timedelta(days=732):
        raise rule("日期超出合理范围")
    return value


BoundedDay = Annotated[Day, AfterValidator(_bounded)]
OptBoundedDay = Annotated[OptDay, AfterValidator(_bounded)]


def _id_number(value) -> str:
    if not isinstance(value, str):
        raise rule("身份证号应为文本")
    try:
        return idnumber.parse(value).number
    except idnumber.IdNumberError as exc:
        raise rule(str(exc)) from None


IdNumber = Annotated[str, BeforeValidator(_id_number),
                     WithJsonSchema({"type": "string", "example": "33090219850101002X", "maxLength": 18})]


class AdopterIn(BodyIn):
    name: Annotated[Text[50], Filled] = Field(..., title="姓名")
    sex: choice({"M": "男", "F": "女"}, "性别") = Field(..., title="性别")
    id_number: IdNumber = Field(..., title="身份证号")
    birth_date: BoundedDay = Field(..., title="出生日期")

    @model_validator(mode="after")
    def _matches_id(self):
        parsed = idnumber.parse(self.id_number)
        if parsed.birth_date != self.birth_date or parsed.sex != self.sex:
            raise rule("出生日期或性别与身份证号不一致")
        return self


class SpouseIn(BodyIn):
    name: Annotated[Text[50], Filled] = Field(..., title="配偶姓名")
    id_number: IdNumber = Field(..., title="配偶身份证号")


class AdoptionIn(BodyIn):
    """A 收养登记 application: the child (a registry person), the adopter (and spouse: 第1101条), and the conditions of
    第1098条 the adopter declares met."""

    child_id: Id = Field(..., title="被收养人（人员ID）")
    child_category: choice(codes.CHILD_CATEGORIES, "被收养人情形") = Field(..., title="被收养人情形")
    child_disabled: Flag = Field(False, title="残疾未成年人")
    child_in_institution: Flag = Field(False, title="儿童福利机构抚养")
    child_consents: Flag = Field(False, title="被收养人同意（八周岁以上）")
    adopter: AdopterIn = Field(..., title="收养人")
    married: Flag = Field(False, title="收养人有配偶")
    spouse: SpouseIn | None = Field(None, title="共同收养的配偶")
    children: Int(0, 20) = Field(0, title="收养人现有子女数")
    adopted_before: Int(0, 20) = Field(0, title="此前已收养子女数")
    declared: list[Condition] = Field([], title="声明符合的条件", max_length=len(codes.CONDITIONS))
    date: OptBoundedDay = Field(None, title="申请日期", description="默认：今天")

    @model_validator(mode="after")
    def _spouse(self):
        if self.spouse is not None and not self.married:
            raise rule("填写了配偶时须注明收养人有配偶")
        return self


class AdoptionAssessmentIn(BodyIn):
    """收养评估 (第1105条) and the registry's check of the declared conditions."""

    assessed_on: BoundedDay = Field(..., title="评估日期")
    assessor: Annotated[Text[100], Filled] = Field(..., title="评估机构/人员")
    result: choice(codes.ASSESSMENT_RESULTS, "评估结论") = Field(..., title="评估结论")
    report: Annotated[Text[5000], Filled] = Field(..., title="评估报告")
    checked_failed: list[Condition] = Field([], title="核查不符合的条件", max_length=len(codes.CONDITIONS))
    check_note: Text[500] = Field("", title="核查说明")


class RegisterIn(BodyIn):
    date: OptBoundedDay = Field(None, title="登记日期", description="默认：今天")


class DissolveIn(BodyIn):
    kind: choice(codes.DISSOLUTION_KINDS, "解除方式") = Field(..., title="解除方式")
    reason: Annotated[Text[500], Filled] = Field(..., title="解除理由")
    date: OptBoundedDay = Field(None, title="解除日期", description="默认：今天")


class AdoptionOut(Schema):
    id: int
    status: str
    status_label: str
    child_id: int
    child_name: str
    child_category: str
    adopter_name: str
    adopter_id: str = Field(..., description="收养人身份证号（脱敏）")
    spouse_name: str
    applied_on: dt.date
    declared: list[str]
    checked_failed: list[str]
    assessment_result: str
    registered_on: dt.date | None
    certificate_no: str | None
    refusal_reasons: list[str]
    dissolved_on: dt.date | None

    @staticmethod
    def build(a) -> AdoptionOut:
        return AdoptionOut(id=a.pk, status=a.status, status_label=codes.STATUS[a.status], child_id=a.child_id,
                           child_name=a.child.name, child_category=a.child_category, adopter_name=a.adopter_name,
                           adopter_id=a.adopter_id_masked, spouse_name=a.spouse_name, applied_on=a.applied_on,
                           declared=a.declared, checked_failed=a.checked_failed,
                           assessment_result=a.assessment_result, registered_on=a.registered_on,
                           certificate_no=a.certificate_no, refusal_reasons=a.refusal_reasons,
                           dissolved_on=a.dissolved_on)
