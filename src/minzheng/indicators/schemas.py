"""Inputs and outputs of the indicators app."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from ninja import Schema
from pydantic import BaseModel, BeforeValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from minzheng.core.validation import Field, Filled, Integer, RegionCode, Text, choice
from minzheng.indicators import codes

_NUMBER = re.compile(r"^-?\d{1,14}(\.\d{1,4})?$")


def _number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, (bool, float)):
        raise PydanticCustomError("indicator", "数值须写成十进制文本（如 58.5）")
    text = str(value).strip().rstrip("%")
    if not _NUMBER.match(text):
        raise PydanticCustomError("indicator", "数值格式不正确：最多14位整数、4位小数")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern guarantees a decimal
        raise PydanticCustomError("indicator", "数值格式不正确") from None


def _targets(value: Any) -> dict[str, str]:
    """"2022:11000;2025:14000" (or a dict) → {"2022": "11000", "2025": "14000"}."""
    if value in (None, ""):
        return {}
    items = value.items() if isinstance(value, dict) else (
        part.split(":", 1) if ":" in part else (part, "") for part in re.split(r"[;；,，]\s*", str(value)) if part)
    out = {}
    for year, amount in items:
        year = str(year).strip()
        if not re.fullmatch(r"20\d\d", year):
            raise PydanticCustomError("indicator", "目标年份“{year}”不正确", {"year": year[:10]})
        out[year] = str(_number(amount))
    return out


def _flag(value: Any) -> bool:
    if value in (True, 1, "1", "是", "约束性", "true", "yes"):
        return True
    if value in (False, 0, "0", "否", "预期性", "false", "no", "", None):
        return False
    raise PydanticCustomError("indicator", "约束性应为 是 或 否")


Number = Annotated[Decimal | None, BeforeValidator(_number),
                   WithJsonSchema({"type": ["string", "null"], "pattern": _NUMBER.pattern})]
Targets = Annotated[dict[str, str], BeforeValidator(_targets), WithJsonSchema({"type": "object"})]
Binding = Annotated[bool, BeforeValidator(_flag)]


class IndicatorIn(BaseModel):
    """One indicator definition (a row of the plan-indicators file)."""

    model_config = ConfigDict(extra="ignore")

    plan: choice(codes.PLANS, "规划") = Field(..., title="规划")
    code: Annotated[Text[40], Filled] = Field(..., title="指标代码")
    number: Text[10] = Field("", title="序号")
    name: Annotated[Text[200], Filled] = Field(..., title="指标名称")
    unit: Text[20] = Field("", title="单位")
    kind: choice(codes.KINDS, "计算方式") = Field(..., title="计算方式")
    numerator: Text[60] = Field("", title="分子（数据元）")
    denominator: Text[60] = Field("", title="分母（数据元）")
    multiplier: Number = Field(Decimal(1), title="乘数")
    binding: Binding = Field(False, title="约束性")
    direction: choice(codes.DIRECTIONS, "方向") = Field("up", title="方向")
    baseline_year: Integer(2000, 2100) | None = Field(None, title="基期年份")
    baseline_value: Number = Field(None, title="基期值")
    targets: Targets = Field(default_factory=dict, title="目标值")
    source: Annotated[Text[500], Filled] = Field(..., title="出处")
    note: Text[500] = Field("", title="说明")


class ManualIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    indicator: Annotated[Text[40], Filled] = Field(..., title="指标代码")
    region_code: RegionCode = Field(..., title="区划")
    period: Annotated[Text[8], Filled] = Field(..., title="统计期")
    value: Annotated[Decimal, BeforeValidator(_number)] = Field(..., title="填报值")
    note: Text[2000] = Field("", title="填报说明")


class IndicatorOut(Schema):
    code: str
    plan: str
    number: str
    name: str
    unit: str
    kind: str
    numerator: str
    denominator: str
    binding: bool
    direction: str
    baseline_year: int | None
    baseline_value: str | None
    targets: dict[str, str]
    source: str
    note: str

    @staticmethod
    def resolve_baseline_value(obj) -> str | None:
        return None if obj.baseline_value is None else format(obj.baseline_value.normalize(), "f")


class ValueOut(Schema):
    indicator: str
    region_code: str
    period: str
    value: str | None
    numerator: str | None
    denominator: str | None
    target: str | None
    status: str
    source: str
