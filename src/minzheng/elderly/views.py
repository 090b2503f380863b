"""Pages of the elderly-care app, mounted at /elderly/ (ElderlyConfig.url_prefix): the elderly register (list with
export, an elder's page, stored facts, contacts), capability assessments (list with export, record, dispute, the
printable report — form C), survival checks (list, record, the county's sweep) and the indicators by region.
Reads through elderly.selectors, writes through elderly.services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from minzheng.core import audit, clock, roles
from minzheng.core.errors import FieldError, Forbidden, ValidationFailed
from minzheng.core.forms import StyledForm
from minzheng.core.pages.base import Page, PageAction
from minzheng.core.pages.columns import (
    CodeColumn,
    DateColumn,
    MaskedColumn,
    RegionColumn,
    TextColumn,
)
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.elderly import codes, filters, forms, selectors
from minzheng.elderly.forms import item_field
from minzheng.elderly.policy import capability
from minzheng.elderly.services import assessments, register, survival
from minzheng.elderly.tables import (
    AssessmentTable,
    ContactTable,
    ElderlyTable,
    IndicatorTable,
    LevelColumn,
    PersonAssessmentTable,
    PersonSurvivalTable,
    SurvivalTable,
)
from minzheng.registry import codes as registry_codes

LISTS = [PageAction("elderly_list", "老年人名册", None, style="outline-secondary"),
         PageAction("elderly_assessment_list", "能力评估", None, style="outline-secondary"),
         PageAction("elderly_survival_list", "生存认证", None, style="outline-secondary"),
         PageAction("elderly_indicators", "养老服务指标", None, style="outline-secondary")]


def _elder_url(result) -> str:
    return reverse("elderly_person", args=[getattr(result, "person_id", None) or result.pk])


# ---- the register ---------------------------------------------------------------------------------------------------


class ElderlyList(ListPage):
    title = "老年人名册"
    description = ("辖区内年满60周岁的在世人员（《老年人权益保障法》第二条）。独居、空巢按登记的居住情况，"
                   "未登记时按户籍家庭成员判断；失能按最近一次能力评估（GB/T 42195-2022，1–4级）；"
                   "留守、计划生育特殊家庭为登记事实。")
    permission = "people.view"
    selector = staticmethod(selectors.elderly_for)
    filterset_class = filters.ElderlyFilters
    table_class = ElderlyTable
    ordering = ("region_id", "birth_date", "id")
    export_permission = "people.export"
    export_object = "elderly_register"
    empty_text = "没有符合条件的老年人"
    actions = LISTS[1:]


class Elder:
    """The elder's page object: the person with situations, stored facts, the current assessment and benefits."""

    def __init__(self, record: dict):
        self.__dict__.update(record)
        person = self.person
        self.pk = person.pk
        self.situation_text = "、".join(codes.SITUATIONS[c] for c in self.situations) or "无"
        current = [a for a in self.assessments if a.current]
        self.current = current[0] if current else None
        self.level = self.current.level if self.current else None
        self.reassess_due = self.current.reassess_due if self.current else None
        self.benefit_text = "、".join(self.benefits) or "无"
        p = self.profile
        self.living = p.living if p else ""
        self.care_arrangement = p.care_arrangement if p else ""
        self.dispute_text = (f"{self.current.disputed_on} 提出异议：{self.current.dispute_reason}（待复评）"
                             if self.current and self.current.disputed else "")

    def __str__(self) -> str:
        return self.person.name


def elder_page(user, pk) -> Elder:
    return Elder(selectors.elder_page(user, pk))


