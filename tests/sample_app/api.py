from ninja import Router, Schema
from ninja.pagination import paginate

from minzheng.core import roles
from minzheng.core.api_schemas import Page, responses
from minzheng.core.errors import Forbidden
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
    if not roles.has_perm(request.user, "sample.view"):  # 403 to a role that may not see them, not an empty list
        raise Forbidden("您的角色不能查看试点补贴")
    return selectors.allowances_for(request.user).order_by("id")
