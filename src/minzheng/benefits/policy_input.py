"""The evaluation input JSON -> policy.Request, with every problem reported at once as Chinese field errors.

Money is a decimal string ("1234.50") or a JSON integer; a JSON number with a fraction or exponent (a float) is
rejected, because it has already lost exactness when parsed. Unknown keys are rejected (a misspelt
"serious_ilness" must not silently count as false). Pure: no Django, no database.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

from minzheng.benefits import catalogue
from minzheng.benefits.policy import (
    EXPENSE_KINDS, ROUNDING, Assets, Benefit, Expense, Household, Income, Member, Options, Request,
)
from minzheng.core import regioncodes
from minzheng.core.errors import FieldError, ValidationFailed
from minzheng.registry import codes

MONEY = re.compile(r"^\d{1,12}(\.\d{1,2})?$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FLOAT_MESSAGE = "金额须写成带引号的十进制文本（例如 \"1234.50\"）或整数，不接受 JSON 小数（浮点数）"
MAX_MEMBERS = 50


class JSONFloat(str):
    """A JSON number with a fraction or exponent, kept as its text so that it can be rejected with a clear message."""


def loads(raw: str | bytes) -> Any:
    try:
        return json.loads(raw, parse_float=JSONFloat)
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed.one("body", "请求体不是有效的 JSON") from None


def json_body(request) -> dict:
    """An API request's JSON object body ({} when empty); decimals kept exact (422 for JSON floats where money)."""
    data = loads(request.body or b"null")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValidationFailed.one("body", "请求体应为 JSON 对象")
    return data


TOP_KEYS = {"program", "region_code", "month", "household", "options", "ref"}
HOUSEHOLD_KEYS = {"urban_rural", "members", "assets", "support_payer_able", "recognised", "rigid_expenses", "ref"}
MEMBER_KEYS = {"birth_date", "sex", "disability_category", "disability_grade", "serious_illness", "labour_capacity",
               "schooling", "self_care_unmet", "incomes", "existing_benefits", "counted", "child_status", "ref"}
OPTION_KEYS = {"centralised", "rounding", "kind", "requested_amount", "members"}
URBAN_RURAL = {"urban": "urban", "rural": "rural", "城市": "urban", "城镇": "urban", "农村": "rural"}
SEX = {"M": "M", "F": "F", "男": "M", "女": "F"}
CHILD_STATUS = {"orphan", "unsupported"}
TEMPORARY_KINDS = {"emergency": "emergency", "expense": "expense", "急难型": "emergency", "支出型": "expense"}


