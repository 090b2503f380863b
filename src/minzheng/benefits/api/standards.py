"""Standards and policy endpoints (/api/v1): the standards table (list, catalogue, history, what is in force, add)
and the policy evaluation (nothing written). Money and values are decimal text; a JSON float is refused with a
Chinese message rather than coerced. Bodies are validated by the services after the role check."""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from minzheng.benefits import catalogue, evaluation, selectors
from minzheng.benefits.schemas.evaluation import EvaluationIn, EvaluationOut
from minzheng.benefits.schemas.fields import body
from minzheng.benefits.schemas.standards import (
    HistoryQuery,
    ItemOut,
    ItemQuery,
    ResolvedOut,
    ResolveQuery,
    StandardIn,
    StandardOut,
    StandardQuery,
)
from minzheng.benefits.services import standards
from minzheng.core import roles
from minzheng.core.api_schemas import Page, responses
from minzheng.core.errors import Forbidden

router = Router(tags=["standards"])
StandardBody = body(StandardIn)
EvaluationBody = body(EvaluationIn)


@router.get("/standards", response=responses(list[StandardOut]), summary="救助标准列表")
@paginate(Page)
def list_standards(request, filters: Query[StandardQuery]):
    """region_code: rows that may apply there (the region and its ancestors); within: rows set in a subtree;
    as_of (YYYY-MM-DD): rows in force that day."""
    return selectors.list_standards(program=filters.program, item=filters.item, region_code=filters.region_code or "",
                                    within=filters.within or "", area=filters.area, as_of=filters.as_of)


@router.get("/standards/items", response=responses(list[ItemOut]), summary="标准项目录（每项的含义、单位、默认值）")
@paginate(Page)
def list_items(request, filters: Query[ItemQuery]):
    return [i for i in catalogue.items_list() if not filters.program or i.program == filters.program]


@router.get("/standards/history", response=responses(list[StandardOut]), summary="一项标准的全部历史")
@paginate(Page)
def standard_history(request, filters: Query[HistoryQuery]):
    return selectors.history(filters.program, filters.item, filters.region_code, filters.area)


@router.get("/standards/resolve", response=responses(ResolvedOut), summary="某区划、城乡、月份生效的全部标准（含来源）")
def resolve_standards(request, filters: Query[ResolveQuery]):
    stds = selectors.resolve(filters.region_code, filters.area, filters.month)
    return {"region_code": stds.region_code, "area": filters.area, "month": f"{filters.month:%Y-%m}",
            "standards": [v.as_dict() | {"source_text": v.origin()} for _, v in sorted(stds.values.items())]}


@router.post("/standards", response=responses(StandardOut, 201), summary="新增救助标准（县级、市级民政部门）")
def add_standard(request, payload: StandardBody):
    return Status(201, standards.add_standard(request.user, payload))


@router.post("/policy/evaluate", response=responses(EvaluationOut), summary="政策测算（不保存任何数据）")
def evaluate(request, payload: EvaluationBody):
    """Eligibility and monthly amount for one program, household and month, with a line-by-line breakdown and the
    reasons in Chinese. Money in the input is a decimal string ("1234.50"); JSON floats are rejected."""
    if not roles.has_perm(request.user, "people.view"):
        raise Forbidden("您的角色不能进行救助测算")
    return evaluation.evaluate_payload(payload)
