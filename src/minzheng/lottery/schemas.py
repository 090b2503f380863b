"""The welfare-lottery fund: service inputs (core.validation: Chinese messages, 422 with every field) and API
outputs (money as decimal text)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field, model_validator

from minzheng.benefits.schemas.fields import fail
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Day, Filled, Integer, Money, MoneyOut, RegionCode, Text, choice, nonnegative
from minzheng.lottery import codes

Year = Integer(2000, 2100)
Amount = Annotated[Money, nonnegative(Decimal("999999999999.99"))]


class LotteryReceiptIn(BodyIn):
    region_code: RegionCode = Field(..., title="区划")
    year: Year = Field(..., title="资金年度")
    received_on: Day = Field(..., title="到账日期")
    amount: Amount = Field(..., title="金额")
    source: choice(codes.SOURCES, "来源") = Field(..., title="来源")
    document_no: Text[100] = Field("", title="文号")
    note: Text[300] = Field("", title="说明")

    @model_validator(mode="after")
    def _positive(self):
        if self.amount <= 0:
            fail([(("amount",), "金额应大于 0")])
        return self


class ProjectIn(BodyIn):
    region_code: RegionCode = Field(..., title="区划")
    year: Year = Field(..., title="资金年度")
    name: Annotated[Text[200], Filled] = Field(..., title="项目名称")
    area: choice(codes.AREAS, "资助领域") = Field(..., title="资助领域")
    amount: Amount = Field(..., title="安排金额")
    implementer: Annotated[Text[200], Filled] = Field(..., title="实施单位")

    @model_validator(mode="after")
    def _positive(self):
        if self.amount <= 0:
            fail([(("amount",), "金额应大于 0")])
        return self


class ProgressIn(BodyIn):
    progress: choice(codes.PROGRESS, "进度") = Field(..., title="进度")
    note: Text[500] = Field("", title="进度说明 / 验收意见")
    accepted_on: Day | None = Field(None, title="验收日期", description="验收（accepted）时必填")

    @model_validator(mode="after")
    def _acceptance(self):
        if self.progress == "accepted" and (self.accepted_on is None or not self.note):
            fail([(("accepted_on",), "验收须填写验收日期和验收意见")])
        return self


class FundQuery(Schema):
    year: Year | None = Field(None, description="资金年度（默认今年）")
    region_code: Text[12] = Field("", description="区划（默认本辖区）")


class FundOut(Schema):
    year: int
    region_code: str
    received: MoneyOut
    spent: MoneyOut = Field(..., description="当年安排资助项目金额合计")
    elderly_spent: MoneyOut
    elderly_share: str | None = Field(..., description="养老服务占比（小数，四位，如 \"0.5625\"）；无支出时为 null")
    min_share: str = Field(..., description="要求的最低比例（如 \"0.5500\"）")
    rule_met: bool | None = Field(..., description="是否达到最低比例；无支出时为 null")
    rule: str


class ReceiptOut(Schema):
    id: int
    region_code: str
    year: int
    received_on: dt.date
    amount: MoneyOut
    source: str


class LotteryProjectOut(Schema):
    id: int
    region_code: str
    year: int
    name: str
    area: str
    area_label: str
    amount: MoneyOut
    implementer: str
    progress: str
    accepted_on: dt.date | None

    @staticmethod
    def resolve_area_label(obj) -> str:
        return codes.AREAS.get(obj.area, obj.area)
