"""Filter sets of the rescue station's lists, shared by the pages and the API (a bad value is the same 422)."""

from __future__ import annotations

from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, DateRangeFilter, PageFilterSet
from minzheng.core.pages.region_picker import RegionFilter
from minzheng.homeless import codes


class IntakeFilters(PageFilterSet):
    name = ContainsFilter("name", label="姓名")
    region_code = RegionFilter("region_code", label="发现地")
    status = ChoiceFilter("status", label="状态", choices=codes.STATUS)
    sex = ChoiceFilter("sex", label="性别", choices=codes.SEX)
    found_by = ChoiceFilter("found_by", label="发现/护送方式", choices=codes.FOUND_BY)
    admitted_on = DateRangeFilter("admitted_on", label="入站日期")


class MissingFilters(PageFilterSet):
    name = ContainsFilter("name", label="姓名")
    region_code = RegionFilter("region_code", label="家庭所在地")
    status = ChoiceFilter("status", label="状态", choices=codes.MISSING_STATUS)
    sex = ChoiceFilter("sex", label="性别", choices=codes.SEX)
