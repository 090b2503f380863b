"""Filter sets of the indicators pages and API."""

from __future__ import annotations

from minzheng.core.pages.filters import ChoiceFilter, PageFilterSet, RegionFilter, TextFilter
from minzheng.indicators import codes


class ManualFilters(PageFilterSet):
    status = ChoiceFilter("status", label="状态", choices=codes.MANUAL_STATUS)
    period = TextFilter("period", label="统计期")
    region_code = RegionFilter("region_code")


class ValueFilters(PageFilterSet):
    period = TextFilter("period", label="统计期")
    region_code = RegionFilter("region_code")


class ReturnFilters(PageFilterSet):
    period = TextFilter("period", label="统计期")
    status = ChoiceFilter("status", label="状态", choices=codes.RETURN_STATUS)
    region_code = RegionFilter("region_code")
