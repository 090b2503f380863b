"""Rescue station: what the services take (validated with core.validation: Chinese messages, 422 with every field)
and what the API answers (labels next to codes, money as decimal text)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field, model_validator

from minzheng.benefits.schemas.fields import Int, OptDay, OptId, fail, rule
from minzheng.core import clock
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Filled, Money, MoneyOut, RegionCode, Text, choice, nonnegative
from minzheng.homeless import codes

MAX_YUAN = Decimal("9999999.99")
Yuan = Annotated[Money, nonnegative(MAX_YUAN), AfterValidator(lambda v: v.quantize(Decimal("0.01")))]
BirthYear = Int(1900, 2100)
OptRegion = Annotated[RegionCode | None, Field(None)]


def _recent(value: dt.date | None) -> dt.date | None:
    """A date of the station's work: not in the future, not before 2000 (a fuzzed year 7475 is refused)."""
    if value is None:
        return value
    if value > clock.today():
        raise rule("不能晚于今天")
    if value < dt.date(2000, 1, 1):
        raise rule("早于 2000 年，超出合理范围")
    return value


WorkDay = Annotated[Day, AfterValidator(_recent)]
OptWorkDay = Annotated[OptDay, AfterValidator(_recent)]


# ---- inputs ----------------------------------------------------------------------------------------------------------


class HomelessIntakeIn(BodyIn):
    """求助登记: a person who may not give a name; sex, when, where and how found, and a description are required."""

    name: Text[50] = Field("", title="姓名（自述）")
    sex: choice(codes.SEX, "性别") = Field(..., title="性别")
    estimated_birth_year: Annotated[BirthYear | None, Field(None)] = Field(None, title="估计出生年份")
    found_on: WorkDay = Field(..., title="发现日期")
    found_at: Annotated[Text[200], Filled] = Field(..., title="发现地点")
    description: Annotated[Text[2000], Filled] = Field(..., title="情况描述")
    found_by: choice(codes.FOUND_BY, "发现/护送方式") = Field("other", title="发现/护送方式")
    found_by_name: Text[100] = Field("", title="护送人/报告人")
    features: Text[500] = Field("", title="体貌特征")
    dialect_region: OptRegion = Field(None, title="口音所属地区（区划代码）")
    region_code: OptRegion = Field(None, title="发现地区划", description="默认：登记人所在区划")
    admitted_on: OptWorkDay = Field(None, title="入站日期", description="默认：今天")

    @model_validator(mode="after")
    def _years(self):
        if self.estimated_birth_year is not None and self.estimated_birth_year > self.found_on.year:
            fail([(("estimated_birth_year",), "估计出生年份不能晚于发现日期")])
        if self.admitted_on is not None and self.admitted_on < self.found_on:
            fail([(("admitted_on",), "入站日期不能早于发现日期")])
        return self


class HomelessExpenseIn(BodyIn):
    kind: choice(codes.EXPENSE_KINDS, "费用类别") = Field(..., title="费用类别")
    on_date: WorkDay = Field(..., title="日期")
    quantity: Int(1, 10000) = Field(1, title="数量（餐次/天数）")
    amount: Yuan = Field(..., title="金额（元）")
    provider: Text[100] = Field("", title="机构（如救治医院）")
    note: Text[200] = Field("", title="说明（如诊断）")

    @model_validator(mode="after")
    def _medical(self):
        if self.kind == "medical" and not self.provider:
            fail([(("provider",), "医疗救治须填写救治医院")])
        return self


class KeptPropertyIn(BodyIn):
    description: Annotated[Text[200], Filled] = Field(..., title="物品")
    quantity: Int(1, 10000) = Field(1, title="数量")
    kept_on: OptWorkDay = Field(None, title="登记保管日期")


class MissingPersonIn(BodyIn):
    """寻人登记 from a family."""

    name: Annotated[Text[50], Filled] = Field(..., title="姓名")
    sex: choice(codes.SEX, "性别") = Field(..., title="性别")
    birth_year: BirthYear = Field(..., title="出生年份")
    region_code: RegionCode = Field(..., title="家庭所在地（区划代码）")
    person_id: OptId = Field(None, title="统一库人员ID")
    features: Text[500] = Field("", title="体貌特征")
    missing_since: WorkDay = Field(..., title="走失日期")
    reported_by: Annotated[Text[50], Filled] = Field(..., title="报告人")
    contact_phone: Text[20] = Field("", title="联系电话")


