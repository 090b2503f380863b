"""Pages of adoption registration, mounted at /adoption/: the list (with export), one adoption, the application
form, 收养评估, registration and dissolution (confirmation steps), the printable certificate data sheet."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from minzheng.adoption import codes, selectors, services
from minzheng.core import audit, clock, roles
from minzheng.core.errors import Forbidden
from minzheng.core.forms import StyledForm
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import CodeColumn, DateColumn, LinkColumn, MaskedColumn, PageTable, TextColumn
from minzheng.core.pages.detail import DetailPage, Section
from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, DateRangeFilter, PageFilterSet
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.core.pages.region_picker import RegionFilter

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CONDITION_CHOICES = list(codes.CONDITIONS.items())


def _date(label, required=True):
    return forms.DateField(label=label, required=required, widget=DATE, input_formats=["%Y-%m-%d"])


class AdoptionFilters(PageFilterSet):
    adopter_name = ContainsFilter("adopter_name", label="收养人")
    child = ContainsFilter("child__name", label="被收养人")
    status = ChoiceFilter("status", label="状态", choices=codes.STATUS)
    region_code = RegionFilter("region_code", label="登记机关所在区划")
    applied_on = DateRangeFilter("applied_on", label="申请日期")


class AdoptionTable(PageTable):
    pk = LinkColumn("编号", "adoption_detail", accessor="pk")
    child = TextColumn("被收养人", accessor="child__name")
    child_category = CodeColumn(codes.CHILD_CATEGORIES, "被收养人情形")
    adopter_name = TextColumn("收养人")
    adopter_id = MaskedColumn("收养人身份证号", accessor="adopter_id_masked")
    applied_on = DateColumn("申请日期")
    status = CodeColumn(codes.STATUS, "状态")
    certificate_no = TextColumn("收养登记证字号")


class AdoptionList(ListPage):
    title = "收养登记"
    description = ("民法典第1093条起：收养人条件（第1098条）由收养人声明、登记机关核查；"
                   "收养评估（第1105条）后办理登记，"
                   "收养关系自登记之日起成立；解除收养关系应办理解除登记。")
    permission = "adoption.view"
    selector = staticmethod(selectors.adoptions_for)
    filterset_class = AdoptionFilters
    table_class = AdoptionTable
    ordering = ("-applied_on", "-id")
    export_permission = "adoption.export"
    export_object = "adoption"
    actions = [PageAction("adoption_apply", "登记收养申请", "adoption.register")]


class Row:
    def __init__(self, a):
        self.__dict__.update({f.name: getattr(a, f.name) for f in a._meta.concrete_fields
                              if not f.name.endswith("_enc")})
        self.pk, self.child_name, self.adopter_id_masked = a.pk, a.child.name, a.adopter_id_masked
        self.declared_text = "；".join(codes.CONDITIONS[c] for c in a.declared) or "无"
        self.failed_text = "；".join(codes.CONDITIONS[c] for c in a.checked_failed) or "无"
        self.refusal_text = a.refusal_text

    def __str__(self) -> str:
        return f"#{self.pk} {self.adopter_name} 收养 {self.child_name}"


class AdoptionPage(DetailPage):
    title = "收养登记"
    permission = "adoption.view"
    selector = staticmethod(lambda user, pk: Row(selectors.get_adoption(user, pk)))
    sections = [
        Section("申请", {"child_name": TextColumn("被收养人"),
                       "child_category": CodeColumn(codes.CHILD_CATEGORIES, "被收养人情形"),
                       "adopter_name": TextColumn("收养人"), "adopter_id_masked": MaskedColumn("收养人身份证号"),
                       "spouse_name": TextColumn("共同收养的配偶"), "children": TextColumn("现有子女数"),
                       "applied_on": DateColumn("申请日期"), "status": CodeColumn(codes.STATUS, "状态")}),
        Section("条件和评估", {"declared_text": TextColumn("声明符合的条件", wrap=True),
                          "failed_text": TextColumn("核查不符合的条件", wrap=True),
                          "assessed_on": DateColumn("评估日期"), "assessor": TextColumn("评估机构/人员"),
                          "assessment_result": CodeColumn(codes.ASSESSMENT_RESULTS, "评估结论"),
                          "assessment_report": TextColumn("评估报告", wrap=True)}),
        Section("登记", {"registered_on": DateColumn("登记日期"), "certificate_no": TextColumn("收养登记证字号"),
                       "refusal_text": TextColumn("不予登记理由", wrap=True), "dissolved_on": DateColumn("解除日期"),
                       "dissolution_reason": TextColumn("解除理由")})]
    actions = [PageAction("adoption_assess", "收养评估", "adoption.register", url_args=("pk",)),
               PageAction("adoption_register", "办理收养登记", "adoption.register", url_args=("pk",)),
               PageAction("adoption_certificate", "打印登记数据页", "adoption.view", url_args=("pk",),
                          style="outline-primary"),
               PageAction("adoption_dissolve", "解除收养关系", "adoption.register", url_args=("pk",),
                          style="outline-danger")]


def _detail(row) -> str:
    return reverse("adoption_detail", args=[row.pk])


class ApplyForm(StyledForm):
    child_id = forms.IntegerField(label="被收养人（人员ID）", min_value=1)
    child_category = forms.ChoiceField(label="被收养人情形", choices=[("", "请选择"), *codes.CHILD_CATEGORIES.items()])
    child_disabled = forms.BooleanField(label="残疾未成年人", required=False)
    child_in_institution = forms.BooleanField(label="儿童福利机构抚养", required=False)
    child_consents = forms.BooleanField(label="被收养人同意（八周岁以上）", required=False)
    name = forms.CharField(label="收养人姓名", max_length=50)
    sex = forms.ChoiceField(label="收养人性别", choices=[("", "请选择"), ("M", "男"), ("F", "女")])
    id_number = forms.CharField(label="收养人身份证号", max_length=18)
    birth_date = _date("收养人出生日期")
    married = forms.BooleanField(label="收养人有配偶", required=False)
    spouse_name = forms.CharField(label="配偶姓名（共同收养）", max_length=50, required=False)
    spouse_id_number = forms.CharField(label="配偶身份证号", max_length=18, required=False)
    children = forms.IntegerField(label="现有子女数", min_value=0, max_value=20, initial=0)
    adopted_before = forms.IntegerField(label="此前已收养子女数", min_value=0, max_value=20, initial=0)
    declared = forms.MultipleChoiceField(label="声明符合的条件", choices=CONDITION_CHOICES, required=False,
                                         widget=forms.CheckboxSelectMultiple)


class ApplyPage(ServiceFormPage):
    title = "登记收养申请"
    permission = "adoption.register"
    form_class = ApplyForm
    success_message = "已登记收养申请"
    success_url = staticmethod(_detail)

    def call_service(self, data, comment):
        spouse = ({"name": data["spouse_name"], "id_number": data["spouse_id_number"]}
                  if data.get("spouse_name") else None)
        return services.apply(self.request.user, {
            **{k: data[k] for k in ("child_id", "child_category", "child_disabled", "child_in_institution",
                                    "child_consents", "married", "children", "adopted_before", "declared")},
            "adopter": {k: data[k] for k in ("name", "sex", "id_number", "birth_date")}, "spouse": spouse})


class AssessForm(StyledForm):
    assessed_on = _date("评估日期")
    assessor = forms.CharField(label="评估机构/人员", max_length=100)
    result = forms.ChoiceField(label="评估结论", choices=[("", "请选择"), *codes.ASSESSMENT_RESULTS.items()])
    report = forms.CharField(label="评估报告", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    checked_failed = forms.MultipleChoiceField(label="核查不符合的条件", choices=CONDITION_CHOICES, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    check_note = forms.CharField(label="核查说明", max_length=500, required=False)


class AssessPage(ServiceFormPage):
    title = "收养评估和条件核查"
    permission = "adoption.register"
    form_class = AssessForm
    object_selector = staticmethod(selectors.get_adoption)
    success_message = "已登记评估"
    success_url = staticmethod(_detail)

    def call_service(self, data, comment):
        return services.assess(self.request.user, self.object.pk, data)


class RegisterForm(StyledForm):
    date = _date("登记日期（缺省为今天）", required=False)


class RegisterPage(ServiceFormPage):
    title = "办理收养登记"
    description = "收养关系自登记之日起成立（民法典第1105条）。不符合条件的不予登记，理由逐条记录。"
    permission = "adoption.register"
    form_class = RegisterForm
    object_selector = staticmethod(selectors.get_adoption)
    confirm = True
    success_message = "已办理收养登记"
    success_url = staticmethod(_detail)

    def call_service(self, data, comment):
        return services.register(self.request.user, self.object.pk, data, comment=comment)


class DissolveForm(StyledForm):
    kind = forms.ChoiceField(label="解除方式", choices=[("", "请选择"), *codes.DISSOLUTION_KINDS.items()])
    reason = forms.CharField(label="解除理由", max_length=500)
    date = _date("解除日期（缺省为今天）", required=False)


class DissolvePage(ServiceFormPage):
    title = "解除收养关系登记"
    permission = "adoption.register"
    form_class = DissolveForm
    object_selector = staticmethod(selectors.get_adoption)
    confirm = True
    success_message = "已解除收养关系"
    success_url = staticmethod(_detail)

    def call_service(self, data, comment):
        return services.dissolve(self.request.user, self.object.pk, data, comment=comment)


@login_required
def certificate_sheet(request, pk: int):
    if not roles.has_perm(request.user, "adoption.view"):
        raise Forbidden("您的角色无权访问此页面")
    row = selectors.get_adoption(request.user, pk)
    audit.record(request.user, audit.Event("export", "adoption", row.pk, row.region_code,
                                           {"print": [None, "certificate_sheet"]}))
    return render(request, "adoption/certificate.html", {"row": row, "today": clock.today(),
                                                         "category": codes.CHILD_CATEGORIES[row.child_category],
                                                         "status": codes.STATUS[row.status]})
