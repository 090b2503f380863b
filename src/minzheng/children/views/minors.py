"""Minors-protection pages: cases (list with export, the case page with its steps, deadlines, referrals, officers and
stays), the 强制报告 form, each step's form, referral, restriction and officers, the 未保中心's intake, discharge
and stays list, and the time limits. A restricted case is a 404 to anyone not named on it (the selectors)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from minzheng.children import codes, filters, forms
from minzheng.children.policy.minors import ALLOWED, AWAITS
from minzheng.children.selectors import minors as selectors
from minzheng.children.services import minors as services
from minzheng.children.tables import (
    CaseStayTable,
    CaseTable,
    LimitTable,
    OfficerTable,
    ReferralTable,
    StayTable,
    StepTable,
)
from minzheng.core import clock
from minzheng.core.errors import NotFound
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import BooleanColumn, CodeColumn, RegionColumn, TextColumn
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage

LISTS = [PageAction("minors_case_list", "个案", None, style="outline-secondary"),
         PageAction("minors_stays", "未保中心入住", None, style="outline-secondary"),
         PageAction("minors_limits", "办理时限", None, style="outline-secondary")]


def case_url(result) -> str:
    return reverse("minors_case", args=[getattr(result, "case_id", None) or result.pk])


class CaseList(ListPage):
    title = "未成年人保护个案"
    description = ("强制报告（《未成年人保护法》第十一条）接报后按时限应急处置、评估、干预、跟踪回访直至结案；"
                   "限制访问的个案仅指定的经办人员可见。")
    permission = "minors.view"
    selector = staticmethod(selectors.cases_for)
    filterset_class = filters.CaseFilters
    table_class = CaseTable
    ordering = ("-reported_at", "-id")
    export_permission = "people.export"
    export_object = "minors_case"
    empty_text = "没有符合条件的个案"
    actions = [PageAction("minors_report", "登记强制报告", "minors.report"), *LISTS[1:]]


class Case:
    """The case page object."""

    def __init__(self, case):
        self.case, self.pk = case, case.pk
        for f in ("child_name", "child_age", "region_code", "reporter_name", "reporter_type", "channel", "harm",
                  "urgency", "state", "description", "response", "risk_level", "assessment", "intervention",
                  "closure", "restricted"):
            setattr(self, f, getattr(case, f))
        self.reported_text = f"{timezone.localtime(case.reported_at):%Y-%m-%d %H:%M}"
        self.reporter_phone = case.reporter_phone_masked
        self.due_text = "—"
        if case.due_at and case.state != "closed":
            late = "（已超时）" if case.due_at < clock.now() else ""
            when = f"{timezone.localtime(case.due_at):%Y-%m-%d %H:%M}"
            self.due_text = f"{codes.LIMIT_STEPS[AWAITS[case.state]]}：{when}{late}"
        self.allowed = ALLOWED[case.state]

    def __str__(self) -> str:
        return f"{self.child_name}（#{self.pk}）"


def case_page(user, pk) -> Case:
    return Case(selectors.get_case(user, pk))


@dataclass(frozen=True)
class StepAction(PageAction):
    """A step button, shown only when the case's state allows the step."""

    action: str = ""

    def url(self, obj=None) -> str:
        if self.url_name == "minors_step":
            return reverse("minors_step", args=[obj.pk, self.action])
        return reverse(self.url_name, args=[obj.pk])


def _act(url_name: str, label: str, action: str, style: str = "outline-primary") -> StepAction:
    return StepAction(url_name, label, "minors.handle", style=style, action=action)


