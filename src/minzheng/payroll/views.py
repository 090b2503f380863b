"""Payroll pages on the generic blocks (core.pages): the payroll list, a payroll's page (its figures, approval
steps, bank file and return, and its lines with filters and export), generation (a background job), the approval
steps as service forms (审批 locks the roll: a confirmation step with a comment), the failed-payment work list with
account correction, the recoveries with repayment, and funds statistics with charts and an Excel/CSV download.

Pages read through selectors and write through services; no ORM here."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from minzheng.benefits import programs
from minzheng.core import audit, clock, filestore, regions, roles
from minzheng.core.errors import NotFound, ValidationFailed
from minzheng.core.forms import StyledForm
from minzheng.core.pages import export as page_export
from minzheng.core.pages.base import Page, PageAction, error_page, parse_pk, visible_actions
from minzheng.core.pages.filters import MonthField
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.core.pages.region_picker import RegionField
from minzheng.core.spreadsheets import UnreadableFile
from minzheng.payroll import codes, layouts, selectors, stats
from minzheng.payroll.filters import FailedFilters, LineFilters, PayrollFilters, RecoveryFilters, payable_choices
from minzheng.payroll.services import approval, bank_files, bank_returns, generate, recoveries
from minzheng.payroll.tables import (
    FailedFixTable,
    FailedTable,
    KindTotalsTable,
    LineTable,
    PayrollTable,
    RecoveryRepayTable,
    RecoveryTable,
    ReturnsTable,
    StatusTotalsTable,
    payroll_sections,
)

SECONDARY = "outline-secondary"


def _yuan(fen: int) -> str:
    return f"{Decimal(int(fen or 0)) / 100:,.2f}"


def _payroll_name(p) -> str:
    """`2026-04 最低生活保障 城东街道 #12`: what a person reads for a payroll (the township by name)."""
    township = regions.names_for([p.region_code]).get(p.region_code, p.region_code)
    return f"{p.month:%Y-%m} {programs.name(p.program)} {township} #{p.pk}"


def _pk(value) -> int:
    """An id from the URL (<int:…> takes any digits; past 64 bits the database would overflow): 404 when not one."""
    pk = parse_pk(value)
    if pk is None:
        raise NotFound()
    return pk


# ---- the payroll list ------------------------------------------------------------------------------------------------


class PayrollList(ListPage):
    title = "资金发放名册"
    permission = "payroll.view"
    template_name = "payroll/payroll_list.html"
    selector = staticmethod(selectors.payrolls_for)
    filterset_class = PayrollFilters
    table_class = PayrollTable
    ordering = ("-month", "program", "region_code")
    export_permission = "payroll.view"  # figures per roll, no personal data
    export_object = "payroll"
    actions = [PageAction("payroll_generate", "生成名册", "payroll.generate"),
               PageAction("payroll_failed", "发放失败待处理", "payroll.view", style=SECONDARY),
               PageAction("payroll_recoveries", "多发追回", "payroll.view", style=SECONDARY),
               PageAction("funds_stats", "发放统计", "payroll.view", style=SECONDARY)]

    def render(self, context, status=200, template=None):
        pending = list(selectors.pending_payrolls(self.request.user)[:20])
        names = regions.names_for({p.region_code for p in pending})
        context["pending"] = [{"url": reverse("payroll_detail", args=[p.pk]), "task": codes.PENDING_TASK[p.status],
                               "label": f"{p.month:%Y-%m} {programs.name(p.program)} "
                                        f"{names.get(p.region_code, p.region_code)}"} for p in pending]
        return super().render(context, status, template)


# ---- a payroll's page: figures, steps, bank file, and its lines ------------------------------------------------------

STEP_PAGES = {"check": ("payroll_check", "primary"), "approve": ("payroll_approve", "danger"),
              "return": ("payroll_return", "outline-danger")}


class PayrollDetail(ListPage):
    """The payroll with its lines as the page's table (filters by kind and bank status, Excel/CSV export)."""

    permission = "payroll.view"
    template_name = "payroll/payroll_detail.html"
    filterset_class = LineFilters
    table_class = LineTable
    ordering = ("entitlement_id", "kind", "for_month")
    per_page = 50
    export_permission = "people.export"  # names and masked accounts
    export_object = "payroll_line"
    empty_text = "没有符合条件的明细"

    def queryset(self):
        self.payroll = selectors.get_payroll(self.request.user, _pk(self.kwargs["pk"]))
        self.title = f"发放明细-{self.payroll.pk}"
        return selectors.lines_of(self.request.user, self.payroll)

    def render(self, context, status=200, template=None):
        p, user = self.payroll, self.request.user
        steps = [PageAction(STEP_PAGES[a][0], codes.ACTIONS[a], None, url_args=("pk",), style=STEP_PAGES[a][1])
                 for a in approval.allowed_actions(user, p)]
        context.update(
            payroll=p, heading=f"发放名册：{_payroll_name(p)}",
            sections=[{"title": s.title, "pairs": s.pairs(p)} for s in payroll_sections()],
            steps=visible_actions(steps, user, p),
            kinds=KindTotalsTable(selectors.kind_totals(p), empty_text="没有明细"),
            statuses=StatusTotalsTable(selectors.status_totals(p), empty_text="没有明细"),
            returns=ReturnsTable(selectors.bank_returns_of(p)),
            can_export=roles.has_perm(user, "payroll.export") and p.locked,
            can_reconcile=roles.has_perm(user, "payroll.reconcile") and p.status in ("exported", "reconciled"),
            layouts=[(k, v["name"]) for k, v in layouts.all_layouts().items()])
        return super().render(context, status, template)


