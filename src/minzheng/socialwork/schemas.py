"""Inputs and outputs of the social-work app (bodies derive from core.api_schemas.BodyIn)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Field, Filled, Flag, Id, Money, MoneyOut, RegionCode, Text, choice
from minzheng.socialwork import codes


def _bounded(value: dt.date | None) -> dt.date | None:
    if value is not None and not dt.date(1980, 1, 1) <= value <= dt.date(2100, 12, 31):
        raise PydanticCustomError("rule", "日期超出合理范围")
    return value


class WorkerIn(BodyIn):
    name: Annotated[Text[50], Filled] = Field(..., title="姓名")
    sex: choice(codes.SEX, "性别") = Field(..., title="性别")
    region_code: RegionCode = Field(..., title="工作区划")
    employer_id: Id | None = Field(None, title="用人单位")
    level: choice(codes.LEVELS, "职业资格") = Field("none", title="职业资格")
    certificate_no: Text[50] = Field("", title="证书编号")
    certified_on: Day | None = Field(None, title="取得资格日期")
    post_grade: Text[20] = Field("", title="岗位等级")
    started_on: Day | None = Field(None, title="入职日期")

    @field_validator("certified_on", "started_on")
    @classmethod
    def _dates(cls, v):
        return _bounded(v)


class StationIn(BodyIn):
    region_code: RegionCode = Field(..., title="乡镇（街道）")
    name: Annotated[Text[200], Filled] = Field(..., title="站点名称")
    opened_on: Day | None = Field(None, title="建站日期")
    floor_area: Money | None = Field(None, title="场地面积")
    has_site: Flag = Field(False, title="有场地")
    has_equipment: Flag = Field(False, title="有设备")
    has_staff: Flag = Field(False, title="有人员")
    has_funding: Flag = Field(False, title="有经费")
    has_rules: Flag = Field(False, title="有制度")
    has_services: Flag = Field(False, title="有服务")

    @field_validator("floor_area")
    @classmethod
    def _area(cls, v: Decimal | None) -> Decimal | None:
        if v is not None and v > Decimal("999999.99"):  # the column holds 8 digits (PostgreSQL would refuse more)
            raise PydanticCustomError("rule", "场地面积过大")
        return v

    @field_validator("opened_on")
    @classmethod
    def _dates(cls, v):
        return _bounded(v)


class TrainingIn(BodyIn):
    trained_on: Day = Field(..., title="培训日期")
    hours: Money = Field(..., title="学时")
    topic: Annotated[Text[200], Filled] = Field(..., title="培训内容")
    provider: Text[200] = Field("", title="培训机构")

    @field_validator("trained_on")
    @classmethod
    def _dates(cls, v):
        return _bounded(v)

    @field_validator("hours")
    @classmethod
    def _hours(cls, v: Decimal) -> Decimal:
        if not Decimal("0") < v <= Decimal("1000"):
            raise PydanticCustomError("rule", "学时应大于 0 且不超过 1000")
        return v.quantize(Decimal("0.1"))


class PopulationIn(BodyIn):
    region_code: RegionCode = Field(..., title="区划")
    year: int = Field(..., title="年份", ge=1990, le=2100)
    residents: int = Field(..., title="常住人口", ge=1, le=2_000_000_000)
    source: Text[200] = Field("", title="来源")


class WorkerOut(Schema):
    id: int
    name: str
    sex: str
    region_code: str
    employer_id: int | None
    level: str
    certificate_no: str
    certified_on: dt.date | None
    post_grade: str
    status: str


class StationOut(Schema):
    id: int
    region_code: str
    name: str
    opened_on: dt.date | None
    has_site: bool
    has_equipment: bool
    has_staff: bool
    has_funding: bool
    has_rules: bool
    has_services: bool
    haves: int = Field(..., description="“六有”已具备项数")


class SocialWorkIndicatorRowOut(Schema):
    region_code: str
    region: str
    certified: int = Field(..., description="持证社会工作者（在岗）")
    assistant: int
    social_worker: int
    senior: int
    residents: int | None = Field(None, description="常住人口")
    per_10k: MoneyOut | None = Field(None, description="每万常住人口持证社会工作者（两位小数）")
    stations: int
    stations_complete: int = Field(..., description="“六有”齐全的社工站")


class SocialWorkIndicatorsOut(Schema):
    year: int
    rows: list[SocialWorkIndicatorRowOut]
    total: SocialWorkIndicatorRowOut
