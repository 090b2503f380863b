"""Filter sets of the special-care lists, shared by the pages and the API."""

from __future__ import annotations

from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, DateRangeFilter, PageFilterSet
from minzheng.core.pages.region_picker import RegionFilter
from minzheng.specialcare import codes


class EntitledFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="姓名")
    category = ChoiceFilter("category", label="优抚类别", choices=codes.CATEGORIES)
    status = ChoiceFilter("status", label="状态", choices=codes.STATUS)
    region_code = RegionFilter("region_code", label="区划")
    registered_on = DateRangeFilter("registered_on", label="登记日期")


class CertificationFilters(PageFilterSet):
    name = ContainsFilter("entitled__person__name", label="姓名")
    year = ChoiceFilter("year", label="年度", choices=[(str(y), str(y)) for y in range(2020, 2036)])
    method = ChoiceFilter("method", label="方式", choices=codes.CERTIFICATION_METHODS)
    region_code = RegionFilter("region_code", label="区划")


class ResidentFilters(PageFilterSet):
    name = ContainsFilter("entitled__person__name", label="姓名")
    home = ContainsFilter("home", label="光荣院")
    region_code = RegionFilter("region_code", label="区划")


class ClaimFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="姓名")
    year = ChoiceFilter("year", label="年度", choices=[(str(y), str(y)) for y in range(2020, 2036)])
    region_code = RegionFilter("region_code", label="区划")


class HardshipFilters(PageFilterSet):
    name = ContainsFilter("entitled__person__name", label="姓名")
    kind = ChoiceFilter("kind", label="困难类别", choices=codes.HARDSHIPS)
    status = ChoiceFilter("status", label="状态", choices=codes.HARDSHIP_STATUS)
    region_code = RegionFilter("region_code", label="区划")
    found_on = DateRangeFilter("found_on", label="发现日期")


class ExchangeFilters(PageFilterSet):
    direction = ChoiceFilter("direction", label="方向", choices=codes.EXCHANGE_DIRECTIONS)
    region_code = RegionFilter("region_code", label="区划")


class DifferenceFilters(PageFilterSet):
    kind = ChoiceFilter("kind", label="差异类别", choices=codes.DIFFERENCES)
    name = ContainsFilter("name", label="姓名")
    region_code = RegionFilter("region_code", label="区划")