class MatchDecisionIn(BodyIn):
    """The outcome of one match: the person (or missing-person report) and confirmed / rejected, with what was
    checked (DNA, family's identification, the police)."""

    person_id: OptId = Field(None, title="人员ID")
    missing_person_id: OptId = Field(None, title="寻人登记ID")
    outcome: choice(codes.MATCH_OUTCOMES, "比对结果") = Field(..., title="比对结果")
    note: Annotated[Text[500], Filled] = Field(..., title="核实情况")

    @model_validator(mode="after")
    def _one(self):
        if (self.person_id is None) == (self.missing_person_id is None):
            fail([(("person_id",), "须指明一名人员或一条寻人登记")])
        return self


class EscortHomeIn(BodyIn):
    escorts: Annotated[Text[200], Filled] = Field(..., title="护送人员")
    route: Annotated[Text[300], Filled] = Field(..., title="护送路线")
    departed_on: WorkDay = Field(..., title="出发日期")
    handed_over_on: WorkDay = Field(..., title="交接日期")
    received_by: Annotated[Text[100], Filled] = Field(..., title="接收人")
    received_relation: Annotated[Text[100], Filled] = Field(..., title="接收人身份（亲属关系或单位）")
    handover_signed: Annotated[Text[100], Filled] = Field(..., title="交接签字（接收人签名）")
    cost: Yuan = Field(..., title="护送费用（元）")
    note: Text[300] = Field("", title="说明")

    @model_validator(mode="after")
    def _order(self):
        if self.handed_over_on < self.departed_on:
            fail([(("handed_over_on",), "交接日期不能早于出发日期")])
        return self


class StationLeaveIn(BodyIn):
    status: choice({k: codes.STATUS[k] for k in ("left", "transferred")}, "离站方式") = Field(..., title="离站方式")
    left_on: WorkDay = Field(..., title="离站日期")
    note: Annotated[Text[300], Filled] = Field(..., title="说明")


class HomelessSettlementIn(BodyIn):
    dna_sampled_on: OptWorkDay = Field(None, title="公安采集DNA入库日期")
    police_checked_on: OptWorkDay = Field(None, title="公安身份核查（无果）日期")
    settled_on: WorkDay = Field(..., title="落户安置日期")
    placed_at: Annotated[Text[200], Filled] = Field(..., title="安置机构")
    hukou_note: Annotated[Text[200], Filled] = Field(..., title="户口登记情况")


# ---- outputs ---------------------------------------------------------------------------------------------------------


class HomelessIntakeOut(Schema):
    id: int
    name: str
    sex: str
    sex_label: str
    estimated_birth_year: int | None
    found_on: dt.date
    found_at: str
    found_by: str
    description: str
    features: str
    dialect_region: str
    region_code: str
    admitted_on: dt.date
    left_on: dt.date | None
    status: str
    status_label: str
    person_id: int | None
    has_photo: bool
    notice_published_on: dt.date | None

    @staticmethod
    def resolve_sex_label(obj) -> str:
        return codes.SEX.get(obj.sex, obj.sex)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return codes.STATUS.get(obj.status, obj.status)

    @staticmethod
    def resolve_has_photo(obj) -> bool:
        return obj.photo_file is not None


class FamilyMatchOut(Schema):
    kind: str
    person_id: int | None
    missing_person_id: int | None
    name: str
    sex: str
    birth_year: int
    region_code: str
    score: int
    reasons: list[str]


class MissingPersonOut(Schema):
    id: int
    name: str
    sex: str
    birth_year: int
    region_code: str
    person_id: int | None
    features: str
    missing_since: dt.date
    reported_by: str
    contact_phone: str
    status: str

    @staticmethod
    def resolve_contact_phone(obj) -> str:
        return obj.contact_phone_masked


class HomelessExpenseOut(Schema):
    id: int
    kind: str
    on_date: dt.date
    quantity: int
    amount: MoneyOut
    provider: str
    note: str


class EscortHomeOut(Schema):
    intake_id: int
    handed_over_on: dt.date
    received_by: str
    township_code: str
    cost: MoneyOut
    warning_id: int | None


class MatchOutcomeOut(Schema):
    id: int
    intake_id: int
    person_id: int | None
    missing_id: int | None
    score: int
    reasons: list[str]
    outcome: str
    note: str
    decided_on: dt.date


class StayBandOut(Schema):
    band: str
    count: int


class HomelessDashboardOut(Schema):
    in_station: int
    closed: int
    returned: int
    return_rate: str | None
    long_stay: int
    stays: list[StayBandOut]
    costs: MoneyOut

