"""The volunteers lists' filters, shared by the pages and the API (a bad value is the same Chinese 422 on both)."""

from __future__ import annotations

from minzheng.core.pages.filters import (
    ChoiceFilter,
    ContainsFilter,
    DateRangeFilter,
    IdNumberFilter,
    PageFilterSet,
    RegionFilter,
    YesNoFilter,
    filter_errors_to_validation,
)
from minzheng.volunteers import codes


class CategoryFilter(ChoiceFilter):
    """A category inside the JSON list of the volunteer's categories (the quoted code: same on SQLite and
    PostgreSQL)."""

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(**{f"{self.field_name}__icontains": f'"{value}"'})


class VolunteerFilters(PageFilterSet):
    name = ContainsFilter("name", label="姓名")
    id_number = IdNumberFilter("id_number_index")
    category = CategoryFilter("categories", label="服务类别", choices=codes.CATEGORIES)
    status = ChoiceFilter("status", label="状态", choices=codes.STATUS)
    region_code = RegionFilter("region_code")


class RecordFilters(PageFilterSet):
    activity = ContainsFilter("activity_name", label="活动名称")
    served_on = DateRangeFilter("served_on", label="服务日期")
    late = YesNoFilter("late", label="逾期补录")
    region_code = RegionFilter("region_code")


class ActivityFilters(PageFilterSet):
    name = ContainsFilter("name", label="活动名称")
    category = ChoiceFilter("category", label="服务类别", choices=codes.CATEGORIES)
    risky = YesNoFilter("risky", label="有人身风险")
    starts_on = DateRangeFilter("starts_on", label="开始日期")
    region_code = RegionFilter("region_code")


class OrganisationFilters(PageFilterSet):
    name = ContainsFilter("name", label="名称")
    kind = ChoiceFilter("kind", label="类型", choices=codes.ORG_KINDS)
    region_code = RegionFilter("region_code")


class StationFilters(PageFilterSet):
    name = ContainsFilter("name", label="站点名称")
    region_code = RegionFilter("region_code")


def apply(filterset_class, data, queryset, user):
    """The filtered queryset for the API; a bad value raises ValidationFailed (422, Chinese)."""
    filterset = filterset_class(data, queryset=queryset, user=user)
    if not filterset.is_valid():
        raise filter_errors_to_validation(filterset)
    return filterset.qs
