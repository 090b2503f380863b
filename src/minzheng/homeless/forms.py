"""Forms of the rescue-station pages; the services validate (core.validation) and their errors land on the fields."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import StyledForm
from minzheng.homeless import codes

DATE = forms.DateInput(attrs={"type": "date"})
AREA = forms.Textarea(attrs={"rows": 3})


def _choices(table: dict) -> list[tuple]:
    return list(table.items())


class IntakeForm(StyledForm):
    name = forms.CharField(label="姓名（自述，可不填）", max_length=50, required=False)
    sex = forms.ChoiceField(label="性别", choices=_choices(codes.SEX))
    estimated_birth_year = forms.IntegerField(label="估计出生年份", min_value=1900, max_value=2100, required=False)
    found_on = forms.DateField(label="发现日期", widget=DATE)
    found_at = forms.CharField(label="发现地点", max_length=200)
    found_by = forms.ChoiceField(label="发现/护送方式", choices=_choices(codes.FOUND_BY))
    found_by_name = forms.CharField(label="护送人/报告人", max_length=100, required=False)
    description = forms.CharField(label="情况描述", max_length=2000, widget=AREA)
    features = forms.CharField(label="体貌特征（用顿号分隔，如：左眉有痣、跛行）", max_length=500, required=False)
    dialect_region = forms.CharField(label="口音所属地区（区划代码，如 4305 邵阳）", max_length=12, required=False)
    region_code = forms.CharField(label="发现地区划代码（默认本人辖区）", max_length=12, required=False)


class ExpenseForm(StyledForm):
    kind = forms.ChoiceField(label="费用类别", choices=_choices(codes.EXPENSE_KINDS))
    on_date = forms.DateField(label="日期", widget=DATE)
    quantity = forms.IntegerField(label="数量（餐次/天数）", min_value=1, max_value=10000, initial=1)
    amount = forms.DecimalField(label="金额（元）", min_value=0, max_digits=9, decimal_places=2)
    provider = forms.CharField(label="机构（如救治医院）", max_length=100, required=False)
    note = forms.CharField(label="说明（如诊断）", max_length=200, required=False)


class PropertyForm(StyledForm):
    description = forms.CharField(label="物品", max_length=200)
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=10000, initial=1)


class PhotoForm(StyledForm):
    photo = forms.FileField(label="照片（JPG/PNG，不超过 10 MB）")


class MatchForm(StyledForm):
    person_id = forms.IntegerField(label="人员ID", required=False, widget=forms.HiddenInput)
    missing_person_id = forms.IntegerField(label="寻人登记ID", required=False, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="比对结果", choices=_choices(codes.MATCH_OUTCOMES))
    note = forms.CharField(label="核实情况（DNA比对、家属辨认、公安核查等）", max_length=500, widget=AREA)


class EscortForm(StyledForm):
    escorts = forms.CharField(label="护送人员", max_length=200)
    route = forms.CharField(label="护送路线", max_length=300)
    departed_on = forms.DateField(label="出发日期", widget=DATE)
    handed_over_on = forms.DateField(label="交接日期", widget=DATE)
    received_by = forms.CharField(label="接收人", max_length=100)
    received_relation = forms.CharField(label="接收人身份（亲属关系或单位）", max_length=100)
    handover_signed = forms.CharField(label="交接签字（接收人签名）", max_length=100)
    cost = forms.DecimalField(label="护送费用（元）", min_value=0, max_digits=9, decimal_places=2)
    note = forms.CharField(label="说明", max_length=300, required=False)


class LeaveForm(StyledForm):
    status = forms.ChoiceField(label="离站方式", choices=[(k, codes.STATUS[k]) for k in ("left", "transferred")])
    left_on = forms.DateField(label="离站日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=300)


class SettlementForm(StyledForm):
    dna_sampled_on = forms.DateField(label="公安采集DNA入库日期", widget=DATE, required=False)
    police_checked_on = forms.DateField(label="公安身份核查（无果）日期", widget=DATE, required=False)
    settled_on = forms.DateField(label="落户安置日期", widget=DATE)
    placed_at = forms.CharField(label="安置机构", max_length=200)
    hukou_note = forms.CharField(label="户口登记情况", max_length=200)


class MissingForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=50)
    sex = forms.ChoiceField(label="性别", choices=_choices(codes.SEX))
    birth_year = forms.IntegerField(label="出生年份", min_value=1900, max_value=2100)
    region_code = forms.CharField(label="家庭所在地（区划代码）", max_length=12)
    person_id = forms.IntegerField(label="统一库人员ID（如已登记）", min_value=1, required=False)
    features = forms.CharField(label="体貌特征", max_length=500, required=False)
    missing_since = forms.DateField(label="走失日期", widget=DATE)
    reported_by = forms.CharField(label="报告人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=20, required=False)
