"""Registry pages. Reads via selectors, writes via services: the same validation and scoping as the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.views.decorators.http import require_http_methods, require_POST

from minzheng.core import clock
from minzheng.core.errors import Conflict, NotFound, ValidationFailed
from minzheng.core.views import apply_errors
from minzheng.registry import codes, forms, selectors, services

PERSON_FILTERS = ("name", "id_number", "phone", "region_code", "sex", "disability", "alive")


@login_required
def person_list(request):
    f = {k: request.GET.get(k, "").strip() for k in PERSON_FILTERS}
    qs = selectors.search_persons(request.user, **f)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "registry/person_list.html", {"page": page, "filters": f})


def _person_data(cleaned: dict, editing: bool) -> dict:
    data = {k: v for k, v in cleaned.items()}
    if data.get("death_date") is None:
        data["death_date"] = ""
    if editing:  # empty sensitive fields mean "unchanged"
        for key in ("id_number", "phone", "disability_cert_no"):
            if not data.get(key):
                data.pop(key, None)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    services.require_change(request.user)
    initial = {"region_code": request.user.region_id} if request.user.region.level == "village" else {}
    form = forms.PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(request.user, _person_data(form.cleaned_data, False))
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记 {person.name}")
            return redirect("person_detail", person_id=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "title": "登记人员"})


@login_required
def person_detail(request, person_id: int):
    person = selectors.get_person(request.user, person_id)
    return render(request, "registry/person_detail.html", {
        "person": person, "current": selectors.current_household(person),
        "history": selectors.membership_history(person), "move_form": forms.MoveForm(),
        "age": person.age_on(clock.today()),
        "labels": {"ethnicity": codes.ETHNICITIES.get(person.ethnicity, ""),
                   "disability": codes.DISABILITY_CATEGORIES.get(person.disability_category, ""),
                   "grade": codes.DISABILITY_GRADES.get(person.disability_grade, "")},
    })


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, person_id: int):
    services.require_change(request.user)
    person = selectors.get_person(request.user, person_id)
    initial = {f: getattr(person, f) for f in ("name", "ethnicity", "marital_status", "disability_category",
                                               "serious_illness", "illness_kind", "labour_capacity", "schooling",
                                               "employment", "death_date")}
    initial.update(region_code=person.region_id, hukou_region_code=person.hukou_region_id or "",
                   disability_grade=person.disability_grade or "")
    form = forms.PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(request.user, person.pk, _person_data(form.cleaned_data, True))
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("person_detail", person_id=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "title": f"修改人员：{person.name}",
                                                          "person": person})


@login_required
@require_POST
def person_reveal(request, person_id: int, field: str):
    """HTMX: swap a masked value for its plaintext (unmask right required; audited)."""
    person = selectors.get_person(request.user, person_id)
    value = services.reveal(request.user, person, field)
    return HttpResponse(f'<span class="font-monospace text-danger" title="已记录审计日志">{escape(value)}</span>')


@login_required
@require_POST
def person_move(request, person_id: int):
    form = forms.MoveForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.move_member(request.user, person_id, d["to_household_id"], d["relation"], d["reason"])
        except (ValidationFailed, Conflict, NotFound) as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, "已迁移")
    else:
        messages.error(request, "请填写迁入家庭编号、关系和原因")
    return redirect("person_detail", person_id=person_id)


def _message(exc) -> str:
    if isinstance(exc, ValidationFailed):
        return "；".join(e.message for e in exc.errors)
    return exc.message


@login_required
def household_list(request):
    f = {k: request.GET.get(k, "").strip() for k in ("region_code", "head_name", "urban_rural", "ref")}
    qs = selectors.search_households(request.user, **f)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "registry/household_list.html", {"page": page, "filters": f})


def _parse_member_lines(user, text: str) -> tuple[list[dict], list[str]]:
    members, problems = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        parts = line.replace("，", " ").replace(",", " ").split()
        if not parts:
            continue
        if len(parts) != 2:
            problems.append(f"第 {n} 行应为“身份证号 关系”")
            continue
        person = selectors.search_persons(user, id_number=parts[0]).first()
        if person is None:
            problems.append(f"第 {n} 行：身份证号 {parts[0]} 未登记或不在您的管辖范围内，请先登记人员")
            continue
        members.append({"person_id": person.pk, "relation": parts[1]})
    return members, problems


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request):
    services.require_change(request.user)
    initial = {"region_code": request.user.region_id} if request.user.region.level == "village" else {}
    form = forms.HouseholdForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        members, problems = _parse_member_lines(request.user, form.cleaned_data["members"])
        for p in problems:
            form.add_error("members", p)
        if not problems:
            try:
                household = services.create_household(request.user, {**form.cleaned_data, "members": members})
            except ValidationFailed as exc:
                apply_errors(form, exc)
            except Conflict as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "已建户")
                return redirect("household_detail", household_id=household.pk)
    return render(request, "registry/household_form.html", {"form": form, "title": "建户"})


@login_required
def household_detail(request, household_id: int):
    household = selectors.get_household(request.user, household_id)
    rows = list(household.memberships.select_related("person").order_by("joined_on", "id"))
    active = [m for m in rows if m.left_on is None]
    head_form = forms.HeadForm()
    head_form.fields["new_head_id"].choices = [(m.person_id, m.person.name) for m in active if m.relation != "02"]
    return render(request, "registry/household_detail.html", {
        "household": household, "active": active, "history": rows, "add_form": forms.AddMemberForm(),
        "remove_form": forms.RemoveMemberForm(), "head_form": head_form,
        "urban_rural": codes.URBAN_RURAL.get(household.urban_rural, ""),
    })


@login_required
@require_http_methods(["GET", "POST"])
def household_edit(request, household_id: int):
    services.require_change(request.user)
    household = selectors.get_household(request.user, household_id)
    form = forms.HouseholdEditForm(request.POST or None, initial={
        "region_code": household.region_id, "urban_rural": household.urban_rural, "address": household.address})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_household(request.user, household.pk, form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("household_detail", household_id=household.pk)
    return render(request, "registry/household_form.html", {"form": form, "title": "修改家庭"})


@login_required
@require_POST
def member_add(request, household_id: int):
    form = forms.AddMemberForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        person = selectors.search_persons(request.user, id_number=d["id_number"]).first()
        if person is None:
            messages.error(request, "该身份证号未登记或不在您的管辖范围内，请先登记人员")
        else:
            try:
                services.add_member(request.user, household_id, person.pk, d["relation"], d["reason"], d["joined_on"])
            except (ValidationFailed, Conflict, NotFound) as exc:
                messages.error(request, _message(exc))
            else:
                messages.success(request, f"已添加成员 {person.name}")
    else:
        messages.error(request, "请填写身份证号和关系")
    return redirect("household_detail", household_id=household_id)


@login_required
@require_POST
def member_remove(request, household_id: int, person_id: int):
    form = forms.RemoveMemberForm(request.POST)
    if form.is_valid():
        try:
            services.remove_member(request.user, household_id, person_id, form.cleaned_data["reason"],
                                   form.cleaned_data["left_on"])
        except (ValidationFailed, Conflict, NotFound) as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, "已移出")
    else:
        messages.error(request, "请填写移出原因")
    return redirect("household_detail", household_id=household_id)


@login_required
@require_POST
def head_change(request, household_id: int):
    household = selectors.get_household(request.user, household_id)
    form = forms.HeadForm(request.POST)
    form.fields["new_head_id"].choices = [(m.person_id, m.person_id) for m in household.active_memberships()]
    if form.is_valid():
        try:
            services.change_head(request.user, household_id, form.cleaned_data["new_head_id"],
                                 form.cleaned_data["old_head_relation"])
        except (ValidationFailed, Conflict) as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, "已变更户主")
    else:
        messages.error(request, "请选择新户主和原户主的新关系")
    return redirect("household_detail", household_id=household_id)
