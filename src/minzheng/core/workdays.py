"""Working days (工作日) for legal time limits.

Source of truth: the State Council's yearly holiday schedule (放假安排) including 调休 weekend working days, as
published in the maintained package `chinese-calendar`, plus local adjustments in `CalendarDay` (a bureau's own
holidays, or next year's schedule entered before the package knows it). For a year the package does not cover,
days fall back to Monday–Friday plus local adjustments and the result is marked **provisional** — a deadline is
never silently assumed (shared ARCHITECTURE "Dates and deadlines").
Rules using this: 民发〔2021〕57号 第十五、二十、二十二条 etc. count 工作日; public notices count calendar days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import chinese_calendar

from minzheng.core import regioncodes


@dataclass(frozen=True)
class Deadline:
    day: dt.date
    provisional: bool  # True when any day counted lies in a year the official schedule is not known for


def _configured_official() -> Callable[[dt.date], bool]:
    # MINZHENG_OFFICIAL_CALENDAR (dotted path) replaces the package, e.g. in tests to pin the known years.
    from django.conf import settings
    from django.utils.module_loading import import_string

    path = getattr(settings, "MINZHENG_OFFICIAL_CALENDAR", "")
    return import_string(path) if path else chinese_calendar.is_workday


class Calendar:
    """Working-day arithmetic for one region, with its local adjustments loaded once."""

    def __init__(self, region_code: str = "", adjustments: dict[dt.date, str] | None = None,
                 official: Callable[[dt.date], bool] | None = None):
        """`official` answers whether a day is a working day by the State Council schedule and raises
        NotImplementedError for a year it does not know (default: the `chinese-calendar` package; tests inject a
        fixed schedule so a new package release changes no result)."""
        self.region_code = region_code
        self._adjust = adjustments if adjustments is not None else self._load(region_code)
        self._official = official or _configured_official()

    @staticmethod
    def _load(region_code: str) -> dict[dt.date, str]:
        from minzheng.core.models import CalendarDay

        rows = CalendarDay.objects.all()
        out: dict[dt.date, tuple[int, str]] = {}
        for day, kind, code in rows.values_list("day", "kind", "region_code"):
            if code and not (region_code and regioncodes.in_subtree(regioncodes.normalize(region_code), code)):
                continue
            depth = len(regioncodes.prefix(code)) if code else 0
            if day not in out or depth >= out[day][0]:  # the most specific region's adjustment wins
                out[day] = (depth, kind)
        return {day: kind for day, (_, kind) in out.items()}

    def is_workday(self, day: dt.date) -> tuple[bool, bool]:
        """(is a working day, provisional)."""
        if day in self._adjust:
            return self._adjust[day] == "workday", False
        try:
            return self._official(day), False
        except NotImplementedError:  # a year the package has no State Council schedule for yet:
            return day.weekday() < 5, True  # weekdays, and the deadline is marked provisional (tested)

    def add_workdays(self, start: dt.date, count: int) -> Deadline:
        """The `count`-th working day after `start` (start itself not counted: 自受理之日起 N 个工作日内 ends on it)."""
        day, remaining, provisional = start, count, False
        while remaining > 0:
            day += dt.timedelta(days=1)
            working, unsure = self.is_workday(day)
            provisional |= unsure
            if working:
                remaining -= 1
        return Deadline(day, provisional)

    def workdays_between(self, start: dt.date, end: dt.date) -> tuple[int, bool]:
        """Working days after `start` up to and including `end` (negative when end < start)."""
        sign, a, b = (1, start, end) if end >= start else (-1, end, start)
        count, provisional, day = 0, False, a
        while day < b:
            day += dt.timedelta(days=1)
            working, unsure = self.is_workday(day)
            provisional |= unsure
            count += working
        return sign * count, provisional


def add_calendar_days(start: dt.date, days: int) -> dt.date:
    """Calendar-day periods (e.g. the 7-day public notice, 57号 第十九条)."""
    return start + dt.timedelta(days=days)
