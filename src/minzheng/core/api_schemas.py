"""Typed API building blocks shared by every app's router: the error bodies (documented on every endpoint), one
pagination style, and `responses()` to declare both.

    @router.get("/persons", response=responses(list[PersonOut]), summary="查询人员")
    @paginate(Page)
    def list_persons(request, filters: Query[PersonQuery]): ...

A list answers {"items": [...], "count": N} for ?limit=&offset= (limit 1–500, default 50)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from ninja.schema import DjangoGetter
from pydantic import model_validator
from pydantic_core import PydanticCustomError

from minzheng.core.validation import Integer


class BodyIn(Schema):
    """Base of a typed request body: only a JSON object. Ninja's Schema reads attributes of whatever it is given, so
    a list (`PATCH /persons/1 '[null,null]'`) would validate as an empty change and answer 200 (issue 11, defect
    10); refused here with 422 before the view runs. (Bodies that services validate after the role check —
    benefits.schemas.fields.body — refuse a non-object there, after the 403.)"""

    @model_validator(mode="before")
    @classmethod
    def _object_only(cls, data: Any) -> Any:
        raw = data._obj if isinstance(data, DjangoGetter) else data  # ninja wraps the input before we see it
        if raw is None or isinstance(raw, (list, tuple, str, bytes, int, float)):  # JSON that is not an object
            raise PydanticCustomError("body_type", "请求体应为 JSON 对象")
        return data


class ErrorOut(Schema):
    detail: str = Field(..., description="原因（中文）")


class FieldErrorOut(Schema):
    field: str = Field(..., description="出错的字段路径，如 household.members[0].incomes[1].monthly")
    message: str = Field(..., description="原因（中文）")


class ValidationErrorOut(Schema):
    detail: str = Field(..., description="输入有误，未保存任何数据")
    errors: list[FieldErrorOut]


ERRORS: dict[int, Any] = {
    400: ErrorOut,  # a request the service cannot take as it is
    401: ErrorOut,  # not signed in, or the token is invalid
    403: ErrorOut,  # the caller's role may not do this
    404: ErrorOut,  # not found, or outside the caller's region (existence not revealed)
    409: ErrorOut,  # not allowed in the record's current state (the reason says why)
    422: ValidationErrorOut,  # input rejected field by field; nothing was written
}


def responses(ok: Any, status: int = 200) -> dict[int, Any]:
    """The success schema plus every documented error response."""
    return {status: ok, **ERRORS}


class Page(LimitOffsetPagination):
    """The one pagination style: ?limit=&offset= → {"items": [...], "count": N}."""

    class Input(Schema):
        # Digits only, bounded: 2^63, "0.0" or "true" are a 422, never a database overflow (issue 11, defect 10).
        limit: Integer(1, 500) = Field(50, description="每页条数（1–500）")
        offset: Integer(0, 10**9) = Field(0, description="跳过的条数")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=500, **kwargs)
