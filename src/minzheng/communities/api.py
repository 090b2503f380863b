"""城乡社区治理 endpoints: the indicators by child region (`GET /api/v1/communities/indicators?region_code=`)."""

from __future__ import annotations

from ninja import Query, Router, Schema
from pydantic import Field

from minzheng.communities import schemas, selectors
from minzheng.core.api_schemas import responses
from minzheng.core.validation import RegionCode

router = Router(tags=["communities"])


class CommunityIndicatorQuery(Schema):
    region_code: RegionCode | None = Field(None, title="区划")


@router.get("/communities/indicators", response=responses(schemas.CommunityIndicatorsOut),
            summary="社区综合服务设施每百户建筑面积、每万城镇常住人口社区工作者（按下级区划）")
def indicators(request, q: Query[CommunityIndicatorQuery]):
    return selectors.indicators(request.user, q.region_code or "")