class CasePage(DetailPage):
    title = "未成年人保护个案"
    permission = "minors.view"
    selector = staticmethod(case_page)
    sections = [
        Section("报告", {"child_name": TextColumn("儿童姓名"), "child_age": TextColumn("年龄"),
                         "region_code": RegionColumn("所在地"), "reported_text": TextColumn("报告时间"),
                         "reporter_name": TextColumn("报告人"),
                         "reporter_type": CodeColumn(codes.REPORTER_TYPES, "报告主体"),
                         "reporter_phone": TextColumn("报告人电话"),
                         "channel": CodeColumn(codes.CHANNELS, "报告渠道"),
                         "harm": CodeColumn(codes.HARMS, "侵害情形"),
                         "urgency": CodeColumn(codes.URGENCY, "紧急程度"), "description": TextColumn("报告内容")}),
        Section("办理", {"state": CodeColumn(codes.CASE_STATES, "状态"), "due_text": TextColumn("当前环节期限"),
                         "response": TextColumn("应急处置情况"),
                         "risk_level": CodeColumn(codes.RISK_LEVELS, "风险等级"),
                         "assessment": TextColumn("评估意见"),
                         "intervention": CodeColumn(codes.INTERVENTIONS, "干预措施"),
                         "closure": TextColumn("结案情况"), "restricted": BooleanColumn("限制访问")}),
    ]
    related = [Related("办理记录", StepTable, lambda user, obj: selectors.steps_of(user, obj.case)),
               Related("转介", ReferralTable, lambda user, obj: selectors.referrals_of(user, obj.case),
                       empty_text="未转介"),
               Related("未保中心入住", CaseStayTable, lambda user, obj: selectors.stays_of(user, obj.case),
                       empty_text="无"),
               Related("指定的经办人员", OfficerTable, lambda user, obj: selectors.officers_of(user, obj.case),
                       empty_text="未指定（个案按区划可见）")]
    step_actions = [_act("minors_step", "应急处置", "respond", "primary"),
                    _act("minors_step", "评估", "assess", "primary"),
                    _act("minors_step", "干预", "intervene", "primary"),
                    _act("minors_step", "跟踪回访", "follow_up"),
                    _act("minors_refer", "转介", "refer"),
                    _act("minors_intake", "未保中心接收", "intake"),
                    _act("minors_discharge", "离开未保中心", "discharge"),
                    _act("minors_officers", "访问范围和经办人员", "officers"),
                    _act("minors_step", "结案", "close")]

    def render(self, context, status=200, template=None):
        obj = context.get("object")
        if obj is not None and "actions" in context:
            user = self.request.user
            context["actions"] = [{"label": a.label, "url": a.url(obj), "style": a.style}
                                  for a in self.step_actions if a.allowed(user) and a.action in obj.allowed]
        return super().render(context, status, template)


STEP_TITLES = {"respond": "应急处置", "assess": "评估", "intervene": "干预", "follow_up": "跟踪回访", "close": "结案"}
STEP_FIELDS = {"respond": ("note",), "assess": ("note", "risk_level"), "intervene": ("note", "intervention"),
               "follow_up": ("note",), "close": ("note",)}


class StepPage(ServiceFormPage):
    title = "办理个案"
    permission = "minors.handle"
    form_class = forms.StepForm
    object_selector = staticmethod(selectors.get_case)
    submit_label = "保存"
    success_message = "已办理"
    success_url = staticmethod(case_url)

    def load_object(self):
        super().load_object()
        self.action = self.kwargs.get("action", "")
        if self.action not in STEP_TITLES:
            raise NotFound()
        self.title = f"个案{STEP_TITLES[self.action]}：{self.object.child_name}"
        self.confirm = self.action == "close"  # closing is not undone

    def make_form(self, data=None):
        form = super().make_form(data)
        for name in list(form.fields):
            if name not in STEP_FIELDS[self.action]:
                del form.fields[name]
        if "risk_level" in form.fields:
            form.fields["risk_level"].required = True
        if "intervention" in form.fields:
            form.fields["intervention"].required = True
        return form

    def call_service(self, data, comment):
        return services.act(self.request.user, self.object, self.action, data)


class ReferPage(ServiceFormPage):
    title = "转介"
    description = "转介公安、教育、卫生健康等部门，记录接收单位和转介事项。"
    permission = "minors.handle"
    form_class = forms.ReferralForm
    object_selector = staticmethod(selectors.get_case)
    submit_label = "转介"
    success_message = "已转介"
    success_url = staticmethod(case_url)

    def initial(self) -> dict:
        return {"sent_on": clock.today()}

    def call_service(self, data, comment):
        return services.refer(self.request.user, self.object, data)


