"""Verification endpoints (/api/v1): findings of the monthly comparison and their outcomes, verification reports.
Scoped like every read (404 outside the caller's region); 403 for roles that may not see or act; 409 for a finding
already handled; 422 with Chinese field messages."""

from __future__ import annotations

from ninja import Query, Router, Status

from minzheng.benefits import policy_input as inputs
from minzheng.verification import findings, report

router = Router(tags=["verification"])


_body = inputs.json_body


@router.get("/findings", response=list[dict], summary="比对疑点（本辖区；month=YYYY-MM，可按 rule、status 筛选）")
def list_findings(request, month: str = "", rule: str = "", status: str = "", region_code: str = "",
                  limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)):
    qs = findings.findings_for(request.user, month, rule, status, region_code)
    return [findings.finding_out(f) for f in qs[offset: offset + limit]]


@router.get("/findings/{finding_id}", response=dict, summary="一条比对疑点")
def get_finding(request, finding_id: int):
    return findings.finding_out(findings.get_finding(request.user, finding_id))


@router.post("/findings/{finding_id}/confirm", response=dict, summary="核实属实：暂停发放、停发或减发")
def confirm_finding(request, finding_id: int):
    """outcome: suspend | stop | decrease, with what the entitlement action needs: effective_month, reason,
    notice_on (stop, decrease), new_amount (decrease)."""
    body = _body(request)
    outcome = str(body.pop("outcome", "") or "")
    return findings.finding_out(findings.confirm(request.user, finding_id, outcome, body))


@router.post("/findings/{finding_id}/dismiss", response=dict, summary="排除疑点（须填写理由）")
def dismiss_finding(request, finding_id: int):
    return findings.finding_out(findings.dismiss(request.user, finding_id, _body(request).get("reason", "")))


@router.post("/cases/{case_id}/verification-report", response={201: dict}, summary="生成家庭经济状况核对报告")
def request_report(request, case_id: int):
    return Status(201, report.report_out(report.request_report(request.user, case_id)))


@router.get("/verification-reports/{report_id}", response=dict, summary="核对报告")
def get_report(request, report_id: int):
    return report.report_out(report.get_report(request.user, report_id))