# ---- the approval steps ----------------------------------------------------------------------------------------------


class StepForm(StyledForm):
    """The roll being handled (shown, not editable) and a note for the audit entry."""

    payroll = forms.CharField(label="名册", disabled=True, required=False)
    lines = forms.CharField(label="笔数", disabled=True, required=False)
    total = forms.CharField(label="合计（元）", disabled=True, required=False)
    note = forms.CharField(label="说明", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(StepForm):
    note = None  # the confirmation comment is the note


class ReturnForm(StepForm):
    note = forms.CharField(label="退回原因", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "请填写退回原因"})


class _StepPage(ServiceFormPage):
    object_selector = staticmethod(selectors.get_payroll)
    success_url = staticmethod(lambda p: reverse("payroll_detail", args=[p.pk]))

    def initial(self) -> dict:
        p = self.object
        return {"payroll": _payroll_name(p), "lines": f"{p.line_count:,}", "total": f"{p.total:,.2f}"}


class CheckPage(_StepPage):
    title = "乡镇初审"
    permission = "payroll.check"
    form_class = ApproveForm
    service = staticmethod(approval.check)
    submit_label = "初审通过"
    confirm = True
    confirm_text = ("初审通过后名册报县级审批，乡镇不能再重新生成；如需更改须由县级退回。"
                    "请核对名册人数和金额，填写确认办理说明后确认。")
    success_message = "已初审，待县级审批"


class ApprovePage(_StepPage):
    title = "县级审批（锁定）"
    permission = "payroll.approve"
    form_class = ApproveForm
    service = staticmethod(approval.approve)
    confirm = True
    confirm_text = ("审批后名册锁定，不能再更改或退回：以后发现的差错只能在以后月份补发、补差或追回。"
                    "请核对名册，填写确认办理说明后确认。")
    success_message = "已审批，名册已锁定"


class ReturnPage(_StepPage):
    title = "退回乡镇重新生成"
    permission = "payroll.approve"
    form_class = ReturnForm
    service = staticmethod(approval.return_to_township)
    submit_label = "退回"
    success_message = "已退回乡镇"


# ---- generation (a background job) -----------------------------------------------------------------------------------


