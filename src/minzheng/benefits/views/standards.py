"""Standards pages: the list (filter by program, item, region, area, in force on a date), the history of one
standard, and a form to add one (county and city staff, their own region and below — standards.require_editor).
Reads are open to every role that works on assistance: a clerk must see the standard a decision used."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from minzheng.benefits import programs
from minzheng.benefits import catalogue
from minzheng.benefits import standards
from minzheng.core import regioncodes, roles
from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.core.forms import StyledForm
from minzheng.core.models import Region
from minzheng.core.views import apply_errors, require

FILTERS = ("program", "item", "region_code", "area", "as_of")


class StandardForm(StyledForm):
    program = forms.ChoiceField(label=_("救助项目"), choices=list(catalogue.PROGRAMS.items()))
    item = forms.ChoiceField(label=_("标准项"), choices=[(i.item, f"{i.item}（{i.label}）")
                                                        for i in catalogue.items_list()])
    region_code = forms.CharField(label=_("区划代码"), max_length=12)
    area = forms.ChoiceField(label=_("城乡"), choices=list(catalogue.AREAS.items()))
    value = forms.CharField(label=_("数值"), max_length=20)
    unit = forms.CharField(label=_("单位（留空按标准项默认单位）"), max_length=20, required=False)
    effective_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    effective_to = forms.DateField(label=_("终止日期（可空）"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("依据（文件名称、文号）"), max_length=500)


def _as_of(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@login_required
def standard_list(request):
    require(request.user, "people.view")
    f = {k: request.GET.get(k, "").strip() for k in FILTERS}
    try:
        qs = standards.list_standards(program=f["program"], item=f["item"], region_code=f["region_code"],
                                      area=f["area"], as_of=_as_of(f["as_of"]))
    except regioncodes.RegionCodeError as exc:
        messages.error(request, str(exc))
        qs = standards.list_standards().none()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    names = dict(Region.objects.filter(code__in={s.region_code for s in page}).values_list("code", "name"))
    rows = [standards.standard_out(s) | {"region_name": names.get(s.region_code, ""),
                                         "program_name": catalogue.PROGRAMS.get(s.program, s.program),
                                         "area_label": catalogue.AREAS.get(s.area, s.area)} for s in page]
    return render(request, "benefits/standard_list.html", {
        "page": page, "rows": rows, "filters": f, "programs": catalogue.PROGRAMS, "areas": catalogue.AREAS,
        "can_edit": request.user.role in standards.EDITOR_ROLES})


@login_required
def standard_history(request, program: str, item: str, region_code: str, area: str):
    require(request.user, "people.view")
    rows = [standards.standard_out(s) for s in standards.history(program, item, region_code, area)]
    spec = catalogue.ITEMS.get((program, item))
    return render(request, "benefits/standard_history.html", {
        "rows": rows, "program_name": catalogue.PROGRAMS.get(program, program), "item": item,
        "label": spec.label if spec else item, "description": spec.meaning if spec else "",
        "region": Region.objects.filter(code=region_code).first(), "region_code": region_code,
        "area_label": catalogue.AREAS.get(area, area)})


@login_required
@require_http_methods(["GET", "POST"])
def standard_add(request):
    user = request.user
    standards.require_editor(user, "")
    form = StandardForm(request.POST or None, initial={"region_code": user.region_id,
                                                       **{k: v for k, v in request.GET.items() if k in FILTERS}})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["effective_from"] = data["effective_from"].isoformat()
        data["effective_to"] = data["effective_to"].isoformat() if data.get("effective_to") else ""
        try:
            row = standards.add_standard(user, data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已添加标准：{row.program}.{row.item} {row.value} {row.unit}，"
                                      f"{row.effective_from} 起")
            return redirect("standard_history", program=row.program, item=row.item, region_code=row.region_code,
                            area=row.area)
    return render(request, "benefits/standard_form.html", {"form": form,
                                                             "editable_roles": roles.ROLE_LABEL[roles.COUNTY]})
