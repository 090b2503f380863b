"""Django forms of the social-work pages (services validate again with the app's schemas)."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import StyledForm
from minzheng.core.pages.region_picker import RegionField
from minzheng.socialwork import codes

DATE = {"widget": forms.DateInput(attrs={"type": "date"}), "input_formats": ["%Y-%m-%d"],
        "error_messages": {"invalid": "日期格式不正确：应为 YYYY-MM-DD", "required": "请填写日期"}}


class WorkerForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "须填写姓名"})
    sex = forms.ChoiceField(label="性别", choices=list(codes.SEX.items()))
    region_code = RegionField(label="工作区划", error_messages={"required": "请选择工作区划"})
    level = forms.ChoiceField(label="职业资格", choices=list(codes.LEVELS.items()))
    certificate_no = forms.CharField(label="证书编号", max_length=50, required=False)
    certified_on = forms.DateField(label="取得资格日期", required=False, **DATE)
    post_grade = forms.CharField(label="岗位等级", max_length=20, required=False)
    started_on = forms.DateField(label="入职日期", required=False, **DATE)


class StationForm(StyledForm):
    region_code = RegionField(label="乡镇（街道）", error_messages={"required": "请选择乡镇（街道）"})
    name = forms.CharField(label="站点名称", max_length=200, error_messages={"required": "须填写站点名称"})
    opened_on = forms.DateField(label="建站日期", required=False, **DATE)
    floor_area = forms.DecimalField(label="场地面积（平方米）", required=False, max_digits=8, decimal_places=2,
                                    min_value=0)
    has_site = forms.BooleanField(label="有场地", required=False)
    has_equipment = forms.BooleanField(label="有设备", required=False)
    has_staff = forms.BooleanField(label="有人员", required=False)
    has_funding = forms.BooleanField(label="有经费", required=False)
    has_rules = forms.BooleanField(label="有制度", required=False)
    has_services = forms.BooleanField(label="有服务", required=False)


class TrainingForm(StyledForm):
    trained_on = forms.DateField(label="培训日期", **DATE)
    hours = forms.DecimalField(label="学时", max_digits=5, decimal_places=1, min_value=0.1, max_value=1000)
    topic = forms.CharField(label="培训内容", max_length=200, error_messages={"required": "须填写培训内容"})
    provider = forms.CharField(label="培训机构", max_length=200, required=False)
