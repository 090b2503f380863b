"""Verification's list filters, shared by the pages and the API (a bad value is the same Chinese 422 on both)."""

from __future__ import annotations

from minzheng.core.pages.filters import (
    ChoiceFilter,
    DateRangeFilter,
    MonthFilter,
    PageFilterSet,
    RegionFilter,
    filter_errors_to_validation,
)
from minzheng.verification import codes


class FindingFilters(PageFilterSet):
    month = MonthFilter("month", label="比对月份")
    rule = ChoiceFilter("rule", label="规则", choices=codes.RULES)
    status = ChoiceFilter("status", label="状态", choices=codes.FINDING_STATUS)
    region_code = RegionFilter("region_code")


class RunFilters(PageFilterSet):
    month = MonthFilter("month", label="比对月份")


class SnapshotFilters(PageFilterSet):
    kind = ChoiceFilter("kind", label="数据类别", choices=codes.FEED_KINDS)
    as_of = DateRangeFilter("as_of", label="数据日期")


def apply(filterset_class, data, queryset, user):
    """The filtered queryset for the API; a bad value raises ValidationFailed (422, Chinese)."""
    filterset = filterset_class(data, queryset=queryset, user=user)
    if not filterset.is_valid():
        raise filter_errors_to_validation(filterset)
    return filterset.qs
