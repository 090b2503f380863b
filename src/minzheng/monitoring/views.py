"""Monitoring pages on the generic blocks (core.pages): the monitored population (list with export, a person's
periods, 其他困难人员 added and removed by the township), warnings (list with filters and export, a warning's page
with its referrals, the outcome form offering only what the role may do), referral answers, proactive discoveries,
the signal rules (list for everyone, add/correct for the county), the dashboard (by region, level, signal, status and
layer, with Excel export) and routine visits (due list, records, the record form with a photo).

Pages read through selectors and write through services; no ORM here."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from minzheng.core import audit, clock, regions
from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.core.forms import StyledForm
from minzheng.core.pages import export
from minzheng.core.pages.base import Page, PageAction
from minzheng.core.pages.detail import DetailPage, Related
from minzheng.core.pages.filters import MonthField
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.monitoring import codes, runs, selectors, visits
from minzheng.monitoring.filters import (
    DiscoveryFilters,
    MonitoredFilters,
    PlanFilters,
    ReferralFilters,
    RuleFilters,
    RunFilters,
    VisitFilters,
    WarningFilters,
)
from minzheng.monitoring.services import register, rules, warnings
from minzheng.monitoring.services import visits as visit_services
from minzheng.monitoring.tables import (
    MONITORED_SECTIONS,
    WARNING_SECTIONS,
    DiscoveryTable,
    DueTable,
    HistoryTable,
    MonitoredTable,
    PlanTable,
    ReferralTable,
    RuleTable,
    RunTable,
    VisitTable,
    WarningTable,
)
from minzheng.registry import selectors as registry_selectors

DATE_INPUT = {"input_formats": ["%Y-%m-%d"], "widget": forms.DateInput(attrs={"type": "date"}),
              "error_messages": {"invalid": "日期格式不正确：应为 YYYY-MM-DD"}}

# ---- the monitored population ----------------------------------------------------------------------------------------


class MonitoredList(ListPage):
    title = "低收入人口监测对象"
    permission = "monitoring.view"
    description = ("按国办发〔2023〕39号分层：低保、特困、防止返贫监测对象、低保边缘、刚性支出困难家庭成员、"
                   "其他困难人员。")
    selector = staticmethod(selectors.monitored_for)
    filterset_class = MonitoredFilters
    table_class = MonitoredTable
    ordering = ("region_code", "person_id", "layer", "-entered_on")
    export_permission = "people.export"
    export_object = "monitored_person"
    actions = [PageAction("monitored_add", "新增其他困难人员", "monitoring.add"),
               PageAction("monitoring_dashboard", "监测统计", "monitoring.view", style="outline-secondary")]

    def filterset(self, queryset):
        data = self.request.GET
        if "current" not in data:  # the register as it stands unless the history is asked for
            data = data.copy()
            data["current"] = "1"
        return self.filterset_class(data, queryset=queryset, request=self.request)


class MonitoredDetail(DetailPage):
    title = "监测对象"
    permission = "monitoring.view"
    selector = staticmethod(selectors.get_monitored)
    sections = MONITORED_SECTIONS
    related = [Related("该人员的监测记录（历次纳入与退出）", HistoryTable, selectors.person_history)]
    actions = [PageAction("monitored_exit", "移出其他困难人员", "monitoring.add", url_args=("pk",),
                          style="outline-danger")]

    def heading(self, obj) -> str:
        return f"监测对象：{obj.person.name}（{codes.LAYERS[obj.layer]}）"

    def render(self, context, status=200, template=None):
        obj = context.get("object")
        if obj is not None and (obj.source != "township" or obj.exited_on is not None):
            context["actions"] = []
        return super().render(context, status, template)


class OtherForm(StyledForm):
    id_number = forms.CharField(label="身份证号", max_length=18)
    reason = forms.CharField(label="纳入理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "须填写纳入理由"})


class OtherAddPage(ServiceFormPage):
    title = "新增其他困难人员"
    permission = "monitoring.add"
    form_class = OtherForm
    description = "本辖区民政对象统一库中的人员，因其他原因生活困难需要监测的，填写理由后纳入“其他困难人员”。"
    success_message = "已纳入其他困难人员"
    success_url = staticmethod(lambda row: reverse("monitored_detail", args=[row.pk]))

    def call_service(self, data, comment):
        person = registry_selectors.person_by_id_number(self.request.user, data["id_number"])
        if person is None:
            raise ValidationFailed.one("id_number", "本辖区民政对象统一库中没有该身份证号的人员")
        return register.add_other(self.request.user, {"person_id": person.pk, "reason": data["reason"]})


class ExitForm(StyledForm):
    reason = forms.CharField(label="移出理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "须填写移出理由"})


class ExitPage(ServiceFormPage):
    title = "移出其他困难人员"
    permission = "monitoring.add"
    form_class = ExitForm
    object_selector = staticmethod(selectors.get_monitored)
    confirm = True
    success_message = "已移出"
    success_url = staticmethod(lambda row: reverse("monitored_detail", args=[row.pk]))

    def call_service(self, data, comment):
        return register.exit_other(self.request.user, self.object.pk, data)


# ---- warnings --------------------------------------------------------------------------------------------------------


class WarningList(ListPage):
    title = "监测预警"
    permission = "monitoring.view"
    description = "每月运行的预警：请在期限内入户走访核实，然后纳入救助、转介专项救助或慈善，或填写理由排除。"
    selector = staticmethod(selectors.warnings_for)
    filterset_class = WarningFilters
    table_class = WarningTable
    ordering = ("-month", "due_on", "id")
    export_permission = "people.export"
    export_object = "warning"
    empty_text = "没有符合条件的预警"
    actions = [PageAction("monitoring_dashboard", "监测统计", "monitoring.view", style="outline-secondary"),
               PageAction("monitor_runs", "监测批次", "monitoring.run", style="outline-secondary"),
               PageAction("discovery_list", "政策找人", "monitoring.view", style="outline-secondary"),
               PageAction("visit_due", "走访清单", "monitoring.view", style="outline-secondary"),
               PageAction("rule_list", "预警规则", "monitoring.view", style="outline-secondary")]

    def filterset(self, queryset):
        data = self.request.GET
        if "status" not in data:
            data = data.copy()
            data["status"] = "open"
        return self.filterset_class(data, queryset=queryset, request=self.request)


def _referrals(user, warning):
    return selectors.referrals_of(user, warning)


class WarningDetail(DetailPage):
    title = "预警"
    permission = "monitoring.view"
    selector = staticmethod(selectors.get_warning)
    sections = WARNING_SECTIONS
    related = [Related("转介", ReferralTable, _referrals)]
    actions = [PageAction("warning_outcome", "办理预警", "warnings.handle", url_args=("pk",), style="primary"),
               PageAction("visit_record", "登记走访", "visits.record", style="outline-secondary")]

    def heading(self, obj) -> str:
        return f"{codes.LEVELS[obj.level]}预警：{obj.household}（{obj.score} 分）"

    def render(self, context, status=200, template=None):
        obj = context.get("object")
        if obj is not None and not selectors.outcomes_for(self.request.user, obj):
            context["actions"] = [a for a in context["actions"] if "outcome" not in a["url"]]
        return super().render(context, status, template)


PAYER_CHOICES = [("", "未核实"), ("no", "无履行能力"), ("yes", "有履行能力")]


def _payer(values: dict) -> dict:
    """The form's 有/无 choice as the service's flag (unset stays unset)."""
    choice = values.pop("support_payer_able", "")
    if choice in ("yes", "no"):
        values["support_payer_able"] = choice == "yes"
    return values


class OutcomeForm(StyledForm):
    outcome = forms.ChoiceField(label="处理结果")
    program = forms.ChoiceField(label="救助项目（纳入救助时选择）", required=False)
    support_payer_able = forms.ChoiceField(label="赡养、抚养、扶养义务人有无能力（申请特困时填写）", required=False,
                                           choices=PAYER_CHOICES)
    referral_to = forms.ChoiceField(label="转介事项（转介时选择）", required=False)
    receiving_body = forms.CharField(label="接收单位（转介时填写）", max_length=200, required=False)
    reason = forms.CharField(label="说明（排除时必填）", max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, outcomes=None, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = list((outcomes or {}).items())
        if "assist" in (outcomes or {}):
            self.fields["program"].choices = [("", "—"), *list((programs or {}).items())]
        else:
            del self.fields["program"]
        if "refer" in (outcomes or {}):
            self.fields["referral_to"].choices = [("", "—"), *list(codes.REFERRAL_TO.items())]
        else:
            del self.fields["referral_to"], self.fields["receiving_body"]


class OutcomePage(ServiceFormPage):
    title = "办理预警"
    permission = "warnings.handle"
    form_class = OutcomeForm
    object_selector = staticmethod(selectors.get_warning)
    confirm = True
    confirm_text = "确认后预警结案（纳入救助将登记救助申请；转介将登记转介记录），不能撤销。请填写确认办理说明后确认。"
    success_message = "已办理预警"
    success_url = staticmethod(lambda result: reverse("warning_detail", args=[result[0].pk]))

    def make_form(self, data=None):
        outcomes = selectors.outcomes_for(self.request.user, self.object)
        if not outcomes:
            raise Conflict("该预警已办理，或您的角色不能办理")
        self.description = "预警理由：" + "；".join(self.object.reasons)
        return OutcomeForm(data, outcomes=outcomes, programs=selectors.assist_programs())

    def call_service(self, data, comment):
        values = {k: v for k, v in data.items() if v not in (None, "")}
        if comment and not values.get("reason"):
            values["reason"] = comment
        return warnings.decide(self.request.user, self.object.pk, _payer(values))


class AnswerForm(StyledForm):
    status = forms.ChoiceField(label="答复结果", choices=[(k, v) for k, v in codes.REFERRAL_STATUS.items()
                                                          if k != "sent"])
    answer = forms.CharField(label="接收单位答复", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "须填写接收单位答复"})


class ReferralAnswerPage(ServiceFormPage):
    title = "登记转介答复"
    permission = "warnings.handle"
    form_class = AnswerForm
    object_selector = staticmethod(selectors.get_referral)
    success_message = "已登记答复"
    success_url = staticmethod(lambda r: reverse("warning_detail", args=[r.warning_id]))

    def call_service(self, data, comment):
        return warnings.answer_referral(self.request.user, self.object.pk, data)


class ReferralList(ListPage):
    title = "转介记录"
    permission = "monitoring.view"
    selector = staticmethod(selectors.referrals_for)
    filterset_class = ReferralFilters
    table_class = ReferralTable
    ordering = ("-referred_on", "-id")
    export_permission = "people.export"
    export_object = "referral"


# ---- proactive discovery ---------------------------------------------------------------------------------------------


class DiscoveryList(ListPage):
    title = "政策找人（主动发现）"
    permission = "monitoring.view"
    description = ("民政对象统一库中尚未享受任何救助、但数据显示可能符合条件的家庭，按估算金额排序；"
                   "请核实“尚需核实”的情况后告知政策、发起申请。")
    selector = staticmethod(selectors.discoveries_for)
    filterset_class = DiscoveryFilters
    table_class = DiscoveryTable
    ordering = ("-month", "rank", "id")
    export_permission = "people.export"
    export_object = "discovery"


class CloseForm(StyledForm):
    outcome = forms.ChoiceField(label="办理结果", choices=[("assist", "发起救助申请"), ("dismiss", "排除（填写理由）")])
    program = forms.ChoiceField(label="救助项目（发起申请时选择）", required=False)
    support_payer_able = forms.ChoiceField(label="赡养、抚养、扶养义务人有无能力（申请特困时填写）", required=False,
                                           choices=PAYER_CHOICES)
    reason = forms.CharField(label="说明（排除时必填）", max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [("", "—"), *list((programs or {}).items())]


class DiscoveryClosePage(ServiceFormPage):
    title = "办理政策找人"
    permission = "warnings.handle"
    form_class = CloseForm
    object_selector = staticmethod(selectors.get_discovery)
    success_message = "已办理"
    success_url = "discovery_list"

    def make_form(self, data=None):
        found = self.object
        programs = {p: codes.DISCOVERY_PROGRAMS.get(p, p) for p in found.programs if p in selectors.assist_programs()}
        form = CloseForm(data, programs=programs or selectors.assist_programs())
        unknown = "。尚需核实：" + "；".join(found.unknowns) if found.unknowns else ""
        self.description = "；".join(found.reasons) + unknown
        return form

    def call_service(self, data, comment):
        values = {k: v for k, v in data.items() if v not in (None, "")}
        return warnings.close_discovery(self.request.user, self.object.pk, _payer(values))[0]


# ---- rules -----------------------------------------------------------------------------------------------------------


class RuleList(ListPage):
    title = "预警规则"
    permission = "monitoring.view"
    description = ("信号的观察期、阈值、权重和监测类别按区划和生效日期设置（最具体的区划优先）。国家未规定阈值，"
                   "内置示例规则（示例值）须由县级民政部门按本地情况修改。")
    selector = staticmethod(selectors.rules_for)
    filterset_class = RuleFilters
    table_class = RuleTable
    ordering = ("code", "region_code", "-effective_from")
    export_permission = "monitoring.view"
    export_object = "signal_rule"
    actions = [PageAction("rule_new", "新增规则", "monitoring.rules")]


class RuleForm(StyledForm):
    code = forms.ChoiceField(label="信号", choices=list(codes.RULE_CODES.items()))
    region_code = forms.CharField(label="区划代码", max_length=12)
    effective_from = forms.DateField(label="生效日期", **DATE_INPUT)
    effective_to = forms.DateField(label="终止日期", required=False, **DATE_INPUT)
    window_months = forms.IntegerField(label="观察期（月）", min_value=1, max_value=36, initial=1)
    threshold = forms.CharField(label="阈值", max_length=20, required=False)
    weight = forms.IntegerField(label="权重", min_value=0, max_value=100, initial=0)
    layers = forms.MultipleChoiceField(label="监测类别（不选 = 全部）", choices=list(codes.LAYERS.items()),
                                       required=False, widget=forms.CheckboxSelectMultiple)
    enabled = forms.BooleanField(label="启用", required=False, initial=True)
    source = forms.CharField(label="依据", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class RuleEditPage(ServiceFormPage):
    title = "预警规则"
    permission = "monitoring.rules"
    form_class = RuleForm
    object_selector = staticmethod(selectors.get_rule)
    description = "同一信号、区划和生效日期的规则会被更正（留有审计记录）；新的生效日期则新增一条。"
    success_message = "已保存预警规则"
    success_url = "rule_list"

    def load_object(self):
        if self.kwargs.get("pk") is not None:
            super().load_object()

    def initial(self) -> dict:
        r = self.object
        if r is None:
            return {"region_code": self.request.user.region_id, "enabled": True}
        return {"code": r.code, "region_code": r.region_code, "effective_from": r.effective_from,
                "effective_to": r.effective_to, "window_months": r.window_months,
                "threshold": "" if r.threshold is None else format(r.threshold.normalize(), "f"), "weight": r.weight,
                "layers": r.layers, "enabled": r.enabled, "source": r.source}

    def call_service(self, data, comment):
        return rules.save_rule(self.request.user, data)


# ---- dashboard -------------------------------------------------------------------------------------------------------


class DashboardForm(StyledForm):
    month = MonthField(label="监测月份（不填 = 全部）", required=False)


class Dashboard(Page):
    title = "动态监测统计"
    permission = "monitoring.view"
    template_name = "monitoring/dashboard.html"

    def get(self, request):
        form = DashboardForm(request.GET or None)
        month = form.cleaned_data.get("month") if form.is_bound and form.is_valid() else None
        if form.is_bound and not form.is_valid():
            return self.render({"form": form}, status=422)
        data = selectors.dashboard(request.user, month)
        names = regions.names_for({c for c, _ in data["by_region"]})
        tables = [("按等级", [(codes.LEVELS[k], v) for k, v in data["by_level"].items()]),
                  ("按状态", [(codes.WARNING_STATUS[k], v) for k, v in data["by_status"].items()]),
                  ("按信号", [(codes.SIGNALS[k], v) for k, v in data["by_signal"].items()]),
                  ("按村(社区)", [(names.get(c, c), n) for c, n in data["by_region"]]),
                  ("监测对象（按类别，人）", [(codes.LAYERS[k], v) for k, v in data["layers"].items()])]
        if request.GET.get("export") == "xlsx":
            rows = [[group, label, n] for group, pairs in tables for label, n in pairs]
            response, count = export.xlsx_response(["分组", "项目", "数量"], rows,
                                                   f"动态监测统计-{clock.today():%Y%m%d}.xlsx", "动态监测统计")
            audit.record(request.user, audit.Event("export", "warning", "", request.user.region_id, {
                "rows": count, "format": "xlsx", "filters": {"month": f"{month:%Y-%m}" if month else ""}}))
            return response
        return self.render({"form": form, "tables": tables, "month": month})


# ---- visits ----------------------------------------------------------------------------------------------------------


class PlanList(ListPage):
    title = "走访计划"
    permission = "monitoring.view"
    description = ("各类对象的走访周期按区划和生效日期设置（最具体的区划优先）；走访清单按本计划计算应走访日期。"
                   "内置示例计划（示例值）须由县级民政部门按本地要求修改。")
    selector = staticmethod(selectors.plans_for)
    filterset_class = PlanFilters
    table_class = PlanTable
    ordering = ("group", "region_code", "-effective_from", "id")
    export_object = "visit_plan"
    empty_text = "尚未设置走访计划"
    actions = [PageAction("visit_plan_new", "新增走访计划", "monitoring.rules"),
               PageAction("visit_due", "走访清单", "monitoring.view", style="outline-secondary")]


class PlanForm(StyledForm):
    group = forms.ChoiceField(label="走访对象", choices=list(codes.VISIT_GROUPS.items()))
    region_code = forms.CharField(label="区划代码", max_length=12)
    every_months = forms.IntegerField(label="走访周期（月）", min_value=1, max_value=24, initial=1)
    effective_from = forms.DateField(label="生效日期", **DATE_INPUT)
    source = forms.CharField(label="依据", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class PlanEditPage(ServiceFormPage):
    title = "走访计划"
    permission = "monitoring.rules"
    form_class = PlanForm
    object_selector = staticmethod(selectors.get_plan)
    description = "同一对象、区划和生效日期的计划会被更正（留有审计记录）；新的生效日期则新增一条。"
    success_message = "已保存走访计划"
    success_url = "visit_plan_list"

    def load_object(self):
        if self.kwargs.get("pk") is not None:
            super().load_object()

    def initial(self) -> dict:
        p = self.object
        if p is None:
            return {"region_code": self.request.user.region_id, "effective_from": clock.today()}
        return {"group": p.group, "region_code": p.region_code, "every_months": p.every_months,
                "effective_from": p.effective_from, "source": p.source}

    def call_service(self, data, comment):
        return visit_services.save_plan(self.request.user, data)


class VisitList(ListPage):
    title = "走访记录"
    permission = "monitoring.view"
    selector = staticmethod(selectors.visits_for)
    filterset_class = VisitFilters
    table_class = VisitTable
    ordering = ("-visited_on", "-id")
    export_permission = "people.export"
    export_object = "visit"
    actions = [PageAction("visit_record", "登记走访", "visits.record"),
               PageAction("visit_due", "走访清单", "monitoring.view", style="outline-secondary"),
               PageAction("visit_plan_list", "走访计划", "monitoring.view", style="outline-secondary")]


class VisitDue(Page):
    title = "走访清单"
    permission = "monitoring.view"
    template_name = "monitoring/visit_due.html"

    def get(self, request):
        rows = visits.due_list(request.user)
        if request.GET.get("export") in ("xlsx", "csv") and selectors.may_export(request.user):
            fmt = request.GET["export"]
            header = export.headers(DueTable)
            data = list(export._values(DueTable, rows))
            filename = f"走访清单-{clock.today():%Y%m%d}.{fmt}"
            if fmt == "xlsx":
                response, _ = export.xlsx_response(header, data, filename, "走访清单")
            else:
                response = export.csv_response(header, data, filename)
            audit.record(request.user, audit.Event("export", "visit", "", request.user.region_id,
                                                   {"rows": len(data), "format": fmt, "filters": {}}))
            return response
        table = DueTable(rows[:500], empty_text="本辖区没有按走访计划需要走访的人员")
        return self.render({"table": table, "count": len(rows), "overdue": sum(1 for r in rows if r.overdue),
                            "more": len(rows) > 500, "may_export": selectors.may_export(request.user)})


class VisitForm(StyledForm):
    person_id = forms.IntegerField(label="走访对象（人员编号）", min_value=1, widget=forms.HiddenInput)
    visited_on = forms.DateField(label="走访日期", **DATE_INPUT)
    visitor = forms.CharField(label="走访人", max_length=100)
    seen = forms.CharField(label="见到的人", max_length=200)
    findings = forms.CharField(label="走访情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    photo = forms.FileField(label="照片（JPG/PNG，可选）", required=False)


class VisitRecordPage(ServiceFormPage):
    title = "登记走访"
    permission = "visits.record"
    form_class = VisitForm
    success_message = "已登记走访"
    success_url = "visit_due"

    def initial(self) -> dict:
        out = {"visited_on": clock.today(), "visitor": self.request.user.get_full_name() or self.request.user.username}
        person = self.request.GET.get("person", "")
        if person.isdigit():
            out["person_id"] = int(person)
        return out

    def page(self, form, status=200, **extra):
        pid = form["person_id"].value()
        name = selectors.person_name(self.request.user, pid)
        if name:
            self.description = f"走访对象：{name}"
        return super().page(form, status, **extra)

    def call_service(self, data, comment):
        photo = data.pop("photo", None)
        return visit_services.record(self.request.user, data, photo=photo)


# ---- the month's run -------------------------------------------------------------------------------------------------


class RunForm(StyledForm):
    month = MonthField(label="监测月份", error_messages={"required": "请填写监测月份"})


class RunPage(ServiceFormPage):
    title = "运行监测预警"
    permission = "monitoring.run"
    form_class = RunForm
    service = staticmethod(runs.submit)
    submit_label = "开始运行"
    success_message = "监测已开始"
    success_url = staticmethod(lambda job: reverse("job_detail", args=[job.pk]))
    description = ("按本月生效的预警规则为全部监测对象家庭评分，生成预警（不重复生成仍在办理的预警）、"
                   "政策找人任务；同一月份可重复运行。")

    def initial(self) -> dict:
        return {"month": f"{clock.today():%Y-%m}"}


class RunList(ListPage):
    title = "监测批次"
    permission = "monitoring.run"
    selector = staticmethod(selectors.runs_for)
    filterset_class = RunFilters
    table_class = RunTable
    ordering = ("-started_at", "-id")
    export_object = "monitor_run"
    empty_text = "尚未运行监测"
    actions = [PageAction("monitor_run_new", "运行监测", "monitoring.run")]
