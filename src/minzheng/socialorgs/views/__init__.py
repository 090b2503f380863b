"""社会组织 pages, mounted at /socialorgs/: the register (list, entry, detail, change and deregistration
applications and decisions), annual reports (file, the supervisor's review, the registry's conclusion), evaluations
(evaluate, appeal and its decision, downgrade / cancel), the abnormal list and the blacklist, 双随机 rounds and
inspections, and the per-10,000 indicator."""

from __future__ import annotations

from django.urls import reverse

from minzheng.core.pages.base import Page, PageAction
from minzheng.core.pages.columns import (
    BooleanColumn,
    CodeColumn,
    DateColumn,
    MoneyColumn,
    RegionColumn,
    TextColumn,
)
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.socialorgs import codes, filters, forms, selectors, tables
from minzheng.socialorgs.services import evaluations, oversight, register, reports
from minzheng.socialorgs.views.applications import StateAction, StatefulDetail

VIEW, EXPORT, MANAGE, FILE, SUPERVISE = ("socialorgs.view", "socialorgs.export", "socialorgs.manage",
                                         "socialorgs.file", "socialorgs.supervise")
LINKS = [("socialorgs_org_list", "名录"), ("socialorgs_application_list", "登记申请"),
         ("socialorgs_report_list", "年度工作报告"), ("socialorgs_evaluation_list", "评估"),
         ("socialorgs_list_list", "异常名录/失信名单"), ("socialorgs_round_list", "双随机抽查"),
         ("socialorgs_indicators", "指标")]


def _links(current: str) -> list[PageAction]:
    return [PageAction(n, label, VIEW, style="outline-secondary") for n, label in LINKS if n != current]


def _to(name: str, attr: str = "pk"):
    return staticmethod(lambda result: reverse(name, args=[getattr(result, attr)]))


# ---- the register -------------------------------------------------------------------------------------------------


class OrgList(ListPage):
    title = "社会组织"
    description = "社会团体、社会服务机构（民办非企业单位）和基金会名录，含评估等级及有效期。"
    permission = VIEW
    selector = staticmethod(selectors.orgs_for)
    filterset_class = filters.OrgFilters
    table_class = tables.OrgTable
    ordering = ("region_code", "name", "id")
    export_permission = EXPORT
    export_object = "socialorg"
    actions = [PageAction("socialorgs_org_add", "登记社会组织", MANAGE), *_links("socialorgs_org_list")]


class OrgAdd(ServiceFormPage):
    title = "登记社会组织"
    description = "录入已取得登记证书的社会组织（统一社会信用代码按 GB 32100-2015 校验）。"
    permission = MANAGE
    form_class = forms.OrgForm
    service = staticmethod(register.add_org)
    submit_label = "登记"
    success_message = "已登记社会组织"
    success_url = _to("socialorgs_org")


class OrgDetail(StatefulDetail):
    title = "社会组织"
    permission = VIEW
    selector = staticmethod(selectors.get_org)
    sections = [Section("登记信息", {
        "name": TextColumn("名称"), "kind": CodeColumn(codes.KINDS, "类型"),
        "fundraising": CodeColumn(codes.FUNDRAISING, "基金会类型"), "uscc": TextColumn("统一社会信用代码"),
        "domain": CodeColumn(codes.DOMAINS, "业务领域"), "scope_text": TextColumn("业务范围"),
        "supervisor": TextColumn("业务主管单位"), "legal_rep": TextColumn("法定代表人"),
        "responsible_names": TextColumn("负责人"), "address": TextColumn("住所"),
        "region_code": RegionColumn("所在区划"), "registered_on": DateColumn("成立登记日期"),
        "status": CodeColumn(codes.STATUS, "状态"), "grade": tables.GradeColumn("评估等级"),
        "grade_valid_until": DateColumn("等级有效期至"),
    }), Section("信用", {
        "credit": CodeColumn(codes.CREDIT, "名录名单"), "abnormal_since": DateColumn("列入活动异常名录日期"),
        "blacklist_due": DateColumn("满2年转入严重违法失信名单日期"),
    })]
    related = [
        Related("年度工作报告", tables.OrgReportTable, selectors.reports_of),
        Related("评估", tables.OrgEvaluationTable, selectors.evaluations_of),
        Related("活动异常名录和严重违法失信名单", tables.ListEntryTable, selectors.list_entries_of),
        Related("双随机抽查", tables.InspectionTable, selectors.inspections_of_org),
    ]
    actions = [PageAction("socialorgs_report_add", "报送年度工作报告", FILE, url_args=("pk",)),
               StateAction("socialorgs_print_certificate", "打印登记证书", VIEW, url_args=("pk",),
                           style="outline-primary", when=lambda o: o.status == "active"),
               PageAction("socialorgs_evaluate", "评估", MANAGE, url_args=("pk",), style="outline-primary"),
               PageAction("socialorgs_list_add", "列入名录名单", MANAGE, url_args=("pk",), style="outline-danger"),
               PageAction("socialorgs_change", "变更登记申请", MANAGE, url_args=("pk",), style="outline-secondary"),
               PageAction("socialorgs_deregister", "注销登记申请", MANAGE, url_args=("pk",),
                          style="outline-secondary")]


