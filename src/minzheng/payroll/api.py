"""Payroll endpoints (/api/v1): payrolls and their lines (scoped like every read), generation, approval steps, the
failed-payment work list, recoveries and funds statistics. Lists are paged ({"items", "count"}) and filtered with the
pages' filter sets; errors: 404 outside the caller's region, 403 when the role may not act, 409 when the step is not
allowed now, 422 with the field list in Chinese."""


from ninja import Query, Router, Schema
from ninja.pagination import paginate

from minzheng.core.api_auth import requires
from minzheng.core.api_schemas import Page, responses
from minzheng.core.validation import Field, Id
from minzheng.payroll import filters, selectors, stats
from minzheng.payroll.schemas import (
    ActionIn,
    FailedPaymentOut,
    FixAccountIn,
    FixAccountOut,
    FundsQuery,
    FundsStatsOut,
    GenerateIn,
    GenerationOut,
    PayrollDetailOut,
    PayrollLineOut,
    PayrollOut,
    PendingPayrollOut,
    RecoveryOut,
    RepayIn,
)
from minzheng.payroll.services import approval, bank_returns, generate, recoveries

router = Router(tags=["payroll"])


class PayrollQuery(Schema):
    """Documents the filters (validated by filters.PayrollFilters, the list page's, so the messages match)."""

    month: str = Field("", description="发放月份 YYYY-MM")
    program: str = Field("", description="救助项目（按月发放的项目代码）")
    status: str = Field("", description="名册状态：draft、checked、approved、exported、reconciled")
    region_code: str = Field("", description="区划代码（含下级）")


class LineQuery(Schema):
    kind: str = Field("", description="类别：regular、arrears、difference、deduction")
    status: str = Field("", description="发放状态：pending、paid、failed、reissue")


class FailedQuery(Schema):
    month: str = Field("", description="发放月份 YYYY-MM")
    program: str = Field("", description="救助项目")
    region_code: str = Field("", description="区划代码（含下级）")


class RecoveryQuery(Schema):
    status: str = Field("", description="状态：open、settled、written_off")
    program: str = Field("", description="救助项目")
    region_code: str = Field("", description="区划代码（含下级）")


@router.get("/payrolls", response=responses(list[PayrollOut]), summary="发放名册列表（本辖区）")
@paginate(Page)
def list_payrolls(request, query: Query[PayrollQuery]):
    selectors.require_view(request.user)  # a role that may not read payrolls: 403, never an empty 200 list
    return filters.apply(filters.PayrollFilters, request.GET, selectors.payrolls_for(request.user), request.user)


@router.get("/payrolls/pending", response=responses(list[PendingPayrollOut]),
            summary="待我办理的名册（初审、审批、银行文件、对账）")
@paginate(Page)
def pending(request):
    selectors.require_view(request.user)
    return selectors.pending_payrolls(request.user)


@router.post("/payrolls/generate", auth=requires("payroll.generate"),
             response=responses(GenerationOut), summary="生成某月发放名册（本辖区）")
def generate_payrolls(request, body: GenerateIn):
    return generate.generate(request.user, body.month, body.program, body.region_code or "")


@router.get("/payrolls/{payroll_id}", response=responses(PayrollDetailOut),
            summary="名册详情：合计、分类合计、发放状态、可办理的操作")
def get_payroll(request, payroll_id: Id):
    return selectors.get_payroll(request.user, payroll_id)


@router.get("/payrolls/{payroll_id}/lines", response=responses(list[PayrollLineOut]), summary="名册明细")
@paginate(Page)
def payroll_lines(request, payroll_id: Id, query: Query[LineQuery]):
    p = selectors.get_payroll(request.user, payroll_id)
    return filters.apply(filters.LineFilters, request.GET, selectors.lines_of(request.user, p), request.user)


@router.post("/payrolls/{payroll_id}/actions",
             auth=requires(("payroll.check", "payroll.approve"), found=("payroll_id", selectors.get_payroll)),
             response=responses(PayrollOut),
             summary="审批操作：check（乡镇初审）、approve（县级审批锁定）、return（退回）")
def act(request, payroll_id: Id, body: ActionIn):
    return approval.act(request.user, payroll_id, body.action, body.note)


@router.get("/payroll-lines/failed", response=responses(list[FailedPaymentOut]), summary="发放失败待处理清单")
@paginate(Page)
def failed(request, query: Query[FailedQuery]):
    return filters.apply(filters.FailedFilters, request.GET, selectors.failed_payments(request.user), request.user)


@router.post("/payrolls/{payroll_id}/fix-account",
             auth=requires("payroll.generate", found=("payroll_id", selectors.get_payroll)),
             response=responses(FixAccountOut), summary="更正账号并待重发")
def fix_account(request, payroll_id: Id, body: FixAccountIn):
    return bank_returns.fix_account(request.user, payroll_id, body.entitlement_id, body.account, body.bank_name)


@router.get("/recoveries", response=responses(list[RecoveryOut]), summary="多发追回台账")
@paginate(Page)
def list_recoveries(request, query: Query[RecoveryQuery]):
    selectors.require_view(request.user)
    return filters.apply(filters.RecoveryFilters, request.GET, selectors.recoveries_for(request.user), request.user)


@router.post("/recoveries/{recovery_id}/repay",
             auth=requires("payroll.generate", found=("recovery_id", selectors.get_recovery)),
             response=responses(RecoveryOut), summary="登记退回")
def repay(request, recovery_id: Id, body: RepayIn):
    return recoveries.repay(request.user, recovery_id, body.amount)


@router.get("/funds/stats", response=responses(FundsStatsOut), by_alias=True,
            summary="资金发放统计（已锁定名册）：按项目、区划、月份、发放状态；年初至今")
def funds(request, query: Query[FundsQuery]):
    return stats.funds(request.user, year=query.year, month=query.month, program=query.program,
                       region_code=query.region_code or "", level=query.level)
