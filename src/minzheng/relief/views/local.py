"""Pages of local capacity: the 灾害信息员 roster (and each village's coverage: one per village at least), 应急避难场所
with their openings for an event and the occupancy. Reads through selectors, writes through services."""

from __future__ import annotations

from django.urls import reverse

from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import CodeColumn, CountColumn, RegionColumn, TextColumn
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage, bind_user
from minzheng.core.pages.lists import ListPage
from minzheng.relief import filters, forms, selectors, tables
from minzheng.relief.codes import SHELTER_KINDS
from minzheng.relief.services import local

VIEW, REPORT, EXPORT = "relief.view", "relief.report", "relief.export"
LINKS = [PageAction("relief_officer_list", "灾害信息员", VIEW, style="outline-secondary"),
         PageAction("relief_coverage", "信息员覆盖", VIEW, style="outline-secondary"),
         PageAction("relief_shelter_list", "避难场所", VIEW, style="outline-secondary"),
         PageAction("relief_event_list", "灾害事件", VIEW, style="outline-secondary")]


def _others(current):
    return [a for a in LINKS if a.url_name != current]


class OfficerList(ListPage):
    title = "灾害信息员"
    description = "每个村（社区）至少配备 1 名灾害信息员，负责灾情报送；联系电话脱敏显示。"
    permission = VIEW
    selector = staticmethod(selectors.officers_for)
    filterset_class = filters.OfficerFilters
    table_class = tables.OfficerTable
    ordering = ("region_code", "-role", "id")
    export_permission = EXPORT
    export_object = "relief_officer"
    actions = [PageAction("relief_officer_add", "登记信息员", REPORT), *_others("relief_officer_list")]


class OfficerAdd(ServiceFormPage):
    title = "登记灾害信息员"
    permission = REPORT
    form_class = forms.OfficerForm
    submit_label = "登记"
    success_message = "已登记灾害信息员"
    success_url = "relief_officer_list"

    def call_service(self, data, comment):
        return local.add_officer(self.request.user, forms.clean(data))


class OfficerTrain(ServiceFormPage):
    title = "登记信息员培训"
    permission = REPORT
    form_class = forms.TrainingForm
    object_selector = staticmethod(lambda user, pk: selectors.get_officer(user, pk, "change"))
    submit_label = "登记"
    success_message = "已登记培训"
    success_url = "relief_officer_list"

    def call_service(self, data, comment):
        return local.train(self.request.user, self.object.pk, forms.clean(data))


class Coverage(ListPage):
    title = "灾害信息员覆盖情况"
    description = "辖区内每个村（社区）的在岗信息员人数；“未配备”的村须尽快补齐。"
    permission = VIEW
    selector = staticmethod(selectors.coverage_for)
    filterset_class = filters.CoverageFilters
    table_class = tables.CoverageTable
    ordering = ("code",)
    export_permission = EXPORT
    export_object = "relief_officer"
    actions = _others("relief_coverage")

    def get(self, request, *args, **kwargs):
        t = selectors.coverage_totals(request.user)
        self.description = (f"辖区 {t['villages']} 个村（社区），已配备灾害信息员 {t['covered']} 个，未配备 "
                            f"{t['uncovered']} 个，覆盖率 {t['rate']}%（每村至少 1 名）。")
        return super().get(request, *args, **kwargs)


class ShelterList(ListPage):
    title = "应急避难场所"
    permission = VIEW
    selector = staticmethod(selectors.shelters_for)
    filterset_class = filters.ShelterFilters
    table_class = tables.ShelterTable
    ordering = ("region_code", "name", "id")
    export_permission = EXPORT
    export_object = "relief_shelter"
    actions = [PageAction("relief_shelter_add", "登记避难场所", REPORT), *_others("relief_shelter_list")]


class ShelterAdd(ServiceFormPage):
    title = "登记应急避难场所"
    permission = REPORT
    form_class = forms.ShelterForm
    submit_label = "登记"
    success_message = "已登记避难场所"
    success_url = staticmethod(lambda result: reverse("relief_shelter", args=[result.pk]))

    def call_service(self, data, comment):
        return local.add_shelter(self.request.user, forms.clean(data))


class FacilitiesText(TextColumn):
    def display(self, raw, record, table):
        return tables.FacilitiesColumn.display(self, raw, record, table)


class ShelterDetail(DetailPage):
    title = "应急避难场所"
    permission = VIEW
    selector = staticmethod(selectors.get_shelter)
    sections = [Section("基本情况", {
        "name": TextColumn("场所名称"), "kind": CodeColumn(SHELTER_KINDS, "类型"),
        "region_code": RegionColumn("所在区划"), "address": TextColumn("地址"),
        "capacity": CountColumn("容纳人数"), "area_m2": TextColumn("有效面积（平方米）"),
        "facilities": FacilitiesText("设施"), "manager": TextColumn("管理人")})]
    related = [Related("启用记录", tables.OpeningTable,
                       lambda user, obj: selectors.openings_for(user).filter(shelter=obj).order_by("-opened_on"))]
    actions = [PageAction("relief_shelter_open", "为灾害启用", REPORT, url_args=("pk",))]


class ShelterOpen(ServiceFormPage):
    title = "启用避难场所"
    permission = REPORT
    form_class = forms.ShelterOpenForm
    object_selector = staticmethod(lambda user, pk: selectors.get_shelter(user, pk, "change"))
    submit_label = "启用"
    success_message = "已启用避难场所"
    success_url = staticmethod(lambda result: reverse("relief_shelter", args=[result.shelter_id]))

    def make_form(self, data=None):
        events = selectors.events_for(self.request.user).order_by("-started_on", "-id")[:50]
        return bind_user(self.form_class(data, initial=self.initial(), events=events), self.request.user)

    def call_service(self, data, comment):
        return local.open_shelter(self.request.user, self.object.pk, forms.clean(data))


class OpeningUpdate(ServiceFormPage):
    title = "避难场所安置人数"
    description = "登记当前安置人数；人员全部离开后勾选“关闭”（关闭后不能再登记）。"
    permission = REPORT
    form_class = forms.OpeningForm
    object_selector = staticmethod(lambda user, pk: selectors.get_opening(user, pk, "change"))
    submit_label = "保存"
    success_message = "已保存"
    success_url = staticmethod(lambda result: reverse("relief_shelter", args=[result.shelter_id]))

    def initial(self) -> dict:
        return {"occupancy": self.object.occupancy} if self.object else {}

    def call_service(self, data, comment):
        if data.get("close"):
            return local.close_shelter(self.request.user, self.object.pk, forms.clean({"closed_on": data.get(
                "closed_on")}))
        return local.set_occupancy(self.request.user, self.object.pk, {"occupancy": data["occupancy"]})
