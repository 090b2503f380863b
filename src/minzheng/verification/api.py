"""Verification endpoints (/api/v1): findings of the monthly comparison and their outcomes, verification reports and
the loaded department files. Scoped like every read (404 outside the caller's region); lists are paged ({"items",
"count"}) and filtered with the pages' filter sets; 403 for roles that may not see or act; 409 for a finding already
handled; 422 with Chinese field messages."""

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from minzheng.core.api_auth import requires
from minzheng.core.api_schemas import Page, responses
from minzheng.core.validation import Field, Id
from minzheng.verification import filters, report, selectors, services
from minzheng.verification.schemas import (
    DismissIn,
    FeedSnapshotOut,
    FindingConfirmIn,
    FindingOut,
    VerificationReportOut,
)

router = Router(tags=["verification"])


class FindingQuery(Schema):
    """Documents the filters (validated by filters.FindingFilters, the list page's, so the messages match)."""

    month: str = Field("", description="比对月份 YYYY-MM")
    rule: str = Field("", description="比对规则代码（如 death、vehicle）")
    status: str = Field("", description="状态：open、confirmed、dismissed（不填 = 全部）")
    region_code: str = Field("", description="区划代码（含下级）")


class SnapshotQuery(Schema):
    kind: str = Field("", description="数据类别（如 death、vehicle）")
    as_of_from: str = Field("", description="数据日期起 YYYY-MM-DD")
    as_of_to: str = Field("", description="数据日期止 YYYY-MM-DD")


@router.get("/findings", response=responses(list[FindingOut]), summary="比对疑点（本辖区）")
@paginate(Page)
def list_findings(request, query: Query[FindingQuery]):
    return filters.apply(filters.FindingFilters, request.GET, selectors.findings_for(request.user), request.user)


@router.get("/findings/{finding_id}", response=responses(FindingOut), summary="一条比对疑点")
def get_finding(request, finding_id: Id):
    return selectors.get_finding(request.user, finding_id)


@router.post("/findings/{finding_id}/confirm",
             auth=requires("findings.handle", found=("finding_id", selectors.get_finding)),
             response=responses(FindingOut),
             summary="核实属实：暂停发放、停发或减发（停发、减发须由县级决定，或已委托乡镇）")
def confirm_finding(request, finding_id: Id, body: FindingConfirmIn):
    data = body.model_dump(exclude={"outcome"}, exclude_none=True)
    return services.confirm(request.user, finding_id, body.outcome, data)


@router.post("/findings/{finding_id}/dismiss",
             auth=requires("findings.handle", found=("finding_id", selectors.get_finding)),
             response=responses(FindingOut), summary="排除疑点（须填写理由）")
def dismiss_finding(request, finding_id: Id, body: DismissIn):
    return services.dismiss(request.user, finding_id, body.reason)


@router.post("/cases/{case_id}/verification-report", response=responses(VerificationReportOut, 201),
             summary="生成家庭经济状况核对报告")
def request_report(request, case_id: Id):
    return Status(201, report.request_report(request.user, case_id))


@router.get("/verification-reports/{report_id}", response=responses(VerificationReportOut), summary="核对报告")
def get_report(request, report_id: Id):
    return selectors.get_report(request.user, report_id)


@router.get("/feed-snapshots", response=responses(list[FeedSnapshotOut]), summary="已导入的部门数据（县级、市级）")
@paginate(Page)
def list_snapshots(request, query: Query[SnapshotQuery]):
    return filters.apply(filters.SnapshotFilters, request.GET, selectors.snapshots_for(request.user), request.user)
