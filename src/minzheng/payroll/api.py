"""Payroll endpoints (/api/v1): payrolls and their lines (scoped like every read), generation, approval steps, the
failed-payment work list, recoveries and funds statistics. Errors: 404 outside the caller's region, 403 when the
role may not act, 409 when the step is not allowed now, 422 with the field list."""

from __future__ import annotations

from ninja import Query, Router

from minzheng.benefits import policy_input as inputs
from minzheng.core.errors import ValidationFailed
from minzheng.payroll import generate, reconcile, recoveries, selectors, stats, workflow

router = Router(tags=["payroll"])


_body = inputs.json_body


@router.get("/payrolls", response=list[dict], summary="发放名册列表（本辖区）")
def list_payrolls(request, month: str = "", program: str = "", status: str = "", region_code: str = "",
                  limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)):
    qs = selectors.search(request.user, month, program, status, region_code)
    return [selectors.payroll_out(p) for p in qs[offset: offset + limit]]


@router.get("/payrolls/pending", response=list[dict], summary="待我办理的名册（初审、审批、银行文件、对账）")
def pending(request):
    return [selectors.payroll_out(p) | {"task": workflow.PENDING_TASK.get(p.status, "")}
            for p in workflow.pending_payrolls(request.user)[:500]]


@router.post("/payrolls/generate", response=dict, summary="生成某月发放名册：{\"month\": \"YYYY-MM\", \"program\", \"region_code\"}")
def generate_payrolls(request):
    data = _body(request)
    unknown = set(data) - {"month", "program", "region_code"}
    if unknown:
        raise ValidationFailed.one(min(unknown), "不支持的字段")
    return generate.generate(request.user, data.get("month"), str(data.get("program") or ""),
                             str(data.get("region_code") or ""))


@router.get("/payrolls/{payroll_id}", response=dict, summary="名册详情：合计、分类合计、发放状态、可办理的操作")
def get_payroll(request, payroll_id: int):
    p = workflow.get_payroll(request.user, payroll_id)
    return selectors.payroll_out(p) | {"kinds": selectors.kind_totals(p), "statuses": selectors.status_totals(p),
                                       "allowed_actions": workflow.allowed_actions(request.user, p)}


@router.get("/payrolls/{payroll_id}/lines", response=list[dict], summary="名册明细")
def payroll_lines(request, payroll_id: int, kind: str = "", status: str = "",
                  limit: int = Query(500, ge=1, le=5000), offset: int = Query(0, ge=0)):
    p = workflow.get_payroll(request.user, payroll_id)
    return [selectors.line_out(line) for line in selectors.lines(request.user, p, kind, status)[offset: offset + limit]]


@router.post("/payrolls/{payroll_id}/actions", response=dict, summary="{\"action\": \"check\" | \"approve\" | \"return\"}")
def act(request, payroll_id: int):
    data = _body(request)
    p = workflow.act(request.user, payroll_id, str(data.get("action") or ""), str(data.get("note") or ""))
    return selectors.payroll_out(p)


@router.get("/payroll-lines/failed", response=list[dict], summary="发放失败待处理清单")
def failed(request, limit: int = Query(200, ge=1, le=2000), offset: int = Query(0, ge=0)):
    return reconcile.failed_out(reconcile.failed_lines(request.user)[offset: offset + limit])


@router.post("/payrolls/{payroll_id}/fix-account", response=dict,
             summary="更正账号并待重发：{\"entitlement_id\", \"account\", \"bank_name\"}")
def fix_account(request, payroll_id: int):
    data = _body(request)
    return reconcile.fix_account(request.user, payroll_id, data.get("entitlement_id"), str(data.get("account") or ""),
                                 str(data.get("bank_name") or ""))


@router.get("/recoveries", response=list[dict], summary="多发追回台账")
def list_recoveries(request, status: str = "", limit: int = Query(200, ge=1, le=2000), offset: int = Query(0, ge=0)):
    qs = workflow.recoveries_for(request.user)
    if status:
        qs = qs.filter(status=status)
    return [recoveries.recovery_out(r) for r in qs.order_by("id")[offset: offset + limit]]


@router.post("/recoveries/{recovery_id}/repay", response=dict, summary="登记退回：{\"amount\": \"123.45\"}")
def repay(request, recovery_id: int):
    data = _body(request)
    return recoveries.recovery_out(recoveries.repay(request.user, recovery_id, data.get("amount")))


@router.get("/funds/stats", response=dict, summary="资金发放统计（已锁定名册）：按项目、区划、月份、发放状态；年初至今")
def funds(request, year: int | None = None, month: str = "", program: str = "", region_code: str = "",
          level: str = "township"):
    return stats.funds(request.user, year=year, month=month or None, program=program, region_code=region_code,
                       level=level)
