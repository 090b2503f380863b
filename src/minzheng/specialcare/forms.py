"""Forms of the special-care pages (the services validate again; their errors land on these fields)."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import StyledForm
from minzheng.specialcare import codes

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _choices(table: dict, blank: str = "请选择") -> list[tuple]:
    return [("", blank), *table.items()]


class RegisterForm(StyledForm):
    id_number = forms.CharField(label="身份证号", max_length=18, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    category = forms.ChoiceField(label="优抚类别", choices=_choices(codes.CATEGORIES))
    nature = forms.ChoiceField(label="残疾性质（残疾军人）", choices=_choices(codes.NATURES, "—"), required=False)
    grade = forms.TypedChoiceField(label="残疾等级（残疾军人）", choices=_choices(codes.GRADES, "—"), coerce=int,
                                   required=False, empty_value=None)
    certificate_no = forms.CharField(label="证件编号", max_length=40, required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)


class CertifyForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    method = forms.ChoiceField(label="确认方式", choices=_choices(codes.CERTIFICATION_METHODS))
    note = forms.CharField(label="说明", max_length=300, required=False)


class AdjustForm(StyledForm):
    effective_month = forms.CharField(label="调整生效月份（YYYY-MM）", max_length=7)
    reason = forms.CharField(label="调整依据（文件）", max_length=300)


def clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "")}
