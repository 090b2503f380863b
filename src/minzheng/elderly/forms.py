"""Forms of the elderly-care pages. They only shape what a person types; the services validate it again
(elderly.schemas) and their Chinese errors land on these fields. The assessment form has one field per form-B item
(`item_B_1_1` …), labelled with its number, name and range."""

from __future__ import annotations

import re

from django import forms

from minzheng.core.forms import StyledForm
from minzheng.elderly import codes
from minzheng.elderly.policy import capability

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "日期格式不正确，应为 YYYY-MM-DD", "required": "请填写日期"}


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, input_formats=["%Y-%m-%d"],
                           error_messages=DATE_ERRORS)


def _choices(table: dict, blank: str = "请选择") -> list[tuple]:
    return [("", blank), *table.items()]


def item_field(code: str) -> str:
    return "item_" + code.replace(".", "_")


PARTS = {p.code: p for p in capability.GB_T_42195_2022.parts}


class AssessmentForm(StyledForm):
    assessed_on = _date("评估基准日期（缺省为今天）", required=False)
    reason = forms.ChoiceField(label="评估原因", choices=_choices(codes.REASONS))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in capability.items():
            part = PARTS[item.part]
            self.fields[item_field(item.code)] = forms.IntegerField(
                label=f"{item.code} {item.name}（0–{item.max}分）", min_value=0, max_value=item.max,
                help_text=f"{part.code} {part.name}（满分{part.max}）" if item.code.endswith(".1") else "",
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={"required": f"请填写“{item.name}”的得分",
                                "invalid": f"“{item.name}”的得分应为整数",
                                "min_value": f"“{item.name}”的得分不能小于 0",
                                "max_value": f"“{item.name}”的得分不能大于 {item.max}"})
        for name, field in (("coma", forms.BooleanField(label="昏迷", required=False)),
                            ("diagnoses", forms.CharField(
                                label="疾病诊断（ICD-10 编码，多个用逗号或空格分隔，如 F03, I63.9）", required=False,
                                max_length=500)),
                            ("risk_events_30d", forms.IntegerField(
                                label="近30天照护风险事件次数（跌倒、噎食、自杀/自伤、走失、其他）", min_value=0,
                                max_value=capability.RISK_EVENTS_LIMIT, initial=0)),
                            ("assessor_1", forms.CharField(label="评估员（一）", max_length=50)),
                            ("assessor_2", forms.CharField(label="评估员（二）", max_length=50)),
                            ("agency", forms.CharField(label="评估机构", max_length=100, required=False)),
                            ("informant", forms.CharField(label="信息提供者", max_length=50, required=False)),
                            ("note", forms.CharField(label="说明", required=False, max_length=1000,
                                                     widget=forms.Textarea(attrs={"rows": 2})))):
            self.fields[name] = field
        self.style_fields()

    def service_data(self) -> dict:
        """The cleaned data in the service's shape (items as {code: score}, diagnoses as a list)."""
        d = dict(self.cleaned_data)
        items = {i.code: d.pop(item_field(i.code)) for i in capability.items()}
        text = d.pop("diagnoses", "") or ""
        return {**d, "items": items, "diagnoses": [c for c in re.split(r"[\s,，、;；]+", text) if c]}


class DisputeForm(StyledForm):
    disputed_on = _date("提出异议日期（缺省为今天）", required=False)
    reason = forms.CharField(label="异议理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class ProfileForm(StyledForm):
    living = forms.ChoiceField(label="居住情况", choices=_choices(codes.LIVING, "按户籍家庭成员判断"), required=False)
    left_behind = forms.BooleanField(label="留守老年人（子女外出务工等）", required=False)
    dementia = forms.BooleanField(label="失智（认知障碍，已诊断或评估认定）", required=False)
    family_planning = forms.BooleanField(label="计划生育特殊家庭（独生子女伤残、死亡）", required=False)
    care_arrangement = forms.ChoiceField(label="养老方式", choices=_choices(codes.CARE_ARRANGEMENTS, "未登记"),
                                         required=False)
    note = forms.CharField(label="说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ContactForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=50)
    relation = forms.ChoiceField(label="关系", choices=_choices(codes.CONTACT_RELATIONS))
    phone = forms.CharField(label="联系电话", max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel"}))
    guardian = forms.BooleanField(label="监护人", required=False)
    emergency = forms.BooleanField(label="紧急联系人", required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class SurvivalForm(StyledForm):
    checked_on = _date("认证日期（缺省为今天）", required=False)
    note = forms.CharField(label="说明（核实方式、在场人员等）", max_length=200, required=False)
