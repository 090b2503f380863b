"""Evaluation as a service: JSON in → validated Request (schemas.evaluation.EvaluationIn) → standards resolved from
the table → pure policy → JSON out. Nothing is written. The case workflow calls evaluate_request() with a Request it
built from registry records (case_evaluation)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

from minzheng.benefits import policy, selectors
from minzheng.benefits.policy import DEFAULT_ROUNDING, ROUNDING, MissingFact, Request, Result
from minzheng.benefits.schemas.evaluation import EvaluationIn
from minzheng.core import validation
from minzheng.core.errors import FieldError, ValidationFailed
from minzheng.core.models import Region


def default_rounding() -> str:
    """The instance's rounding rule: setting MINZHENG_ASSISTANCE_ROUNDING, else the environment variable of the same
    name, else ceil_yuan (向上取整到元)."""
    rule = getattr(settings, "MINZHENG_ASSISTANCE_ROUNDING", None) or os.environ.get("MINZHENG_ASSISTANCE_ROUNDING")
    if not rule:
        return DEFAULT_ROUNDING
    if rule not in ROUNDING:
        raise ValueError(f"MINZHENG_ASSISTANCE_ROUNDING={rule} 无效，应为：{'、'.join(ROUNDING)}")
    return rule


def parse(payload: Any, rounding: str | None = None) -> Request:
    """The evaluation input JSON validated (422 listing every problem in Chinese) as the engine's Request; the
    instance's rounding rule unless the input or `rounding` names one."""
    return validation.validate(EvaluationIn, payload).to_request(rounding or default_rounding())


def evaluate_request(request: Request) -> Result:
    if not Region.objects.filter(code=request.region_code).exists():
        raise ValidationFailed.one("region_code", f"区划代码 {request.region_code} 不存在")
    stds = selectors.resolve(request.region_code, request.household.urban_rural, request.month)
    try:
        return policy.evaluate(request, stds)
    except MissingFact as exc:
        raise ValidationFailed([FieldError(exc.field, exc.reason)]) from None


def evaluate_payload(payload: Any) -> dict[str, Any]:
    """Validate (422 with every field error), resolve, evaluate; the output JSON as a dict."""
    return evaluate_request(parse(payload)).as_dict()
