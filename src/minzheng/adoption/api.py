"""Adoption endpoints (/api/v1/adoption/…): apply, list, one, assess, register (422 with every refusal reason),
dissolve. Role first (403), then the record in the caller's region (404), then the body (422)."""

from __future__ import annotations

from ninja import Router, Status
from ninja.pagination import paginate

from minzheng.adoption import selectors, services
from minzheng.adoption.schemas import AdoptionAssessmentIn, AdoptionIn, AdoptionOut, DissolveIn, RegisterIn
from minzheng.benefits.schemas.fields import body
from minzheng.core.api_schemas import Page, responses

router = Router(tags=["adoption"])


class AdoptionPage(Page):
    def paginate_queryset(self, queryset, pagination, request, **params):
        out = super().paginate_queryset(queryset, pagination, request, **params)
        return {**out, "items": [AdoptionOut.build(a) for a in out["items"]]}


@router.get("/adoption/applications", response=responses(list[AdoptionOut]), summary="收养登记")
@paginate(AdoptionPage)
def list_adoptions(request):
    return selectors.adoptions_for(request.user).order_by("-applied_on", "-id")


@router.post("/adoption/applications", response=responses(AdoptionOut, 201),
             summary="收养登记申请（被收养人为人员库中的人；收养人声明第1098条条件）")
def apply(request, payload: body(AdoptionIn)):
    return Status(201, AdoptionOut.build(services.apply(request.user, payload)))


@router.get("/adoption/applications/{adoption_id}", response=responses(AdoptionOut), summary="一件收养登记")
def get_adoption(request, adoption_id: int):
    return AdoptionOut.build(selectors.get_adoption(request.user, adoption_id))


@router.post("/adoption/applications/{adoption_id}/assessment", response=responses(AdoptionOut),
             summary="收养评估和条件核查")
def assess(request, adoption_id: int, payload: body(AdoptionAssessmentIn)):
    return AdoptionOut.build(services.assess(request.user, adoption_id, payload))


@router.post("/adoption/applications/{adoption_id}/register", response=responses(AdoptionOut),
             summary="办理收养登记、发给收养登记证（不符合条件时 422 列出每条理由并记录不予登记）")
def register(request, adoption_id: int, payload: body(RegisterIn)):
    return AdoptionOut.build(services.register(request.user, adoption_id, payload))


@router.post("/adoption/applications/{adoption_id}/dissolve", response=responses(AdoptionOut),
             summary="解除收养关系登记")
def dissolve(request, adoption_id: int, payload: body(DissolveIn)):
    return AdoptionOut.build(services.dissolve(request.user, adoption_id, payload))
