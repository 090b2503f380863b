"""The monitoring lists' filters, shared by the pages and the API (a bad value is the same Chinese 422 on both)."""

from __future__ import annotations

from minzheng.core.pages.filters import (
    ChoiceFilter,
    ContainsFilter,
    MonthFilter,
    PageFilterSet,
    RegionFilter,
    YesNoFilter,
    filter_errors_to_validation,
)
from minzheng.monitoring import codes


class ListedFilter(ChoiceFilter):
    """A code inside a JSON list column (signals, tags, programs): the quoted code in the list's text, which works
    the same on SQLite and PostgreSQL."""

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(**{f"{self.field_name}__icontains": f'"{value}"'})


class CurrentFilter(YesNoFilter):
    """是 = still in the layer (no exit date), 否 = periods already closed (the history)."""

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(exited_on__isnull=value == "1")


class MonitoredFilters(PageFilterSet):
    layer = ChoiceFilter("layer", label="监测类别", choices=codes.LAYERS)
    tag = ListedFilter("tags", label="标签", choices=codes.TAGS)
    current = CurrentFilter("exited_on", label="仍在监测")
    name = ContainsFilter("person__name", label="姓名")
    region_code = RegionFilter("region_code")


class WarningFilters(PageFilterSet):
    month = MonthFilter("month", label="监测月份")
    level = ChoiceFilter("level", label="预警等级", choices=codes.LEVELS)
    status = ChoiceFilter("status", label="状态", choices=codes.WARNING_STATUS)
    signal = ListedFilter("signals", label="信号", choices=codes.SIGNAL_LABELS)
    region_code = RegionFilter("region_code")


class DiscoveryFilters(PageFilterSet):
    month = MonthFilter("month", label="发现月份")
    status = ChoiceFilter("status", label="状态", choices=codes.DISCOVERY_STATUS)
    program = ListedFilter("programs", label="可能符合的项目", choices=codes.DISCOVERY_PROGRAMS)
    region_code = RegionFilter("region_code")


class RuleFilters(PageFilterSet):
    code = ChoiceFilter("code", label="信号", choices=codes.RULE_CODES)
    region_code = RegionFilter("region_code")


class ReferralFilters(PageFilterSet):
    referral_to = ChoiceFilter("referral_to", label="转介事项", choices=codes.REFERRAL_TO)
    status = ChoiceFilter("status", label="状态", choices=codes.REFERRAL_STATUS)
    region_code = RegionFilter("region_code")


class PlanFilters(PageFilterSet):
    group = ChoiceFilter("group", label="走访对象", choices=codes.VISIT_GROUPS)
    region_code = RegionFilter("region_code")


class VisitFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="走访对象")
    region_code = RegionFilter("region_code")


def apply(filterset_class, data, queryset, user):
    """The filtered queryset for the API; a bad value raises ValidationFailed (422, Chinese)."""
    filterset = filterset_class(data, queryset=queryset, user=user)
    if not filterset.is_valid():
        raise filter_errors_to_validation(filterset)
    return filterset.qs


class RunFilters(PageFilterSet):
    month = MonthFilter("month", label="监测月份")
