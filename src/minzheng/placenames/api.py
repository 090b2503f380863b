"""Place-name endpoints (/api/v1/…): the place-name search (`GET /placenames?q=` — Chinese, full pinyin or
initials), one place name, naming and renaming applications (`POST /placenames/applications` and the steps),
standard addresses and the matcher (`GET /addresses/match?text=`), the map layers as GeoJSON; the writes of
addresses and doorplates, boundary lines, markers, joint inspections and their findings, disputes and mediation
records, and region outlines. Lists take the pages'
filters (a bad value is the same Chinese 422) and paginate; bodies are validated by the services after the role
and scope checks."""

from __future__ import annotations

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from minzheng.benefits.schemas.fields import body
from minzheng.core import roles
from minzheng.core.api_auth import requires
from minzheng.core.api_schemas import Page, responses
from minzheng.core.errors import Forbidden
from minzheng.core.pages.filters import filter_errors_to_validation
from minzheng.core.validation import RegionCode, Text
from minzheng.placenames import filters, presenters, selectors
from minzheng.placenames.schemas import (
    AddressCorrectIn,
    AddressCreateIn,
    AddressOut,
    ApplicationIn,
    ApplicationOut,
    BoundaryDisputeIn,
    BoundaryDisputeOut,
    BoundaryFindingIn,
    BoundaryFindingOut,
    BoundaryFinishIn,
    BoundaryInspectionIn,
    BoundaryInspectionOut,
    BoundaryLineIn,
    BoundaryLineOut,
    BoundaryMarkerIn,
    BoundaryMarkerOut,
    BoundaryMediationIn,
    BoundaryRectifyIn,
    ConsultationIn,
    DecisionIn,
    DoorplateCorrectIn,
    DoorplateIn,
    DoorplateOut,
    ExpertIn,
    MatchOut,
    PlaceNameOut,
    PublishIn,
    RegionGeometryIn,
    RegionGeometryOut,
)
from minzheng.placenames.services import addresses, applications, boundaries, outlines

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




# ---- writes: addresses and doorplates, boundaries, region outlines ---------------------------------------------------
# `auth=requires(perm, found=…)`: the role (403), then the record named in the path in the caller's region (404),
# then the body (422, Chinese, every field) in the service.

ADDRESS, CHANGE = "placenames.address", "placenames.change"


def _found(selector):
    return lambda user, pk: selector(user, pk, "change")


@router.post("/addresses", response=responses(AddressOut, 201), auth=requires(ADDRESS),
             summary="登记标准地址（村、乡镇、县级）")
def create_address(request, payload: body(AddressCreateIn)):
    return Status(201, presenters.address_row(addresses.create(request.user, payload)))


@router.patch("/addresses/{address_id}", response=responses(AddressOut),
              auth=requires(ADDRESS, found=("address_id", _found(selectors.get_address))),
              summary="更正或注销标准地址（全文随之改写）")
def correct_address(request, address_id: int, payload: body(AddressCorrectIn)):
    return presenters.address_row(addresses.correct(request.user, address_id, payload))


@router.post("/addresses/{address_id}/doorplate", response=responses(DoorplateOut, 201),
             auth=requires(ADDRESS, found=("address_id", _found(selectors.get_address))), summary="编制门牌（二维码）")
def create_doorplate(request, address_id: int, payload: body(DoorplateIn)):
    return Status(201, presenters.doorplate_row(addresses.add_doorplate(request.user, address_id, payload)))


@router.patch("/doorplates/{doorplate_id}", response=responses(DoorplateOut),
              auth=requires(ADDRESS, found=("doorplate_id", _found(selectors.get_doorplate))),
              summary="更正门牌（类型、安装日期、状况）")
def correct_doorplate(request, doorplate_id: int, payload: body(DoorplateCorrectIn)):
    return presenters.doorplate_row(addresses.correct_doorplate(request.user, doorplate_id, payload))


@router.post("/boundaries", response=responses(BoundaryLineOut, 201), auth=requires(CHANGE),
             summary="登记行政区域界线（含界线段）")
def create_line(request, payload: body(BoundaryLineIn)):
    return Status(201, presenters.line_row(boundaries.create_line(request.user, payload)))


@router.post("/boundaries/{line_id}/markers", response=responses(BoundaryMarkerOut, 201),
             auth=requires(CHANGE, found=("line_id", _found(selectors.get_line))), summary="登记界桩")
def create_marker(request, line_id: int, payload: body(BoundaryMarkerIn)):
    return Status(201, presenters.marker_row(boundaries.add_marker(request.user, line_id, payload)))


@router.post("/boundary-inspections", response=responses(BoundaryInspectionOut, 201), auth=requires(CHANGE),
             summary="开始一轮界线联检")
def create_inspection(request, payload: body(BoundaryInspectionIn)):
    return Status(201, presenters.inspection_row(boundaries.open_inspection(request.user, payload)))


@router.post("/boundary-inspections/{inspection_id}/findings", response=responses(BoundaryFindingOut, 201),
             auth=requires(CHANGE, found=("inspection_id", _found(selectors.get_inspection))),
             summary="登记联检发现的问题（界线、界桩）")
def create_finding(request, inspection_id: int, payload: body(BoundaryFindingIn)):
    return Status(201, presenters.finding_row(boundaries.add_finding(request.user, inspection_id, payload)))


@router.post("/boundary-inspections/{inspection_id}/finish", response=responses(BoundaryInspectionOut),
             auth=requires(CHANGE, found=("inspection_id", _found(selectors.get_inspection))),
             summary="结束一轮界线联检（不可撤销）")
def finish_inspection(request, inspection_id: int, payload: body(BoundaryFinishIn)):
    return presenters.inspection_row(boundaries.finish_inspection(request.user, inspection_id, payload))


@router.post("/boundary-findings/{finding_id}/rectification", response=responses(BoundaryFindingOut),
             auth=requires(CHANGE, found=("finding_id", _found(selectors.get_finding))),
             summary="登记问题整改完成（不可撤销；界桩状况恢复完好）")
def rectify_finding(request, finding_id: int, payload: body(BoundaryRectifyIn)):
    return presenters.finding_row(boundaries.rectify_finding(request.user, finding_id, payload))


@router.post("/boundary-disputes", response=responses(BoundaryDisputeOut, 201), auth=requires(CHANGE),
             summary="登记界线争议")
def create_dispute(request, payload: body(BoundaryDisputeIn)):
    return Status(201, presenters.dispute_row(boundaries.open_dispute(request.user, payload)))


@router.post("/boundary-disputes/{dispute_id}/mediation", response=responses(BoundaryDisputeOut),
             auth=requires(CHANGE, found=("dispute_id", _found(selectors.get_dispute))),
             summary="登记调处记录（追加，不可修改）")
def create_mediation(request, dispute_id: int, payload: body(BoundaryMediationIn)):
    return presenters.dispute_row(boundaries.add_mediation(request.user, dispute_id, payload))


@router.post("/region-outlines", response=responses(RegionGeometryOut), auth=requires(CHANGE),
             summary="设置区划界域（GeoJSON 面，替换已有的）")
def set_outline(request, payload: body(RegionGeometryIn)):
    return presenters.outline_row(outlines.set_outline(request.user, payload))
