"""Forms of the children's pages; the services validate again (one validation module) and own the rules."""

from __future__ import annotations

from django import forms

from minzheng.children import codes
from minzheng.core.forms import StyledForm
from minzheng.core.pages.region_picker import RegionField

DATE = {"input_formats": ["%Y-%m-%d"], "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        "error_messages": {"invalid": "日期格式不正确，应为 YYYY-MM-DD"}}
DATETIME = {"input_formats": ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "error_messages": {"invalid": "时间格式不正确"}}


def _choices(table: dict, blank: str | None = "（未填）") -> list[tuple[str, str]]:
    return ([("", blank)] if blank is not None else []) + list(table.items())


class WorkersMixin:
    """The 儿童主任 / 儿童督导员 selects, filled with the workers in the user's region."""

    def set_workers(self, directors, supervisors) -> None:
        self.fields["director_id"].choices = [("", "（按所在村默认）")] + [(str(k), v) for k, v in directors]
        self.fields["supervisor_id"].choices = [("", "（按所在乡镇默认）")] + [(str(k), v) for k, v in supervisors]


class ChildForm(WorkersMixin, StyledForm):
    id_number = forms.CharField(label="身份证号", max_length=18,
                                help_text="儿童须已在人员库登记（户籍或经常居住地在本辖区）")
    category = forms.ChoiceField(label="类别", choices=_choices(codes.CATEGORIES, None))
    tier = forms.CharField(label="分级代码", max_length=20, required=False)
    registered_on = forms.DateField(label="登记日期", **DATE)
    schooling = forms.ChoiceField(label="就学情况", choices=_choices(codes.SCHOOLING), required=False)
    school = forms.CharField(label="学校", max_length=100, required=False)
    grade = forms.CharField(label="年级", max_length=20, required=False)
    health = forms.ChoiceField(label="健康状况", choices=_choices(codes.HEALTH), required=False)
    health_note = forms.CharField(label="健康情况说明", max_length=200, required=False)
    care_note = forms.CharField(label="监护照料情况", max_length=500, required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    director_id = forms.ChoiceField(label="儿童主任", required=False)
    supervisor_id = forms.ChoiceField(label="儿童督导员", required=False)


class ChildEditForm(WorkersMixin, StyledForm):
    schooling = forms.ChoiceField(label="就学情况", choices=_choices(codes.SCHOOLING), required=False)
    school = forms.CharField(label="学校", max_length=100, required=False)
    grade = forms.CharField(label="年级", max_length=20, required=False)
    health = forms.ChoiceField(label="健康状况", choices=_choices(codes.HEALTH), required=False)
    health_note = forms.CharField(label="健康情况说明", max_length=200, required=False)
    care_note = forms.CharField(label="监护照料情况", max_length=500, required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    director_id = forms.ChoiceField(label="儿童主任", required=False)
    supervisor_id = forms.ChoiceField(label="儿童督导员", required=False)


class CategoryForm(StyledForm):
    category = forms.ChoiceField(label="新类别", choices=_choices(codes.CATEGORIES, "退出名册"), required=False)
    tier = forms.CharField(label="新分级代码", max_length=20, required=False)
    changed_on = forms.DateField(label="变更日期", **DATE)
    reason = forms.CharField(label="变更原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class GuardianForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=50)
    relation = forms.ChoiceField(label="关系", choices=_choices(codes.GUARDIAN_RELATIONS, None))
    role = forms.ChoiceField(label="身份", choices=_choices(codes.GUARDIAN_ROLES, None))
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    works_in = forms.CharField(label="务工地或所在地", max_length=100, required=False)
    able = forms.BooleanField(label="有监护能力", required=False, initial=True)


class WorkerForm(StyledForm):
    kind = forms.ChoiceField(label="类别", choices=_choices(codes.WORKER_KINDS, None))
    name = forms.CharField(label="姓名", max_length=50)
    region_code = RegionField(label="所在村(社区)或乡镇(街道)")
    phone = forms.CharField(label="工作电话", max_length=20, required=False)


class Checklist(forms.CheckboxSelectMultiple):
    """Checkboxes for several choices. core/_fields.html draws a widget whose input_type is "checkbox" as ONE
    checkbox, so this one names itself differently and gives each option its checkbox type."""

    input_type = "checklist"

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["type"] = "checkbox"
        option["attrs"] = {**option["attrs"], "class": "form-check-input me-1"}  # not StyledForm's form-control
        return option


class VisitForm(StyledForm):
    visited_on = forms.DateField(label="走访日期", **DATE)
    kind = forms.ChoiceField(label="方式", choices=_choices(codes.VISIT_KINDS, None))
    visitor = forms.CharField(label="走访人", max_length=100)
    seen = forms.CharField(label="见到或联系的人", max_length=200)
    findings = forms.CharField(label="走访情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    concern = forms.BooleanField(label="发现风险（需跟进）", required=False)
    volunteer_ids = forms.TypedMultipleChoiceField(label="同去的志愿者", coerce=int, choices=[], required=False,
                                                   widget=Checklist)
    volunteer_hours = forms.DecimalField(label="志愿服务时长（小时）", min_value=0.1, max_value=24, decimal_places=1,
                                         required=False)


class VisitVolunteersForm(StyledForm):
    volunteer_ids = forms.TypedMultipleChoiceField(label="同去的志愿者", coerce=int, choices=[], required=False,
                                                   widget=Checklist)
    volunteer_hours = forms.DecimalField(label="志愿服务时长（小时）", min_value=0.1, max_value=24, decimal_places=1,
                                         required=False)


class ExamplesForm(StyledForm):
    region_code = RegionField(label="适用区划")
    effective_from = forms.DateField(label="生效日期", **DATE)


class PolicyFileForm(StyledForm):
    kind = forms.ChoiceField(label="数据类别", choices=[("tiers", "儿童分级"), ("plans", "儿童走访计划"),
                                                        ("limits", "未成年人保护办理时限")])
    file = forms.FileField(label="文件（CSV 或 XLSX，列名同示例文件）")


# ---- minors protection ---------------------------------------------------------------------------------------------


class ReportForm(StyledForm):
    reporter_name = forms.CharField(label="报告人", max_length=100)
    reporter_type = forms.ChoiceField(label="报告主体", choices=_choices(codes.REPORTER_TYPES, None))
    reporter_phone = forms.CharField(label="报告人电话", max_length=20, required=False)
    channel = forms.ChoiceField(label="报告渠道", choices=_choices(codes.CHANNELS, None))
    reported_at = forms.DateTimeField(label="报告时间", **DATETIME)
    region_code = RegionField(label="儿童所在地")
    child_name = forms.CharField(label="儿童姓名", max_length=50)
    child_sex = forms.ChoiceField(label="性别", choices=[("", "（不详）"), ("1", "男"), ("2", "女")], required=False)
    child_age = forms.IntegerField(label="年龄", min_value=0, max_value=17, required=False)
    harm = forms.ChoiceField(label="侵害情形", choices=_choices(codes.HARMS, None))
    urgency = forms.ChoiceField(label="紧急程度", choices=_choices(codes.URGENCY, None))
    description = forms.CharField(label="报告内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    restricted = forms.BooleanField(label="限制访问（仅本人和指定的经办人员可见）", required=False)


class StepForm(StyledForm):
    note = forms.CharField(label="办理情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    risk_level = forms.ChoiceField(label="风险等级", choices=_choices(codes.RISK_LEVELS), required=False)
    intervention = forms.ChoiceField(label="干预措施", choices=_choices(codes.INTERVENTIONS), required=False)


class ReferralForm(StyledForm):
    to = forms.ChoiceField(label="转介部门", choices=_choices(codes.REFERRAL_TO, None))
    body = forms.CharField(label="接收单位", max_length=200)
    sent_on = forms.DateField(label="转介日期", **DATE)
    note = forms.CharField(label="转介事项", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class OfficersForm(StyledForm):
    restricted = forms.BooleanField(label="限制访问（仅指定的经办人员可见，县级负责人亦不例外）", required=False)
    officer_ids = forms.MultipleChoiceField(label="经办人员", required=False,
                                           widget=forms.CheckboxSelectMultiple)


class IntakeForm(StyledForm):
    centre = forms.CharField(label="未保中心", max_length=100, initial="县未成年人救助保护中心")
    admitted_on = forms.DateField(label="入住日期", **DATE)
    reason = forms.CharField(label="入住原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class DischargeForm(StyledForm):
    left_on = forms.DateField(label="离开日期", **DATE)
    outcome = forms.ChoiceField(label="去向", choices=_choices(codes.STAY_OUTCOMES, None))
    outcome_note = forms.CharField(label="去向说明", max_length=500, required=False)
