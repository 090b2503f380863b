"""Forms of the place-name pages. They only shape what a person types; the services validate it again
(placenames.schemas) and their Chinese errors land on these fields."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import StyledForm
from minzheng.placenames import codes


def _choices(table: dict, blank: str = "请选择") -> list[tuple]:
    return [("", blank), *table.items()]


class PlaceNameForm(StyledForm):
    name = forms.CharField(label="标准名称", max_length=100)
    region_code = forms.CharField(label="所在区划代码（12位）", max_length=12)
    category = forms.CharField(label="类别代码（GB/T 18521，4位）", max_length=4, required=False)
    status = forms.ChoiceField(label="状态", choices=list(codes.STATUS.items()))
    meaning = forms.CharField(label="含义", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    history_notes = forms.CharField(label="历史沿革和文化内涵", required=False, max_length=4000,
                                    widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(StyledForm):
    index = forms.IntegerField(label="第几个字（从0起）", min_value=0, max_value=99)
    syllable = forms.CharField(label="正确读音（如 cháo）", max_length=8)


class ApplicationForm(StyledForm):
    kind = forms.ChoiceField(label="类型", choices=_choices(codes.APPLICATION_KINDS))
    place_id = forms.IntegerField(label="更名的地名编号（更名时填写）", required=False, min_value=1)
    proposed_name = forms.CharField(label="拟用名称", max_length=100)
    region_code = forms.CharField(label="所在区划代码（命名时填写）", max_length=12, required=False)
    category = forms.CharField(label="类别代码", max_length=4, required=False)
    applicant = forms.CharField(label="申请人", max_length=100)
    reason = forms.CharField(label="理由（含义、来源）", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    materials = forms.MultipleChoiceField(label="已收材料", choices=list(codes.MATERIALS.items()), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    approval_level = forms.ChoiceField(label="批准层级", choices=_choices(codes.APPROVAL_LEVELS))
    consultation_days = forms.IntegerField(label="公示天数", min_value=1, max_value=365, initial=30)


class ExpertForm(StyledForm):
    expert_opinion = forms.CharField(label="专家论证意见", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(StyledForm):
    approve = forms.TypedChoiceField(label="审批结果", choices=[("1", "批准"), ("0", "不予批准")],
                                     coerce=lambda v: v == "1")
    decision_document = forms.CharField(label="批准文号", max_length=100, required=False)
    consultation_result = forms.CharField(label="公示意见", max_length=2000, required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))


class ArtefactForm(StyledForm):
    artefact = forms.ChoiceField(label="材料或工作", choices=_choices({**codes.ARTEFACTS, **codes.AFTER_STEPS}))
    done_on = forms.DateField(label="完成日期", widget=forms.DateInput(attrs={"type": "date"}),
                              input_formats=["%Y-%m-%d"])
    note = forms.CharField(label="结论或说明", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ProposalForm(StyledForm):
    title = forms.CharField(label="方案名称", max_length=200)
    kind = forms.ChoiceField(label="调整类型", choices=_choices(codes.PROPOSAL_KINDS))
    region_code = forms.CharField(label="涉及区划代码", max_length=12)
    summary = forms.CharField(label="方案内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
