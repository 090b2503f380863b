"""Disability app: inputs of its services (validated by core.validation) and the API's outputs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field

from minzheng.benefits.schemas.fields import Int, rule
from minzheng.core import clock
from minzheng.core.api_schemas import BodyIn
from minzheng.core.validation import Filled, Flag, Id, Text, choice
from minzheng.disability import codes


def _this_or_last_year(value: int) -> int:
    if value not in (clock.today().year, clock.today().year - 1):
        raise rule("年度复核只能登记本年度或上一年度")
    return value


class AnnualReviewIn(BodyIn):
    person_id: Id = Field(..., title="残疾人（人员ID）")
    year: Annotated[Int(2000, 2100), AfterValidator(_this_or_last_year)] = Field(..., title="年度")
    certificate_valid: Flag = Field(..., title="残疾人证有效")
    outcome: choice(codes.REVIEW_OUTCOMES, "复核结论") = Field(..., title="复核结论")
    note: Annotated[Text[500], Filled] = Field(..., title="复核情况")


class HoldDecisionIn(BodyIn):
    decision: choice(codes.HOLD_DECISIONS, "处理结果") = Field(..., title="处理结果")
    note: Annotated[Text[300], Filled] = Field(..., title="核实情况")


class GapDismissIn(BodyIn):
    note: Annotated[Text[300], Filled] = Field(..., title="排除理由")


class DisabilityGapOut(Schema):
    person_id: int
    name: str
    region_code: str
    category: str
    grade: int | None
    reason: str


class SubsidyCoverageOut(Schema):
    program: str
    name: str
    eligible: int
    covered: int
    gaps: list[DisabilityGapOut]


class DisabilityCoverageOut(Schema):
    region_code: str
    month: dt.date
    disability_living: SubsidyCoverageOut
    disability_care: SubsidyCoverageOut


class AnnualReviewOut(Schema):
    id: int
    person_id: int
    year: int
    certificate_valid: bool
    outcome: str
    note: str
    reviewed_on: dt.date
