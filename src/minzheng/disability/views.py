"""Pages of the disability app, mounted at /disability/ (DisabilityConfig.url_prefix): the two subsidies' coverage
by village with the gaps (and storing them as tasks), the gaps list, the certificate-expiry holds and their
decision, annual reviews (list, due, record), the stop sweep and the 残联 reconciliation file (Excel).
Reads through disability.selectors, writes through disability.services."""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header

from minzheng.core import audit, clock, roles, spreadsheets
from minzheng.core.errors import Forbidden
from minzheng.core.forms import StyledForm
from minzheng.core.pages.base import Page, PageAction, visible_actions
from minzheng.core.pages.columns import CodeColumn, MonthColumn, RegionColumn, TextColumn
from minzheng.core.pages.detail import DetailPage, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.disability import codes, filters, selectors, services
from minzheng.disability.tables import CheckGapTable, DueTable, GapTable, HoldTable, ReviewTable, VillageTable

LISTS = [PageAction("disability_coverage", "覆盖情况", None, style="outline-secondary"),
         PageAction("disability_gap_list", "应保未保", None, style="outline-secondary"),
         PageAction("disability_hold_list", "到期暂停", None, style="outline-secondary"),
         PageAction("disability_review_list", "年度复核", None, style="outline-secondary"),
         PageAction("disability_reconciliation", "残联对账文件", "people.export", style="outline-secondary")]


class Coverage(Page):
    title = "两项补贴覆盖情况"
    permission = "people.view"
    template_name = "disability/coverage.html"

    def _region(self, request):
        fs = filters.CoverageFilters(request.GET, queryset=selectors.gaps_for(request.user), request=request)
        return fs, (fs.form.cleaned_data.get("region_code") or "") if fs.is_valid() else None

    def get(self, request, *args, **kwargs):
        fs, region = self._region(request)
        if region is None:
            return self.render({"filterset": fs, "filter_errors": fs.error_list(),
                                "actions": visible_actions(LISTS[1:], request.user)}, status=422)
        result = selectors.check(request.user, region)
        living, care = result["disability_living"], result["disability_care"]
        villages = sorted(set(living["villages"]) | set(care["villages"]))
        gap_count = {p: {} for p in result}
        for p, s in result.items():
            for v in s["gaps"]:
                gap_count[p][v.row.region_code] = gap_count[p].get(v.row.region_code, 0) + 1
        rows = [{"region": v, "living_eligible": living["villages"].get(v, (0, 0))[0],
                 "living_covered": living["villages"].get(v, (0, 0))[1],
                 "living_gaps": gap_count["disability_living"].get(v, 0),
                 "care_eligible": care["villages"].get(v, (0, 0))[0],
                 "care_covered": care["villages"].get(v, (0, 0))[1],
                 "care_gaps": gap_count["disability_care"].get(v, 0)} for v in villages]
        gaps = [{"name": v.row.name, "program": v.program, "region": v.row.region_code, "reason": v.reason}
                for s in result.values() for v in s["gaps"]]
        summary = [(s["name"], s["eligible"], s["covered"], len(s["gaps"]),
                    f"{s['covered'] * 100 / s['eligible']:.1f}%" if s["eligible"] else "—") for s in result.values()]
        return self.render({"filterset": fs, "summary": summary, "month": selectors.this_month(),
                            "villages": VillageTable(rows, empty_text="辖区内没有符合条件的残疾人"),
                            "gaps": CheckGapTable(gaps, empty_text="没有应保未保人员"),
                            "actions": visible_actions(LISTS[1:], request.user),
                            "can_store": roles.has_perm(request.user, "people.change"),
                            "region": region, "filters_active": fs.active_count()})

    def post(self, request, *args, **kwargs):
        _, region = self._region(request)
        result = services.refresh_gaps(request.user, region or "")
        messages.success(request, f"已保存应保未保待办：新增 {result['created']} 条，办结 {result['closed']} 条")
        return redirect(request.get_full_path())


class GapList(ListPage):
    title = "两项补贴应保未保"
    description = "覆盖核查发现的符合条件而未发放的人员（待办）：请村（社区）、乡镇（街道）协助申请，或写明理由排除。"
    permission = "people.view"
    selector = staticmethod(selectors.gaps_for)
    filterset_class = filters.GapFilters
    table_class = GapTable
    ordering = ("status", "region_code", "person_id", "program")
    export_permission = "people.export"
    export_object = "disability_gaps"
    empty_text = "没有应保未保线索"
    actions = [LISTS[0], *LISTS[2:]]


class GapPage(DetailPage):
    title = "应保未保"
    permission = "people.view"
    selector = staticmethod(selectors.get_gap)
    sections = [Section("线索", {
        "person__name": TextColumn("姓名"), "program": CodeColumn(codes.PROGRAMS, "补贴项目"),
        "region_code": RegionColumn("村(社区)"), "reason": TextColumn("符合条件的依据"),
        "found_month": MonthColumn("发现月份"), "status": CodeColumn(codes.GAP_STATUS, "状态"),
        "closed_note": TextColumn("办结说明")})]
    actions = [PageAction("disability_gap_dismiss", "排除", "people.change", url_args=("pk",),
                          style="outline-danger")]


