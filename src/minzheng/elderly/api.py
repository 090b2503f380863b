"""Elderly-care endpoints (/api/v1/elderly/…): capability assessments (record, list, one, dispute), the elderly
register (`GET /elderly/persons?situation=`) and survival checks. Lists take the pages' filters (a bad value is the
same Chinese 422) and paginate; bodies are validated by the services after the role and scope checks."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status
from ninja.pagination import paginate

from minzheng.benefits.schemas.fields import body
from minzheng.core import clock, roles
from minzheng.core.api_schemas import Page, responses
from minzheng.core.errors import Forbidden
from minzheng.core.pages.filters import filter_errors_to_validation
from minzheng.elderly import filters, selectors
from minzheng.elderly.schemas import (
    DisputeIn,
    ElderlyAssessmentIn,
    ElderlyAssessmentOut,
    ElderlyOut,
    SurvivalIn,
    SurvivalOut,
)
from minzheng.elderly.services import assessments, survival

router = Router(tags=["elderly"])


def _filtered(filterset_class, request, queryset, ordering):
    fs = filterset_class(request.GET, queryset=queryset, user=request.user)
    if not fs.is_valid():
        raise filter_errors_to_validation(fs)
    return fs.qs.order_by(*ordering)


class ElderlyPage(Page):
    """The register's pages: the benefits and situations of all rows of the page at once (two queries)."""

    def paginate_queryset(self, queryset, pagination, request, **params: Any) -> Any:
        out = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(out["items"])
        benefits = selectors.benefits_of([p.pk for p in items])
        today = clock.today()
        for p in items:
            p.benefit_names = benefits.get(p.pk, [])
            p.situation_codes = selectors.situations_of(p, today)
            p.age_today = p.age_on(today)
        return {**out, "items": items}


@router.get("/elderly/persons", response=responses(list[ElderlyOut]),
            summary="老年人名册（年满60周岁；?situation=alone|empty_nest|left_behind|oldest_old|disabled|dementia|"
                    "family_planning）")
@paginate(ElderlyPage)
def list_elderly(request):
    return _filtered(filters.ElderlyFilters, request, selectors.elderly_for(request.user),
                     ("region_id", "birth_date", "id"))


@router.get("/elderly/assessments", response=responses(list[ElderlyAssessmentOut]), summary="老年人能力评估")
@paginate(Page)
def list_assessments(request):
    return _filtered(filters.AssessmentFilters, request, selectors.assessments_for(request.user),
                     ("-assessed_on", "-id"))


@router.post("/elderly/assessments", response=responses(ElderlyAssessmentOut, 201),
             summary="录入老年人能力评估（GB/T 42195-2022；村、乡镇、县；取代该老年人当前评估）")
def add_assessment(request, payload: body(ElderlyAssessmentIn)):
    return Status(201, assessments.record_assessment(request.user, payload))


@router.get("/elderly/assessments/{assessment_id}", response=responses(ElderlyAssessmentOut), summary="一次能力评估")
def get_assessment(request, assessment_id: int):
    return selectors.get_assessment(request.user, assessment_id)


@router.post("/elderly/assessments/{assessment_id}/dispute", response=responses(ElderlyAssessmentOut),
             summary="登记对评估结果的异议（此后应复评）")
def dispute_assessment(request, assessment_id: int, payload: body(DisputeIn)):
    return assessments.dispute(request.user, assessment_id, payload)


@router.get("/elderly/survival-checks", response=responses(list[SurvivalOut]), summary="高龄津贴生存认证记录")
@paginate(Page)
def list_checks(request):
    return _filtered(filters.SurvivalFilters, request, selectors.checks_for(request.user), ("-checked_on", "-id"))


@router.post("/elderly/survival-checks", response=responses(SurvivalOut, 201),
             summary="录入生存认证（村、乡镇、县；因逾期暂停的高龄津贴恢复并补发）")
def add_check(request, payload: body(SurvivalIn)):
    if not roles.has_perm(request.user, survival.PERMISSION):
        raise Forbidden("您的角色不能录入生存认证")
    return Status(201, survival.record_check(request.user, payload))



