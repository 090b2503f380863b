"""The payroll's list filters, shared by the pages and the API (a bad value is the same Chinese 422 on both)."""

from __future__ import annotations

from minzheng.benefits import programs
from minzheng.core.pages.filters import (
    ChoiceFilter,
    MonthFilter,
    PageFilterSet,
    RegionFilter,
    filter_errors_to_validation,
)
from minzheng.payroll import codes


def payable_choices() -> list[tuple[str, str]]:
    """The programs the payroll pays, with their names (declared by their apps: read when a filter set is made)."""
    return [(code, programs.name(code)) for code in programs.payable()]


def program_filter() -> ChoiceFilter:
    return ChoiceFilter("program", label="救助项目", choices=())  # choices: per filter set (_ProgramFilters)


class _ProgramFilters(PageFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["program"].extra["choices"] = payable_choices()


class PayrollFilters(_ProgramFilters):
    month = MonthFilter("month", label="发放月份")
    program = program_filter()
    status = ChoiceFilter("status", label="状态", choices=codes.STATUS)
    region_code = RegionFilter("region_code")


class LineFilters(PageFilterSet):
    kind = ChoiceFilter("kind", label="类别", choices=codes.KINDS)
    status = ChoiceFilter("status", label="发放状态", choices=codes.LINE_STATUS)


class FailedFilters(_ProgramFilters):
    month = MonthFilter("month", label="发放月份")
    program = program_filter()
    region_code = RegionFilter("region_code")


class RecoveryFilters(_ProgramFilters):
    status = ChoiceFilter("status", label="状态", choices=codes.RECOVERY_STATUS)
    program = program_filter()
    region_code = RegionFilter("region_code")


def apply(filterset_class, data, queryset, user):
    """The filtered queryset for the API and the CLI; a bad value raises ValidationFailed (422, Chinese)."""
    filterset = filterset_class(data, queryset=queryset, user=user)
    if not filterset.is_valid():
        raise filter_errors_to_validation(filterset)
    return filterset.qs
