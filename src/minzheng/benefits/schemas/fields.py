"""Input building blocks of the benefits kernel's schemas, on top of core.validation's field types.

    In / StrictIn       base classes: unknown keys ignored (as the services always did) / rejected ("不支持的字段")
    code(table, label)  a code from a table of allowed inputs (aliases such as 城市 → urban allowed); the table may be
                        a function, read when a value is checked, so programs declared by apps are known by then
    Int(low, high)      a bounded whole number ("3" accepted), with the range in the message
    OptFlag, OptDay, OptMonth, OptId, Amount, BankAccount, Ref, NoneAsEmpty, BlankAsNone, Present
    rule(message)       an app's own error (core.validation "rule"); fail([(loc, message), …]) raises several at once
    body(Model)         an API request body documented by `Model` and validated by the service (see below)

Why services validate the body rather than ninja: a request is checked in the order ADR 0009 fixes — the record in
the caller's region (404), the role and the state (403/409), then the data (422, every problem at once) — so a
caller who may not act learns nothing about the body's shape, and every field error carries its Chinese field name
(validation.validate knows the model's titles). Pages, the CLI and the API go through the same validation.
Inputs are pydantic models (the class ninja's Schema extends): ninja's Schema re-validates extra="forbid" models a
second time through its attribute getter, which doubles at every level of a nested input such as the evaluation's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Annotated, Any

from ninja import Body
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, SkipValidation, WithJsonSchema
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError, PydanticKnownError, core_schema

from minzheng.core.validation import Day, Id, Money, Month


class In(BaseModel):
    """A service's input: unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore")


class StrictIn(BaseModel):
    """An input whose unknown keys are rejected: a misspelt "serious_ilness" must not silently count as false."""

    model_config = ConfigDict(extra="forbid")


def body(model: Any) -> Any:
    """The annotation of an API request body: `model` in the OpenAPI document, handed to the service as parsed JSON
    (the service validates it after its scope, role and state checks)."""
    return Body[SkipValidation[model]]


# ---- errors ----------------------------------------------------------------------------------------------------------


def rule(message: str) -> PydanticCustomError:
    """An error whose Chinese message is shown as written (a rule of the app, a cross-field condition)."""
    return PydanticCustomError("rule", message)


def fail(errors: list[tuple[tuple, str]], title: str = "input") -> None:
    """Raise several errors at once from a validator, each at its own location below the field or model checked."""
    raise PydanticValidationError.from_exception_data(title, [
        InitErrorDetails(type=rule(message), loc=loc, input=None) for loc, message in errors])


def keep(exc: PydanticValidationError) -> list[InitErrorDetails]:
    """A validation error's items, to be raised again together with more (see fail_with)."""
    return [InitErrorDetails(type=PydanticCustomError(e["type"], e["msg"]), loc=e["loc"], input=e.get("input"))
            for e in exc.errors()]


def fail_with(kept: list[InitErrorDetails], errors: list[tuple[tuple, str]], title: str = "input") -> None:
    if kept or errors:
        raise PydanticValidationError.from_exception_data(title, kept + [
            InitErrorDetails(type=rule(message), loc=loc, input=None) for loc, message in errors])


# ---- field types -----------------------------------------------------------------------------------------------------


class _Code:
    """A code from `table` (allowed input → stored code); blank is "" (absent), or "必填项不能为空" when required."""

    def __init__(self, table: Mapping[str, str] | Callable[[], Mapping[str, str]], label: str, required: bool):
        self.table, self.label, self.required = table, label, required

    def allowed(self) -> Mapping[str, str]:
        return self.table() if callable(self.table) else self.table

    def check(self, value: Any) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.required:
                raise PydanticKnownError("missing")
            return ""
        table = self.allowed()
        if isinstance(value, str) and value.strip() in table:
            return table[value.strip()]
        raise PydanticCustomError("choice", "{label}取值无效，应为：{allowed}",
                                  {"label": self.label, "allowed": "、".join(sorted(table))})

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(self.check)

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict:
        codes = sorted(set(self.allowed().values()) - {""})
        if self.required:
            return {"type": "string", "enum": codes}
        return {"type": "string", "anyOf": [{"enum": codes}, {"pattern": r"^\s*$"}]}  # blank = not given


