"""Social-work pages on the generic blocks: workers (list with export, detail with trainings, registration,
training), township stations with the "六有" checklist (list with export, save), the post-grade table, and the
indicators by region (certified social workers per 10,000 residents). No ORM here."""

from __future__ import annotations

import django_filters
from django.urls import reverse

from minzheng.core import clock
from minzheng.core.pages.base import Page, PageAction
from minzheng.core.pages.detail import DetailPage, Related
from minzheng.core.pages.filters import PageFilterSet, RegionFilter
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.socialwork import forms, selectors, services
from minzheng.socialwork.filters import StationFilters, WorkerFilters
from minzheng.socialwork.tables import (
    WORKER_SECTIONS,
    GradeTable,
    IndicatorTable,
    StationTable,
    TrainingTable,
    WorkerTable,
)

LISTS = [PageAction("socialwork_stations", "社工站", "socialwork.view", style="outline-secondary"),
         PageAction("socialwork_indicators", "指标", "socialwork.view", style="outline-secondary"),
         PageAction("socialwork_grades", "岗位等级", "socialwork.view", style="outline-secondary")]


class WorkerList(ListPage):
    title = "社会工作者"
    permission = "socialwork.view"
    selector = staticmethod(selectors.workers_for)
    filterset_class = WorkerFilters
    table_class = WorkerTable
    ordering = ("region_code", "name", "id")
    export_permission = "socialwork.view"
    export_object = "social_worker"
    actions = [PageAction("socialworker_add", "登记社会工作者", "socialwork.manage"), *LISTS]


class WorkerDetail(DetailPage):
    title = "社会工作者"
    permission = "socialwork.view"
    selector = staticmethod(selectors.worker_detail)
    sections = WORKER_SECTIONS
    related = [Related("培训记录", TrainingTable, selectors.trainings_of)]
    actions = [PageAction("socialworker_training", "登记培训", "socialwork.manage", url_args=("pk",))]


class WorkerAdd(ServiceFormPage):
    title = "登记社会工作者"
    permission = "socialwork.manage"
    form_class = forms.WorkerForm
    service = staticmethod(services.add_worker)
    success_message = "已登记"
    success_url = staticmethod(lambda row: reverse("socialworker_detail", args=[row.pk]))


class TrainingAdd(ServiceFormPage):
    title = "登记培训"
    permission = "socialwork.manage"
    form_class = forms.TrainingForm
    object_selector = staticmethod(selectors.get_worker)
    success_message = "已登记培训"
    success_url = staticmethod(lambda row: reverse("socialworker_detail", args=[row.worker_id]))

    def call_service(self, data, comment):
        return services.add_training(self.request.user, self.object.pk, data)


class StationList(ListPage):
    title = "乡镇（街道）社工站"
    permission = "socialwork.view"
    description = "每个乡镇（街道）一个社工站；“六有”各项是否具备（六项的表述以本省文件为准）。"
    selector = staticmethod(selectors.stations_for)
    filterset_class = StationFilters
    table_class = StationTable
    ordering = ("region_code",)
    export_permission = "socialwork.view"
    export_object = "sw_station"
    actions = [PageAction("socialwork_station_save", "登记/更新社工站", "socialwork.manage")]


class StationSave(ServiceFormPage):
    title = "登记或更新社工站"
    permission = "socialwork.manage"
    form_class = forms.StationForm
    service = staticmethod(services.save_station)
    success_message = "已保存社工站"
    success_url = "socialwork_stations"


class GradeFilters(PageFilterSet):
    pass


class GradeList(ListPage):
    title = "社会工作岗位等级与薪酬"
    permission = "socialwork.view"
    description = "岗位等级序列和月薪区间按区划、生效日期载入（minzheng socialwork load-grades）；内置数据为示例。"
    selector = staticmethod(lambda user: selectors.post_grades())
    filterset_class = GradeFilters
    table_class = GradeTable
    ordering = ("region_code", "-effective_from", "sequence")
    export_permission = "socialwork.view"
    export_object = "sw_post_grade"


class YearFilter(django_filters.NumberFilter):
    """The population year of the indicators (not a filter on the rows)."""

    def __init__(self, **kwargs):
        super().__init__(label="年份", min_value=1990, max_value=2100,
                         error_messages={"invalid": "年份应为整数", "min_value": "年份超出范围（1990–2100）",
                                         "max_value": "年份超出范围（1990–2100）"}, **kwargs)

    def filter(self, qs, value):
        return qs


class IndicatorRegion(PageFilterSet):
    year = YearFilter()
    region_code = RegionFilter("region_code")


class Indicators(Page):
    title = "社会工作指标"
    permission = "socialwork.view"
    template_name = "socialwork/indicators.html"

    def get(self, request, *args, **kwargs):
        data = request.GET.copy()
        if not data.get("year"):
            data["year"] = str(clock.today().year - 1)
        fs = IndicatorRegion(data, queryset=selectors.workers_for(request.user), request=request)
        if not fs.is_valid():
            return self.render({"filterset": fs, "filter_errors": fs.error_list()}, status=422)
        region = fs.form.cleaned_data.get("region_code") or ""
        year = int(fs.form.cleaned_data["year"])
        out = selectors.indicators(request.user, region, year)
        table = IndicatorTable([*out["rows"], out["total"]], empty_text="没有下级区划")
        return self.render({"filterset": fs, "table": table, "year": year,
                            "region_name": selectors.region_name(out["root"])})
