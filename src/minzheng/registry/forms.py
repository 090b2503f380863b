from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from minzheng.core.forms import StyledForm

from minzheng.registry import codes


# Page titles passed by registry/views.py and translated in the templates with {% translate title %}.
PAGE_TITLES = (gettext_noop("建户"), gettext_noop("修改家庭"))


def _choices(table: dict, blank: str = "—") -> list[tuple]:
    return [("", blank)] + [(k, v) for k, v in table.items()]


class PersonForm(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=18)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    region_code = forms.CharField(label=_("经常居住地区划代码"), max_length=12)
    hukou_region_code = forms.CharField(label=_("户籍地区划代码"), max_length=12, required=False)
    ethnicity = forms.ChoiceField(label=_("民族"), choices=_choices(codes.ETHNICITIES), required=False)
    marital_status = forms.ChoiceField(label=_("婚姻状况"), choices=_choices(codes.MARITAL_STATUS), required=False)
    disability_category = forms.ChoiceField(label=_("残疾类别"), choices=_choices(codes.DISABILITY_CATEGORIES, _("无")),
                                            required=False)
    disability_grade = forms.ChoiceField(label=_("残疾等级"), choices=_choices(codes.DISABILITY_GRADES, _("无")),
                                         required=False)
    disability_cert_no = forms.CharField(label=_("残疾人证号"), max_length=20, required=False)
    serious_illness = forms.BooleanField(label=_("患重特大疾病"), required=False)
    illness_kind = forms.CharField(label=_("疾病名称"), max_length=100, required=False)
    labour_capacity = forms.ChoiceField(label=_("劳动能力"), choices=_choices(codes.LABOUR_CAPACITY), required=False)
    schooling = forms.ChoiceField(label=_("在校情况"), choices=_choices(codes.SCHOOLING), required=False)
    employment = forms.ChoiceField(label=_("就业状况"), choices=_choices(codes.EMPLOYMENT), required=False)
    death_date = forms.DateField(label=_("死亡日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PersonEditForm(PersonForm):
    """On edit the sensitive fields are optional: left empty, they keep their stored value."""

    id_number = forms.CharField(label=_("身份证号（留空不修改）"), max_length=18, required=False)
    phone = forms.CharField(label=_("联系电话（留空不修改）"), max_length=20, required=False)
    disability_cert_no = forms.CharField(label=_("残疾人证号（留空不修改）"), max_length=20, required=False)


class HouseholdForm(StyledForm):
    region_code = forms.CharField(label=_("所在村(社区)区划代码"), max_length=12)
    urban_rural = forms.ChoiceField(label=_("城乡属性"), choices=list(codes.URBAN_RURAL.items()))
    address = forms.CharField(label=_("住址"), max_length=200, required=False)
    members = forms.CharField(
        label=_("成员（每行：身份证号 与户主关系，如“330902199001011234 户主”）"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class HouseholdEditForm(StyledForm):
    region_code = forms.CharField(label=_("所在村(社区)区划代码"), max_length=12)
    urban_rural = forms.ChoiceField(label=_("城乡属性"), choices=list(codes.URBAN_RURAL.items()))
    address = forms.CharField(label=_("住址"), max_length=200, required=False)


class AddMemberForm(StyledForm):
    id_number = forms.CharField(label=_("成员身份证号"), max_length=18)
    relation = forms.ChoiceField(label=_("与户主关系"), choices=[(k, v) for k, v in codes.RELATIONS.items() if k != "02"])
    reason = forms.CharField(label=_("加入原因"), max_length=200, required=False)
    joined_on = forms.DateField(label=_("加入日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class RemoveMemberForm(StyledForm):
    reason = forms.CharField(label=_("移出原因（如 死亡、迁出、分户）"), max_length=200)
    left_on = forms.DateField(label=_("离开日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class MoveForm(StyledForm):
    to_household_id = forms.IntegerField(label=_("迁入家庭编号"))
    relation = forms.ChoiceField(label=_("在新家庭中与户主关系"),
                                 choices=[(k, v) for k, v in codes.RELATIONS.items() if k != "02"])
    reason = forms.CharField(label=_("迁移原因"), max_length=200)


class HeadForm(StyledForm):
    new_head_id = forms.TypedChoiceField(label=_("新户主"), coerce=int, choices=[])
    old_head_relation = forms.ChoiceField(label=_("原户主与新户主关系"),
                                          choices=[(k, v) for k, v in codes.RELATIONS.items() if k != "02"])
