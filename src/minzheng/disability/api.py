"""Disability endpoints (/api/v1/disability/…): the two subsidies' coverage of a region
(`GET /disability/coverage?region=` → per subsidy {"eligible", "covered", "gaps": […]}) and annual reviews."""

from __future__ import annotations

from ninja import Query, Router, Schema, Status
from pydantic import Field

from minzheng.benefits.schemas.fields import body
from minzheng.core.api_schemas import responses
from minzheng.core.errors import ValidationFailed
from minzheng.core.validation import Month
from minzheng.disability import selectors, services
from minzheng.disability.schemas import AnnualReviewIn, AnnualReviewOut, DisabilityCoverageOut

router = Router(tags=["disability"])


class DisabilityCoverageQuery(Schema):
    region: str = Field("", max_length=12, description="区划代码（默认：本人辖区）")
    region_code: str = Field("", max_length=12, description="同 region")
    month: Month | None = Field(None, description="月份 YYYY-MM（默认：本月）")


def _gap(v) -> dict:
    c = v.row.certificate
    return {"person_id": v.row.person_id, "name": v.row.name, "region_code": v.row.region_code,
            "category": c.category, "grade": c.grade, "reason": v.reason}


@router.get("/disability/coverage", response=responses(DisabilityCoverageOut),
            summary="两项补贴覆盖情况：符合条件、已发放、应保未保名单（按补贴项目；?region= 区划，?month=YYYY-MM）")
def coverage(request, query: Query[DisabilityCoverageQuery]):
    code = query.region or query.region_code
    month = query.month or selectors.this_month()
    if not 2000 <= month.year <= 2100:
        raise ValidationFailed.one("month", "月份超出合理范围（2000–2100）")
    result = selectors.check(request.user, code, month)
    return {"region_code": code or request.user.region_id, "month": month,
            **{p: {"program": p, "name": s["name"], "eligible": s["eligible"], "covered": s["covered"],
                   "gaps": [_gap(v) for v in s["gaps"]]} for p, s in result.items()}}


@router.post("/disability/reviews", response=responses(AnnualReviewOut, 201),
             summary="登记两项补贴年度复核（结论为停发时经待遇变更停发）")
def add_review(request, payload: body(AnnualReviewIn)):
    return Status(201, services.record_review(request.user, payload))
