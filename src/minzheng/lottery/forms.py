"""Forms of the fund's pages (the services validate again)."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import StyledForm
from minzheng.core.pages.region_picker import RegionField
from minzheng.lottery import codes

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"invalid": "应为金额，例如 200000.00", "max_decimal_places": "最多两位小数（到分）"}


def _choices(table: dict) -> list[tuple]:
    return [("", "请选择"), *table.items()]


class ReceiptForm(StyledForm):
    region_code = RegionField(label="区划")
    year = forms.IntegerField(label="资金年度", min_value=2000, max_value=2100)
    received_on = forms.DateField(label="到账日期", widget=DATE, input_formats=["%Y-%m-%d"])
    amount = forms.DecimalField(label="金额（元）", min_value=0, max_digits=14, decimal_places=2, error_messages=MONEY)
    source = forms.ChoiceField(label="来源", choices=_choices(codes.SOURCES))
    document_no = forms.CharField(label="文号", max_length=100, required=False)


class ProjectForm(StyledForm):
    region_code = RegionField(label="区划")
    year = forms.IntegerField(label="资金年度", min_value=2000, max_value=2100)
    name = forms.CharField(label="项目名称", max_length=200)
    area = forms.ChoiceField(label="资助领域", choices=_choices(codes.AREAS))
    amount = forms.DecimalField(label="安排金额（元）", min_value=0, max_digits=14, decimal_places=2,
                                error_messages=MONEY)
    implementer = forms.CharField(label="实施单位", max_length=200)


def clean(data: dict) -> dict:
    """Decimals as text (never float), no empty optional values."""
    return {k: (str(v) if hasattr(v, "as_tuple") else v) for k, v in data.items() if v not in (None, "")}