class _Reader:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def err(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def obj(self, path: str, value: Any, keys: set[str], required: bool = True) -> dict | None:
        if value is None:
            if required:
                self.err(path, "必填项不能为空")
            return None
        if not isinstance(value, dict):
            self.err(path, "应为对象")
            return None
        for key in sorted(set(value) - keys):
            self.err(f"{path}.{key}" if path else key, "不支持的字段")
        return value

    def array(self, path: str, value: Any) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.err(path, "应为列表")
            return []
        return value

    def money(self, path: str, value: Any, required: bool = True) -> Decimal | None:
        if value is None:
            if required:
                self.err(path, "必填项不能为空")
            return None
        if isinstance(value, JSONFloat) or isinstance(value, float):
            self.err(path, FLOAT_MESSAGE)
            return None
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            self.err(path, "应为金额文本，例如 \"1234.50\"")
            return None
        text = str(value).strip()
        if not MONEY.match(text):
            self.err(path, "金额格式不正确：应为不小于 0 的数，最多两位小数（到分），例如 \"1234.50\"")
            return None
        return Decimal(text)

    def boolean(self, path: str, value: Any, default: bool | None) -> bool | None:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.err(path, "应为 true 或 false")
            return default
        return value

    def integer(self, path: str, value: Any, low: int, high: int | None) -> int | None:
        if value is None:
            return None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            self.err(path, "应为整数")
            return None
        if value < low or (high is not None and value > high):
            self.err(path, f"应在 {low} 到 {high} 之间" if high is not None else f"不能小于 {low}")
            return None
        return value

    def choice(self, path: str, value: Any, table: dict | set, label: str, required: bool = False) -> str:
        if value in (None, ""):
            if required:
                self.err(path, "必填项不能为空")
            return ""
        if isinstance(value, str) and value.strip() in table:
            found = value.strip()
            return table[found] if isinstance(table, dict) else found
        self.err(path, f"{label}取值无效，应为：{'、'.join(sorted(table))}")
        return ""

    def date(self, path: str, value: Any) -> dt.date | None:
        if value is None:
            self.err(path, "必填项不能为空")
            return None
        try:
            if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", value.strip()):
                raise ValueError
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            self.err(path, "日期格式不正确，应为 YYYY-MM-DD")
            return None

    def amount_period(self, path: str, entry: dict) -> tuple[Decimal | None, str]:
        has_annual, has_monthly = entry.get("annual") is not None, entry.get("monthly") is not None
        if has_annual == has_monthly:
            self.err(path, "annual（年）与 monthly（月）须填写且只能填写一项")
            return None, ""
        period = "annual" if has_annual else "monthly"
        return self.money(f"{path}.{period}", entry[period]), period


def _member(r: _Reader, path: str, raw: Any, month_end: dt.date | None) -> Member | None:
    data = r.obj(path, raw, MEMBER_KEYS)
    if data is None:
        return None
    errors_before = len(r.errors)
    birth = r.date(f"{path}.birth_date", data.get("birth_date"))
    if birth and month_end and birth > month_end:
        r.err(f"{path}.birth_date", "出生日期晚于评估月份")
    category = data.get("disability_category")
    if isinstance(category, int) and not isinstance(category, bool):
        category = str(category)
    category = codes.lookup(codes.DISABILITY_CATEGORIES, category) if isinstance(category, (str, type(None))) else None
    if category is None:
        r.err(f"{path}.disability_category", "残疾类别取值无效，应为 1–7（视力、听力、言语、肢体、智力、精神、多重）")
        category = ""
    grade = r.integer(f"{path}.disability_grade", data.get("disability_grade"), 1, 4)
    if bool(category) != bool(grade) and f"{path}.disability_grade" not in {e.field for e in r.errors}:
        r.err(f"{path}.disability_grade", "残疾类别与残疾等级须同时填写")
    incomes = []
    for k, entry in enumerate(r.array(f"{path}.incomes", data.get("incomes"))):
        p = f"{path}.incomes[{k}]"
        entry = r.obj(p, entry, {"kind", "annual", "monthly"})
        if entry is None:
            continue
        kind = r.choice(f"{p}.kind", entry.get("kind"), set(codes.INCOME_KINDS), "收入类型", required=True)
        amount, period = r.amount_period(p, entry)
        if kind and amount is not None:
            incomes.append(Income(kind, amount, period))
    benefits = []
    for k, entry in enumerate(r.array(f"{path}.existing_benefits", data.get("existing_benefits"))):
        p = f"{path}.existing_benefits[{k}]"
        entry = r.obj(p, entry, {"program", "monthly"})
        if entry is None:
            continue
        program = r.choice(f"{p}.program", entry.get("program"), set(catalogue.PROGRAMS), "救助项目", required=True)
        monthly = r.money(f"{p}.monthly", entry.get("monthly"))
        if program and monthly is not None:
            benefits.append(Benefit(program, monthly))
    member = Member(
        birth_date=birth or dt.date(1900, 1, 1),
        sex=r.choice(f"{path}.sex", data.get("sex"), SEX, "性别"),
        disability_category=category,
        disability_grade=grade,
        serious_illness=bool(r.boolean(f"{path}.serious_illness", data.get("serious_illness"), False)),
        labour_capacity=r.choice(f"{path}.labour_capacity", data.get("labour_capacity"), set(codes.LABOUR_CAPACITY),
                                 "劳动能力"),
        schooling=r.choice(f"{path}.schooling", data.get("schooling"), set(codes.SCHOOLING), "在学情况"),
        self_care_unmet=r.integer(f"{path}.self_care_unmet", data.get("self_care_unmet"), 0, 6),
        incomes=tuple(incomes),
        existing_benefits=tuple(benefits),
        counted=bool(r.boolean(f"{path}.counted", data.get("counted"), True)),
        child_status=r.choice(f"{path}.child_status", data.get("child_status"), CHILD_STATUS, "儿童认定情况"),
        ref=str(data.get("ref") or "")[:100],
    )
    return member if len(r.errors) == errors_before else None


def _assets(r: _Reader, raw: Any) -> Assets:
    data = r.obj("household.assets", raw, {"financial", "vehicles", "housing_units"}, required=False)
    if data is None:
        return Assets(declared=False)
    vehicles = []
    for k, entry in enumerate(r.array("household.assets.vehicles", data.get("vehicles"))):
        entry = r.obj(f"household.assets.vehicles[{k}]", entry, {"value"})
        if entry is not None:
            value = r.money(f"household.assets.vehicles[{k}].value", entry.get("value"))
            if value is not None:
                vehicles.append(value)
    return Assets(
        financial=r.money("household.assets.financial", data.get("financial"), required=False) or Decimal(0),
        vehicles=tuple(vehicles),
        housing_units=r.integer("household.assets.housing_units", data.get("housing_units"), 0, 1000) or 0,
    )


def parse(payload: Any, default_rounding: str) -> Request:
    """Validate the whole input; raise ValidationFailed listing every problem, or return the Request."""
    r = _Reader()
    data = r.obj("", payload, TOP_KEYS)
    if data is None:
        raise ValidationFailed(r.errors or [FieldError("body", "请求体应为 JSON 对象")])
    program = r.choice("program", data.get("program"), set(catalogue.PROGRAMS), "救助项目", required=True)
    region_code = ""
    if data.get("region_code") in (None, ""):
        r.err("region_code", "必填项不能为空")
    else:
        try:
            region_code = regioncodes.normalize(data["region_code"])
        except regioncodes.RegionCodeError as exc:
            r.err("region_code", str(exc))
    month = month_end = None
    m = MONTH.match(str(data.get("month") or ""))
    if m and 1 <= int(m.group(2)) <= 12:
        month = dt.date(int(m.group(1)), int(m.group(2)), 1)
        month_end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    else:
        r.err("month", "月份格式不正确，应为 YYYY-MM")
    hh = r.obj("household", data.get("household"), HOUSEHOLD_KEYS) or {}
    urban_rural = r.choice("household.urban_rural", hh.get("urban_rural"), URBAN_RURAL, "城乡属性", required=True)
    raw_members = r.array("household.members", hh.get("members"))
    if not raw_members and hh:
        r.err("household.members", "至少需要一名家庭成员")
    if len(raw_members) > MAX_MEMBERS:
        r.err("household.members", f"家庭成员不能超过 {MAX_MEMBERS} 人")
        raw_members = []
    members = [_member(r, f"household.members[{i}]", raw, month_end) for i, raw in enumerate(raw_members)]
    assets = _assets(r, hh.get("assets"))
    support = r.boolean("household.support_payer_able", hh.get("support_payer_able"), None)
    needs = _requirements(program)
    if "support_payer_able" in needs and support is None and isinstance(hh.get("support_payer_able"), (bool, type(None))):
        r.err("household.support_payer_able", f"{catalogue.PROGRAMS.get(program, program)}须记录是否有具备履行能力的赡养、"
                                              "抚养、扶养义务人（true/false）")
    recognised = set()
    for k, code in enumerate(r.array("household.recognised", hh.get("recognised"))):
        found = r.choice(f"household.recognised[{k}]", code, set(catalogue.PROGRAMS), "已认定项目")
        if found:
            recognised.add(found)
    expenses = []
    for k, entry in enumerate(r.array("household.rigid_expenses", hh.get("rigid_expenses"))):
        p = f"household.rigid_expenses[{k}]"
        entry = r.obj(p, entry, {"kind", "annual", "monthly"})
        if entry is None:
            continue
        kind = r.choice(f"{p}.kind", entry.get("kind"), set(EXPENSE_KINDS), "支出类型", required=True)
        amount, period = r.amount_period(p, entry)
        if kind and amount is not None:
            expenses.append(Expense(kind, amount, period))
    options = _options(r, data.get("options"), program, len(raw_members), default_rounding)
    if r.errors:
        raise ValidationFailed(r.errors)
    household = Household(urban_rural=urban_rural, members=tuple(members), assets=assets, support_payer_able=support,
                          recognised=frozenset(recognised), rigid_expenses=tuple(expenses))
    return Request(program=program, region_code=region_code, month=month, household=household, options=options,
                   ref=str(data.get("ref") or "")[:100])


def _options(r: _Reader, raw: Any, program: str, n_members: int, default_rounding: str) -> Options:
    data = r.obj("options", raw, OPTION_KEYS, required=False) or {}
    rounding = default_rounding
    if data.get("rounding") is not None:
        rounding = r.choice("options.rounding", data.get("rounding"), set(ROUNDING), "取整规则") or default_rounding
    kind, requested = "", None
    if "kind" in _requirements(program):
        kind = r.choice("options.kind", data.get("kind"), TEMPORARY_KINDS, "临时救助类型", required=True)
        requested = r.money("options.requested_amount", data.get("requested_amount"))
        if requested is not None and requested <= 0:
            r.err("options.requested_amount", "申请（核定）金额应大于 0")
    members = None
    if data.get("members") is not None:
        members = []
        for k, index in enumerate(r.array("options.members", data.get("members"))):
            value = r.integer(f"options.members[{k}]", index, 0, max(n_members - 1, 0))
            if value is not None and value not in members:
                members.append(value)
        members = tuple(members)
    return Options(centralised=bool(r.boolean("options.centralised", data.get("centralised"), False)),
                   rounding=rounding, kind=kind, requested_amount=requested, members=members)


def _requirements(program: str) -> frozenset[str]:
    from minzheng.benefits import programs

    found = programs.get(program or "")
    return found.input_requirements if found else frozenset()
