"""Assistance endpoints: standards (list, items, resolve, history, add) and the policy evaluation.

Bodies are read as raw JSON (inputs.loads) rather than through a schema, so that a JSON float in a money field is
rejected with a clear Chinese message instead of being coerced."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema, Status

from minzheng.benefits import programs
from minzheng.benefits import catalogue
from minzheng.benefits import policy_input as inputs
from minzheng.benefits import evaluation as services
from minzheng.benefits import standards
from minzheng.benefits.policy.money import plain
from minzheng.core import regioncodes, roles
from minzheng.core.errors import Forbidden, ValidationFailed

router = Router(tags=["assistance"])


class StandardOut(Schema):
    id: int
    program: str
    item: str
    label: str
    region_code: str
    area: str
    value: str
    unit: str
    effective_from: dt.date
    effective_to: dt.date | None
    source: str
    created_by: str
    created_at: dt.datetime


class ItemOut(Schema):
    program: str
    program_name: str
    item: str
    label: str
    units: list[str]
    meaning: str
    default: str | None
    default_rule: str
    optional: bool


def _code(field: str, value: str) -> str:
    try:
        return regioncodes.normalize(value)
    except regioncodes.RegionCodeError as exc:
        raise ValidationFailed.one(field, str(exc)) from None


def _date(field: str, value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed.one(field, "日期格式不正确，应为 YYYY-MM-DD") from None


def _choice(field: str, value: str, table) -> str:
    if value and value not in table:
        raise ValidationFailed.one(field, f"取值无效，应为：{'、'.join(table)}")
    return value


@router.get("/standards", response=list[StandardOut], summary="救助标准列表")
def list_standards(request, program: str = "", item: str = "", region_code: str = "", within: str = "",
                   area: str = "", as_of: str = "", limit: int = Query(200, ge=1, le=2000),
                   offset: int = Query(0, ge=0)):
    """region_code: rows that may apply there (the region and its ancestors); within: rows set in a subtree;
    as_of (YYYY-MM-DD): rows in force that day."""
    qs = standards.list_standards(
        program=_choice("program", program, catalogue.PROGRAMS), item=item,
        region_code=_code("region_code", region_code) if region_code else "",
        within=_code("within", within) if within else "", area=_choice("area", area, catalogue.AREAS),
        as_of=_date("as_of", as_of))
    return [standards.standard_out(r) for r in qs[offset: offset + limit]]


@router.get("/standards/items", response=list[ItemOut], summary="标准项目录（每项的含义、单位、默认值）")
def list_items(request, program: str = ""):
    return [{"program": i.program, "program_name": catalogue.PROGRAMS[i.program], "item": i.item, "label": i.label,
             "units": list(i.units), "meaning": i.meaning,
             "default": plain(i.default) if i.default is not None else None, "default_rule": i.default_rule,
             "optional": i.optional}
            for i in catalogue.items_list() if not program or i.program == program]


@router.get("/standards/history", response=list[StandardOut], summary="一项标准的全部历史")
def standard_history(request, program: str, item: str, region_code: str, area: str):
    _choice("program", program, catalogue.PROGRAMS)
    _choice("area", area, catalogue.AREAS)
    return [standards.standard_out(r) for r in standards.history(program, item, _code("region_code", region_code),
                                                                 area)]


@router.get("/standards/resolve", summary="某区划、城乡、月份生效的全部标准（含来源）")
def resolve_standards(request, region_code: str, area: str, month: str):
    if area not in ("urban", "rural"):
        raise ValidationFailed.one("area", "城乡取值无效，应为 urban 或 rural")
    day = _date("month", f"{month}-01" if len(month) == 7 else "x")
    stds = standards.resolve(_code("region_code", region_code), area, day)
    return {"region_code": stds.region_code, "area": area, "month": month,
            "standards": [v.as_dict() | {"source_text": v.origin()} for _, v in sorted(stds.values.items())]}


@router.post("/standards", response={201: StandardOut}, summary="新增救助标准（县级、市级民政部门）",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"type": "object"},
                 "example": {"program": "dibao", "item": "standard", "region_code": "330902", "area": "all",
                             "value": "900", "unit": "元/人/月", "effective_from": "2026-01-01",
                             "source": "舟民发〔2025〕X号"}}}}})
def add_standard(request):
    row = standards.add_standard(request.user, inputs.loads(request.body or b"null") or {})
    return Status(201, standards.standard_out(row))


EVALUATE_EXAMPLE = {
    "program": "dibao", "region_code": "330902001001", "month": "2026-03",
    "household": {"urban_rural": "urban", "members": [
        {"birth_date": "1950-05-01", "sex": "F", "incomes": [{"kind": "pension", "monthly": "300"}]},
        {"birth_date": "1980-02-01", "sex": "M", "disability_category": "4", "disability_grade": 2,
         "incomes": [{"kind": "wage", "annual": "6000"}]}],
        "assets": {"financial": "5000", "vehicles": [], "housing_units": 1}},
    "options": {"centralised": False},
}


@router.post("/policy/evaluate", summary="政策测算（不保存任何数据）",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"type": "object"}, "example": EVALUATE_EXAMPLE}}}})
def evaluate(request):
    """Eligibility and monthly amount for one program, household and month, with a line-by-line breakdown and the
    reasons in Chinese. Money in the input is a decimal string ("1234.50"); JSON floats are rejected."""
    if not roles.has_perm(request.user, "people.view"):
        raise Forbidden("您的角色不能进行救助测算")
    return services.evaluate_payload(inputs.loads(request.body or b"null"))
