"""Case endpoints (/api/v1): applications and their actions, the inbox (待办) and what the user did (已办).

Request bodies are documented by their schema (schemas.cases) and validated by the service after the scope, role
and state checks — 404 outside the caller's region, 403 when the role may not act, 409 when the action is not allowed
now (reason in Chinese), then 422 with every field error (ADR 0009; schemas.fields.body). Lists are paginated
(?limit=&offset= → {"items": [...], "count": N}); a bad filter value is a 422."""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from minzheng.benefits import selectors
from minzheng.benefits.schemas.case_out import CaseDetailOut, CaseDoneOut, CaseOut, case_detail
from minzheng.benefits.schemas.cases import CaseActionIn, CaseCreateIn, CaseQuery
from minzheng.benefits.schemas.fields import body
from minzheng.benefits.services import cases
from minzheng.core.api_auth import requires
from minzheng.core.api_schemas import Page, responses
from minzheng.core.errors import ValidationFailed
from minzheng.core.validation import Id

router = Router(tags=["cases"])
CreateBody = body(CaseCreateIn)
ActionBody = body(CaseActionIn)


def action_and_data(payload) -> tuple[str, dict]:
    """{"action": …, …the action's data} → (action, data)."""
    if not isinstance(payload, dict):
        raise ValidationFailed.one("body", "请求体应为 JSON 对象")
    action = payload.get("action")
    if not isinstance(action, str) or not action.strip():
        raise ValidationFailed.one("action", "须指明办理动作 action")
    return action.strip(), {k: v for k, v in payload.items() if k != "action"}


@router.post("/cases", response=responses(CaseDetailOut, 201),
             summary="提出救助申请（村(社区)代为申请或乡镇(街道)登记）")
def create_case(request, payload: CreateBody):
    """program, household_id, applicant_id (a member), beneficiary_id (person programs), channel (family | clerk |
    online; clerk needs proxy_document), subtype, special_case (人户分离等: 45 working days), facts (assets,
    support_payer_able, rigid_expenses, members{person_id: {…}}), bank_account, bank_name."""
    case = cases.create_case(request.user, payload)
    return Status(201, case_detail(request.user, case))


@router.get("/cases", response=responses(list[CaseOut]), summary="案件列表（本辖区）")
@paginate(Page)
def list_cases(request, filters: Query[CaseQuery]):
    return selectors.search_cases(request.user, program=filters.program, states=filters.states,
                                  region_code=filters.region_code, household_id=filters.household_id,
                                  overdue=filters.overdue)


@router.get("/cases/inbox", response=responses(list[CaseOut]),
            summary="待办：等待本角色办理的案件（按期限由近到远，标注逾期）")
@paginate(Page)
def inbox(request):
    return selectors.inbox(request.user)


@router.get("/cases/done", response=responses(list[CaseDoneOut]), summary="已办：本人办理过的案件")
@paginate(Page)
def done(request):
    return selectors.done(request.user)


@router.get("/cases/{case_id}", response=responses(CaseDetailOut),
            summary="案件详情：状态、期限、办理记录、可办理的动作")
def get_case(request, case_id: Id):
    return case_detail(request.user, selectors.get_case(request.user, case_id))


@router.post("/cases/{case_id}/actions",
             auth=requires("people.change", found=("case_id", selectors.get_case)),
             response=responses(CaseDetailOut), summary="办理：{\"action\": …, …}")
def act(request, case_id: Id, payload: ActionBody):
    """The body names the action and carries its data (one schema per action); the table of states × actions ×
    roles is in docs/assistance.md. Answers the case as GET /cases/{id} does."""
    action, data = action_and_data(payload)
    case = cases.act(request.user, case_id, action, data)
    return case_detail(request.user, selectors.get_case(request.user, case.pk))
