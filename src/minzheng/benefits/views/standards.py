"""The form that adds a standard (county and city staff, their own region and below: standards.require_editor).
The region is picked by name; `standards.add_standard` validates and answers with Chinese field errors, 403 for a
region outside the user's and 409 when the same standard already starts that day. The list and history of
standards are list pages (views.lists)."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minzheng.benefits import catalogue, programs
from minzheng.benefits.services import standards
from minzheng.core import regions
from minzheng.core.forms import StyledForm
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.region_picker import RegionField


class PickedRegionField(RegionField):
    """A region picked by name. Whether the user may set standards there is the service's answer (403)."""

    def validate(self, value):
        forms.CharField.validate(self, value)
        if value and not regions.exists(value):
            raise forms.ValidationError(f"区划代码“{value}”不存在")


class StandardForm(StyledForm):
    program = forms.ChoiceField(label=_("救助项目"))
    item = forms.ChoiceField(label=_("标准项"))
    region_code = PickedRegionField(label=_("适用区划"))
    area = forms.ChoiceField(label=_("城乡"), choices=list(catalogue.AREAS.items()))
    value = forms.CharField(label=_("数值"), max_length=20)
    unit = forms.CharField(label=_("单位（留空按标准项默认单位）"), max_length=20, required=False)
    effective_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    effective_to = forms.DateField(label=_("终止日期（可空）"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("依据（文件名称、文号）"), max_length=500)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = programs.choices()
        # People read names: an item is offered by its Chinese label (items sharing a code across programs, e.g.
        # 集中养育 for orphans and unsupported children, show each program's label).
        labels: dict[str, list[str]] = {}
        for spec in catalogue.items_list():
            names = labels.setdefault(spec.item, [])
            if spec.label not in names:
                names.append(spec.label)
        self.fields["item"].choices = [(item, " / ".join(names)) for item, names in labels.items()]
        self.fields["region_code"].bind_user(user)


class StandardAdd(ServiceFormPage):
    title = "新增救助标准"
    permission = "people.view"
    template_name = "benefits/standard_form.html"
    form_class = StandardForm
    submit_label = "保存"
    filled_from_query = ("program", "item", "region_code", "area")

    def load_object(self):
        standards.require_editor(self.request.user, "")  # 403 before the form is even shown

    def initial(self) -> dict:
        given = {k: v for k, v in self.request.GET.items() if k in self.filled_from_query}
        return {"region_code": self.request.user.region_id, **given}

    def make_form(self, data=None):
        return self.form_class(data, initial=self.initial(), user=self.request.user)

    def call_service(self, data: dict, comment):
        data = dict(data)
        data["effective_from"] = data["effective_from"].isoformat()
        data["effective_to"] = data["effective_to"].isoformat() if data.get("effective_to") else ""
        row = standards.add_standard(self.request.user, data)
        self.success_message = (f"已添加标准：{programs.name(row.program)} {row.item} {row.value} {row.unit}，"
                                f"{row.effective_from} 起")
        return row

    def success_location(self, row) -> str:
        return reverse("standard_history", args=[row.program, row.item, row.region_code, row.area])
