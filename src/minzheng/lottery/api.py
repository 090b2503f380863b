"""Welfare-lottery fund endpoints (/api/v1/lottery/…): the year's fund with the elderly-care share and the rule,
receipts and projects (list and add), project progress and acceptance."""

from __future__ import annotations

from ninja import Query, Router, Status
from ninja.pagination import paginate

from minzheng.benefits.schemas.fields import body
from minzheng.core import clock
from minzheng.core.api_schemas import Page, responses
from minzheng.core.pages.filters import filter_errors_to_validation
from minzheng.lottery import filters, selectors, services
from minzheng.lottery.schemas import (
    FundOut,
    FundQuery,
    LotteryProjectOut,
    LotteryReceiptIn,
    ProgressIn,
    ProjectIn,
    ReceiptOut,
)

router = Router(tags=["lottery"])


def _filtered(filterset_class, request, queryset, ordering):
    fs = filterset_class(request.GET, queryset=queryset, user=request.user)
    if not fs.is_valid():
        raise filter_errors_to_validation(fs)
    return fs.qs.order_by(*ordering)


@router.get("/lottery/fund", response=responses(FundOut),
            summary="福彩公益金年度收支：收入、安排支出、养老服务占比及是否达到不低于55%的要求")
def fund(request, q: Query[FundQuery]):
    return selectors.fund(request.user, q.year or clock.today().year, q.region_code)


@router.get("/lottery/receipts", response=responses(list[ReceiptOut]), summary="福彩公益金收入")
@paginate(Page)
def list_receipts(request):
    return _filtered(filters.ReceiptFilters, request, selectors.receipts_for(request.user), ("-year", "-id"))


@router.post("/lottery/receipts", response=responses(ReceiptOut, 201), summary="登记福彩公益金收入（县级、市级）")
def add_receipt(request, payload: body(LotteryReceiptIn)):
    return Status(201, services.add_receipt(request.user, payload))


@router.get("/lottery/projects", response=responses(list[LotteryProjectOut]), summary="福彩公益金资助项目")
@paginate(Page)
def list_projects(request):
    return _filtered(filters.ProjectFilters, request, selectors.projects_for(request.user), ("-year", "area", "id"))


@router.post("/lottery/projects", response=responses(LotteryProjectOut, 201), summary="登记资助项目（县级、市级）")
def add_project(request, payload: body(ProjectIn)):
    return Status(201, services.add_project(request.user, payload))


@router.post("/lottery/projects/{project_id}/progress", response=responses(LotteryProjectOut),
             summary="登记项目进度或验收（只能向前）")
def project_progress(request, project_id: int, payload: body(ProgressIn)):
    return services.record_progress(request.user, project_id, payload)
