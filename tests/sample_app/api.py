from ninja import Router, Schema
from ninja.pagination import paginate

from minzheng.core.api_schemas import Page, responses
from minzheng.core.validation import MoneyOut
from tests.sample_app import selectors

router = Router(tags=["sample"])


class AllowanceOut(Schema):
    id: int
    name: str
    region_code: str
    amount: MoneyOut
    status: str


@router.get("/sample/allowances", response=responses(list[AllowanceOut]), summary="试点补贴列表")
@paginate(Page)
def list_allowances(request):
    return selectors.allowances_for(request.user).order_by("id")
