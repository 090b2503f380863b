"""Pages of the rescue station, mounted at /homeless/ (HomelessConfig.url_prefix): intakes (list with export, the
intake page with stay, costs, property, family-search matches and outcomes), the forms of each step (intake,
expense, property, photo, match outcome, escort home, leaving, settlement), the printable 寻亲公告 with the photo,
missing-person reports (list with export, record) and the dashboard (return rate, stays by length). Reads through
homeless.selectors, writes through homeless.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from minzheng.core import roles
from minzheng.core.errors import Forbidden
from minzheng.core.pages.base import Page, PageAction, visible_actions
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.homeless import codes, filters, forms, selectors, services
from minzheng.homeless.tables import (
    BandTable,
    ExpenseTable,
    IntakeTable,
    MatchTable,
    MissingTable,
    OutcomeTable,
    PropertyTable,
)

LISTS = [PageAction("homeless_intake_list", "受助人员", None, style="outline-secondary"),
         PageAction("homeless_missing_list", "寻人登记", None, style="outline-secondary"),
         PageAction("homeless_dashboard", "救助管理指标", None, style="outline-secondary")]


def _intake_url(result) -> str:
    return reverse("homeless_intake", args=[getattr(result, "intake_id", None) or result.pk])


class IntakeList(ListPage):
    title = "受助人员"
    description = "救助管理站受助人员（含身份不明人员）：在站救助、寻亲、护送返乡、落户安置。"
    permission = "homeless.view"
    selector = staticmethod(selectors.intakes_for)
    filterset_class = filters.IntakeFilters
    table_class = IntakeTable
    ordering = ("-admitted_on", "-id")
    export_permission = "homeless.view"
    export_object = "homeless_intakes"
    empty_text = "没有符合条件的受助人员"
    actions = [PageAction("homeless_intake_create", "求助登记", "homeless.change"), *LISTS[1:]]


class IntakeCreate(ServiceFormPage):
    title = "求助登记"
    description = "身份不明的，姓名和出生年份可不填；体貌特征和口音所属地区用于寻亲比对。"
    permission = "homeless.change"
    form_class = forms.IntakeForm
    submit_label = "登记"
    success_message = "已登记受助人员"
    success_url = staticmethod(_intake_url)

    def call_service(self, data, comment):
        data = {k: v for k, v in data.items() if v not in ("", None)}
        return services.create_intake(self.request.user, data)


class _Step(ServiceFormPage):
    permission = "homeless.change"
    object_selector = staticmethod(selectors.get_intake)
    success_url = staticmethod(_intake_url)


class ExpenseAdd(_Step):
    title = "登记救助费用"
    form_class = forms.ExpenseForm
    success_message = "已登记费用"

    def call_service(self, data, comment):
        return services.add_expense(self.request.user, self.object.pk, data)


class PropertyAdd(_Step):
    title = "登记代管物品"
    form_class = forms.PropertyForm
    success_message = "已登记代管物品"

    def call_service(self, data, comment):
        return services.add_property(self.request.user, self.object.pk, data)


class PhotoUpload(_Step):
    title = "上传照片"
    description = "照片加密保存，用于寻亲公告。"
    form_class = forms.PhotoForm
    success_message = "已上传照片"

    def call_service(self, data, comment):
        return services.attach_photo(self.request.user, self.object.pk, data["photo"])


class MatchDecide(_Step):
    title = "登记寻亲比对结果"
    description = "确认身份的，受助人员与该人员关联，家属的寻人登记随之办结；排除的不再列入比对结果。"
    form_class = forms.MatchForm
    confirm = True
    success_message = "已登记比对结果"

    def initial(self) -> dict:
        get = self.request.GET
        return {k: get.get(k) for k in ("person_id", "missing_person_id", "outcome") if get.get(k)}

    def call_service(self, data, comment):
        return services.decide_match(self.request.user, self.object.pk, data)


class EscortHome(_Step):
    title = "护送返乡"
    description = ("已查明身份的受助人员护送返乡，与接收人当面交接签字；随身物品一并归还；"
                   "户籍或居住地乡镇（街道）收到跟进预警。")
    form_class = forms.EscortForm
    confirm = True
    success_message = "已办理护送返乡，已通知乡镇跟进"

    def call_service(self, data, comment):
        return services.escort_home(self.request.user, self.object.pk, data)


class Leave(_Step):
    title = "办理离站"
    form_class = forms.LeaveForm
    confirm = True
    success_message = "已办理离站"

    def call_service(self, data, comment):
        return services.leave(self.request.user, self.object.pk, data)


class Settle(_Step):
    title = "落户安置"
    description = ("长期滞留、经公安采集DNA和身份核查、寻亲公告期满仍无法查明身份的，办理落户安置"
                   "（民发〔2015〕158号）。")
    form_class = forms.SettlementForm
    confirm = True
    success_message = "已办理落户安置"

    def call_service(self, data, comment):
        return services.settle(self.request.user, self.object.pk, data)


@login_required
def intake_page(request, pk: int):
    """The intake: facts, photo, stay and costs, property, family-search matches with their outcome links,
    outcomes, escort or settlement; the step buttons the user's role allows."""
    selectors.require_view(request.user)
    intake = selectors.get_intake(request.user, pk)
    matches = [{"name": m.name, "kind": m.kind, "birth_year": m.birth_year, "region_code": m.region_code,
                "score": m.score, "reason_text": "；".join(m.reasons), "person_id": m.person_id,
                "missing_person_id": m.missing_person_id}
               for m in selectors.family_matches(request.user, pk)[:10]]
    match_table = MatchTable(matches, empty_text="没有匹配的统一库人员或寻人登记")
    match_table.intake_id = intake.pk
    if not roles.has_perm(request.user, "homeless.change") or intake.status != "in_station":
        match_table.columns.hide("decide")
    open_steps = intake.status == "in_station"
    actions = [PageAction("homeless_notice", "寻亲公告", None, url_args=("pk",), style="outline-primary")]
    if open_steps:
        actions += [PageAction("homeless_expense_add", "登记费用", "homeless.change", url_args=("pk",),
                               style="outline-primary"),
                    PageAction("homeless_property_add", "代管物品", "homeless.change", url_args=("pk",),
                               style="outline-primary"),
                    PageAction("homeless_photo_upload", "上传照片", "homeless.change", url_args=("pk",),
                               style="outline-primary"),
                    PageAction("homeless_escort", "护送返乡", "homeless.change", url_args=("pk",)),
                    PageAction("homeless_leave", "离站", "homeless.change", url_args=("pk",),
                               style="outline-secondary"),
                    PageAction("homeless_settle", "落户安置", "homeless.change", url_args=("pk",),
                               style="outline-secondary")]
    return render(request, "homeless/intake.html", {
        "title": f"受助人员：{intake.shown_name}", "intake": intake, "status": codes.STATUS[intake.status],
        "sex": codes.SEX.get(intake.sex, intake.sex), "found_by": codes.FOUND_BY.get(intake.found_by, ""),
        "actions": visible_actions(actions, request.user, intake),
        "expenses": ExpenseTable(selectors.expenses_of(request.user, intake), empty_text="尚无费用"),
        "total": selectors.expense_total(intake),
        "property": PropertyTable(selectors.property_of(request.user, intake), empty_text="没有代管物品"),
        "matches": match_table,
        "outcomes": OutcomeTable(selectors.outcomes_of(request.user, intake), empty_text="尚无比对结果"),
        "escort": selectors.escort_of(intake), "settlement": selectors.settlement_of(intake)})