class ChangeApply(ServiceFormPage):
    title = "变更登记申请"
    description = "只填写要变更的事项；准予后写入名录。"
    permission = MANAGE
    object_selector = staticmethod(selectors.get_org)
    service = staticmethod(register.apply_change)
    success_message = "已受理变更登记申请"
    success_url = "socialorgs_application_list"

    @property
    def form_class(self):
        from django import forms as djforms

        class ChangeForm(forms.StyledForm):
            name = djforms.CharField(label="名称", max_length=100, required=False)
            domain = djforms.ChoiceField(label="业务领域", choices=[("", "不变更"), *codes.DOMAINS.items()],
                                         required=False)
            supervisor = djforms.CharField(label="业务主管单位", max_length=100, required=False)
            legal_rep = djforms.CharField(label="法定代表人", max_length=50, required=False)
            address = djforms.CharField(label="住所", max_length=200, required=False)
            received_on = forms._date("受理日期")

        return ChangeForm


class DeregisterApply(ServiceFormPage):
    title = "注销登记申请"
    permission = MANAGE
    object_selector = staticmethod(selectors.get_org)
    service = staticmethod(register.apply_deregister)
    success_message = "已受理注销登记申请"
    success_url = "socialorgs_application_list"

    @property
    def form_class(self):
        class DeregisterForm(forms.StyledForm):
            reason = forms._text("注销原因", 300, rows=2)
            received_on = forms._date("受理日期")

        return DeregisterForm


class ApplicationList(ListPage):
    title = "登记申请"
    description = "成立、变更、注销登记申请及登记管理机关的决定。"
    permission = VIEW
    selector = staticmethod(selectors.applications_for)
    filterset_class = filters.ApplicationFilters
    table_class = tables.ApplicationTable
    ordering = ("state", "-received_on", "-id")
    export_permission = EXPORT
    export_object = "socialorg_application"
    actions = [PageAction("socialorgs_register_apply", "成立登记申请", MANAGE), *_links("socialorgs_application_list")]


class ApplicationDecide(ServiceFormPage):
    title = "登记决定"
    description = ("准予成立登记即写入名录（须填写赋予的统一社会信用代码）；准予变更即更新名录；准予注销即注销。"
                   "决定不能由审查人作出。")
    permission = MANAGE
    form_class = forms.DecideForm
    object_selector = staticmethod(selectors.get_application)
    service = staticmethod(register.decide)
    success_message = "已作出决定"
    success_url = _to("socialorgs_application")
    confirm = True

    def call_service(self, data, comment):
        return register.decide(self.request.user, self.object, {**data, "note": data.get("note") or comment})


# ---- annual reports -----------------------------------------------------------------------------------------------


class ReportList(ListPage):
    title = "年度工作报告"
    description = "报送期限按规则数据（各类型、各地可不同）；基金会同时检查《基金会管理条例》第二十九条支出比例。"
    permission = VIEW
    selector = staticmethod(selectors.reports_for)
    filterset_class = filters.ReportFilters
    table_class = tables.ReportTable
    ordering = ("-year", "state", "org__name")
    export_permission = EXPORT
    export_object = "socialorg_report"
    actions = _links("socialorgs_report_list")