class GenerateForm(StyledForm):
    month = MonthField(label="发放月份", error_messages={"required": "请填写发放月份"})
    program = forms.ChoiceField(label="救助项目", required=False)
    region_code = RegionField(label="区划（不选 = 本人辖区）", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [("", "全部按月发放的项目"), *payable_choices()]
        self.fields["region_code"].bind_user(user)


class GeneratePage(ServiceFormPage):
    title = "生成发放名册"
    permission = "payroll.generate"
    form_class = GenerateForm
    service = staticmethod(generate.submit)
    submit_label = "生成名册"
    success_message = "名册生成已开始"
    success_url = staticmethod(lambda job: reverse("job_detail", args=[job.pk]))

    def initial(self) -> dict:
        return {"month": f"{clock.today():%Y-%m}"}

    def make_form(self, data=None):
        return GenerateForm(data, initial=self.initial(), user=self.request.user)


# ---- bank file and bank return ---------------------------------------------------------------------------------------


@login_required
@require_POST
def payroll_export(request, payroll_id: int):
    payroll_id = _pk(payroll_id)
    fmt = request.POST.get("format", "csv")
    if fmt not in bank_files.FORMATS:
        return error_page(request, 400, "文件格式不正确：应为 csv、xlsx 或 txt")
    reissue = request.POST.get("reissue") == "1"
    try:  # written encrypted into the file store (for this user only), streamed decrypted, never cached
        out = bank_files.export(request.user, payroll_id, fmt, None, layout=request.POST.get("layout") or None,
                                reissue=reissue)
    except ValidationFailed as exc:
        messages.error(request, exc.errors[0].message)
        return redirect("payroll_detail", pk=payroll_id)
    return filestore.download_response(request.user, out["file_id"], out["file_name"])


@login_required
@require_POST
def payroll_reconcile(request, payroll_id: int):
    payroll_id = _pk(payroll_id)
    # Who may reconcile, and this payroll in their scope, before the upload is read or stored (403/404).
    bank_returns.check_may_reconcile(request.user, payroll_id)
    upload = request.FILES.get("file")
    if upload is None or Path(upload.name).suffix.lower() not in (".csv", ".xlsx", ".txt"):
        messages.error(request, "请上传 .csv、.txt 或 .xlsx 格式的回盘文件")
        return redirect("payroll_detail", pk=payroll_id)
    try:
        out = bank_returns.reconcile_upload(request.user, payroll_id, upload.chunks(), upload.name,
                                            layout=request.POST.get("layout") or None)
    except UnreadableFile as exc:
        messages.error(request, f"无法读取回盘文件：{exc}")
        return redirect("payroll_detail", pk=payroll_id)
    except ValidationFailed as exc:
        messages.error(request, f"无法读取回盘文件：{exc.errors[0].message}")
        return redirect("payroll_detail", pk=payroll_id)
    messages.success(request, f"回盘 {out['rows']} 笔：成功 {out['paid']}，失败 {out['failed']}，名册中无此笔 "
                              f"{out['unknown']}，重复 {out['duplicate']}，已对过账 {out['already']}，金额不符 "
                              f"{out['amount_mismatch']}")
    return redirect("payroll_detail", pk=payroll_id)


# ---- the failed-payment work list ------------------------------------------------------------------------------------


class FailedList(ListPage):
    title = "发放失败待处理"
    permission = "payroll.view"
    description = ("银行回盘为失败的笔数，以及因缺少银行账号未写入银行文件的笔数：与家庭核实后更正账号，"
                   "下次生成银行文件时选“仅重发”。")
    selector = staticmethod(selectors.failed_payments)
    filterset_class = FailedFilters
    ordering = ("month", "payroll_id", "entitlement_id")
    export_permission = "people.export"
    export_object = "payroll_failed"
    empty_text = "没有发放失败的记录"

    @property
    def table_class(self):
        return FailedFixTable if roles.has_perm(self.request.user, "payroll.generate") else FailedTable


class FixAccountForm(StyledForm):
    payee = forms.CharField(label="领取人", disabled=True, required=False)
    amount = forms.CharField(label="金额（元）", disabled=True, required=False)
    bank_reason = forms.CharField(label="银行反馈", disabled=True, required=False)
    account = forms.CharField(label="新的银行账号", max_length=40, error_messages={"required": "请填写新的银行账号"})
    bank_name = forms.CharField(label="开户行（不填 = 不变）", max_length=100, required=False)


class FixAccountPage(ServiceFormPage):
    title = "更正账号并待重发"
    permission = "payroll.generate"
    form_class = FixAccountForm
    submit_label = "更正并待重发"
    success_message = "已更正账号，待重发"
    success_url = "payroll_failed"

    def load_object(self):
        ids = [_pk(self.kwargs[k]) for k in ("payroll_id", "entitlement_id")]
        self.object = selectors.get_failed_payment(self.request.user, *ids)

    def initial(self) -> dict:
        line = self.object
        return {"payee": line.payee.name, "amount": _yuan(line.net_fen), "bank_reason": line.bank_reason}

    def call_service(self, data: dict, comment):
        line = self.object
        return bank_returns.fix_account(self.request.user, line.payroll_id, line.entitlement_id, data["account"],
                                        data["bank_name"])


# ---- recoveries ------------------------------------------------------------------------------------------------------


class RecoveryList(ListPage):
    title = "多发追回"
    permission = "payroll.view"
    description = "多发的金额从以后的发放中扣回（每月不超过规定比例），无可扣时登记退回。"
    selector = staticmethod(selectors.recoveries_for)
    filterset_class = RecoveryFilters
    ordering = ("status", "-found_on", "id")
    export_permission = "people.export"
    export_object = "recovery"
    empty_text = "没有多发追回记录"

    @property
    def table_class(self):
        return RecoveryRepayTable if roles.has_perm(self.request.user, "payroll.generate") else RecoveryTable


class RepayForm(StyledForm):
    payee = forms.CharField(label="领取人", disabled=True, required=False)
    outstanding = forms.CharField(label="未追回（元）", disabled=True, required=False)
    amount = forms.CharField(label="退回金额（元）", max_length=20, error_messages={"required": "请填写退回金额"})


class RepayPage(ServiceFormPage):
    title = "登记退回"
    permission = "payroll.generate"
    form_class = RepayForm
    object_selector = staticmethod(selectors.get_recovery)
    submit_label = "登记"
    success_message = "已登记退回"
    success_url = "payroll_recoveries"

    def initial(self) -> dict:
        r = self.object
        return {"payee": r.payee.name, "outstanding": _yuan(r.outstanding_fen)}

    def call_service(self, data: dict, comment):
        return recoveries.repay(self.request.user, self.object.pk, data["amount"])


# ---- funds statistics ------------------------------------------------------------------------------------------------


class FundsForm(StyledForm):
    month = MonthField(label="截至月份", required=False)
    program = forms.ChoiceField(label="救助项目", required=False)
    region_code = RegionField(label="区划", required=False)
    level = forms.ChoiceField(label="统计层级", required=False,
                              choices=[(k, f"按{v}") for k, v in codes.LEVELS.items() if k != "province"])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [("", "全部"), *payable_choices()]
        self.fields["region_code"].bind_user(user)


class FundsStats(Page):
    title = "资金发放统计"
    permission = "payroll.view"
    template_name = "payroll/funds.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        form = FundsForm(request.GET or None, initial={"level": "township"}, user=user)
        status, values = 200, {}
        if form.is_bound and not form.is_valid():
            status = 422
        elif form.is_bound:
            values = {k: v for k, v in form.cleaned_data.items() if v}
        result = stats.funds(user, month=values.get("month"), program=values.get("program", ""),
                             region_code=values.get("region_code", ""), level=values.get("level", "township"))
        fmt = request.GET.get("download")
        if fmt is not None and status == 200:
            return self.download(result, fmt)
        downloads = {f: "?" + _query(request, download=f) for f in page_export.FORMATS}
        tables = (("按区划", "by_region"), ("按救助项目", "by_program"), ("按发放状态", "by_status"))
        groups = [(heading, [{**i, "amount_text": f"{i['amount']:,.2f}"} for i in result[key]])
                  for heading, key in tables]
        return self.render({"form": form, "r": result, "downloads": downloads, "clear_url": request.path,
                            "filter_errors": status == 422, "groups": groups, "total_text": f"{result['total']:,.2f}",
                            "chart_months": stats.bar_chart(result["by_month"]),
                            "chart_programs": stats.bar_chart(result["by_program"])}, status=status)

    def download(self, result: dict, fmt: str):
        if fmt not in page_export.FORMATS:
            return error_page(self.request, 400, "导出格式不正确：应为 xlsx 或 csv")
        user = self.request.user
        filename = f"资金发放统计-{result['from']}至{result['to']}.{fmt}"
        rows = stats.table(result)
        if fmt == "xlsx":
            response, _count = page_export.xlsx_response(stats.HEADER, rows, filename, self.title)
        else:
            response = page_export.csv_response(stats.HEADER, rows, filename)
        audit.record(user, audit.Event("export", "funds_stats", "", user.region_id, {
            "to": [None, result["to"]], "lines": [None, result["lines"]], "total": [None, str(result["total"])],
            "format": [None, fmt]}))
        return response


def _query(request, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()
