"""Social-work endpoints (/api/v1/social-workers, /social-work-stations, /social-work/indicators): lists paged and
filtered like the pages; writes check the role before the body; the indicators by region and year."""


from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from minzheng.core.api_auth import requires
from minzheng.core.api_schemas import Page, responses
from minzheng.core.validation import Field, Integer
from minzheng.socialwork import filters, selectors, services
from minzheng.socialwork.schemas import SocialWorkIndicatorsOut, StationIn, StationOut, WorkerIn, WorkerOut

router = Router(tags=["socialwork"])


class WorkerQuery(Schema):
    name: str = Field("", description="姓名（包含）")
    level: str = Field("", description="none、assistant、social_worker、senior")
    status: str = Field("", description="active、left")
    region_code: str = Field("", description="区划代码（含下级）")


class StationQuery(Schema):
    name: str = Field("", description="站点名称（包含）")
    region_code: str = Field("", description="区划代码（含下级）")


class SocialWorkIndicatorQuery(Schema):
    year: Integer(1990, 2100) = Field(..., description="常住人口年份")
    region_code: str = Field("", description="区划代码（默认本人辖区）", max_length=12)


@router.get("/social-workers", response=responses(list[WorkerOut]), summary="社会工作者")
@paginate(Page)
def list_workers(request, query: Query[WorkerQuery]):
    return filters.apply(filters.WorkerFilters, request.GET, selectors.workers_for(request.user),
                         request.user).order_by("region_code", "name", "id")


@router.post("/social-workers", auth=requires("socialwork.manage"), response=responses(WorkerOut, 201),
             summary="登记社会工作者（持证的须填写证书编号和取得资格日期）")
def add_worker(request, body: WorkerIn):
    return Status(201, services.add_worker(request.user, body.model_dump()))


@router.get("/social-work-stations", response=responses(list[StationOut]), summary="乡镇（街道）社工站")
@paginate(Page)
def list_stations(request, query: Query[StationQuery]):
    return filters.apply(filters.StationFilters, request.GET, selectors.stations_for(request.user),
                         request.user).order_by("region_code")


@router.post("/social-work-stations", auth=requires("socialwork.manage"), response=responses(StationOut, 201),
             summary="登记或更新社工站及“六有”情况（每个乡镇（街道）一个）")
def save_station(request, body: StationIn):
    return Status(201, services.save_station(request.user, body.model_dump()))


@router.get("/social-work/indicators", response=responses(SocialWorkIndicatorsOut),
            summary="每万常住人口持证社会工作者、社工站“六有”情况（按下级区划）")
def indicators(request, query: Query[SocialWorkIndicatorQuery]):
    from minzheng.core import regioncodes
    from minzheng.core.errors import ValidationFailed

    code = query.region_code
    if code:
        try:
            code = regioncodes.normalize(code)
        except regioncodes.RegionCodeError as exc:
            raise ValidationFailed.one("region_code", str(exc)) from None
    data = selectors.indicators(request.user, code, query.year)
    return {"year": data["year"], "rows": data["rows"], "total": data["total"]}