class ReportAdd(ServiceFormPage):
    title = "报送年度工作报告"
    description = "社会组织报送（工作人员可代为录入）；有业务主管单位的先由其初审，再报登记管理机关。"
    permission = FILE
    form_class = forms.ReportForm
    object_selector = staticmethod(selectors.get_org)
    service = staticmethod(reports.file_report)
    submit_label = "报送"
    success_message = "已报送年度工作报告"
    success_url = _to("socialorgs_report")

    def initial(self) -> dict:
        from minzheng.core import clock

        return {"year": clock.today().year - 1}


class ReportDetail(StatefulDetail):
    title = "年度工作报告"
    permission = VIEW
    selector = staticmethod(selectors.get_report)
    sections = [
        Section("报告", {
            "org__name": TextColumn("社会组织"), "org__kind": CodeColumn(codes.KINDS, "类型"),
            "year": TextColumn("年度"), "filed_on": DateColumn("报送日期"),
            "supervisor_due": DateColumn("报送业务主管单位期限"), "registry_due": DateColumn("报送登记管理机关期限"),
            "late": BooleanColumn("逾期报送"), "summary": TextColumn("年度工作情况"),
            "state": CodeColumn(codes.REPORT_STATES, "状态")}),
        Section("财务", {
            "income": MoneyColumn("本年总收入"), "total_spending": MoneyColumn("本年总支出"),
            "net_assets": MoneyColumn("年末净资产"), "mission_spending": MoneyColumn("公益事业支出"),
            "pay_and_admin": MoneyColumn("工资福利和行政办公支出"), "last_year_income": MoneyColumn("上年总收入"),
            "last_year_fund_balance": MoneyColumn("上年基金余额"), "audited": BooleanColumn("附审计报告"),
            "checks_ok": BooleanColumn("支出比例", yes="符合", no="不符合")}),
        Section("审查", {
            "org__supervisor": TextColumn("业务主管单位"), "supervisor_opinion": TextColumn("业务主管单位意见"),
            "supervised_on": DateColumn("初审日期"), "registry_opinion": TextColumn("登记管理机关意见"),
            "result": CodeColumn(codes.REPORT_RESULTS, "年检结论"), "concluded_on": DateColumn("结论日期")}),
    ]
    related = [Related("基金会支出比例检查（《基金会管理条例》第二十九条）", tables.CheckTable,
                       lambda user, obj: obj.checks, empty_text="非基金会，不适用")]
    actions = [StateAction("socialorgs_report_supervise", "业务主管单位初审", SUPERVISE, url_args=("pk",),
                           when=lambda r: r.state == "filed"),
               StateAction("socialorgs_report_conclude", "登记管理机关审查", MANAGE, url_args=("pk",),
                           when=lambda r: r.state == "supervised"),
               StateAction("socialorgs_print_report", "打印年检结论通知书", VIEW, url_args=("pk",),
                           style="outline-primary", when=lambda r: r.state == "concluded"),
               PageAction("socialorgs_org", "社会组织", VIEW, url_args=("org_id",), style="outline-secondary")]


class ReportSupervise(ServiceFormPage):
    title = "业务主管单位初审"
    permission = SUPERVISE
    form_class = forms.SupervisorReviewForm
    object_selector = staticmethod(selectors.get_report)
    service = staticmethod(reports.supervisor_review)
    success_message = "已登记初审意见"
    success_url = _to("socialorgs_report")


class ReportConclude(ServiceFormPage):
    title = "登记管理机关审查"
    description = "作出年检结论（合格、基本合格、不合格）或退回修改；不能由初审人办理。"
    permission = MANAGE
    form_class = forms.RegistryReviewForm
    object_selector = staticmethod(selectors.get_report)
    service = staticmethod(reports.registry_review)
    success_message = "已作出年检结论"
    success_url = _to("socialorgs_report")


# ---- evaluations --------------------------------------------------------------------------------------------------


