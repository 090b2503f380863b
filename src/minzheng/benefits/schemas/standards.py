"""Standards (救助标准): one row as POST /standards and the CSV loader take it (StandardIn: the item must be one of the
program's catalogue items, the value in its range and unit), the list and history filters, and what the API answers
(StandardOut, ItemOut for the catalogue, ResolvedOut for the standards in force). Whether the region exists and the
history rule (a new row closes the previous one; 409 on a clash) are checked in benefits.services.standards."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field, ValidationInfo, WithJsonSchema, field_validator

from minzheng.benefits import catalogue
from minzheng.benefits.policy.money import plain
from minzheng.benefits.schemas.evaluation import StandardValueOut, program_codes
from minzheng.benefits.schemas.fields import BlankAsNone, In, OptDay, code, rule
from minzheng.core.validation import Month, RegionCode, choice

AREA_INPUT = {"urban": "urban", "rural": "rural", "all": "all", "城市": "urban", "城镇": "urban", "农村": "rural",
              "城乡统一": "all", "全部": "all", "城乡": "all"}
VALUE = re.compile(r"^\d{1,10}(\.\d{1,4})?$")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _value(value: Any) -> Decimal:
    if isinstance(value, float):
        raise rule("数值须写成带引号的十进制文本（例如 \"810\" 或 \"1.3\"），不接受 JSON 小数（浮点数）")
    if isinstance(value, bool) or not VALUE.match(_text(value)):
        raise rule("数值格式不正确：应为不小于 0 的数，最多 10 位整数、4 位小数")
    return Decimal(_text(value))


def _date(label: str, optional: bool = False):
    """A date as files write it: 2025-01-01, 2025/1/1 (blank: None where optional)."""

    def check(value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        if optional and not _text(value):
            return None
        text = _text(value).replace("/", "-")
        m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", text)
        try:
            if m:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
        raise rule(f"{label}格式不正确，应为 YYYY-MM-DD")

    return check


def _area(value: Any) -> str:
    found = AREA_INPUT.get(_text(value))
    if found is None:
        raise rule("城乡取值无效，应为 urban（城市）、rural（农村）或 all（城乡统一）")
    return found


Str = Annotated[str, BeforeValidator(_text)]
DATE_SCHEMA = WithJsonSchema({"type": "string", "format": "date"})


class StandardIn(In):
    """One standard: a value for a program's item in a region and area from a date."""

    program: Str = Field(..., title="救助项目")
    item: Str = Field(..., title="标准项")
    region_code: RegionCode = Field(..., title="区划代码")
    area: Annotated[str, BeforeValidator(_area), WithJsonSchema({"type": "string", "enum": list(catalogue.AREAS)})] = (
        Field(..., title="城乡"))
    value: Annotated[Decimal, BeforeValidator(_value),
                     WithJsonSchema({"type": "string", "pattern": VALUE.pattern, "example": "810"})] = Field(
        ..., title="数值", description="十进制文本，最多 4 位小数；不接受 JSON 小数")
    unit: Str = Field("", title="单位", description="默认：该标准项的单位", validate_default=True)
    effective_from: Annotated[dt.date, BeforeValidator(_date("生效日期")), DATE_SCHEMA] = Field(..., title="生效日期")
    effective_to: Annotated[dt.date | None, BeforeValidator(_date("终止日期", optional=True)), DATE_SCHEMA] = Field(
        None, title="终止日期")
    source: Str = Field(..., title="依据", description="文件名称、文号，或“示例值（非官方）”")

    @field_validator("program")
    @classmethod
    def _program(cls, value: str) -> str:
        if value not in catalogue.PROGRAMS:
            raise rule(f"救助项目“{value}”无效，应为：{'、'.join(catalogue.PROGRAMS)}")
        return value

    @field_validator("item")
    @classmethod
    def _item(cls, value: str, info: ValidationInfo) -> str:
        program = info.data.get("program")
        if program and (program, value) not in catalogue.ITEMS:
            names = "、".join(i.item for i in catalogue.items_of(program)) or "（无）"
            raise rule(f"标准项“{value}”不是 {program} 的标准项；可用：{names}")
        return value

    @field_validator("value")
    @classmethod
    def _in_range(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        spec = catalogue.ITEMS.get((info.data.get("program"), info.data.get("item")))
        reason = spec.check(value) if spec else None
        if reason:
            raise rule(f"{spec.label}{reason}")
        return value

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str, info: ValidationInfo) -> str:
        spec = catalogue.ITEMS.get((info.data.get("program"), info.data.get("item")))
        if spec is None:
            return value
        if (value or spec.unit) not in spec.units:
            raise rule(f"{spec.label}的单位应为：{'、'.join(spec.units)}")
        return value or spec.unit

    @field_validator("effective_to")
    @classmethod
    def _period(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("effective_from")
        if value is not None and start is not None and value < start:
            raise rule("终止日期不能早于生效日期")
        return value

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        if not value:
            raise rule("须注明依据（文件名称、文号或“示例值（非官方）”）")
        if len(value) > 500:
            raise rule("依据不能超过 500 字")
        return value

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.program, self.item, self.region_code, self.area)


# ---- filters ---------------------------------------------------------------------------------------------------------

Program = code(program_codes, "救助项目")
Region = Annotated[RegionCode | None, BlankAsNone]


class StandardQuery(Schema):
    program: Program = ""
    item: str = ""
    region_code: Region = Field(None, description="可适用于该区划的标准（该区划及其上级）")
    within: Region = Field(None, description="在该区划及其下级设置的标准")
    area: code({k: k for k in catalogue.AREAS}, "城乡") = ""
    as_of: OptDay = Field(None, description="该日生效的标准（YYYY-MM-DD）")


class ItemQuery(Schema):
    program: Program = ""


class HistoryQuery(Schema):
    program: code(program_codes, "救助项目", required=True)
    item: str
    region_code: RegionCode
    area: code({k: k for k in catalogue.AREAS}, "城乡", required=True)


class ResolveQuery(Schema):
    region_code: RegionCode
    area: choice({"urban": "城市", "rural": "农村"}, "城乡")
    month: Month


# ---- output ----------------------------------------------------------------------------------------------------------


class StandardOut(Schema):
    id: int
    program: str
    item: str
    label: str
    region_code: str
    area: str
    value: str = Field(..., description="数值（十进制文本）")
    unit: str
    effective_from: dt.date
    effective_to: dt.date | None
    source: str
    created_by: str
    created_at: dt.datetime

    @staticmethod
    def resolve_label(obj) -> str:
        spec = catalogue.ITEMS.get((obj.program, obj.item))
        return spec.label if spec else obj.item

    @staticmethod
    def resolve_value(obj) -> str:
        return plain(obj.value)

    @staticmethod
    def resolve_created_by(obj) -> str:
        return obj.created_by.username if obj.created_by_id else ""


class ItemOut(Schema):
    program: str
    program_name: str
    item: str
    label: str
    units: list[str]
    meaning: str
    default: str | None = Field(..., description="未设置时使用的默认值（国家规定或法律定义）")
    default_rule: str
    optional: bool

    @staticmethod
    def resolve_program_name(obj) -> str:
        return catalogue.PROGRAMS[obj.program]

    @staticmethod
    def resolve_units(obj) -> list[str]:
        return list(obj.units)

    @staticmethod
    def resolve_default(obj) -> str | None:
        return plain(obj.default) if obj.default is not None else None


class ResolvedOut(Schema):
    region_code: str
    area: str
    month: str = Field(..., examples=["2026-03"])
    standards: list[StandardValueOut]
