"""Filter sets of the disability pages (shared with the API where it lists)."""

from __future__ import annotations

from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, PageFilterSet
from minzheng.core.pages.region_picker import RegionFilter
from minzheng.disability import codes


class CoverageFilters(PageFilterSet):
    region_code = RegionFilter("region_code", label="区划")


class GapFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="姓名")
    region_code = RegionFilter("region_code", label="村(社区)")
    program = ChoiceFilter("program", label="补贴项目", choices=codes.PROGRAMS)
    status = ChoiceFilter("status", label="状态", choices=codes.GAP_STATUS)


class ReviewFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="姓名")
    region_code = RegionFilter("region_code", label="村(社区)")
    outcome = ChoiceFilter("outcome", label="复核结论", choices=codes.REVIEW_OUTCOMES)


class HoldFilters(PageFilterSet):
    name = ContainsFilter("entitlement__person__name", label="姓名")
    region_code = RegionFilter("region_code", label="村(社区)")


class DueFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="姓名")
    region_code = RegionFilter("region_code", label="村(社区)")
    program = ChoiceFilter("program", label="补贴项目", choices=codes.PROGRAMS)