class EvaluationList(ListPage):
    title = "社会组织评估"
    description = ("《社会组织评估管理办法》（民政部令第39号）：等级 5A–1A，有效期 5 年；"
                   "降级 2 年、取消 3 年内不得申请。")
    permission = VIEW
    selector = staticmethod(selectors.evaluations_for)
    filterset_class = filters.EvaluationFilters
    table_class = tables.EvaluationTable
    ordering = ("-applied_on", "-id")
    export_permission = EXPORT
    export_object = "socialorg_evaluation"
    actions = _links("socialorgs_evaluation_list")


class Evaluate(ServiceFormPage):
    title = "社会组织评估"
    description = ("不符合参加评估条件的登记为不予受理并列出原因；符合的，填写评估得分和评估委员会表决情况"
                   "（7–25 名委员，三分之二以上出席，出席委员过半数同意）。")
    permission = MANAGE
    form_class = forms.EvaluationForm
    object_selector = staticmethod(selectors.get_org)
    service = staticmethod(evaluations.evaluate)
    success_message = "已登记评估"
    success_url = _to("socialorgs_evaluation")


class EvaluationDetail(StatefulDetail):
    title = "社会组织评估"
    permission = VIEW
    selector = staticmethod(selectors.get_evaluation)
    sections = [
        Section("评估", {
            "org__name": TextColumn("社会组织"), "kind": CodeColumn(codes.EVALUATION_KINDS, "评估类型"),
            "applied_on": DateColumn("申请日期"), "state": CodeColumn(codes.EVALUATION_STATES, "状态"),
            "reasons_text": TextColumn("不予受理原因"), "score": TextColumn("评估得分"),
            "committee_text": TextColumn("评估委员会表决"), "grade": tables.GradeColumn("评估等级"),
            "awarded_on": DateColumn("评定日期"), "valid_until": DateColumn("有效期至"),
            "appeal_by": DateColumn("复核申请截止")}),
        Section("复核与处理", {
            "appeal_state": CodeColumn(codes.APPEAL_STATES, "复核"), "appeal_reason": TextColumn("复核理由"),
            "appealed_on": DateColumn("申请复核日期"), "appeal_due": DateColumn("复核答复期限"),
            "appeal_decided_on": DateColumn("复核结论日期"), "sanction": CodeColumn(codes.SANCTIONS, "处理"),
            "sanction_on": DateColumn("处理日期"), "sanction_reason": TextColumn("处理原因"),
            "return_due": DateColumn("证书牌匾交回期限")}),
    ]
    actions = [StateAction("socialorgs_print_evaluation", "打印评估证书/通知书", VIEW, url_args=("pk",),
                           when=lambda e: e.state != "refused"),
               PageAction("socialorgs_appeal", "申请复核", FILE, url_args=("pk",), style="outline-primary"),
               PageAction("socialorgs_appeal_decide", "复核结论", MANAGE, url_args=("pk",),
                          style="outline-primary"),
               PageAction("socialorgs_sanction", "降级/取消等级", MANAGE, url_args=("pk",), style="outline-danger"),
               PageAction("socialorgs_org", "社会组织", VIEW, url_args=("org_id",), style="outline-secondary")]


class Appeal(ServiceFormPage):
    title = "申请复核"
    permission = FILE
    form_class = forms.AppealForm
    object_selector = staticmethod(selectors.get_evaluation)
    service = staticmethod(evaluations.appeal)
    success_message = "已登记复核申请"
    success_url = _to("socialorgs_evaluation")


class AppealDecide(ServiceFormPage):
    title = "复核结论"
    permission = MANAGE
    form_class = forms.AppealDecisionForm
    object_selector = staticmethod(selectors.get_evaluation)
    service = staticmethod(evaluations.decide_appeal)
    success_message = "已登记复核结论"
    success_url = _to("socialorgs_evaluation")


