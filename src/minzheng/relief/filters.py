"""Filter sets of the relief lists, shared by the pages and the API (a bad value is the same Chinese 422)."""

from __future__ import annotations

import django_filters
from django import forms

from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, DateRangeFilter, PageFilterSet
from minzheng.core.pages.region_picker import RegionFilter
from minzheng.core.validation import MAX_ID
from minzheng.relief import codes


class IdFilter(django_filters.Filter):
    """An id (e.g. ?warehouse_id=3): digits 1…2^63-1, else a Chinese error (never a database overflow)."""

    field_class = forms.IntegerField

    def __init__(self, field_name=None, *, label: str, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))  # styled like the other filters
        kwargs.setdefault("error_messages", {"invalid": "应为编号（正整数）", "min_value": "应为编号（正整数）",
                                             "max_value": "编号过大"})
        super().__init__(field_name, label=label, **kwargs)


class EventFilters(PageFilterSet):
    name = ContainsFilter("name", label="灾害名称")
    kind = ChoiceFilter("kind", label="灾害种类", choices=codes.DISASTER_KINDS)
    region_code = RegionFilter("region_code", label="受灾区划")
    started_on = DateRangeFilter("started_on", label="发生日期")


class ReportFilters(PageFilterSet):
    event_id = IdFilter("event_id", label="灾害事件")
    region_code = RegionFilter("region_code", label="村(社区)")
    stage = ChoiceFilter("stage", label="报送阶段", choices=codes.STAGES)
    reported_on = DateRangeFilter("reported_on", label="报送日期")


class AffectedFilters(PageFilterSet):
    event_id = IdFilter("event_id", label="灾害事件")
    region_code = RegionFilter("region_code", label="村(社区)")
    house_damage = ChoiceFilter("house_damage", label="房屋倒损", choices=codes.HOUSE_DAMAGE)
    name = ContainsFilter("person__name", label="联系人")


class WarehouseFilters(PageFilterSet):
    name = ContainsFilter("name", label="储备库名称")
    level = ChoiceFilter("level", label="层级", choices=codes.WAREHOUSE_LEVELS)
    region_code = RegionFilter("region_code", label="所在区划")


class StockFilters(PageFilterSet):
    warehouse_id = IdFilter("warehouse_id", label="储备库")
    item = ContainsFilter("item__name", label="物资名称")
    region_code = RegionFilter("region_code", label="所在区划")


class MovementFilters(PageFilterSet):
    warehouse_id = IdFilter("warehouse_id", label="储备库")
    item = ContainsFilter("item__name", label="物资名称")
    kind = ChoiceFilter("kind", label="类别", choices=codes.MOVEMENT_KINDS)
    status = ChoiceFilter("status", label="签收状态", choices=codes.DISPATCH_STATUS)
    event_id = IdFilter("event_id", label="灾害事件")
    region_code = RegionFilter("region_code", label="储备库区划")
    moved_on = DateRangeFilter("moved_on", label="日期")


class OfficerFilters(PageFilterSet):
    name = ContainsFilter("name", label="姓名")
    role = ChoiceFilter("role", label="职责", choices=codes.OFFICER_ROLES)
    region_code = RegionFilter("region_code", label="村(社区)")


class CoverageFilters(PageFilterSet):
    name = ContainsFilter("name", label="村(社区)名称")
    region_code = RegionFilter("code", label="区划")
    covered = ChoiceFilter("officers", label="覆盖情况", choices={"yes": "已覆盖", "no": "未配备"},
                           method="filter_covered")

    def filter_covered(self, queryset, name, value):
        return queryset.filter(officers__gt=0) if value == "yes" else queryset.filter(officers=0)


class ShelterFilters(PageFilterSet):
    name = ContainsFilter("name", label="场所名称")
    kind = ChoiceFilter("kind", label="类型", choices=codes.SHELTER_KINDS)
    region_code = RegionFilter("region_code", label="所在区划")


class StocktakeFilters(PageFilterSet):
    warehouse_id = IdFilter("warehouse_id", label="储备库")
    region_code = RegionFilter("region_code", label="储备库区划")
    counted_on = DateRangeFilter("counted_on", label="盘点日期")


class ExchangeFilters(PageFilterSet):
    direction = ChoiceFilter("direction", label="方向", choices=codes.EXCHANGE_DIRECTIONS)
    region_code = RegionFilter("region_code", label="区划")