class DismissForm(StyledForm):
    note = forms.CharField(label="排除理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class GapDismiss(ServiceFormPage):
    title = "排除应保未保线索"
    permission = "people.change"
    form_class = DismissForm
    object_selector = staticmethod(selectors.get_gap)
    success_message = "已排除"
    success_url = "disability_gap_list"

    def call_service(self, data, comment):
        return services.dismiss_gap(self.request.user, self.object.pk, data)


class HoldList(ListPage):
    title = "残疾人证过期暂停发放"
    description = "残联数据显示残疾人证已过期的，自过期次月起暂停支付（待遇暂停，不另设发放渠道）；核实后停发或恢复。"
    permission = "people.view"
    selector = staticmethod(selectors.holds_for)
    filterset_class = filters.HoldFilters
    table_class = HoldTable
    ordering = ("released_on", "-placed_on", "-id")
    export_permission = "people.export"
    export_object = "disability_holds"
    empty_text = "没有因残疾人证过期暂停的补贴"
    actions = [*LISTS[:2], PageAction("disability_sweep", "到期停发核查", "people.change", style="outline-primary")]


class HoldForm(StyledForm):
    decision = forms.ChoiceField(label="处理结果", choices=list(codes.HOLD_DECISIONS.items()))
    note = forms.CharField(label="核实情况", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class HoldDecide(ServiceFormPage):
    title = "处理到期暂停"
    description = "停发：经待遇变更自下月起停发，暂停期间不予补发；已换领新证：解除暂停，下次发放补发暂停月份。"
    permission = "people.change"
    form_class = HoldForm
    object_selector = staticmethod(selectors.get_hold)
    confirm = True
    success_message = "已处理"
    success_url = "disability_hold_list"

    def call_service(self, data, comment):
        return services.decide_hold(self.request.user, self.object.pk, data)


class SweepForm(StyledForm):
    pass


class Sweep(ServiceFormPage):
    title = "到期停发核查"
    description = ("死亡人员经待遇变更自死亡次月起停发；残联数据显示残疾人证过期的，自过期次月起暂停支付，待核实。"
                   "由县级民政部门办理。")
    permission = "people.change"
    form_class = SweepForm
    confirm = True
    submit_label = "开始核查"
    success_url = "disability_hold_list"

    def call_service(self, data, comment):
        result = services.sweep(self.request.user)
        messages.info(self.request, f"死亡停发 {result['stopped']} 项，证件过期暂停 {result['held']} 项")
        return result

    success_message = "核查完成"


class ReviewList(ListPage):
    title = "两项补贴年度复核"
    permission = "people.view"
    selector = staticmethod(selectors.reviews_for)
    filterset_class = filters.ReviewFilters
    table_class = ReviewTable
    ordering = ("-year", "region_code", "person_id")
    export_permission = "people.export"
    export_object = "disability_reviews"
    empty_text = "尚无年度复核记录"
    actions = [*LISTS[:3], PageAction("disability_review_due", "待年度复核", None, style="outline-secondary"),
               PageAction("disability_review_add", "登记年度复核", "people.change")]


class ReviewDueList(ListPage):
    title = "待年度复核"
    description = "本年度尚未复核的两项补贴发放对象（每人每年复核一次：残疾人证是否有效、是否仍符合条件）。"
    permission = "people.view"
    selector = staticmethod(selectors.review_due_entitlements)
    filterset_class = filters.DueFilters
    table_class = DueTable
    ordering = ("region_code", "person_id", "program")
    export_permission = "people.export"
    export_object = "disability_reviews_due"
    empty_text = "本年度已全部复核"
    actions = [LISTS[3]]


class ReviewForm(StyledForm):
    person_id = forms.IntegerField(label="人员ID", min_value=1)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    certificate_valid = forms.BooleanField(label="残疾人证有效", required=False)
    outcome = forms.ChoiceField(label="复核结论", choices=list(codes.REVIEW_OUTCOMES.items()))
    note = forms.CharField(label="复核情况", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewAdd(ServiceFormPage):
    title = "登记年度复核"
    description = "复核结论为停发的，经待遇变更自下月起停发该人员的两项补贴。"
    permission = "people.change"
    form_class = ReviewForm
    confirm = True
    success_message = "已登记年度复核"
    success_url = "disability_review_list"

    def initial(self) -> dict:
        return {"year": clock.today().year, "certificate_valid": True, "person_id": self.request.GET.get("person")}

    def call_service(self, data, comment):
        return services.record_review(self.request.user, data)


@login_required
def reconciliation_file(request):
    """The 残联 reconciliation file (Excel, formula-safe, ID numbers masked): every subsidy paid this month with the
    残联's certificate and the verdict. Audited as an export."""
    if not roles.has_perm(request.user, "people.export"):
        raise Forbidden("您的角色不能导出")
    region = request.GET.get("region_code", "")
    rows = selectors.reconciliation(request.user, region)
    buffer = io.BytesIO()
    spreadsheets.write_xlsx(buffer, selectors.RECONCILIATION_HEADER, rows, sheet_title="两项补贴残联对账")
    month = selectors.this_month()
    audit.record(request.user, audit.Event("export", "disability_reconciliation", f"{month:%Y-%m}",
                                           region or request.user.region_id, {"rows": [None, len(rows)]}))
    response = HttpResponse(buffer.getvalue(), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response.headers["Content-Disposition"] = content_disposition_header(True, f"两项补贴残联对账-{month:%Y-%m}.xlsx")
    response.headers["Cache-Control"] = "no-store"
    return response
