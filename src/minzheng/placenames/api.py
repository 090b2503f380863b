"""Place-name endpoints (/api/v1/…): the place-name search (`GET /placenames?q=` — Chinese, full pinyin or
initials), one place name, naming and renaming applications (`POST /placenames/applications` and the steps),
standard addresses and the matcher (`GET /addresses/match?text=`), the map layers as GeoJSON. Lists take the pages'
filters (a bad value is the same Chinese 422) and paginate; bodies are validated by the services after the role
and scope checks."""

from __future__ import annotations

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from minzheng.benefits.schemas.fields import body
from minzheng.core import roles
from minzheng.core.api_schemas import Page, responses
from minzheng.core.errors import Forbidden
from minzheng.core.pages.filters import filter_errors_to_validation
from minzheng.core.validation import RegionCode, Text
from minzheng.placenames import filters, presenters, selectors
from minzheng.placenames.schemas import (
    AddressOut,
    ApplicationIn,
    ApplicationOut,
    ConsultationIn,
    DecisionIn,
    ExpertIn,
    MatchOut,
    PlaceNameOut,
    PublishIn,
)
from minzheng.placenames.services import addresses, applications

router = Router(tags=["placenames"])


def _view(request) -> None:
    if not roles.has_perm(request.user, "placenames.view"):
        raise Forbidden("您的角色无权查看区划地名")


def _filtered(filterset_class, request, queryset, ordering):
    fs = filterset_class(request.GET, queryset=queryset, user=request.user)
    if not fs.is_valid():
        raise filter_errors_to_validation(fs)
    return fs.qs.order_by(*ordering)


class PlaceNamePage(Page):
    """Aliases, category and region names of the page's rows at once (three queries)."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        out = super().paginate_queryset(queryset, pagination, request, **params)
        return {**out, "items": presenters.placename_rows(list(out["items"]))}


@router.get("/placenames", response=responses(list[PlaceNameOut]),
            summary="地名查询（?q= 中文名称或别名、全拼或首字母，如 dhq、dinghai 查到定海区；?region_code=、?status=）")
@paginate(PlaceNamePage)
def list_placenames(request):
    _view(request)
    return _filtered(filters.PlaceNameFilters, request, selectors.placenames_for(request.user),
                     ("region_id", "name", "id"))


@router.get("/placenames/applications", response=responses(list[ApplicationOut]), summary="地名命名更名申请")
@paginate(Page)
def list_applications(request):
    _view(request)
    rows = _filtered(filters.ApplicationFilters, request, selectors.applications_for(request.user), ("-id",))
    return presenters.ApplicationRows(rows)


@router.post("/placenames/applications", response=responses(ApplicationOut, 201),
             summary="受理地名命名或更名申请（县级民政部门）")
def submit_application(request, payload: body(ApplicationIn)):
    return Status(201, presenters.application_row(applications.submit(request.user, payload)))


@router.get("/placenames/applications/{app_id}", response=responses(ApplicationOut), summary="一件命名更名申请")
def get_application(request, app_id: int):
    _view(request)
    return presenters.application_row(selectors.get_application(request.user, app_id))


@router.post("/placenames/applications/{app_id}/expert-opinion", response=responses(ApplicationOut),
             summary="登记专家论证意见")
def expert_opinion(request, app_id: int, payload: body(ExpertIn)):
    return presenters.application_row(applications.record_expert_opinion(request.user, app_id, payload))


@router.post("/placenames/applications/{app_id}/consultation", response=responses(ApplicationOut),
             summary="发起公示（按申请的公示天数；须先有专家意见）")
def consultation(request, app_id: int, payload: body(ConsultationIn)):
    return presenters.application_row(applications.open_consultation(request.user, app_id, payload))


@router.post("/placenames/applications/{app_id}/decision", response=responses(ApplicationOut),
             summary="审批（公示期满后方可；409 说明原因）")
def decision(request, app_id: int, payload: body(DecisionIn)):
    return presenters.application_row(applications.decide(request.user, app_id, payload))


@router.post("/placenames/applications/{app_id}/publication", response=responses(ApplicationOut),
             summary="公告并颁发标准地名证书（更名同步改写使用该名称的标准地址）")
def publication(request, app_id: int, payload: body(PublishIn)):
    return presenters.application_row(applications.publish(request.user, app_id, payload))


@router.get("/placenames/{place_id}", response=responses(PlaceNameOut), summary="一个地名")
def get_placename(request, place_id: int):
    _view(request)
    return presenters.placename_rows([selectors.get_placename(request.user, place_id)])[0]


@router.get("/addresses", response=responses(list[AddressOut]), summary="标准地址")
@paginate(Page)
def list_addresses(request):
    _view(request)
    rows = _filtered(filters.AddressFilters, request, selectors.addresses_for(request.user), ("region_id", "id"))
    return presenters.AddressRows(rows)


class MatchQuery(Schema):
    text: Text[200] = Field(..., description="自由文本地址，如“城东3幢2单元1801室”")
    region_code: RegionCode | None = Field(None, description="只在该区划内匹配")


@router.get("/addresses/match", response=responses(MatchOut),
            summary="地址匹配：自由文本 → 标准地址，或相近的候选地址及原因")
def match_address(request, query: Query[MatchQuery]):
    _view(request)
    result = addresses.match_text(request.user, query.text, query.region_code or "")
    return MatchOut(text=result.text, parsed=result.parsed,
                    address=presenters.address_row(result.address) if result.address else None,
                    candidates=[presenters.address_row(a) for a in result.candidates], reason=result.reason)


class LayersOut(Schema):
    regions: dict
    places: dict
    boundaries: dict
    markers: dict


@router.get("/placenames-map", response=responses(LayersOut), summary="区划地名图图层（GeoJSON）")
def map_layers(request):
    _view(request)
    return selectors.map_layers(request.user)


