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


class MedicalForm(StyledForm):
    treated_from = forms.DateField(label="就医开始日期", widget=DATE, input_formats=["%Y-%m-%d"])
    treated_to = forms.DateField(label="就医结束日期", widget=DATE, input_formats=["%Y-%m-%d"])
    hospital = forms.CharField(label="医疗机构", max_length=100)
    total_cost = forms.DecimalField(label="医疗费用总额（元）", min_value=0, max_digits=12, decimal_places=2)
    insurance_paid = forms.DecimalField(label="医保等已报销（元）", min_value=0, max_digits=12, decimal_places=2)
    bank_account = forms.CharField(label="银行账号（一卡通）", max_length=40, required=False)
    bank_name = forms.CharField(label="开户行", max_length=100, required=False)


class HardshipForm(StyledForm):
    kind = forms.ChoiceField(label="困难类别", choices=_choices(codes.HARDSHIPS))
    found_on = forms.DateField(label="发现日期", widget=DATE, input_formats=["%Y-%m-%d"], required=False)
    description = forms.CharField(label="困难情况", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class HelpForm(StyledForm):
    measure = forms.ChoiceField(label="帮扶措施", choices=_choices(codes.HELP_MEASURES))
    helped_on = forms.DateField(label="帮扶日期", widget=DATE, input_formats=["%Y-%m-%d"], required=False)
    amount = forms.DecimalField(label="折合金额（元）", min_value=0, max_digits=12, decimal_places=2, required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)


class CloseForm(StyledForm):
    closed_on = forms.DateField(label="结案日期", widget=DATE, input_formats=["%Y-%m-%d"], required=False)
    outcome = forms.CharField(label="结案情况（困难如何解决）", max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))


def money(data: dict) -> dict:
    """As clean(), decimals as text (never float) and dates as ISO text."""
    return {k: (str(v) if hasattr(v, "as_tuple") else v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in clean(data).items()}