def code(table: Mapping[str, str] | Callable[[], Mapping[str, str]], label: str, required: bool = False):
    return Annotated[str, _Code(table, label, required)]


def identity(codes) -> Callable[[], dict[str, str]]:
    """A table accepting exactly the codes of `codes` (a mapping or a function returning one)."""
    return lambda: {c: c for c in (codes() if callable(codes) else codes)}


def _int(low: int, high: int | None):
    def check(value: Any) -> int:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            raise PydanticKnownError("int_type")
        if value < low or (high is not None and value > high):
            raise rule(f"应在 {low} 到 {high} 之间" if high is not None else f"不能小于 {low}")
        return value

    return check


def Int(low: int, high: int | None = None):
    schema = {"type": "integer", "minimum": low, **({"maximum": high} if high is not None else {})}
    return Annotated[int, BeforeValidator(_int(low, high)), WithJsonSchema(schema)]


def _present(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticKnownError("missing")
    return value


def _blank_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


class _BlankAsNone:
    """"" from a form or a query string means "not given" (None) — and the OpenAPI document says so, so a client
    (and the schemathesis run) knows an empty value is accepted."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(_blank_none, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict:
        inner = dict(handler(schema))
        notes = {k: inner.pop(k) for k in ("title", "description", "default", "example") if k in inner}
        choices = inner.pop("anyOf", None) or [inner]
        return {**notes, "anyOf": [*choices, {"type": "string", "pattern": r"^\s*$"}]}


def _none_empty(value: Any) -> Any:
    return [] if value is None else value


def _opt_flag(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise PydanticCustomError("flag_type", "应为 true 或 false")


Present = BeforeValidator(_present)  # null and "" count as missing (须填写<title>, or 必填项不能为空)
BlankAsNone = _BlankAsNone()  # "" from a form or a query string means "not given"
NoneAsEmpty = BeforeValidator(_none_empty)  # a list given as null is an empty list
OptFlag = Annotated[bool | None, BeforeValidator(_opt_flag), WithJsonSchema({"type": "boolean"})]
OptDay = Annotated[Day | None, BlankAsNone]
OptMonth = Annotated[Month | None, BlankAsNone]
OptId = Annotated[Id | None, BlankAsNone]
Amount = Annotated[Money, AfterValidator(lambda v: v.quantize(Decimal("0.01")))]  # money of a decision, to the fen
Ref = Annotated[str, BeforeValidator(lambda v: str(v or "")[:100]),  # the caller's own reference, echoed back
                WithJsonSchema({"type": "string", "maxLength": 100})]

ACCOUNT = re.compile(r"^\d{6,32}$")


def _account(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, type(None))):
        raise PydanticCustomError("text_type", "应为文本")
    account = re.sub(r"[\s-]", "", str(value or ""))
    if account and not ACCOUNT.match(account):
        raise rule("银行账号应为 6–32 位数字")
    return account


# Spaces and dashes as people write them are dropped; stored encrypted by the service.
BankAccount = Annotated[str, BeforeValidator(_account),
                        WithJsonSchema({"type": "string", "example": "6222020200001234567",
                                        "description": "银行账号，6–32 位数字（空格、连字符忽略）"})]


def not_after(day: dt.date | None, latest: dt.date, label: str) -> str | None:
    return f"{label}不能晚于 {latest}" if day is not None and day > latest else None


__all__ = ["Amount", "BankAccount", "BlankAsNone", "In", "Int", "NoneAsEmpty", "OptDay", "OptFlag", "OptId",
           "OptMonth", "Present", "Ref", "StrictIn", "body", "code", "fail", "fail_with", "identity", "keep",
           "not_after", "rule"]