class OfficersPage(ServiceFormPage):
    title = "访问范围和经办人员"
    description = ("限制访问的个案仅指定的经办人员可见（包括县级负责人在内的其他人员均不可见），"
                   "设置人本人始终在指定之列。")
    permission = "minors.handle"
    form_class = forms.OfficersForm
    object_selector = staticmethod(selectors.get_case)
    submit_label = "保存"
    success_message = "已保存访问范围"
    success_url = staticmethod(case_url)

    def initial(self) -> dict:
        return {"restricted": self.object.restricted,
                "officer_ids": [str(o.user_id) for o in selectors.officers_of(self.request.user, self.object)]}

    def make_form(self, data=None):
        form = super().make_form(data)
        form.fields["officer_ids"].choices = [(str(k), v) for k, v in
                                              selectors.staff_choices(self.request.user, self.object.region_code)]
        return form

    def call_service(self, data, comment):
        return services.set_officers(self.request.user, self.object,
                                     {**data, "officer_ids": [int(x) for x in data["officer_ids"]]})


class IntakePage(ServiceFormPage):
    title = "未保中心接收（临时监护）"
    description = "《未成年人保护法》第九十二条、第九十三条：民政部门临时监护，交由未成年人救助保护机构收留、抚养。"
    permission = "minors.handle"
    form_class = forms.IntakeForm
    object_selector = staticmethod(selectors.get_case)
    submit_label = "接收"
    success_message = "已办理入住"
    success_url = staticmethod(case_url)

    def initial(self) -> dict:
        return {"admitted_on": clock.today(), "centre": "县未成年人救助保护中心"}

    def call_service(self, data, comment):
        return services.intake(self.request.user, self.object, data)


class DischargePage(ServiceFormPage):
    title = "离开未保中心"
    permission = "minors.handle"
    form_class = forms.DischargeForm
    object_selector = staticmethod(selectors.get_case)
    submit_label = "下一步"
    success_message = "已办理离开"
    success_url = staticmethod(case_url)
    confirm = True

    def initial(self) -> dict:
        return {"left_on": clock.today()}

    def call_service(self, data, comment):
        return services.discharge(self.request.user, self.object, data)


class ReportPage(ServiceFormPage):
    title = "登记强制报告"
    description = ("学校、医疗机构、村（居）委会等密切接触未成年人的单位发现侵害或疑似侵害的，应当立即报告"
                   "（《未成年人保护法》第十一条）。登记后按办理时限计算应急处置期限。")
    permission = "minors.report"
    form_class = forms.ReportForm
    submit_label = "登记"
    success_message = "已登记强制报告"

    def initial(self) -> dict:
        return {"reported_at": timezone.localtime(clock.now()).strftime("%Y-%m-%dT%H:%M"),
                "region_code": self.request.user.region_id}

    def success_location(self, result) -> str:
        return case_url(result) if selectors.cases_for(self.request.user).filter(pk=result.pk).exists() \
            else reverse("minors_case_list")

    def call_service(self, data, comment):
        return services.report(self.request.user, {**data, "child_age": data.get("child_age")})


class StayList(ListPage):
    title = "未保中心入住"
    description = "临时监护期间在未成年人救助保护中心的入住、离开和去向。"
    permission = "minors.view"
    selector = staticmethod(selectors.stays_for)
    filterset_class = filters.StayFilters
    table_class = StayTable
    ordering = ("-admitted_on", "-id")
    export_permission = "people.export"
    export_object = "minors_case"
    actions = [LISTS[0], LISTS[2]]


class LimitList(ListPage):
    title = "未成年人保护办理时限"
    description = ("各环节时限（小时，自上一环节起算），按紧急程度、区划和生效日期设定；下级区划优先。"
                   "“依据”注明“示例值”的为内置示例。")
    permission = "minors.view"
    selector = staticmethod(selectors.limits_for)
    filterset_class = filters.LimitFilters
    table_class = LimitTable
    ordering = ("region_code", "step", "urgency", "-effective_from")
    export_permission = "minors.view"
    export_object = "minors_time_limit"
    actions = [PageAction("children_policy_examples", "载入示例", "children.policy"), LISTS[0]]
