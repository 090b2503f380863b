"""Django forms of the charity pages (services validate again with the app's schemas)."""

from __future__ import annotations

from django import forms

from minzheng.charity import codes
from minzheng.core.forms import StyledForm
from minzheng.core.pages.region_picker import RegionField

DATE = {"widget": forms.DateInput(attrs={"type": "date"}), "input_formats": ["%Y-%m-%d"],
        "error_messages": {"invalid": "日期格式不正确：应为 YYYY-MM-DD", "required": "请填写日期"}}
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0,
         "error_messages": {"invalid": "金额格式不正确", "max_decimal_places": "金额最多两位小数"}}


class OrgChoiceForm(StyledForm):
    """A form whose `org_id` / `project_id` selects are filled with what the user may pick (from selectors)."""

    def __init__(self, *args, orgs=(), projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "org_id" in self.fields:
            self.fields["org_id"].choices = [("", "—"), *[(o.pk, o.name) for o in orgs]]
        if "project_id" in self.fields:
            self.fields["project_id"].choices = [("", "（不定向）"), *[(p.pk, p.name) for p in projects or ()]]
        self.style_fields()


class OrganisationForm(StyledForm):
    name = forms.CharField(label="名称", max_length=200)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18)
    form = forms.ChoiceField(label="组织形式", choices=list(codes.ORG_FORMS.items()))
    region_code = RegionField(label="登记管理机关所在区划")
    registered_on = forms.DateField(label="登记日期", **DATE)
    recognised_on = forms.DateField(label="认定为慈善组织日期", required=False, **DATE)
    recognition_no = forms.CharField(label="认定文号", max_length=50, required=False)


class QualificationForm(StyledForm):
    qualified_on = forms.DateField(label="取得公开募捐资格日期", **DATE)
    qualification_no = forms.CharField(label="公开募捐资格证书编号", max_length=50)


class ProjectForm(OrgChoiceForm):
    org_id = forms.TypedChoiceField(label="慈善组织", coerce=int)
    name = forms.CharField(label="项目名称", max_length=200)
    region_code = RegionField(label="服务区域")
    domain = forms.ChoiceField(label="领域", choices=list(codes.DOMAINS.items()))
    starts_on = forms.DateField(label="开始日期", **DATE)
    ends_on = forms.DateField(label="结束日期", required=False, **DATE)
    budget = forms.DecimalField(label="预算（元）", **MONEY)
    beneficiaries = forms.CharField(label="受益对象", max_length=200, required=False)
    accepts_referrals = forms.BooleanField(label="接受民政转介", required=False, initial=True)
    contact = forms.CharField(label="联系人及电话", max_length=100, required=False)


class FilingForm(OrgChoiceForm):
    org_id = forms.TypedChoiceField(label="慈善组织", coerce=int)
    title = forms.CharField(label="募捐方案名称", max_length=200)
    platform = forms.ChoiceField(label="互联网公开募捐服务平台", choices=list(codes.PLATFORMS.items()))
    starts_on = forms.DateField(label="募捐开始日期", **DATE)
    ends_on = forms.DateField(label="募捐结束日期", **DATE)
    target = forms.DecimalField(label="募捐目标（元）", **MONEY)


class DonationForm(OrgChoiceForm):
    org_id = forms.TypedChoiceField(label="受赠慈善组织", coerce=int)
    project_id = forms.TypedChoiceField(label="定向项目", coerce=int, required=False, empty_value=None)
    donor_name = forms.CharField(label="捐赠人", max_length=200)
    donor_kind = forms.ChoiceField(label="捐赠人类型", choices=list(codes.DONOR_KINDS.items()))
    form = forms.ChoiceField(label="捐赠形式", choices=list(codes.DONATION_FORMS.items()))
    amount = forms.DecimalField(label="金额（元，资金捐赠）", required=False, **MONEY)
    goods_description = forms.CharField(label="物资名称及数量（物资捐赠）", max_length=200, required=False)
    goods_value = forms.DecimalField(label="物资折合金额（元）", required=False, **MONEY)
    received_on = forms.DateField(label="接收日期", **DATE)


class ComplaintForm(OrgChoiceForm):
    org_id = forms.TypedChoiceField(label="被投诉组织", coerce=int, required=False, empty_value=None)
    region_code = RegionField(label="区划")
    received_on = forms.DateField(label="受理日期", **DATE)
    complainant = forms.CharField(label="投诉举报人", max_length=100, required=False)
    content = forms.CharField(label="投诉举报内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(StyledForm):
    result = forms.CharField(label="处理结果", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class TrustForm(StyledForm):
    name = forms.CharField(label="信托名称", max_length=200)
    region_code = RegionField(label="备案区划")
    trustee = forms.CharField(label="受托人", max_length=200)
    settlor = forms.CharField(label="委托人", max_length=200)
    supervisor = forms.CharField(label="监察人", max_length=200, required=False)
    purpose = forms.CharField(label="慈善目的", max_length=200)
    property_value = forms.DecimalField(label="信托财产（元）", **MONEY)
    filed_on = forms.DateField(label="备案日期", **DATE)
    filing_no = forms.CharField(label="备案编号", max_length=50)
