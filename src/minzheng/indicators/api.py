"""API of the plan indicators: definitions by plan, and an indicator's values by region and period."""

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from minzheng.core import regioncodes
from minzheng.core.api_schemas import Page, responses
from minzheng.core.data_elements import Period
from minzheng.core.errors import NotFound, ValidationFailed
from minzheng.core.validation import Field
from minzheng.indicators import codes, selectors
from minzheng.indicators.schemas import IndicatorOut, ValueOut

router = Router(tags=["indicators"])


class PlanIndicatorQuery(Schema):
    plan: str = Field("", description="规划：" + "、".join(codes.PLANS), max_length=20)


class ValueQuery(Schema):
    region: str = Field("", description="区划代码（默认本人所在区划）", max_length=12)
    period: str = Field("", description="统计期：2026、2026Q4 或 2026-11（默认最近一次计算）", max_length=8)


def _number(v) -> str | None:
    return None if v is None else format(v.normalize(), "f")


@router.get("/indicators", response=responses(list[IndicatorOut]), summary="规划指标定义")
@paginate(Page)
def list_indicators(request, query: Query[PlanIndicatorQuery]):
    qs = selectors.indicators_for(request.user)
    if query.plan:
        if query.plan not in codes.PLANS:
            raise ValidationFailed.one("plan", "规划取值无效，应为：" + "、".join(codes.PLANS))
        qs = qs.filter(plan=query.plan)
    return qs


@router.get("/indicators/{code}/values", response=responses(ValueOut), summary="指标值（区划、统计期）")
def indicator_value(request, code: str, query: Query[ValueQuery]):
    user = request.user
    ind = selectors.get_indicator(user, code[:40])
    try:
        region = regioncodes.normalize(query.region) if query.region else user.region_id
    except regioncodes.RegionCodeError as exc:
        raise ValidationFailed.one("region", str(exc)) from None
    period = Period.parse(query.period).code if query.period else selectors.latest_period(user)
    found = selectors.values_for(user).filter(indicator=ind, region_code=region, period=period).first()
    if found is None:
        raise NotFound(f"{ind.name}在该区划、统计期尚无指标值")
    return ValueOut(indicator=ind.code, region_code=found.region_code, period=found.period,
                    value=_number(found.value), numerator=_number(found.numerator),
                    denominator=_number(found.denominator), target=_number(found.target), status=found.status,
                    source=found.source)
