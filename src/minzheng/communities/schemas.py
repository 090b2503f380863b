"""城乡社区治理 inputs, validated by the services with core.validation (Chinese messages, every field at once,
nothing written), and the indicator output. Dates bounded to 1950–2100, money and areas to sensible sizes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from minzheng.benefits.schemas.fields import BlankAsNone, In, Int, rule
from minzheng.communities import codes
from minzheng.core import crypto
from minzheng.core.validation import Day, Filled, Id, Money, RegionCode, Text, choice, nonnegative


def _bounded(value: dt.date) -> dt.date:
    if not 1950 <= value.year <= 2100:
        raise PydanticCustomError("rule", "日期应在 1950 年至 2100 年之间")
    return value


def _phone(value):
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise rule("应为文本")
    try:
        return crypto.normalize_phone(str(value)) or ""
    except crypto.PhoneError as exc:
        raise rule(str(exc)) from None


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise rule("应大于 0")
    return value


BDay = Annotated[Day, AfterValidator(_bounded)]
OptBDay = Annotated[BDay | None, BlankAsNone]
Phone = Annotated[str, BeforeValidator(_phone)]
Area = Annotated[Money, nonnegative(Decimal("99999999.99")), AfterValidator(_positive)]
Amount = Annotated[Money, nonnegative(Decimal("999999999999.99")), AfterValidator(_positive)]


class MemberIn(In):
    region_code: RegionCode = Field(..., title="村（社区）")
    name: Annotated[Text[50], Filled] = Field(..., title="姓名")
    committee: choice(codes.COMMITTEES, "组织") = Field(..., title="组织")
    post: choice(codes.POSTS, "职务") = Field(..., title="职务")
    phone: Phone = Field("", title="联系电话")
    from_on: BDay = Field(..., title="任职日期")
    election_id: Annotated[Id | None, BlankAsNone] = Field(None, title="选举")


class EndIn(In):
    on: BDay = Field(..., title="离任日期")


class ElectionIn(In):
    region_code: RegionCode = Field(..., title="村（社区）")
    held_on: BDay = Field(..., title="选举日期")
    term_years: Int(1, 10) = Field(5, title="任期（年）")
    electorate: Int(1, 10_000_000) = Field(..., title="登记选民数")
    voted: Int(0, 10_000_000) = Field(..., title="参加投票人数")
    results: Annotated[Text[2000], Filled] = Field(..., title="选举结果")
    note: Text[300] = Field("", title="说明")

    @model_validator(mode="after")
    def _turnout(self):
        if self.voted > self.electorate:
            raise rule("参加投票人数不能多于登记选民数")
        return self


class MeetingIn(In):
    region_code: RegionCode = Field(..., title="村（社区）")
    kind: choice(codes.MEETING_KINDS, "会议类型") = Field(..., title="会议类型")
    held_on: BDay = Field(..., title="召开日期")
    topic: Annotated[Text[200], Filled] = Field(..., title="议题")
    attendance: Int(1, 100000) = Field(..., title="参会人数")
    decisions: Text[4000] = Field("", title="议定事项")


class TaskIn(In):
    region_code: RegionCode = Field(..., title="适用区划")
    list_kind: choice(codes.TASK_LISTS, "清单") = Field(..., title="清单")
    title: Annotated[Text[200], Filled] = Field(..., title="事项")
    department: Text[100] = Field("", title="责任部门")
    basis: Text[200] = Field("", title="依据")
    effective_from: BDay = Field(..., title="生效日期")


class StationIn(In):
    region_code: RegionCode = Field(..., title="村（社区）")
    name: Annotated[Text[100], Filled] = Field(..., title="名称")
    floor_area: Area = Field(..., title="建筑面积（m²）")
    functions: list[choice(codes.FUNCTIONS, "功能")] = Field(default_factory=list, title="功能", max_length=20)
    opened_on: BDay = Field(..., title="启用日期")


class CatalogueIn(In):
    region_code: RegionCode = Field(..., title="适用区划")
    name: Annotated[Text[100], Filled] = Field(..., title="服务事项")
    department: Text[100] = Field("", title="办理部门")
    pledge_days: Int(1, 60) = Field(..., title="承诺时限（工作日）")
    materials: Text[300] = Field("", title="申请材料")


class TicketIn(In):
    region_code: RegionCode = Field(..., title="受理村（社区）")
    item_id: Id = Field(..., title="服务事项")
    applicant: Annotated[Text[50], Filled] = Field(..., title="申请人")
    phone: Phone = Field("", title="联系电话")
    received_on: OptBDay = Field(None, title="受理日期")


class CloseIn(In):
    done_on: BDay = Field(..., title="办结日期")
    rejected: bool = Field(False, title="不予受理")
    result: Annotated[Text[300], Filled] = Field(..., title="办理结果")


class FundIn(In):
    region_code: RegionCode = Field(..., title="村（社区）")
    on: BDay = Field(..., title="日期")
    direction: choice(codes.FUND_DIRECTIONS, "收支") = Field(..., title="收支")
    category: choice(codes.FUND_CATEGORIES, "科目") = Field(..., title="科目")
    amount: Amount = Field(..., title="金额")
    note: Annotated[Text[200], Filled] = Field(..., title="摘要")


class CommunityIndicatorRowOut(Schema):
    code: str
    name: str
    households: int
    floor_area: str
    area_per_100_households: str
    urban_residents: int
    community_workers: int
    workers_per_10000_urban: str


class CommunityIndicatorsOut(Schema):
    root: str
    rows: list[CommunityIndicatorRowOut]
    total: CommunityIndicatorRowOut
