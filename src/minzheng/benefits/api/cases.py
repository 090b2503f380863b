"""Case workflow endpoints (/api/v1): cases and their actions, the inbox, entitlements and their changes, reviews,
delegation and the conflict-of-interest register. Bodies are read as raw JSON (inputs.loads) so that money sent as a
JSON float is rejected rather than coerced. Errors: 404 outside the caller's region, 403 when the role may not act,
409 when the action is not allowed now (reason in Chinese), 422 with the field list."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Status

from minzheng.benefits import selectors as case_selectors
from minzheng.benefits import cases
from minzheng.benefits import entitlements
from minzheng.benefits import policy_input as inputs
from minzheng.benefits import registers
from minzheng.benefits import catalogue
from minzheng.benefits.models import ENTITLEMENT_STATUS
from minzheng.core import clock
from minzheng.core.errors import ValidationFailed

router = Router(tags=["cases"])


_body = inputs.json_body


def _json(schema_example: dict) -> dict:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"},
                                                                                "example": schema_example}}}}


CREATE_EXAMPLE = {"program": "dibao", "household_id": 1, "applicant_id": 1, "channel": "clerk",
                  "proxy_document": "委托书 2026-11-20", "special_case": False,
                  "facts": {"assets": {"financial": "3000", "vehicles": [], "housing_units": 1}},
                  "bank_account": "6222020200001234567", "bank_name": "中国工商银行定海支行"}


@router.post("/cases", response={201: dict}, summary="提出救助申请（村(社区)代为申请或乡镇(街道)登记）",
             openapi_extra=_json(CREATE_EXAMPLE))
def create_case(request):
    """program, household_id, applicant_id (a member), beneficiary_id (person programs), channel (family | clerk |
    online; clerk needs proxy_document), subtype, special_case (人户分离等: 45 working days), facts (assets,
    support_payer_able, rigid_expenses, members{person_id: {…}}), bank_account, bank_name."""
    case = cases.create_case(request.user, _body(request))
    return Status(201, case_selectors.detail(request.user, case))


@router.get("/cases", response=list[dict], summary="案件列表（本辖区）")
def list_cases(request, program: str = "", state: str = "", region_code: str = "", household_id: int = 0,
               overdue: bool | None = None, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
    qs = case_selectors.search(request.user, program, state, region_code, household_id or None, overdue)
    today = clock.today()
    return [case_selectors.row_out(c, today) for c in qs[offset: offset + limit]]


@router.get("/cases/inbox", response=list[dict], summary="待办：等待本角色办理的案件（按期限由近到远，标注逾期）")
def inbox(request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
    today = clock.today()
    return [case_selectors.row_out(c, today) for c in case_selectors.inbox(request.user)[offset: offset + limit]]


@router.get("/cases/done", response=list[dict], summary="已办：本人办理过的案件")
def done(request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
    today = clock.today()
    return [case_selectors.row_out(c, today) | {"last_acted": c.last_acted}
            for c in case_selectors.done(request.user)[offset: offset + limit]]


@router.get("/cases/{case_id}", response=dict, summary="案件详情：状态、期限、办理记录、可办理的动作")
def get_case(request, case_id: int):
    return case_selectors.detail(request.user, case_selectors.get_case(request.user, case_id))


@router.post("/cases/{case_id}/actions", response=dict, summary="办理：{\"action\": …, …}",
             openapi_extra=_json({"action": "record_home_visit", "investigators": ["张三", "李四"],
                                  "member_signature": "王五", "findings": "家中无大额财产"}))
def act(request, case_id: int):
    """The body names the action and carries its data; the table of states × actions × roles is in
    docs/assistance.md. Answers the case as GET /cases/{id} does."""
    body = _body(request)
    action = str(body.pop("action", "") or "")
    if not action:
        raise ValidationFailed.one("action", "须指明办理动作 action")
    case = cases.act(request.user, case_id, action, body)
    return case_selectors.detail(request.user, case_selectors.get_case(request.user, case.pk))


@router.get("/entitlements", response=list[dict], summary="救助待遇列表")
def list_entitlements(request, program: str = "", status: str = "", region_code: str = "",
                      limit: int = Query(200, ge=1, le=5000), offset: int = Query(0, ge=0)):
    if program and program not in catalogue.PROGRAMS:
        raise ValidationFailed.one("program", f"救助项目无效，应为：{'、'.join(catalogue.PROGRAMS)}")
    if status and status not in ENTITLEMENT_STATUS:
        raise ValidationFailed.one("status", f"状态无效，应为：{'、'.join(ENTITLEMENT_STATUS)}")
    qs = entitlements.entitlements_for(request.user, program, status, region_code)
    return [entitlements.entitlement_out(e) for e in qs[offset: offset + limit]]


@router.get("/entitlements/{entitlement_id}", response=dict, summary="救助待遇详情（变更、核查）")
def get_entitlement(request, entitlement_id: int):
    ent = entitlements.get_entitlement(request.user, entitlement_id)
    return entitlements.entitlement_out(ent) | {
        "changes": [{"kind": c.kind, "old_amount": f"{c.old_amount:.2f}", "new_amount": f"{c.new_amount:.2f}",
                     "effective_month": f"{c.effective_month:%Y-%m}",
                     "end_month": f"{c.end_month:%Y-%m}" if c.end_month else None, "reason": c.reason,
                     "notice_on": c.notice_on, "decided_on": c.decided_on} for c in ent.changes.all()],
        "reviews": [{"due_on": r.due_on, "reason": r.reason, "done_on": r.done_on, "outcome": r.outcome,
                     "note": r.note} for r in ent.reviews.order_by("due_on", "id")]}


@router.post("/entitlements/{entitlement_id}/actions", response=dict,
             summary="待遇变更：increase/decrease/stop/gradual_exit/suspend/resume/death/review",
             openapi_extra=_json({"action": "decrease", "new_amount": "500.00", "effective_month": "2027-01",
                                  "reason": "家庭成员就业，收入增加", "notice_on": "2026-11-23"}))
def entitlement_action(request, entitlement_id: int):
    body = _body(request)
    action = str(body.pop("action", "") or "")
    ent = entitlements.act(request.user, entitlement_id, action, body)
    return get_entitlement(request, ent.pk)


@router.get("/reviews", response=list[dict], summary="待核查（定期核查、成员死亡后复核）")
def list_reviews(request, due_before: str = "", limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)):
    try:
        before = dt.date.fromisoformat(due_before) if due_before else None
    except ValueError:
        raise ValidationFailed.one("due_before", "日期格式不正确，应为 YYYY-MM-DD") from None
    today = clock.today()
    return [{"id": r.pk, "entitlement_id": r.entitlement_id, "program": r.entitlement.program,
             "household_id": r.entitlement.household_id, "region_code": r.region_code, "due_on": r.due_on,
             "reason": r.reason, "overdue": today > r.due_on}
            for r in entitlements.reviews_due(request.user, before)[offset: offset + limit]]


@router.get("/delegations", response=list[dict], summary="审核确认委托设置")
def list_delegations(request):
    return [{"id": d.pk, "program": d.program, "region_code": d.region_code, "delegated": d.delegated,
             "effective_from": d.effective_from, "document": d.document}
            for d in registers.delegations_for(request.user)]


@router.post("/delegations", response={201: dict}, summary="委托（或收回）乡镇(街道)审核确认（县级）",
             openapi_extra=_json({"program": "dibao", "region_code": "330902", "delegated": True,
                                  "effective_from": "2026-12-01", "document": "定民〔2026〕12号"}))
def add_delegation(request):
    row = registers.set_delegation(request.user, _body(request))
    return Status(201, {"id": row.pk, "program": row.program, "region_code": row.region_code,
                        "delegated": row.delegated, "effective_from": row.effective_from, "document": row.document})


@router.get("/conflict-register", response=list[dict], summary="近亲属备案")
def list_conflicts(request, limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)):
    return [{"id": r.pk, "relative_id": r.relative_id, "relative_name": r.relative.name, "staff_kind": r.staff_kind,
             "staff_name": r.staff_name, "relation": r.relation, "registered_on": r.registered_on, "active": r.active}
            for r in registers.conflicts_for(request.user)[offset: offset + limit]]


@router.post("/conflict-register", response={201: dict}, summary="登记近亲属备案（乡镇、县级）",
             openapi_extra=_json({"relative_id": 1, "staff_kind": "committee", "staff_name": "赵六",
                                  "relation": "兄弟姐妹"}))
def add_conflict(request):
    row = registers.register_relative(request.user, _body(request))
    return Status(201, {"id": row.pk, "relative_id": row.relative_id, "staff_kind": row.staff_kind,
                        "staff_name": row.staff_name, "relation": row.relation, "registered_on": row.registered_on})
