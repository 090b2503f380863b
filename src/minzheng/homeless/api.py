"""Rescue-station endpoints (/api/v1/homeless/…): intakes (list, register, one), family search
(`GET /homeless/intakes/{id}/matches`: ranked items with person_id, score, reasons), match outcomes, expenses, the
escort home, missing-person reports and the dashboard. Lists take the pages' filters and paginate; bodies are
validated by the services after the role and record checks (403 before 404 before 422)."""

from __future__ import annotations

from ninja import Router, Status
from ninja.pagination import paginate

from minzheng.benefits.schemas.fields import body
from minzheng.core.api_schemas import Page, responses
from minzheng.core.pages.filters import filter_errors_to_validation
from minzheng.homeless import filters, selectors, services
from minzheng.homeless.schemas import (
    EscortHomeIn,
    EscortHomeOut,
    FamilyMatchOut,
    HomelessDashboardOut,
    HomelessExpenseIn,
    HomelessExpenseOut,
    HomelessIntakeIn,
    HomelessIntakeOut,
    MatchDecisionIn,
    MatchOutcomeOut,
    MissingPersonIn,
    MissingPersonOut,
)

router = Router(tags=["homeless"])


def _filtered(filterset_class, request, queryset, ordering):
    fs = filterset_class(request.GET, queryset=queryset, user=request.user)
    if not fs.is_valid():
        raise filter_errors_to_validation(fs)
    return fs.qs.order_by(*ordering)


@router.get("/homeless/intakes", response=responses(list[HomelessIntakeOut]), summary="受助人员（救助管理站）")
@paginate(Page)
def list_intakes(request):
    return _filtered(filters.IntakeFilters, request, selectors.intakes_for(request.user), ("-admitted_on", "-id"))


@router.post("/homeless/intakes", response=responses(HomelessIntakeOut, 201),
             summary="求助登记（可为身份不明人员：姓名、出生年份可不填）")
def add_intake(request, payload: body(HomelessIntakeIn)):
    return Status(201, services.create_intake(request.user, payload))


@router.get("/homeless/intakes/{intake_id}", response=responses(HomelessIntakeOut), summary="一名受助人员")
def get_intake(request, intake_id: int):
    return selectors.get_intake(request.user, intake_id)


@router.get("/homeless/intakes/{intake_id}/matches", response=responses(list[FamilyMatchOut]),
            summary="寻亲比对：统一库人员和寻人登记，按匹配分从高到低（姓名/拼音、年龄、性别、口音地区、体貌特征）")
@paginate(Page)
def list_matches(request, intake_id: int):
    return selectors.family_matches(request.user, intake_id)


@router.post("/homeless/intakes/{intake_id}/matches", response=responses(MatchOutcomeOut, 201),
             summary="登记寻亲比对结果（确认身份或排除）")
def decide_match(request, intake_id: int, payload: body(MatchDecisionIn)):
    return Status(201, services.decide_match(request.user, intake_id, payload))


@router.post("/homeless/intakes/{intake_id}/expenses", response=responses(HomelessExpenseOut, 201),
             summary="登记救助费用（伙食、医疗救治、衣物、护送等）")
def add_expense(request, intake_id: int, payload: body(HomelessExpenseIn)):
    return Status(201, services.add_expense(request.user, intake_id, payload))


@router.post("/homeless/intakes/{intake_id}/escort", response=responses(EscortHomeOut, 201),
             summary="护送返乡并交接（向户籍/居住地乡镇生成跟进预警）")
def escort(request, intake_id: int, payload: body(EscortHomeIn)):
    return Status(201, services.escort_home(request.user, intake_id, payload))


@router.get("/homeless/missing-persons", response=responses(list[MissingPersonOut]), summary="寻人登记")
@paginate(Page)
def list_missing(request):
    return _filtered(filters.MissingFilters, request, selectors.missing_for(request.user), ("-reported_on", "-id"))


@router.post("/homeless/missing-persons", response=responses(MissingPersonOut, 201), summary="登记寻人信息（家属报告）")
def add_missing(request, payload: body(MissingPersonIn)):
    return Status(201, services.create_missing(request.user, payload))


@router.get("/homeless/dashboard", response=responses(HomelessDashboardOut),
            summary="救助管理指标：在站人数、返乡率、在站时长分布、长期滞留、费用（本年）")
def dashboard(request):
    return selectors.dashboard(request.user)
