"""The one validation module: typed input fields with Chinese messages, for API schemas and for services alike.

An API endpoint declares a ninja `Schema` built from these types; a service that also takes plain dicts (pages, the
CLI, imports) validates the same model with `validate(Model, data)`. Either way a bad value becomes a 422 listing
every field with its reason in Chinese (core.errors.ValidationFailed), and nothing is written.

    class ConfirmIn(Schema):
        amount: Money | None = None                 # "1234.50" or 1234; a JSON float is refused (exactness)
        payee_id: Id | None = None                  # 1 … 2^63-1 (never a database overflow)
        effective_month: Month | None = None        # "2026-11" -> date(2026, 11, 1)
        reason: Text[200] = ""                      # stripped, at most 200 characters

    data = validate(ConfirmIn, raw_dict)             # raises ValidationFailed([FieldError("amount", "…"), …])
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, PlainSerializer, WithJsonSchema
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from minzheng.core import regioncodes
from minzheng.core.errors import FieldError, ValidationFailed

MAX_ID = 2**63 - 1
LABEL = "«label»"  # replaced by the field's title (its Chinese name) when errors are reported
MONEY_TEXT = re.compile(r"^\d{1,10}(\.\d{1,2})?$")
FLOAT_MESSAGE = "金额须写成带引号的十进制文本（例如 \"1234.50\"）或整数，不接受 JSON 小数（浮点数）"

# Chinese messages for pydantic's own error types (ours carry their message).
MESSAGES = {
    "missing": "必填项不能为空",
    "string_type": "应为文本",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "greater_than": "数值过小",
    "less_than": "数值过大",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_from_datetime_parsing": "日期格式不正确，应为 YYYY-MM-DD",
    "date_parsing": "日期格式不正确，应为 YYYY-MM-DD",
    "date_type": "日期格式不正确，应为 YYYY-MM-DD",
    "string_too_long": "内容过长",
    "string_too_short": "内容过短",
    "too_long": "条目过多",
    "too_short": "条目过少",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "literal_error": "取值无效",
    "enum": "取值无效",
    "json_invalid": "请求体不是有效的 JSON",
    "body_type": "请求体应为 JSON 对象",
    "extra_forbidden": "不支持的字段",
    "union_tag_invalid": "取值无效",
    "union_tag_not_found": "必填项不能为空",
    "decimal_parsing": "应为数值",
}


# ---- field types ---------------------------------------------------------------------------------------------------


def _money(value: Any) -> Decimal:
    if isinstance(value, float):
        raise PydanticCustomError("money_float", FLOAT_MESSAGE)
    if isinstance(value, bool) or not isinstance(value, (int, str, Decimal)):
        raise PydanticCustomError("money_type", "应为金额文本，例如 \"1234.50\"")
    text = str(value).strip()
    if not MONEY_TEXT.match(text):
        raise PydanticCustomError("money_format",
                                  "金额格式不正确：应为不小于 0 的数，最多两位小数（到分），例如 \"1234.50\"")
    return Decimal(text)


def _month(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value.replace(day=1)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-01)?", str(value).strip()) if isinstance(value, str) else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise PydanticCustomError("month_format", "月份格式不正确，应为 YYYY-MM")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise PydanticCustomError("date_format", "日期格式不正确，应为 YYYY-MM-DD") from None


def _region(value: Any) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise PydanticCustomError("region_type", "区划代码应为文本")
    try:
        return regioncodes.normalize(value)
    except regioncodes.RegionCodeError as exc:
        raise PydanticCustomError("region_format", str(exc)) from None


def _id(value: Any) -> int:
    if isinstance(value, (bool, float)):
        raise PydanticCustomError("id_type", "应为整数编号")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int):
        raise PydanticCustomError("id_type", "应为整数编号")
    if not 1 <= value <= MAX_ID:
        raise PydanticCustomError("id_range", "编号超出范围")
    return value


def _integer(low: int, high: int):
    """Digits only ("0.0", "1_000", "+3", floats and booleans refused), within [low, high]: never a number the
    database cannot hold."""

    def check(value: Any) -> int:
        if isinstance(value, str) and re.fullmatch(r"\s*\d{1,19}\s*", value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise PydanticCustomError("int_type", "应为整数")
        if value < low:
            raise PydanticCustomError("greater_than_equal", "数值过小，不能小于 {low}", {"low": low})
        if value > high:
            raise PydanticCustomError("less_than_equal", "数值过大，不能大于 {high}", {"high": high})
        return value

    return check


def Integer(low: int, high: int):
    """A whole number in [low, high] from JSON or a query string (pagination, counts)."""
    return Annotated[int, BeforeValidator(_integer(low, high)),
                     WithJsonSchema({"type": "integer", "minimum": low, "maximum": high})]


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise PydanticCustomError("flag_type", "应为 true 或 false")
    return value


def _text(limit: int):
    def check(value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise PydanticCustomError("text_type", "应为文本")
        text = str(value).strip()
        if len(text) > limit:
            raise PydanticCustomError("text_too_long", LABEL + "不能超过 {limit} 字", {"limit": limit})
        if "\x00" in text:  # never meant, and PostgreSQL cannot store it in text (it would be a 500)
            raise PydanticCustomError("text_nul", LABEL + "含有不可见的空字符（\\x00），请删除")
        return text

    return check


def _filled(value: str) -> str:
    if not value:
        raise PydanticCustomError("blank", "须填写" + LABEL)
    return value


Filled = AfterValidator(_filled)  # Annotated[Text[200], Filled]: a required text that may not be blank


def _names(minimum: int):
    def check(value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PydanticCustomError("names_type", LABEL + "应为姓名列表")
        if any("\x00" in v for v in value):
            raise PydanticCustomError("text_nul", LABEL + "含有不可见的空字符（\\x00），请删除")
        names = list(dict.fromkeys(v.strip() for v in value if v.strip()))
        if len(names) < minimum:
            raise PydanticCustomError("names_too_few", LABEL + "不少于 {n} 人（不同的人）", {"n": minimum})
        return names

    return check


_MONEY_SCHEMA = {"type": "string", "pattern": MONEY_TEXT.pattern, "example": "1234.50",
                 "description": "金额（元），十进制文本，最多两位小数；不接受 JSON 小数"}
Money = Annotated[Decimal, BeforeValidator(_money), WithJsonSchema(_MONEY_SCHEMA)]
Month = Annotated[dt.date, BeforeValidator(_month),
                  WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-11"})]
Day = Annotated[dt.date, BeforeValidator(_day), WithJsonSchema({"type": "string", "format": "date"})]
RegionCode = Annotated[str, BeforeValidator(_region),
                       WithJsonSchema({"type": "string", "pattern": r"^\d{2,12}$", "example": "330902001001"})]
Id = Annotated[int, BeforeValidator(_id), WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_ID})]
Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema({"type": "boolean"})]


class _TextFactory:
    """Text[200]: stripped text of at most 200 characters (None becomes "")."""

    def __getitem__(self, limit: int):
        # A whole number is accepted as its text (a spreadsheet cell holding a certificate number): documented so.
        return Annotated[str, BeforeValidator(_text(limit)),
                         WithJsonSchema({"anyOf": [{"type": "string", "maxLength": limit}, {"type": "integer"}]})]


class _NamesFactory:
    """Names[2]: a list of at least 2 different names (blanks and repeats dropped)."""

    def __getitem__(self, minimum: int):
        return Annotated[list[str], BeforeValidator(_names(minimum)),
                         WithJsonSchema({"type": "array", "items": {"type": "string"}, "minItems": minimum})]


Text = _TextFactory()
Names = _NamesFactory()

# Output: money as exact decimal text ("1234.50"), never a JSON float.
MoneyOut = Annotated[Decimal, PlainSerializer(lambda v: f"{v:.2f}", return_type=str),
                     WithJsonSchema({"type": "string", "example": "1234.50"})]
MonthOut = Annotated[dt.date, PlainSerializer(lambda v: f"{v:%Y-%m}", return_type=str),
                     WithJsonSchema({"type": "string", "example": "2026-11"})]


def nonnegative(limit: Decimal | None = None):
    """An AfterValidator bounding a Money value (e.g. Annotated[Money, nonnegative(Decimal("99999999.99"))])."""

    def check(value: Decimal) -> Decimal:
        if limit is not None and value > limit:
            raise PydanticCustomError("money_too_large", "金额过大")
        return value

    return AfterValidator(check)


def choice(table: dict[str, str], label: str):
    """A code from `table` (code -> Chinese label); the message lists the allowed codes with their labels."""
    allowed = "、".join(f"{k}（{v}）" if v else k for k, v in table.items())

    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in table:
            raise PydanticCustomError("choice", "{label}取值无效，应为：{allowed}",
                                      {"label": label, "allowed": allowed})
        return value

    return Annotated[str, BeforeValidator(check), WithJsonSchema({"type": "string", "enum": list(table)})]


# ---- errors ----------------------------------------------------------------------------------------------------------


def field_path(loc: tuple | list) -> str:
    """pydantic's location → the dotted path people and clients read: household.members[0].incomes[1].monthly. A
    list position is an int; a mapping's key stays a name even when it is digits (facts.members.123.counted)."""
    parts = [p for p in loc if p not in ("body", "payload", "query", "path", "form", "function-after",
                                         "function-before", "function-plain")]
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "body"


