"""Inputs and outputs of the volunteers app: registration, activities, service-hour records, the certificate.
Request bodies derive from core.api_schemas.BodyIn; services validate the same models from plain dicts."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Field, Filled, Flag, Id, RegionCode, Text, choice
from minzheng.volunteers import codes

EARLIEST = dt.date(2000, 1, 1)  # records before the national system existed are not entered here
_HOURS = re.compile(r"^\d{1,2}(\.\d)?$")


def _hours(value: Any) -> Decimal:
    """Actual service time in hours, to a tenth (0.5 = half an hour): "2.5", 2.5 or 3; more than 0, at most 24."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise PydanticCustomError("rule", "服务时长应为小时数，例如 2.5")
    text = str(value).strip()
    if isinstance(value, float):
        text = f"{value:.10g}"
    if not _HOURS.match(text):
        raise PydanticCustomError("rule", "服务时长应为小时数（最多一位小数），例如 2.5")
    hours = Decimal(text)
    if not Decimal("0") < hours <= Decimal("24"):
        raise PydanticCustomError("rule", "服务时长应大于 0 小时且不超过 24 小时")
    return hours


Hours = Annotated[Decimal, BeforeValidator(_hours),
                  WithJsonSchema({"type": ["string", "number"], "example": "2.5",
                                  "description": "实际服务时长（小时，最多一位小数，0 < 时长 ≤ 24）"})]
HoursOut = Annotated[Decimal, PlainSerializer(lambda v: f"{v:.1f}", return_type=str),
                     WithJsonSchema({"type": "string", "example": "2.5"})]


def _bounded(day: dt.date, title: str) -> dt.date:
    if day < EARLIEST or day.year > 2100:
        raise PydanticCustomError("rule", f"{title}超出合理范围")
    return day


class VolunteerIn(BodyIn):
    name: Annotated[Text[50], Filled] = Field(..., title="姓名")
    id_number: Annotated[Text[30], Filled] = Field(..., title="身份证号")
    phone: Text[30] = Field("", title="联系方式")
    region_code: RegionCode = Field(..., title="居住区域")
    skills: Text[200] = Field("", title="专业技能")
    categories: list[choice(codes.CATEGORIES, "服务类别")] = Field(default_factory=list, title="服务类别",
                                                                 max_length=len(codes.CATEGORIES))
    organisation_id: Id | None = Field(None, title="所属组织")


class HoursIn(BodyIn):
    activity: Annotated[Text[200], Filled] = Field(..., title="活动名称")
    date: Day = Field(..., title="服务日期")
    hours: Hours = Field(..., title="服务时长")
    organiser: Annotated[Text[200], Filled] = Field(..., title="组织单位")
    place: Text[200] = Field("", title="地点")
    content: Text[500] = Field("", title="服务内容")
    leader: Text[50] = Field("", title="负责人")
    category: choice({"": "", **codes.CATEGORIES}, "服务类别") = Field("", title="服务类别")
    activity_id: Id | None = Field(None, title="活动")

    @field_validator("date")
    @classmethod
    def _date(cls, value: dt.date) -> dt.date:
        return _bounded(value, "服务日期")


class ActivityIn(BodyIn):
    name: Annotated[Text[200], Filled] = Field(..., title="活动名称")
    region_code: RegionCode = Field(..., title="活动区划")
    category: choice(codes.CATEGORIES, "服务类别") = Field(..., title="服务类别")
    starts_on: Day = Field(..., title="开始日期")
    ends_on: Day = Field(..., title="结束日期")
    place: Text[200] = Field("", title="地点")
    content: Text[500] = Field("", title="服务内容")
    leader: Text[50] = Field("", title="负责人")
    organisation_id: Id | None = Field(None, title="组织单位")
    station_id: Id | None = Field(None, title="服务站点")
    risky: Flag = Field(False, title="有人身风险")
    insurer: Text[100] = Field("", title="承保单位")
    policy_no: Text[50] = Field("", title="保单号")
    covered_from: Day | None = Field(None, title="保险起期")
    covered_to: Day | None = Field(None, title="保险止期")

    @field_validator("starts_on", "ends_on", "covered_from", "covered_to")
    @classmethod
    def _dates(cls, value: dt.date | None) -> dt.date | None:
        return None if value is None else _bounded(value, "日期")


class OrganisationIn(BodyIn):
    name: Annotated[Text[200], Filled] = Field(..., title="名称")
    kind: choice(codes.ORG_KINDS, "类型") = Field(..., title="类型")
    credit_code: Text[18] = Field("", title="统一社会信用代码")
    region_code: RegionCode = Field(..., title="所在区划")
    contact: Text[50] = Field("", title="负责人")


class StationIn(BodyIn):
    name: Annotated[Text[200], Filled] = Field(..., title="站点名称")
    region_code: RegionCode = Field(..., title="所在区划")
    organisation_id: Id | None = Field(None, title="依托单位")
    address: Text[200] = Field("", title="地址")
    opened_on: Day | None = Field(None, title="设立日期")


class VolunteerOut(Schema):
    id: int
    name: str
    sex: str
    birth_date: dt.date
    id_number_masked: str = Field(..., description="证件号（脱敏）")
    phone_masked: str = Field(..., description="联系方式（脱敏）")
    region_code: str
    skills: str
    categories: list[str]
    organisation_id: int | None
    registered_on: dt.date
    status: str
    total_hours: HoursOut
    stars: int = Field(0, description="星级（按累计时长，0 = 未评星）")


class RecordOut(Schema):
    id: int
    volunteer_id: int
    activity_id: int | None
    activity: str = Field(..., alias="activity_name")
    date: dt.date = Field(..., alias="served_on")
    hours: HoursOut
    organiser: str
    place: str
    content: str
    leader: str
    recorded_on: dt.date
    due_on: dt.date = Field(..., description="应记录截止日（活动后第 10 个工作日）")
    late: bool = Field(..., description="超过 10 个工作日录入（补录）")
    workdays_late: int


class ActivityOut(Schema):
    id: int
    name: str
    region_code: str
    category: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    content: str
    leader: str
    organisation_id: int | None
    station_id: int | None
    risky: bool
    insurer: str
    policy_no: str
    covered_from: dt.date | None
    covered_to: dt.date | None


class CertificateLineOut(Schema):
    activity: str
    date: dt.date
    hours: HoursOut
    organiser: str
    content: str


class CertificateOut(Schema):
    number: str = Field(..., description="证明编号")
    name: str
    id_number_masked: str
    total_hours: HoursOut
    stars: int
    first_date: dt.date | None
    last_date: dt.date | None
    records: list[CertificateLineOut]
    issuer: str = Field(..., description="出具单位（记录单位）")
    issued_on: dt.date
    print_url: str = Field(..., description="可打印的证明页面")
