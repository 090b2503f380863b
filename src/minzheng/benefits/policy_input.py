"""Transitional: the raw JSON body reader that payroll.api and verification.api still use until their own conversion
(ninja parses bodies; services validate with core.validation). The evaluation input's schema is
schemas.evaluation.EvaluationIn; evaluation.parse() turns JSON into a policy.Request. Delete this module with them."""

from __future__ import annotations

import json
from typing import Any

from minzheng.core.errors import ValidationFailed


class JSONFloat(str):
    """A JSON number with a fraction or exponent, kept as its text so that a money field can refuse it."""


def loads(raw: str | bytes) -> Any:
    try:
        return json.loads(raw, parse_float=JSONFloat)
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed.one("body", "请求体不是有效的 JSON") from None


def json_body(request) -> dict:
    """An API request's JSON object body ({} when empty)."""
    data = loads(request.body or b"null")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValidationFailed.one("body", "请求体应为 JSON 对象")
    return data
