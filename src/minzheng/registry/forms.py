"""Forms of the registry's pages. Their values go to the services, which validate again and decide; regions are
picked by name (core region picker), never typed as codes."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import StyledForm
from minzheng.core.pages.region_picker import RegionField
from minzheng.registry import codes

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_HEAD = [(k, v) for k, v in codes.RELATIONS.items() if k != codes.HEAD]


def _choices(table: dict, blank: str = "—") -> list[tuple]:
    return [("", blank)] + [(str(k), v) for k, v in table.items()]


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DATE, input_formats=["%Y-%m-%d"],
                           error_messages={"invalid": "日期格式不正确，应为 YYYY-MM-DD"}, **kwargs)


class PersonForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号", max_length=30)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    region_code = RegionField(label="经常居住地", error_messages={"required": "请选择经常居住地"})
    hukou_region_code = RegionField(label="户籍地", required=False)
    ethnicity = forms.ChoiceField(label="民族", choices=_choices(codes.ETHNICITIES), required=False)
    marital_status = forms.ChoiceField(label="婚姻状况", choices=_choices(codes.MARITAL_STATUS), required=False)
    disability_category = forms.ChoiceField(label="残疾类别", choices=_choices(codes.DISABILITY_CATEGORIES, "无"),
                                            required=False)
    disability_grade = forms.ChoiceField(label="残疾等级", choices=_choices(codes.DISABILITY_GRADES, "无"),
                                         required=False)
    disability_cert_no = forms.CharField(label="残疾人证号", max_length=30, required=False)
    serious_illness = forms.BooleanField(label="患重特大疾病", required=False)
    illness_kind = forms.CharField(label="疾病名称", max_length=100, required=False)
    labour_capacity = forms.ChoiceField(label="劳动能力", choices=_choices(codes.LABOUR_CAPACITY), required=False)
    schooling = forms.ChoiceField(label="在校情况", choices=_choices(codes.SCHOOLING), required=False)
    employment = forms.ChoiceField(label="就业状况", choices=_choices(codes.EMPLOYMENT), required=False)
    death_date = _date("死亡日期")


class PersonEditForm(PersonForm):
    """On edit the sensitive fields are optional: left empty, they keep their stored value."""

    id_number = forms.CharField(label="身份证号（留空不修改）", max_length=30, required=False)
    phone = forms.CharField(label="联系电话（留空不修改）", max_length=20, required=False)
    disability_cert_no = forms.CharField(label="残疾人证号（留空不修改）", max_length=30, required=False)


SENSITIVE = ("id_number", "phone", "disability_cert_no")


def person_data(cleaned: dict, editing: bool) -> dict:
    """The form's values as the person services take them (on edit, empty sensitive fields mean "unchanged")."""
    data = dict(cleaned)
    data["disability_grade"] = int(data["disability_grade"]) if data.get("disability_grade") else None
    if editing:
        for key in SENSITIVE:
            if not data.get(key):
                data.pop(key, None)
    return data


class MemberLinesField(forms.CharField):
    """Members typed one per line as "身份证号 与户主关系" → [(ID number, relation)]."""

    widget = forms.Textarea(attrs={"rows": 5})

    def to_python(self, value):
        text = super().to_python(value)
        if len(text) > 20000:
            raise forms.ValidationError("成员过多：请分次添加，或使用批量导入")
        members, problems = [], []
        for n, line in enumerate(text.splitlines(), start=1):
            parts = line.replace("，", " ").replace(",", " ").split()
            if not parts:
                continue
            if len(parts) != 2:
                problems.append(f"第 {n} 行应为“身份证号 与户主关系”")
            else:
                members.append((n, parts[0], parts[1]))
        if problems:
            raise forms.ValidationError(problems)
        return members


class HouseholdForm(StyledForm):
    region_code = RegionField(label="所在村(社区)", error_messages={"required": "请选择所在村(社区)"})
    urban_rural = forms.ChoiceField(label="城乡属性", choices=list(codes.URBAN_RURAL.items()))
    address = forms.CharField(label="住址", max_length=200, required=False)
    members = MemberLinesField(label="成员（每行：身份证号 与户主关系，如“330902199001011234 户主”）",
)


class HouseholdEditForm(StyledForm):
    region_code = RegionField(label="所在村(社区)", error_messages={"required": "请选择所在村(社区)"})
    urban_rural = forms.ChoiceField(label="城乡属性", choices=list(codes.URBAN_RURAL.items()))
    address = forms.CharField(label="住址", max_length=200, required=False)


class AddMemberForm(StyledForm):
    id_number = forms.CharField(label="成员身份证号", max_length=30,
                                help_text="须已登记为人员；未登记的请先“登记人员”")
    relation = forms.ChoiceField(label="与户主关系", choices=NOT_HEAD)
    reason = forms.CharField(label="加入原因", max_length=200, required=False)
    joined_on = _date("加入日期（缺省为今天）")


class RemoveMemberForm(StyledForm):
    person_id = forms.TypedChoiceField(label="移出的成员", coerce=int, choices=[])
    reason = forms.CharField(label="移出原因（如 死亡、迁出、分户）", max_length=200)
    left_on = _date("离开日期（缺省为今天）")


class MoveForm(StyledForm):
    to_household_id = forms.IntegerField(label="迁入家庭编号（家庭页上的“家庭编号”）", min_value=1,
                                         max_value=2**63 - 1)
    relation = forms.ChoiceField(label="在新家庭中与户主关系", choices=NOT_HEAD)
    reason = forms.CharField(label="迁移原因", max_length=200)
    on = _date("迁移日期（缺省为今天）")


class HeadForm(StyledForm):
    new_head_id = forms.TypedChoiceField(label="新户主", coerce=int, choices=[])
    old_head_relation = forms.ChoiceField(label="原户主与新户主关系", choices=NOT_HEAD)


class CheckRadioSelect(forms.RadioSelect):
    """Radio buttons as Bootstrap form-checks (the label beside its button, one choice per line)."""

    template_name = "registry/widgets/radio.html"
    option_template_name = "registry/widgets/radio_option.html"


class MergeForm(StyledForm):
    keep_person_id = forms.TypedChoiceField(label="保留哪一条记录", coerce=int, choices=[], widget=CheckRadioSelect,
                                            error_messages={"required": "请选择保留哪一条记录"})

    def style_fields(self) -> None:
        super().style_fields()
        self.fields["keep_person_id"].widget.attrs["class"] = "form-check-input"


class DismissForm(StyledForm):
    note = forms.CharField(label="排除理由", max_length=200,
                           widget=forms.TextInput(attrs={"placeholder": "如 双胞胎、同名不同人"}),
                           error_messages={"required": "请填写排除理由（如 双胞胎、同名不同人）"})


class ScanForm(StyledForm):
    region_code = RegionField(label="查找范围（缺省为您管辖的全部区划）", required=False)
    min_score = forms.IntegerField(label="最低相似度（0–100，缺省 60）", min_value=0, max_value=100, required=False)
