"""特困 care endpoints (/api/v1/care/…): self-care assessments, 委托照料 agreements, institutions and placements.
Lists take the pages' filters (a bad value is the same Chinese 422) and paginate; bodies are validated by the
services after the scope and role checks (assistance.schemas)."""

from __future__ import annotations

from ninja import Router, Status
from ninja.pagination import paginate

from minzheng.assistance import filters, selectors, services
from minzheng.assistance.schemas import (
    AgreementIn,
    AgreementOut,
    AssessmentIn,
    AssessmentOut,
    EndIn,
    InstitutionIn,
    InstitutionOut,
    PlacementIn,
    PlacementOut,
)
from minzheng.benefits.schemas.fields import body
from minzheng.core.api_schemas import Page, responses
from minzheng.core.pages.filters import filter_errors_to_validation

router = Router(tags=["care"])


def _filtered(filterset_class, request, queryset, ordering):
    fs = filterset_class(request.GET, queryset=queryset, user=request.user)
    if not fs.is_valid():
        raise filter_errors_to_validation(fs)
    return fs.qs.order_by(*ordering)


@router.get("/care/assessments", response=responses(list[AssessmentOut]), summary="生活自理能力评估")
@paginate(Page)
def list_assessments(request):
    return _filtered(filters.AssessmentFilters, request, selectors.assessments_for(request.user),
                     ("-assessed_on", "-id"))


@router.post("/care/assessments", response=responses(AssessmentOut, 201),
             summary="记录生活自理能力评估（村、乡镇、县；取代该人员当前评估）")
def add_assessment(request, payload: body(AssessmentIn)):
    return Status(201, services.record_assessment(request.user, payload))


@router.get("/care/agreements", response=responses(list[AgreementOut]), summary="委托照料协议")
@paginate(Page)
def list_agreements(request):
    return _filtered(filters.AgreementFilters, request, selectors.agreements_for(request.user),
                     ("region_code", "-start_on", "-id"))


@router.post("/care/agreements", response=responses(AgreementOut, 201),
             summary="登记委托照料协议（分散供养特困人员；村、乡镇、县）")
def add_agreement(request, payload: body(AgreementIn)):
    return Status(201, services.add_agreement(request.user, payload))


@router.post("/care/agreements/{agreement_id}/end", response=responses(AgreementOut), summary="终止委托照料协议")
def end_agreement(request, agreement_id: int, payload: body(EndIn)):
    return services.end_agreement(request.user, agreement_id, payload)


@router.get("/care/institutions", response=responses(list[InstitutionOut]), summary="供养服务机构")
@paginate(Page)
def list_institutions(request):
    return _filtered(filters.InstitutionFilters, request, selectors.institutions_for(request.user),
                     ("region_code", "name", "id"))


@router.post("/care/institutions", response=responses(InstitutionOut, 201), summary="登记供养服务机构（县级）")
def add_institution(request, payload: body(InstitutionIn)):
    return Status(201, services.add_institution(request.user, payload))


@router.get("/care/placements", response=responses(list[PlacementOut]), summary="集中供养安置")
@paginate(Page)
def list_placements(request):
    return _filtered(filters.PlacementFilters, request, selectors.placements_for(request.user),
                     ("region_code", "-from_on", "-id"))


@router.post("/care/placements", response=responses(PlacementOut, 201),
             summary="机构集中供养安置（县级；此后供养金支付到机构账户）")
def add_placement(request, payload: body(PlacementIn)):
    return Status(201, services.open_placement(request.user, payload))


@router.post("/care/placements/{placement_id}/end", response=responses(PlacementOut),
             summary="办理离开机构（县级；此后供养金支付回本人账户）")
def end_placement(request, placement_id: int, payload: body(EndIn)):
    return services.end_placement(request.user, placement_id, payload)