class ElderPage(DetailPage):
    title = "老年人"
    permission = "people.view"
    selector = staticmethod(elder_page)
    sections = [Section("基本情况", {
        "person__name": TextColumn("姓名"), "person__id_number_masked": MaskedColumn("身份证号"),
        "person__sex": CodeColumn(registry_codes.SEX, "性别"), "age": TextColumn("年龄"),
        "person__region_id": RegionColumn("经常居住地"), "situation_text": TextColumn("老年人情况"),
        "living": CodeColumn(codes.LIVING, "居住情况（登记）"),
        "care_arrangement": CodeColumn(codes.CARE_ARRANGEMENTS, "养老方式"),
        "benefit_text": TextColumn("享受待遇"),
        "level": LevelColumn("能力等级（当前评估）"), "reassess_due": DateColumn("下次常规评估"),
        "dispute_text": TextColumn("评估异议"),
    })]
    related = [Related("联系人和监护人", ContactTable, lambda user, obj: obj.contacts, empty_text="尚未登记联系人"),
               Related("老年人能力评估（新的评估取代旧的，历史保留）", PersonAssessmentTable,
                       lambda user, obj: obj.assessments, empty_text="尚无能力评估"),
               Related("生存认证（高龄津贴）", PersonSurvivalTable, lambda user, obj: obj.checks,
                       empty_text="尚无生存认证记录")]
    actions = [PageAction("elderly_assess", "录入能力评估", "elderly.assess", url_args=("pk",)),
               PageAction("elderly_profile", "登记老年人情况", "people.change", url_args=("pk",),
                          style="outline-primary"),
               PageAction("elderly_contact_add", "登记联系人", "people.change", url_args=("pk",),
                          style="outline-primary"),
               PageAction("elderly_survival_add", "生存认证", "elderly.survival", url_args=("pk",),
                          style="outline-primary")]


class ProfileEdit(ServiceFormPage):
    title = "登记老年人情况"
    description = "户籍信息无法反映的情况：实际居住情况、留守、失智、计划生育特殊家庭、养老方式。"
    permission = "people.change"
    form_class = forms.ProfileForm
    object_selector = staticmethod(selectors.get_elder)
    submit_label = "保存"
    success_message = "已登记老年人情况"
    success_url = staticmethod(_elder_url)

    def initial(self) -> dict:
        found = selectors.profile_of(self.object.pk) if self.object is not None else None
        return {f: getattr(found, f) for f in register.FIELDS} if found else {}

    def call_service(self, data, comment):
        return register.save_profile(self.request.user, self.object.pk, data)


class ContactAdd(ServiceFormPage):
    title = "登记联系人或监护人"
    permission = "people.change"
    form_class = forms.ContactForm
    object_selector = staticmethod(selectors.get_elder)
    submit_label = "登记"
    success_message = "已登记联系人"
    success_url = staticmethod(_elder_url)

    def call_service(self, data, comment):
        return register.add_contact(self.request.user, self.object.pk, data)


# ---- assessments ----------------------------------------------------------------------------------------------------


class AssessmentList(ListPage):
    title = "老年人能力评估"
    description = ("GB/T 42195-2022：26项，满分90分，分数越高能力越好；0级 能力完好（90）、1级 轻度受损（66–89）、"
                   "2级 中度受损（46–65）、3级 重度受损（30–45）、4级 完全丧失（0–29）；昏迷直接评定为4级，痴呆等"
                   "精神障碍诊断或近30天2次及以上照护风险事件提高一级。新的评估取代旧的，历史保留。")
    permission = "people.view"
    selector = staticmethod(selectors.assessments_for)
    filterset_class = filters.AssessmentFilters
    table_class = AssessmentTable
    ordering = ("-assessed_on", "-id")
    export_permission = "people.export"
    export_object = "elderly_assessment"
    empty_text = "没有符合条件的评估"
    actions = [LISTS[0], *LISTS[2:]]


ITEM_FIELDS = {f"items.{i.code}": item_field(i.code) for i in capability.items()}


class AssessmentAdd(ServiceFormPage):
    title = "录入老年人能力评估"
    description = ("按评估员填写的《老年人能力评估表》（GB/T 42195-2022 表B）录入各项原始得分；等级由系统按标准计算。"
                   "复评：该老年人当前评估已登记异议时，选择评估原因“复评”。")
    permission = "elderly.assess"
    form_class = forms.AssessmentForm
    object_selector = staticmethod(selectors.get_elder)
    submit_label = "保存评估"
    success_message = "已录入老年人能力评估"
    success_url = staticmethod(_elder_url)

    def call_service(self, data, comment):
        payload = {**self.form.service_data(), "person_id": self.object.pk}
        if payload.get("reason") == "reassessment":
            current = selectors.current_assessment(self.object.pk)
            payload["review_of"] = current.pk if current else None
        try:
            return assessments.record_assessment(self.request.user, payload)
        except ValidationFailed as exc:  # items.B.1.1 → the item's field
            raise ValidationFailed([FieldError(ITEM_FIELDS.get(e.field, e.field), e.message)
                                    for e in exc.errors]) from None

    def make_form(self, data=None):
        self.form = super().make_form(data)
        return self.form