# Error types whose message is ours, shown as written. "rule" is an app's own check (a rule with its citation, a
# cross-field condition), e.g. PydanticCustomError("rule", "调查日期不能早于受理日期").
OUR_TYPES = frozenset({"money_float", "money_type", "money_format", "money_too_large", "month_format", "date_format",
                       "region_type", "region_format", "id_type", "id_range", "flag_type", "text_type",
                       "text_too_long", "text_nul", "blank", "names_type", "names_too_few", "choice", "rule"})


def _title(model: type[BaseModel] | None, loc) -> str:
    names = [p for p in loc if isinstance(p, str) and p not in ("body", "payload", "query", "path", "form")]
    if model is None or len(names) != 1 or names[0] not in model.model_fields:
        return ""
    return model.model_fields[names[0]].title or ""


def field_errors(errors: list[dict], model: type[BaseModel] | None = None) -> list[FieldError]:
    """pydantic errors → Chinese FieldErrors. A top-level field's `title` (its Chinese name) completes messages:
    a missing required field reads "须填写调查人员" rather than a generic "必填项不能为空"."""
    out = []
    for err in errors:
        kind, loc = err.get("type", ""), err.get("loc", ())
        title = _title(model, loc)
        if kind in OUR_TYPES:
            message = err["msg"].replace(LABEL, title)
        elif kind == "missing" and title:
            message = f"须填写{title}"
        else:
            message = MESSAGES.get(kind, "取值无效")
        out.append(FieldError(field_path(loc), message))
    return out


def validate(model: type[BaseModel], data: Any, context: dict | None = None):
    """Validate plain data (a dict from a form, a file row or a JSON body) against a schema; ValidationFailed (422)
    with every problem in Chinese, or the model instance. `context` reaches the schema's validators
    (ValidationInfo.context), e.g. the members of the household an application is about."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValidationFailed.one("body", "请求体应为 JSON 对象")
    try:
        return model.model_validate(data, context=context)
    except PydanticValidationError as exc:
        raise ValidationFailed(field_errors(exc.errors(), model)) from None


def loads(raw: str | bytes) -> Any:
    """A JSON body; an unreadable one is a 422 on `body`."""
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed.one("body", "请求体不是有效的 JSON") from None


def decimal_or_none(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


__all__ = ["FLOAT_MESSAGE", "Day", "Field", "Filled", "Flag", "Id", "Money", "MoneyOut", "Month", "MonthOut", "Names",
           "RegionCode", "Text", "choice", "field_errors", "field_path", "loads", "nonnegative", "validate"]
