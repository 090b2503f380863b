"""Filter sets of the funeral lists, shared by the pages and the API (a bad value is the same Chinese 422)."""

from __future__ import annotations

from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, DateRangeFilter, IdNumberFilter, PageFilterSet
from minzheng.core.pages.region_picker import RegionFilter
from minzheng.funeral import codes


class DeathFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="逝者姓名")
    id_number = IdNumberFilter("person__id_number_index")
    region_code = RegionFilter("region_code", label="村(社区)")
    source = ChoiceFilter("source", label="死亡信息来源", choices=codes.DEATH_SOURCES)
    status = ChoiceFilter("status", label="状态", choices=codes.DEATH_STATUS)
    death_date = DateRangeFilter("death_date", label="死亡日期")


class BookingFilters(PageFilterSet):
    region_code = RegionFilter("region_code", label="所在区划")
    visitor_name = ContainsFilter("visitor_name", label="预约人")
    status = ChoiceFilter("status", label="状态", choices=codes.BOOKING_STATUS)
    day = DateRangeFilter("slot__day", label="祭扫日期")


class SlotFilters(PageFilterSet):
    region_code = RegionFilter("region_code", label="所在区划")
    day = DateRangeFilter("day", label="日期")


class PlotFilters(PageFilterSet):
    region_code = RegionFilter("region_code", label="所在区划")
    cemetery = ContainsFilter("cemetery__name", label="公墓")
    holder_name = ContainsFilter("holder_name", label="使用权人")
    kind = ChoiceFilter("kind", label="类型", choices=codes.PLOT_KINDS)
    status = ChoiceFilter("status", label="状态", choices=codes.PLOT_STATUS)
    paid_until = DateRangeFilter("paid_until", label="续费到期日")


class CemeteryFilters(PageFilterSet):
    region_code = RegionFilter("region_code", label="所在区划")
    name = ContainsFilter("name", label="名称")
    kind = ChoiceFilter("kind", label="类型", choices=codes.CEMETERY_KINDS)


class EcoFilters(PageFilterSet):
    region_code = RegionFilter("region_code", label="村(社区)")
    kind = ChoiceFilter("kind", label="安葬方式", choices=codes.ECO_KINDS)
    buried_on = DateRangeFilter("buried_on", label="安葬日期")


class SettlementFilters(PageFilterSet):
    region_code = RegionFilter("region_code", label="区划")
    home = ContainsFilter("funeral_home__name", label="殡仪馆")


class IndicatorFilters(PageFilterSet):
    """The indicators page: a region and a year (2000–2040)."""

    region_code = RegionFilter("region_code", label="区划")
    year = ChoiceFilter(label="年份", choices=[(str(y), str(y)) for y in range(2040, 1999, -1)],
                        method="keep")

    def keep(self, qs, name, value):
        return qs