class Sanction(ServiceFormPage):
    title = "降低或取消评估等级"
    description = "降低等级的 2 年内、取消等级的 3 年内不得申请评估；证书和牌匾 15 日内交回。"
    permission = MANAGE
    form_class = forms.SanctionForm
    object_selector = staticmethod(selectors.get_evaluation)
    service = staticmethod(evaluations.sanction)
    success_message = "已处理"
    success_url = _to("socialorgs_evaluation")
    confirm = True

    def call_service(self, data, comment):
        return evaluations.sanction(self.request.user, self.object, data)


# ---- lists and inspections ----------------------------------------------------------------------------------------


class ListEntries(ListPage):
    title = "活动异常名录和严重违法失信名单"
    permission = VIEW
    selector = staticmethod(selectors.list_entries_for)
    filterset_class = filters.ListFilters
    table_class = tables.ListEntryTable
    ordering = ("-listed_on", "-id")
    export_permission = EXPORT
    export_object = "socialorg_list"
    actions = _links("socialorgs_list_list")


class ListAdd(ServiceFormPage):
    title = "列入名录名单"
    permission = MANAGE
    form_class = forms.ListForm
    object_selector = staticmethod(selectors.get_org)
    success_message = "已列入"
    success_url = "socialorgs_list_list"
    confirm = True

    def call_service(self, data, comment):
        return oversight.put_on_list(self.request.user, {**data, "org_id": self.object.pk,
                                                         "detail": data.get("detail") or comment})


class ListRemove(ServiceFormPage):
    title = "移出名录名单"
    permission = MANAGE
    form_class = forms.RemoveForm
    object_selector = staticmethod(selectors.get_list_entry)
    service = staticmethod(oversight.remove_from_list)
    success_message = "已移出"
    success_url = "socialorgs_list_list"


class RoundList(ListPage):
    title = "双随机抽查"
    description = "从名录随机抽取社会组织、从检查人员库随机抽取检查人员；随机种子留存，可复核抽取结果。"
    permission = VIEW
    selector = staticmethod(selectors.rounds_for)
    filterset_class = filters.RoundFilters
    table_class = tables.RoundTable
    ordering = ("-drawn_on", "-id")
    export_permission = EXPORT
    export_object = "socialorg_round"
    actions = [PageAction("socialorgs_round_add", "抽取", MANAGE), *_links("socialorgs_round_list")]


class RoundAdd(ServiceFormPage):
    title = "双随机抽取"
    permission = MANAGE
    form_class = forms.DrawForm
    service = staticmethod(oversight.draw_round)
    submit_label = "抽取"
    success_message = "已抽取"
    success_url = _to("socialorgs_round")

    def make_form(self, data=None):
        form = super().make_form(data)
        form.fields["inspector_ids"].choices = selectors.inspector_choices(self.request.user)
        return form


class RoundDetail(DetailPage):
    title = "双随机抽查任务"
    permission = VIEW
    selector = staticmethod(selectors.get_round)
    sections = [Section("抽取", {"title": TextColumn("检查任务"), "drawn_on": DateColumn("抽取日期"),
                                 "pool_size": TextColumn("名录社会组织数"), "seed": TextColumn("随机种子")})]
    related = [Related("抽中的社会组织", tables.InspectionTable, selectors.inspections_of_round)]


class InspectionResult(ServiceFormPage):
    title = "登记抽查结果"
    permission = MANAGE
    form_class = forms.InspectionForm
    object_selector = staticmethod(selectors.get_inspection)
    service = staticmethod(oversight.record_inspection)
    success_message = "已登记抽查结果"
    success_url = _to("socialorgs_round", "round_id")


class Indicators(Page):
    title = "社会组织指标"
    permission = VIEW
    template_name = "socialorgs/indicators.html"

    def get(self, request, *args, **kwargs):
        fs = filters.IndicatorFilters(request.GET, queryset=selectors.orgs_for(request.user), request=request)
        if not fs.is_valid():
            return self.render({"filterset": fs, "filter_errors": fs.error_list()}, status=422)
        data = selectors.indicators(request.user, fs.form.cleaned_data.get("region_code") or "")
        table = tables.IndicatorTable([*data["rows"], data["total"]], empty_text="没有下级区划")
        return self.render({"filterset": fs, "table": table, "region_name": selectors.region_name(data["root"])})