class AssessmentDispute(ServiceFormPage):
    title = "登记评估异议"
    description = "老年人或其家属对评估结果有异议的，登记后安排复评（复评结果取代原评估）。"
    permission = "elderly.assess"
    form_class = forms.DisputeForm
    object_selector = staticmethod(selectors.get_assessment)
    service = staticmethod(lambda user, row, data, comment=None: assessments.dispute(user, row, data))
    submit_label = "登记异议"
    success_message = "已登记异议，请安排复评"
    success_url = staticmethod(_elder_url)


@login_required
def assessment_report(request, pk: int):
    """The printable assessment report (GB/T 42195-2022 form C 评估报告); personal data: the print is audited."""
    if not roles.has_perm(request.user, "people.view"):
        raise Forbidden("您的角色无权访问此页面")
    row = selectors.get_assessment(request.user, pk)
    audit.record(request.user, audit.Event("export", "elderly_assessment", row.pk, row.region_code,
                                           {"print": [None, "assessment_report"]}))
    scores = row.item_scores
    parts = [{"code": part.code, "name": part.name, "max": part.max, "score": row.parts.get(part.code),
              "items": [(i.code, i.name, i.max, scores.get(i.code)) for i in part.items]}
             for part in capability.scale(row.standard).parts]
    return render(request, "elderly/print_report.html", {
        "row": row, "person": row.person, "parts": parts, "reason": codes.REASONS.get(row.reason, row.reason),
        "village": selectors.region_name(row.region_code), "level_name": row.level_name,
        "preliminary_name": codes.LEVELS[str(row.preliminary_level)], "today": clock.today()})


# ---- survival checks ------------------------------------------------------------------------------------------------


class SurvivalList(ListPage):
    title = "高龄津贴生存认证"
    description = ("领取人须在当地规定的认证周期内至少认证一次（村(社区)上门核实或部门数据比对）；"
                   "逾期未认证的自逾期次月起暂停发放，补认证后恢复并补发暂停期间的津贴。待认证和逾期名单见待办。")
    permission = "people.view"
    selector = staticmethod(selectors.checks_for)
    filterset_class = filters.SurvivalFilters
    table_class = SurvivalTable
    ordering = ("-checked_on", "-id")
    export_permission = "people.export"
    export_object = "survival_check"
    empty_text = "没有符合条件的认证记录"
    actions = [PageAction("elderly_survival_sweep", "暂停逾期未认证的津贴", "elderly.survival"), *LISTS[:2]]


class SurvivalAdd(ServiceFormPage):
    title = "录入生存认证"
    description = ("村(社区)工作人员见到本人、核实在世后录入；津贴因逾期未认证暂停的，"
                   "录入后恢复发放并补发暂停期间的津贴。")
    permission = "elderly.survival"
    form_class = forms.SurvivalForm
    object_selector = staticmethod(selectors.get_elder)
    submit_label = "保存认证"
    success_message = "已录入生存认证"
    success_url = staticmethod(_elder_url)

    def call_service(self, data, comment):
        return survival.record_check(self.request.user, {**data, "person_id": self.object.pk, "method": "visit"})


class SurvivalSweep(ServiceFormPage):
    title = "暂停逾期未认证的高龄津贴"
    description = ("县级：本县（区）逾期未生存认证的高龄津贴，自逾期次月起暂停发放（不早于下月）；"
                   "补认证后自动恢复并补发。")
    permission = "elderly.survival"
    form_class = StyledForm
    submit_label = "下一步"
    success_message = "已暂停逾期未认证的高龄津贴"
    success_url = "elderly_survival_list"
    confirm = True
    confirm_text = "将暂停本县（区）逾期未认证的全部高龄津贴。请核对后填写确认办理说明。"

    def call_service(self, data, comment):
        return survival.suspend_overdue(self.request.user)


# ---- indicators -----------------------------------------------------------------------------------------------------


class Indicators(Page):
    title = "养老服务指标"
    permission = "people.view"
    template_name = "elderly/indicators.html"

    def get(self, request, *args, **kwargs):
        fs = filters.IndicatorFilters(request.GET, queryset=selectors.elderly_for(request.user), request=request)
        if not fs.is_valid():
            return self.render({"filterset": fs, "filter_errors": fs.error_list(), "actions": []}, status=422)
        region = fs.form.cleaned_data.get("region_code") or ""
        data = selectors.indicators(request.user, region)
        table = IndicatorTable([*data["rows"], data["total"]], empty_text="没有下级区划")
        return self.render({"filterset": fs, "table": table, "region_name": selectors.region_name(data["root"]),
                            "filters_active": fs.active_count()})
