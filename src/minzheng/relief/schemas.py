"""Disaster relief and the material reserve: what the services take (validated with core.validation: Chinese
messages, 422 with every field, nothing written) and what the API answers (labels next to codes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field, model_validator

from minzheng.benefits.schemas.fields import fail
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import (
    Day,
    Filled,
    Id,
    Integer,
    Money,
    MoneyOut,
    RegionCode,
    Text,
    choice,
    nonnegative,
)
from minzheng.relief import codes

Count = Integer(0, 10_000_000)
Quantity = Integer(1, 1_000_000_000)
Area = Annotated[Money, nonnegative(Decimal("9999999999.99"))]


def _dates(start: dt.date | None, end: dt.date | None, field: str) -> None:
    if start is not None and end is not None and end < start:
        fail([((field,), "结束日期不能早于发生日期")])


# ---- disasters ------------------------------------------------------------------------------------------------------


class EventIn(BodyIn):
    name: Annotated[Text[100], Filled] = Field(..., title="灾害名称")
    kind: choice(codes.DISASTER_KINDS, "灾害种类") = Field(..., title="灾害种类")
    region_code: RegionCode = Field(..., title="受灾区划")
    area: Text[300] = Field("", title="受灾区域")
    started_on: Day = Field(..., title="发生日期")
    ended_on: Day | None = Field(None, title="结束（灾情稳定）日期")
    description: Text[2000] = Field("", title="灾情概述")

    @model_validator(mode="after")
    def _order(self):
        _dates(self.started_on, self.ended_on, "ended_on")
        return self


class EventEndIn(BodyIn):
    ended_on: Day = Field(..., title="结束（灾情稳定）日期")


class DamageReportIn(BodyIn):
    event_id: Id = Field(..., title="灾害事件")
    region_code: RegionCode = Field(..., title="村（社区）")
    stage: choice(codes.STAGES, "报送阶段") = Field(..., title="报送阶段")
    reported_on: Day | None = Field(None, title="报送日期", description="默认：今天")
    affected_persons: Count = Field(0, title="受灾人口")
    relocated_persons: Count = Field(0, title="紧急转移安置人口")
    needing_help: Count = Field(0, title="需紧急生活救助人口")
    deaths: Count = Field(0, title="死亡失踪人口")
    houses_collapsed: Count = Field(0, title="倒塌房屋")
    houses_severe: Count = Field(0, title="严重损坏房屋")
    houses_general: Count = Field(0, title="一般损坏房屋")
    crop_affected: Area = Field(Decimal(0), title="农作物受灾面积")
    crop_failed: Area = Field(Decimal(0), title="农作物绝收面积")
    direct_loss: Area = Field(Decimal(0), title="直接经济损失（万元）")
    reporter: Text[50] = Field("", title="灾害信息员", description="姓名；选了在册信息员（officer_id）时可不填")
    officer_id: Id | None = Field(None, title="灾害信息员（名册）", description="报送的灾害信息员（本村名册）")
    note: Text[500] = Field("", title="说明")

    @model_validator(mode="after")
    def _consistent(self):
        errors = []
        if not self.reporter and self.officer_id is None:
            errors.append((("reporter",), "须填写灾害信息员"))
        if self.crop_failed > self.crop_affected:
            errors.append((("crop_failed",), "绝收面积不能大于受灾面积"))
        if self.relocated_persons > self.affected_persons or self.needing_help > self.affected_persons:
            errors.append((("affected_persons",), "受灾人口应不少于转移安置人口和需救助人口"))
        if errors:
            fail(errors)
        return self


class AffectedIn(BodyIn):
    event_id: Id = Field(..., title="灾害事件")
    household_id: Id = Field(..., title="家庭")
    house_damage: choice(codes.HOUSE_DAMAGE, "房屋倒损") = Field("none", title="房屋倒损")
    persons: Integer(1, 100) | None = Field(None, title="受灾人数", description="默认：家庭在册人数")
    note: Text[500] = Field("", title="受灾情况")


class ReliefCaseIn(BodyIn):
    affected_id: Id = Field(..., title="受灾家庭")
    program: choice(codes.PROGRAMS, "救助项目") = Field(..., title="救助项目")
    bank_account: Text[40] = Field("", title="银行账号")
    bank_name: Text[100] = Field("", title="开户行")
    proxy_document: Text[200] = Field("", title="委托书", description="村(社区)代为申请时必填")


class RuleIn(BodyIn):
    region_code: RegionCode = Field(..., title="区划")
    stage: choice(codes.STAGES, "报送阶段") = Field(..., title="报送阶段")
    days: Integer(0, 60) = Field(..., title="时限（日）")
    effective_from: Day = Field(..., title="生效日期")
    source: Text[300] = Field("", title="依据")


class EventOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    region_code: str
    area: str
    started_on: dt.date
    ended_on: dt.date | None
    description: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return codes.DISASTER_KINDS.get(obj.kind, obj.kind)


class DamageReportOut(Schema):
    id: int
    event_id: int
    region_code: str
    stage: str
    stage_label: str
    reported_on: dt.date
    due_on: dt.date | None
    late: bool
    affected_persons: int
    relocated_persons: int
    needing_help: int
    deaths: int
    houses_collapsed: int
    houses_severe: int
    houses_general: int
    crop_affected: MoneyOut
    crop_failed: MoneyOut
    direct_loss: MoneyOut
    reporter: str

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return codes.STAGES.get(obj.stage, obj.stage)


class AffectedOut(Schema):
    id: int
    event_id: int
    household_id: int
    region_code: str
    house_damage: str
    persons: int
    warning_id: int | None


class ReliefCaseOut(Schema):
    id: int
    affected_id: int
    case_id: int
    program: str


class DamageTotalsOut(Schema):
    event_id: int
    villages: int
    affected_persons: int
    relocated_persons: int
    needing_help: int
    deaths: int
    houses_collapsed: int
    houses_severe: int
    houses_general: int
    crop_affected: MoneyOut
    crop_failed: MoneyOut
    direct_loss: MoneyOut
    late_reports: int


# ---- the material reserve -------------------------------------------------------------------------------------------


class WarehouseIn(BodyIn):
    name: Annotated[Text[100], Filled] = Field(..., title="储备库名称")
    level: choice(codes.WAREHOUSE_LEVELS, "层级") = Field("county", title="层级")
    region_code: RegionCode = Field(..., title="所在区划")
    address: Text[200] = Field("", title="地址")
    keeper: Text[50] = Field("", title="保管员")


class ReceiptIn(BodyIn):
    warehouse_id: Id = Field(..., title="储备库")
    item: Annotated[Text[50], Filled] = Field(..., title="物资名称")
    unit: Annotated[Text[10], Filled] = Field(..., title="计量单位")
    quantity: Quantity = Field(..., title="数量")
    source: choice(codes.RECEIPT_SOURCES, "入库来源") = Field(..., title="入库来源")
    supplier: Text[100] = Field("", title="供货/调拨/捐赠单位")
    received_on: Day | None = Field(None, title="入库日期", description="默认：今天")
    expires_on: Day | None = Field(None, title="有效期至")
    note: Text[300] = Field("", title="说明")


class DispatchIn(BodyIn):
    warehouse_id: Id = Field(..., title="储备库")
    item: Annotated[Text[50], Filled] = Field(..., title="物资名称")
    quantity: Quantity = Field(..., title="数量")
    event_id: Id | None = Field(None, title="灾害事件")
    region_code: RegionCode = Field(..., title="调往区划")
    recipient: Text[50] = Field("", title="接收人")
    dispatched_on: Day | None = Field(None, title="出库日期", description="默认：今天")
    note: Text[300] = Field("", title="说明")


class SignIn(BodyIn):
    signed_by: Annotated[Text[50], Filled] = Field(..., title="签收人")
    signed_on: Day | None = Field(None, title="签收日期", description="默认：今天")


class ReturnIn(BodyIn):
    quantity: Quantity = Field(..., title="回收数量")
    returned_on: Day | None = Field(None, title="回收日期", description="默认：今天")
    note: Text[300] = Field("", title="说明")


class CountLineIn(BodyIn):
    item: Annotated[Text[50], Filled] = Field(..., title="物资名称")
    counted: Integer(0, 1_000_000_000) = Field(..., title="实盘数量")
    explanation: Text[300] = Field("", title="差异原因")


class StocktakeIn(BodyIn):
    warehouse_id: Id = Field(..., title="储备库")
    counted_on: Day | None = Field(None, title="盘点日期", description="默认：今天")
    counted_by: Annotated[Text[100], Filled] = Field(..., title="盘点人")
    lines: list[CountLineIn] = Field(..., title="盘点明细", min_length=1, max_length=500)
    note: Text[300] = Field("", title="说明")


class WriteOffIn(BodyIn):
    warehouse_id: Id = Field(..., title="储备库")
    item: Annotated[Text[50], Filled] = Field(..., title="物资名称")
    quantity: Quantity = Field(..., title="数量")
    note: Annotated[Text[300], Filled] = Field(..., title="报废原因")


class WarehouseOut(Schema):
    id: int
    name: str
    level: str
    region_code: str
    address: str
    keeper: str


class MovementOut(Schema):
    id: int
    warehouse_id: int
    item: str
    unit: str
    kind: str
    kind_label: str
    delta: int
    balance: int
    moved_on: dt.date
    source: str
    event_id: int | None
    destination_code: str
    status: str
    signed_by: str
    signed_on: dt.date | None

    @staticmethod
    def resolve_item(obj) -> str:
        return obj.item.name

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.item.unit

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return codes.MOVEMENT_KINDS.get(obj.kind, obj.kind)


class ShortStockOut(Schema):
    detail: str = Field(..., description="原因（中文）")
    available: int = Field(..., description="当前可用库存数量")


class StockOut(Schema):
    warehouse_id: int
    item: str
    unit: str
    quantity: int

    @staticmethod
    def resolve_item(obj) -> str:
        return obj.item.name

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.item.unit


class StocktakeOut(Schema):
    id: int
    warehouse_id: int
    counted_on: dt.date
    differences: int


# ---- 灾害信息员, 避难场所 --------------------------------------------------------------------------------------------


class OfficerIn(BodyIn):
    region_code: RegionCode = Field(..., title="村（社区）")
    name: Annotated[Text[50], Filled] = Field(..., title="姓名")
    role: choice(codes.OFFICER_ROLES, "职责") = Field("principal", title="职责")
    phone: Annotated[Text[11], Filled] = Field(..., title="联系电话", description="11 位手机号码")
    trained_on: Day | None = Field(None, title="最近培训日期")
    training: Text[200] = Field("", title="培训内容")

    @model_validator(mode="after")
    def _phone(self):
        if not (len(self.phone) == 11 and self.phone.isdigit() and self.phone.startswith("1")):
            fail([(("phone",), "联系电话应为 11 位手机号码")])
        return self


class TrainingIn(BodyIn):
    trained_on: Day = Field(..., title="培训日期")
    training: Annotated[Text[200], Filled] = Field(..., title="培训内容")


class OfficerLeaveIn(BodyIn):
    left_on: Day | None = Field(None, title="离岗日期", description="默认：今天")


class ShelterIn(BodyIn):
    name: Annotated[Text[100], Filled] = Field(..., title="场所名称")
    kind: choice(codes.SHELTER_KINDS, "场所类型") = Field(..., title="场所类型")
    region_code: RegionCode = Field(..., title="所在区划")
    address: Text[200] = Field("", title="地址")
    capacity: Integer(1, 1_000_000) = Field(..., title="容纳人数")
    area_m2: Integer(1, 100_000_000) | None = Field(None, title="有效面积（平方米）")
    facilities: list[choice(codes.FACILITIES, "设施")] = Field([], title="设施", max_length=len(codes.FACILITIES))
    manager: Text[50] = Field("", title="管理人")


class ShelterOpenIn(BodyIn):
    event_id: Id = Field(..., title="灾害事件")
    opened_on: Day | None = Field(None, title="启用日期", description="默认：今天")
    occupancy: Count = Field(0, title="安置人数")


class OccupancyIn(BodyIn):
    occupancy: Count = Field(..., title="当前安置人数")


class ShelterCloseIn(BodyIn):
    closed_on: Day | None = Field(None, title="关闭日期", description="默认：今天")


class OfficerOut(Schema):
    id: int
    region_code: str
    name: str
    role: str
    phone_masked: str
    trained_on: dt.date | None
    training: str
    active: bool


class ShelterOut(Schema):
    id: int
    name: str
    kind: str
    region_code: str
    address: str
    capacity: int
    facilities: list[str]

    @staticmethod
    def resolve_facilities(obj) -> list[str]:
        return obj.facility_codes
