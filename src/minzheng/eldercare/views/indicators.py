"""养老服务指标 (issue 14 item 8) by child region: the register's figures with beds, nursing-type share, care workers
and 特困失能集中供养率 from this app's data (eldercare.indicators)."""

from __future__ import annotations

from minzheng.core.pages.base import Page
from minzheng.core.pages.columns import CountColumn, PageTable, TextColumn, TypedColumn
from minzheng.eldercare import codes, indicators
from minzheng.elderly import filters as elderly_filters
from minzheng.elderly import selectors as elderly_selectors


class GradesColumn(TypedColumn):
    def display(self, raw, record, table):
        return "、".join(f"{codes.GRADE_LEVELS.get(g, g)} {n}" for g, n in (raw or {}).items()) or "—"

    export = display


class ServiceIndicatorTable(PageTable):
    name = TextColumn("区划", orderable=False)
    elders = CountColumn("老年人", orderable=False)
    institutions = CountColumn("养老机构", orderable=False)
    beds = CountColumn("床位", orderable=False)
    beds_per_1000 = TextColumn("每千名老年人床位", orderable=False)
    beds_nursing = CountColumn("护理型床位", orderable=False)
    nursing_share = TextColumn("护理型床位占比", orderable=False)
    care_workers = CountColumn("养老护理员", orderable=False)
    workers_per_10000 = TextColumn("每万名老年人护理员", orderable=False)
    disabled_share = TextColumn("失能占已评估", orderable=False)
    tekun_disabled = CountColumn("特困失能人员", orderable=False)
    tekun_placed_share = TextColumn("特困失能集中供养率", orderable=False)
    grades = GradesColumn("机构等级", orderable=False)


class ServiceIndicators(Page):
    title = "养老服务指标（机构与床位）"
    permission = ("eldercare.view",)
    template_name = "eldercare/indicators.html"

    def get(self, request, *args, **kwargs):
        fs = elderly_filters.IndicatorFilters(request.GET, queryset=elderly_selectors.elderly_for(request.user),
                                              request=request)
        if not fs.is_valid():
            return self.render({"filterset": fs, "filter_errors": fs.error_list()}, status=422)
        data = indicators.service_indicators(request.user, fs.form.cleaned_data.get("region_code") or "")
        table = ServiceIndicatorTable([*data["rows"], data["total"]], empty_text="没有下级区划")
        return self.render({"filterset": fs, "table": table,
                            "region_name": elderly_selectors.region_name(data["root"])})
