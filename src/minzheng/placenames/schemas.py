"""What the place-name services take (validated with core.validation: Chinese messages, 422 with every field) and
what the API answers (labels next to codes, region names next to region codes)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field, WithJsonSchema

from minzheng.benefits.schemas.fields import rule
from minzheng.core.validation import Day, Filled, Flag, Id, Integer, RegionCode, Text, choice
from minzheng.placenames import codes

GEOMETRY_SCHEMA = {"type": "object", "description": "GeoJSON 几何（Point、LineString、Polygon 等，WGS84 经纬度）",
                   "example": {"type": "Point", "coordinates": [122.1, 30.0]}}


def _coordinates_ok(kind: str, c: Any, depth: int) -> bool:
    if depth == 0:
        return (isinstance(c, list) and len(c) in (2, 3) and all(isinstance(x, (int, float)) and not isinstance(x, bool)
                                                                 for x in c)
                and -180 <= c[0] <= 180 and -90 <= c[1] <= 90)
    return isinstance(c, list) and 0 < len(c) <= 20000 and all(_coordinates_ok(kind, x, depth - 1) for x in c)


DEPTH = {"Point": 0, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


def _geometry(value):
    if value in (None, ""):
        return None
    if not isinstance(value, dict) or value.get("type") not in DEPTH:
        raise rule("应为 GeoJSON 几何对象（type 为 Point、LineString、MultiLineString、Polygon 或 MultiPolygon）")
    if not _coordinates_ok(value["type"], value.get("coordinates"), DEPTH[value["type"]]):
        raise rule("GeoJSON 坐标不正确：应为经度（-180–180）、纬度（-90–90）的数组")
    return {"type": value["type"], "coordinates": value["coordinates"]}


Geometry = Annotated[dict | None, BeforeValidator(_geometry), WithJsonSchema(GEOMETRY_SCHEMA)]


def _category(value):
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not (len(text) == 4 and text.isdigit()):
        raise rule("类别代码应为 4 位数字（GB/T 18521-2001）")
    return text


CategoryCode = Annotated[str | None, BeforeValidator(_category), WithJsonSchema({"type": "string", "example": "2000"})]


def _syllable(value):
    text = str(value or "").strip().lower()
    if not text or len(text) > 8 or not all(c.isalpha() for c in text):
        raise rule("应为一个拼音音节，如 cháo 或 chao")
    return text


class CorrectionIn(Schema):
    index: Integer(0, 99) = Field(..., title="字的位置（从0起）")
    syllable: Annotated[str, BeforeValidator(_syllable)] = Field(..., title="读音")


class PlaceNameIn(Schema):
    name: Annotated[Text[100], Filled] = Field(..., title="标准名称")
    category: CategoryCode = Field(None, title="类别代码")
    region_code: RegionCode = Field(..., title="所在区划")
    status: choice(codes.STATUS, "状态") = Field("standard", title="状态")
    meaning: Text[2000] = Field("", title="含义")
    history_notes: Text[4000] = Field("", title="历史沿革和文化内涵")
    roman: Text[200] = Field("", title="罗马字母拼写")
    cleanup_task: Text[300] = Field("", title="清理整治任务")
    geometry: Geometry = Field(None, title="空间位置")


class PlaceNameUpdate(Schema):
    category: CategoryCode = Field(None, title="类别代码")
    status: choice(codes.STATUS, "状态") | None = Field(None, title="状态")
    meaning: Text[2000] | None = Field(None, title="含义")
    history_notes: Text[4000] | None = Field(None, title="历史沿革和文化内涵")
    roman: Text[200] | None = Field(None, title="罗马字母拼写")
    cleanup_task: Text[300] | None = Field(None, title="清理整治任务")
    geometry: Geometry = Field(None, title="空间位置")


class AliasIn(Schema):
    name: Annotated[Text[100], Filled] = Field(..., title="名称")
    form: choice(codes.NAME_FORMS, "形式") = Field(..., title="形式")
    valid_from: Day | None = Field(None, title="起用日期")
    valid_to: Day | None = Field(None, title="停用日期")
    note: Text[300] = Field("", title="说明")


class CategoryIn(Schema):
    code: Annotated[str, BeforeValidator(_category)] = Field(..., title="类别代码")
    name: Annotated[Text[50], Filled] = Field(..., title="类别名称")
    source: Text[200] = Field("", title="来源")


class AliasOut(Schema):
    name: str
    form: str
    form_label: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class PlaceNameOut(Schema):
    id: int
    name: str
    category: str | None
    category_name: str
    region_code: str
    region_name: str
    pinyin: str
    initials: str
    roman: str
    status: str
    status_label: str
    cleanup_task: str
    meaning: str
    geometry: dict | None
    aliases: list[AliasOut]


# ---- applications ---------------------------------------------------------------------------------------------------


def _materials(value):
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v in codes.MATERIALS for v in value):
        raise rule("应为申请材料代码的列表：" + "、".join(f"{k}（{v}）" for k, v in codes.MATERIALS.items()))
    return sorted(set(value))


class ApplicationIn(Schema):
    kind: choice(codes.APPLICATION_KINDS, "类型") = Field(..., title="类型")
    place_id: Id | None = Field(None, title="更名的地名")
    proposed_name: Annotated[Text[100], Filled] = Field(..., title="拟用名称")
    category: CategoryCode = Field(None, title="类别代码")
    region_code: RegionCode | None = Field(None, title="所在区划")
    applicant: Annotated[Text[100], Filled] = Field(..., title="申请人")
    reason: Annotated[Text[2000], Filled] = Field(..., title="理由")
    materials: Annotated[list[str], BeforeValidator(_materials)] = Field(default_factory=list, title="申请材料")
    approval_level: choice(codes.APPROVAL_LEVELS, "批准层级") = Field(..., title="批准层级")
    consultation_days: Integer(1, 365) = Field(30, title="公示天数")


class ExpertIn(Schema):
    expert_opinion: Annotated[Text[4000], Filled] = Field(..., title="专家论证意见")


class ConsultationIn(Schema):
    start: Day | None = Field(None, title="公示开始日期")


class DecisionIn(Schema):
    approve: Flag = Field(..., title="是否批准")
    decision_document: Text[100] = Field("", title="批准文号")
    consultation_result: Text[2000] = Field("", title="公示意见")


class PublishIn(Schema):
    announcement: Text[4000] = Field("", title="公告内容")


class ApplicationOut(Schema):
    id: int
    kind: str
    kind_label: str
    proposed_name: str
    place_id: int | None
    region_code: str
    region_name: str
    applicant: str
    state: str
    state_label: str
    approval_level: str
    consultation_days: int
    consultation_start: dt.date | None
    consultation_end: dt.date | None
    decided_on: dt.date | None
    published_on: dt.date | None
    certificate_no: str | None


# ---- addresses ------------------------------------------------------------------------------------------------------


def _part(value):
    text = str(value if value is not None else "").strip()
    if len(text) > 20 or (text and not text.replace("-", "").isalnum()):
        raise rule("应为不超过20个字符的编号（数字、字母或“-”）")
    return text


Part = Annotated[str, BeforeValidator(_part), WithJsonSchema({"type": "string", "maxLength": 20})]


class AddressIn(Schema):
    place_id: Id = Field(..., title="道路街巷或小区")
    region_code: RegionCode = Field(..., title="所在村(社区)")
    number: Part = Field("", title="门牌号")
    building: Part = Field("", title="楼栋")
    unit: Part = Field("", title="单元")
    room: Part = Field("", title="户室")


class AddressOut(Schema):
    id: int
    full_text: str
    region_code: str
    place_id: int
    place_name: str
    number: str
    building: str
    unit: str
    room: str
    doorplate_token: str | None


class MatchOut(Schema):
    text: str
    parsed: bool
    address: AddressOut | None = None
    candidates: list[AddressOut] = Field(default_factory=list)
    reason: str = ""


class ChangeCounts(Schema):
    regions: int
    persons: int
    households: int
    cases: int
    entitlements: int
    seconds: float
