"""Register endpoints (/api/v1): delegation of confirmation to townships (审核确认委托, county only) and the
conflict-of-interest register (近亲属备案, township and county). Bodies are validated by
benefits.services.registers after the role check (schemas.registers)."""

from ninja import Router, Status
from ninja.pagination import paginate

from minzheng.benefits import selectors
from minzheng.benefits.schemas.fields import body
from minzheng.benefits.schemas.registers import ConflictIn, ConflictOut, DelegationIn, DelegationOut
from minzheng.benefits.services import registers
from minzheng.core.api_schemas import Page, responses

router = Router(tags=["registers"])
DelegationBody = body(DelegationIn)
ConflictBody = body(ConflictIn)


@router.get("/delegations", response=responses(list[DelegationOut]), summary="审核确认委托设置（本县）")
@paginate(Page)
def list_delegations(request):
    return selectors.delegations_for(request.user)


@router.post("/delegations", response=responses(DelegationOut, 201),
             summary="委托（或收回）乡镇(街道)审核确认（县级）")
def add_delegation(request, payload: DelegationBody):
    return Status(201, registers.set_delegation(request.user, payload))


@router.get("/conflict-register", response=responses(list[ConflictOut]), summary="近亲属备案")
@paginate(Page)
def list_conflicts(request):
    return selectors.conflicts_for(request.user)


@router.post("/conflict-register", response=responses(ConflictOut, 201), summary="登记近亲属备案（乡镇、县级）")
def add_conflict(request, payload: ConflictBody):
    return Status(201, registers.register_relative(request.user, payload))
