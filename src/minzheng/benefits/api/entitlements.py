"""Entitlement endpoints (/api/v1): what is paid (救助待遇), its changes (增发、减发、停发、渐退、暂停、恢复、
死亡、定期核查、变更领取人) and the reviews coming due. Bodies are validated by entitlements.act after the scope,
role and state checks (schemas.entitlements); lists are paginated; a bad filter value is a 422."""

from ninja import Query, Router
from ninja.pagination import paginate

from minzheng.benefits import selectors
from minzheng.benefits.api.cases import action_and_data
from minzheng.benefits.schemas.entitlements import (
    EntitlementActionIn,
    EntitlementDetailOut,
    EntitlementOut,
    EntitlementQuery,
    ReviewDueOut,
    ReviewQuery,
)
from minzheng.benefits.schemas.fields import body
from minzheng.benefits.services import entitlements
from minzheng.core.api_auth import requires
from minzheng.core.api_schemas import Page, responses
from minzheng.core.validation import Id

router = Router(tags=["entitlements"])
ActionBody = body(EntitlementActionIn)


@router.get("/entitlements", response=responses(list[EntitlementOut]), summary="救助待遇列表")
@paginate(Page)
def list_entitlements(request, filters: Query[EntitlementQuery]):
    return selectors.entitlements_for(request.user, filters.program, filters.status, filters.region_code)


@router.get("/entitlements/{entitlement_id}", response=responses(EntitlementDetailOut),
            summary="救助待遇详情（变更、核查）")
def get_entitlement(request, entitlement_id: Id):
    return selectors.get_entitlement(request.user, entitlement_id)


@router.post("/entitlements/{entitlement_id}/actions",
             auth=requires("people.change", found=("entitlement_id", selectors.get_entitlement)),
             response=responses(EntitlementDetailOut),
             summary="待遇变更：increase/decrease/stop/gradual_exit/suspend/resume/death/review/change_payee")
def entitlement_action(request, entitlement_id: Id, payload: ActionBody):
    action, data = action_and_data(payload)
    ent = entitlements.act(request.user, entitlement_id, action, data)
    return selectors.get_entitlement(request.user, ent.pk)


@router.get("/reviews", response=responses(list[ReviewDueOut]), summary="待核查（定期核查、成员死亡后复核）")
@paginate(Page)
def list_reviews(request, filters: Query[ReviewQuery]):
    return selectors.reviews_due(request.user, filters.due_before)
