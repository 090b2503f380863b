"""Django forms of the volunteers pages (the services validate again with the app's schemas)."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import StyledForm
from minzheng.core.pages.region_picker import RegionField
from minzheng.volunteers import codes

DATE = {"widget": forms.DateInput(attrs={"type": "date"}), "input_formats": ["%Y-%m-%d"],
        "error_messages": {"invalid": "日期格式不正确：应为 YYYY-MM-DD", "required": "请填写日期"}}


class VolunteerForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "须填写姓名"})
    id_number = forms.CharField(label="身份证号", max_length=30, error_messages={"required": "须填写身份证号"})
    phone = forms.CharField(label="联系方式", max_length=30, required=False)
    region_code = RegionField(label="居住区域", error_messages={"required": "请选择居住区域"})
    skills = forms.CharField(label="专业技能", max_length=200, required=False)
    categories = forms.MultipleChoiceField(label="服务类别", choices=list(codes.CATEGORIES.items()), required=False,
                                           widget=forms.CheckboxSelectMultiple)


class HoursForm(StyledForm):
    activity = forms.CharField(label="活动名称", max_length=200, error_messages={"required": "须填写活动名称"})
    date = forms.DateField(label="服务日期", **DATE)
    hours = forms.DecimalField(label="服务时长（小时）", max_digits=3, decimal_places=1, min_value=0.1, max_value=24,
                               error_messages={"required": "须填写服务时长", "invalid": "服务时长应为小时数"})
    organiser = forms.CharField(label="组织单位", max_length=200, error_messages={"required": "须填写组织单位"})
    place = forms.CharField(label="地点", max_length=200, required=False)
    content = forms.CharField(label="服务内容", max_length=500, required=False)
    leader = forms.CharField(label="负责人", max_length=50, required=False)


class ActivityForm(StyledForm):
    name = forms.CharField(label="活动名称", max_length=200, error_messages={"required": "须填写活动名称"})
    region_code = RegionField(label="活动区划", error_messages={"required": "请选择活动区划"})
    category = forms.ChoiceField(label="服务类别", choices=list(codes.CATEGORIES.items()))
    starts_on = forms.DateField(label="开始日期", **DATE)
    ends_on = forms.DateField(label="结束日期", **DATE)
    place = forms.CharField(label="地点", max_length=200, required=False)
    content = forms.CharField(label="服务内容", max_length=500, required=False)
    leader = forms.CharField(label="负责人", max_length=50, required=False)
    risky = forms.BooleanField(label="有人身风险（须购买人身意外伤害保险）", required=False)
    insurer = forms.CharField(label="承保单位", max_length=100, required=False)
    policy_no = forms.CharField(label="保单号", max_length=50, required=False)
    covered_from = forms.DateField(label="保险起期", required=False, **DATE)
    covered_to = forms.DateField(label="保险止期", required=False, **DATE)


class StationForm(StyledForm):
    name = forms.CharField(label="站点名称", max_length=200, error_messages={"required": "须填写站点名称"})
    region_code = RegionField(label="所在区划", error_messages={"required": "请选择所在区划"})
    address = forms.CharField(label="地址", max_length=200, required=False)
    opened_on = forms.DateField(label="设立日期", required=False, **DATE)


class OrganisationForm(StyledForm):
    name = forms.CharField(label="名称", max_length=200, error_messages={"required": "须填写名称"})
    kind = forms.ChoiceField(label="类型", choices=list(codes.ORG_KINDS.items()))
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    region_code = RegionField(label="所在区划", error_messages={"required": "请选择所在区划"})
    contact = forms.CharField(label="负责人", max_length=50, required=False)
