"""Filters of the social-work lists, shared by pages and API."""

from __future__ import annotations

from minzheng.core.pages.filters import (
    ChoiceFilter,
    ContainsFilter,
    PageFilterSet,
    RegionFilter,
    filter_errors_to_validation,
)
from minzheng.socialwork import codes


class WorkerFilters(PageFilterSet):
    name = ContainsFilter("name", label="姓名")
    level = ChoiceFilter("level", label="职业资格", choices=codes.LEVELS)
    status = ChoiceFilter("status", label="状态", choices=codes.STATUS)
    region_code = RegionFilter("region_code")


class StationFilters(PageFilterSet):
    name = ContainsFilter("name", label="站点名称")
    region_code = RegionFilter("region_code")


def apply(filterset_class, data, queryset, user):
    filterset = filterset_class(data, queryset=queryset, user=user)
    if not filterset.is_valid():
        raise filter_errors_to_validation(filterset)
    return filterset.qs