@login_required
def photo(request, pk: int):
    """The intake's photo, decrypted for the page (inline, never cached)."""
    selectors.require_view(request.user)
    found = services.photo_bytes(request.user, pk)
    if found is None:
        return HttpResponse(status=404)
    data, content_type = found
    response = HttpResponse(data, content_type=content_type)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def notice(request, pk: int):
    """The printable 寻亲公告 with the photo (民发〔2014〕132号 第二十九条); POST records it as published."""
    selectors.require_view(request.user)
    if request.method == "POST":
        if not roles.has_perm(request.user, "homeless.change"):
            raise Forbidden("您的角色不能发布寻亲公告")
        services.publish_notice(request.user, pk)
        messages.success(request, "已记录寻亲公告发布日期")
        return redirect("homeless_notice", pk=pk)
    content = selectors.notice_of(request.user, pk)
    image = reverse("homeless_photo", args=[pk]) if content["intake"].photo_file else ""
    return render(request, "homeless/notice.html", {
        **content, "title": "寻亲公告", "image": image,
        "can_publish": roles.has_perm(request.user, "homeless.change") and not content["intake"].notice_published_on
        and content["intake"].status == "in_station"})


class MissingList(ListPage):
    title = "寻人登记"
    description = "家属报告的走失人员，寻亲比对时与受助人员比对。"
    permission = "homeless.view"
    selector = staticmethod(selectors.missing_for)
    filterset_class = filters.MissingFilters
    table_class = MissingTable
    ordering = ("-reported_on", "-id")
    export_permission = "homeless.view"
    export_object = "homeless_missing"
    empty_text = "没有寻人登记"
    actions = [PageAction("homeless_missing_create", "登记寻人", "homeless.change"), LISTS[0], LISTS[2]]


class MissingCreate(ServiceFormPage):
    title = "登记寻人信息"
    permission = "homeless.change"
    form_class = forms.MissingForm
    submit_label = "登记"
    success_message = "已登记寻人信息"
    success_url = "homeless_missing_list"

    def call_service(self, data, comment):
        return services.create_missing(self.request.user, {k: v for k, v in data.items() if v not in ("", None)})


class Dashboard(Page):
    title = "救助管理指标"
    permission = "homeless.view"
    template_name = "homeless/dashboard.html"

    def get(self, request, *args, **kwargs):
        figures = selectors.dashboard(request.user)
        return self.render({**figures, "bands": BandTable(figures["stays"]),
                            "status_rows": [(codes.STATUS[k], figures["by_status"].get(k, 0)) for k in codes.STATUS],
                            "actions": visible_actions(LISTS[:2], request.user)})
