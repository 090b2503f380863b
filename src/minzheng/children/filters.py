"""Filter sets of the children's lists, shared by the pages and the API (a bad value is the same Chinese 422)."""

from __future__ import annotations

from minzheng.children import codes
from minzheng.core.pages.filters import (
    ChoiceFilter,
    ContainsFilter,
    DateRangeFilter,
    IdNumberFilter,
    PageFilterSet,
    TextFilter,
    YesNoFilter,
    filter_errors_to_validation,
)
from minzheng.core.pages.region_picker import RegionFilter


def apply(filterset_class, data, queryset, user):
    """The filtered queryset for the API; a bad value raises ValidationFailed (422, Chinese)."""
    fs = filterset_class(data, queryset=queryset, user=user)
    if not fs.is_valid():
        raise filter_errors_to_validation(fs)
    return fs.qs


class CurrentFilter(YesNoFilter):
    """是 = still on the register (not exited)."""

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(exited_on__isnull=(value == "1"))


class ChildFilters(PageFilterSet):
    name = ContainsFilter("person__name", label="姓名")
    id_number = IdNumberFilter("person__id_number_index")
    region_code = RegionFilter("region_code", label="区划")
    village = RegionFilter("region_code", label="村(社区)")  # GET /api/v1/children?village=CODE (the name)
    category = ChoiceFilter("category", label="类别", choices=codes.CATEGORIES)
    tier = TextFilter("tier", label="分级代码")
    schooling = ChoiceFilter("schooling", label="就学情况", choices=codes.SCHOOLING)
    current = CurrentFilter(label="在册")


class VisitFilters(PageFilterSet):
    name = ContainsFilter("child__person__name", label="姓名")
    region_code = RegionFilter("region_code", label="村(社区)")
    kind = ChoiceFilter("kind", label="方式", choices=codes.VISIT_KINDS)
    concern = YesNoFilter("concern", label="发现风险")
    visited_on = DateRangeFilter("visited_on", label="走访日期")


class DueFilters(PageFilterSet):
    """The due list is computed (not a queryset): these filters validate the query and are applied by the page."""

    region_code = RegionFilter("region_code", label="村(社区)")
    director = ChoiceFilter(label="儿童主任", choices={}, method="keep")
    overdue = YesNoFilter(label="逾期", method="keep")

    def __init__(self, *args, director_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["director"].extra["choices"] = [(str(k), v) for k, v in director_choices]

    def keep(self, qs, name, value):
        return qs


class WorkerFilters(PageFilterSet):
    name = ContainsFilter("name", label="姓名")
    region_code = RegionFilter("region_code", label="区划")
    kind = ChoiceFilter("kind", label="类别", choices=codes.WORKER_KINDS)
    active = YesNoFilter("active", label="在岗")


class PlanFilters(PageFilterSet):
    category = ChoiceFilter("category", label="儿童类别", choices=codes.CATEGORIES)
    region_code = RegionFilter("region_code", label="区划")


class TierFilters(PageFilterSet):
    category = ChoiceFilter("category", label="儿童类别", choices=codes.CATEGORIES)
    region_code = RegionFilter("region_code", label="区划")


class LimitFilters(PageFilterSet):
    step = ChoiceFilter("step", label="环节", choices=codes.LIMIT_STEPS)
    region_code = RegionFilter("region_code", label="区划")


class CaseFilters(PageFilterSet):
    child_name = ContainsFilter("child_name", label="儿童姓名")
    region_code = RegionFilter("region_code", label="区划")
    state = ChoiceFilter("state", label="状态", choices=codes.CASE_STATES)
    harm = ChoiceFilter("harm", label="侵害情形", choices=codes.HARMS)
    urgency = ChoiceFilter("urgency", label="紧急程度", choices=codes.URGENCY)
    reported_at = DateRangeFilter("reported_at", label="报告日期")


class StayFilters(PageFilterSet):
    centre = ContainsFilter("centre", label="未保中心")
    region_code = RegionFilter("case__region_code", label="区划")
    current = YesNoFilter(label="在住", method="filter_current")
    admitted_on = DateRangeFilter("admitted_on", label="入住日期")

    def filter_current(self, qs, name, value):
        if value in ("", None):
            return qs
        return qs.filter(left_on__isnull=(value == "1"))
