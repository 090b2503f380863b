"""Filter sets of the benefits kernel's lists (cases, entitlements, standards), shared by the pages and the API so
a bad filter value is the same Chinese 422 on both:

    fs = CaseFilters(request.GET, queryset=selectors.case_rows(user), user=user)
    if not fs.is_valid():
        raise filter_errors_to_validation(fs)

Program choices are read from the declared programs when a filter set is built, never at import time."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q

from minzheng.benefits import catalogue, programs, selectors, workflow
from minzheng.benefits.codes import ENTITLEMENT_STATUS
from minzheng.core import clock, regioncodes
from minzheng.core.pages.base import MAX_PK
from minzheng.core.pages.filters import (
    ChoiceFilter,
    DayField,
    MonthFilter,
    PageFilterSet,
    RegionFilter,
    YesNoFilter,
)

CHOICE_ERROR = {"invalid_choice": "“%(value)s”不是可选的值，请从列表中选择"}


class ProgramFilter(django_filters.ChoiceFilter):
    """救助项目 by its Chinese name; the choices are the programs declared when the filter set is built."""

    def __init__(self, field_name: str = "program", *, label: str = "救助项目", **kwargs):
        kwargs.setdefault("error_messages", CHOICE_ERROR)
        super().__init__(field_name, label=label, choices=[], empty_label="全部", **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self.extra["choices"] = programs.choices()
        return super().field


class IdField(forms.IntegerField):
    widget = forms.TextInput(attrs={"inputmode": "numeric"})  # styled like the other text filters
    default_error_messages = {"invalid": "编号格式不正确：应为正整数"}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_PK)
        kwargs.setdefault("error_messages", {"min_value": "编号格式不正确：应为正整数",
                                             "max_value": "编号格式不正确：数值过大"})
        super().__init__(**kwargs)


class IdFilter(django_filters.Filter):
    """A record number (家庭编号 …): a positive integer, anything else is a field error."""

    field_class = IdField


class DayFilter(django_filters.Filter):
    """One day (`YYYY-MM-DD`); what it selects is the filter set's method."""

    field_class = DayField


# ---- cases ----------------------------------------------------------------------------------------------------------


class CaseFilters(PageFilterSet):
    """The case list (`selectors.case_rows`): 待我办理 narrows it to the inbox's 待办案件."""

    mine = YesNoFilter(label="待我办理", method="filter_mine")
    program = ProgramFilter()
    state = ChoiceFilter("state", label="状态", choices=workflow.STATES)
    region_code = RegionFilter("region_code")
    overdue = YesNoFilter(label="已超期", method="filter_overdue")
    household_id = IdFilter("household_id", label="家庭编号")

    def filter_mine(self, qs, name, value):
        mine = selectors.awaiting_me(self.user, qs)
        return mine if value == "1" else qs.exclude(pk__in=mine.values("pk"))

    def filter_overdue(self, qs, name, value):
        day = clock.today()
        if value == "1":
            return qs.filter(task_due__lt=day)
        return qs.filter(Q(task_due__isnull=True) | Q(task_due__gte=day))  # no deadline: not overdue


# ---- entitlements ---------------------------------------------------------------------------------------------------


class InForceFilter(MonthFilter):
    """在发月份: entitlements in force in that month (started by then, not ended before it)."""

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(Q(start_month__lte=value), Q(end_month__isnull=True) | Q(end_month__gte=value))


class EntitlementFilters(PageFilterSet):
    program = ProgramFilter()
    status = ChoiceFilter("status", label="状态", choices=ENTITLEMENT_STATUS)
    region_code = RegionFilter("region_code")
    month = InForceFilter(label="在发月份")


# ---- standards ------------------------------------------------------------------------------------------------------


class AppliesInFilter(RegionFilter):
    """The standards that may apply in a region: those set for it or for any region above it (a village's 低保
    standard is usually the county's)."""

    def __init__(self, field_name: str = "region_code", *, label: str = "适用区划", **kwargs):
        super().__init__(field_name, label=label, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": selectors.region_chain(regioncodes.normalize(value))})


class StandardFilters(PageFilterSet):
    program = ProgramFilter()
    item = ChoiceFilter("item", label="标准项", choices=[])
    region_code = AppliesInFilter()
    area = ChoiceFilter(label="城乡", choices=catalogue.AREAS, method="filter_area")
    as_of = DayFilter(label="在此日期有效", method="filter_as_of")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels: dict[str, str] = {}
        for spec in catalogue.items_list():
            labels.setdefault(spec.item, spec.label)
        self.filters["item"].extra["choices"] = sorted(labels.items(), key=lambda pair: pair[1])

    def filter_area(self, qs, name, value):
        # A standard for 城乡统一 applies to urban and rural households alike.
        return qs.filter(area__in=[value, "all"] if value in ("urban", "rural") else [value])

    def filter_as_of(self, qs, name, value: dt.date):
        return qs.in_force(value)
