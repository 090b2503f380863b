"""What the place-name services take (validated with core.validation: Chinese messages, 422 with every field) and
what the API answers (labels next to codes, region names next to region codes)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from minzheng.benefits.schemas.fields import rule
from minzheng.core.api_schemas import BodyIn
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


# ---- typed bodies of the address, doorplate, boundary and region-outline writes ------------------------------------
# (BodyIn: a JSON object only; every number and date bounded so a fuzzed value is a 422, never a 500)


def _coordinate(limit: int):
    def check(value):
        if isinstance(value, (bool, float)):
            raise rule("坐标应为十进制文本（如 \"122.123456\"），不接受 JSON 小数")
        text = str(value).strip() if isinstance(value, (str, int)) else None
        if text is None or not re.fullmatch(r"-?\d{1,3}(\.\d{1,6})?", text):
            raise rule("坐标应为十进制数，最多 6 位小数")
        number = Decimal(text)
        if not -limit <= number <= limit:
            raise rule(f"坐标超出范围（-{limit}–{limit}）")
        return number

    return check


Longitude = Annotated[Decimal, BeforeValidator(_coordinate(180)),
                      WithJsonSchema({"type": "string", "example": "122.106000", "description": "经度（-180–180）"})]
Latitude = Annotated[Decimal, BeforeValidator(_coordinate(90)),
                     WithJsonSchema({"type": "string", "example": "30.018000", "description": "纬度（-90–90）"})]
FIRST_DAY, LAST_DAY = dt.date(1949, 10, 1), dt.date(2100, 12, 31)


def _in_range(value: dt.date) -> dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise rule(f"日期应在 {FIRST_DAY} 至 {LAST_DAY} 之间")
    return value


Date = Annotated[Day, AfterValidator(_in_range)]


def _closed_rings(geometry: dict) -> bool:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return all(len(ring) >= 4 and ring[0][:2] == ring[-1][:2] for polygon in polygons for ring in polygon)


def _outline(value):
    geometry = _geometry(value)
    if geometry is None:
        raise rule("须填写区划界域（GeoJSON Polygon 或 MultiPolygon）")
    if geometry["type"] not in ("Polygon", "MultiPolygon"):
        raise rule("区划界域应为面（Polygon 或 MultiPolygon）")
    if not _closed_rings(geometry):
        raise rule("界域的每个环至少 4 个点，且首尾坐标相同（闭合）")
    return geometry


Outline = Annotated[dict, BeforeValidator(_outline), WithJsonSchema(GEOMETRY_SCHEMA)]


class AddressCreateIn(BodyIn, AddressIn):
    pass


class AddressCorrectIn(BodyIn):
    number: Part | None = Field(None, title="门牌号")
    building: Part | None = Field(None, title="楼栋")
    unit: Part | None = Field(None, title="单元")
    room: Part | None = Field(None, title="户室")
    state: choice(codes.ADDRESS_STATES, "状态") | None = Field(None, title="状态")
    lon: Longitude | None = Field(None, title="经度")
    lat: Latitude | None = Field(None, title="纬度")


class DoorplateIn(BodyIn):
    kind: choice(codes.DOORPLATE_KINDS, "类型") = Field("house", title="类型")
    installed_on: Date | None = Field(None, title="安装日期")


class DoorplateCorrectIn(BodyIn):
    kind: choice(codes.DOORPLATE_KINDS, "类型") | None = Field(None, title="类型")
    installed_on: Date | None = Field(None, title="安装日期")
    condition: choice(codes.CONDITIONS, "状况") | None = Field(None, title="状况")


class BoundarySegmentIn(BodyIn):
    description: Text[300] = Field("", title="走向说明")
    geometry: Geometry = Field(None, title="走向")


def _length(value):
    if value in (None, ""):
        return None
    if isinstance(value, (bool, float)) or not re.fullmatch(r"\d{1,6}(\.\d{1,3})?", str(value).strip()):
        raise rule("长度应为不超过 999999.999 的十进制数（千米，最多 3 位小数）")
    return Decimal(str(value).strip())


class BoundaryLineIn(BodyIn):
    name: Annotated[Text[100], Filled] = Field(..., title="界线名称")
    level: choice(codes.BOUNDARY_LEVELS, "界线级别") = Field(..., title="界线级别")
    left_region: RegionCode = Field(..., title="一侧区划")
    right_region: RegionCode = Field(..., title="另一侧区划")
    agreement: Text[200] = Field("", title="界线协议书")
    length_km: Annotated[Decimal | None, BeforeValidator(_length)] = Field(None, title="长度（千米）")
    geometry: Geometry = Field(None, title="走向")
    segments: list[BoundarySegmentIn] = Field(default_factory=list, max_length=200, title="界线段")


class BoundaryMarkerIn(BodyIn):
    number: Annotated[Text[30], Filled] = Field(..., title="界桩编号")
    kind: choice(codes.MARKER_KINDS, "类型") = Field(..., title="类型")
    lon: Longitude = Field(..., title="经度")
    lat: Latitude = Field(..., title="纬度")
    condition: choice(codes.CONDITIONS, "状况") = Field("good", title="状况")


class BoundaryInspectionIn(BodyIn):
    name: Annotated[Text[100], Filled] = Field(..., title="联检名称")
    round_no: Integer(1, 99) = Field(..., title="轮次")
    started_on: Date = Field(..., title="开始日期")


class BoundaryFindingIn(BodyIn):
    line_id: Id = Field(..., title="界线")
    marker_id: Id | None = Field(None, title="界桩")
    kind: choice(codes.FINDING_KINDS, "问题类型") = Field(..., title="问题类型")
    description: Annotated[Text[500], Filled] = Field(..., title="情况")
    rectification: Text[500] = Field("", title="整改措施")
    rectified_on: Date | None = Field(None, title="整改完成日期")


class BoundaryRectifyIn(BodyIn):
    rectification: Annotated[Text[500], Filled] = Field(..., title="整改措施")
    rectified_on: Date = Field(..., title="整改完成日期")


class BoundaryFinishIn(BodyIn):
    finished_on: Date = Field(..., title="结束日期")


class BoundaryDisputeIn(BodyIn):
    line_id: Id = Field(..., title="界线")
    title: Annotated[Text[200], Filled] = Field(..., title="争议事项")
    parties: Annotated[Text[300], Filled] = Field(..., title="争议各方")
    opened_on: Date = Field(..., title="发生日期")


class BoundaryMediationIn(BodyIn):
    on: Date = Field(..., title="调处日期")
    by: Annotated[Text[100], Filled] = Field(..., title="调处人")
    record: Annotated[Text[2000], Filled] = Field(..., title="调处记录")
    state: choice(codes.DISPUTE_STATES, "状态") = Field("open", title="调处后状态")


class RegionGeometryIn(BodyIn):
    region_code: RegionCode = Field(..., title="区划")
    geometry: Outline = Field(..., title="区划界域")
    source: Text[200] = Field("", title="来源")


class DoorplateOut(Schema):
    id: int
    address_id: int
    full_text: str
    region_code: str
    token: str
    kind: str
    kind_label: str
    installed_on: dt.date | None
    condition: str
    condition_label: str


class BoundaryLineOut(Schema):
    id: int
    name: str
    level: str
    level_label: str
    left_region: str
    right_region: str
    region_code: str
    agreement: str
    length_km: str | None
    segments: int


class BoundaryMarkerOut(Schema):
    id: int
    line_id: int
    number: str
    kind: str
    kind_label: str
    lon: str
    lat: str
    condition: str
    condition_label: str


class BoundaryInspectionOut(Schema):
    id: int
    name: str
    round_no: int
    started_on: dt.date
    finished_on: dt.date | None
    region_code: str
    findings: int


class BoundaryFindingOut(Schema):
    id: int
    inspection_id: int
    line_id: int
    marker_id: int | None
    kind: str
    kind_label: str
    description: str
    rectification: str
    rectified_on: dt.date | None


class BoundaryMediationOut(Schema):
    on: str
    by: str
    record: str


class BoundaryDisputeOut(Schema):
    id: int
    line_id: int
    title: str
    parties: str
    opened_on: dt.date
    state: str
    state_label: str
    region_code: str
    mediation: list[BoundaryMediationOut]


class RegionGeometryOut(Schema):
    region_code: str
    region_name: str
    geometry: dict
    source: str
    state: str
    state_label: str
