"""The official holiday schedule as the tests pin it (a plain module, imported like a factory).

Results up to 2026 come from the `chinese-calendar` package; later years are "not yet published", so a package
release that learns 2027's holidays (announced each November) changes no test result."""

from __future__ import annotations

import datetime as dt

import chinese_calendar

from minzheng.core.workdays import Calendar

LAST_KNOWN_YEAR = 2026


def known_through_2026(day: dt.date) -> bool:
    if day.year > LAST_KNOWN_YEAR:
        raise NotImplementedError(day.year)
    return chinese_calendar.is_workday(day)


def pinned_calendar(adjustments: dict[dt.date, str] | None = None) -> Calendar:
    return Calendar(adjustments=adjustments or {}, official=known_through_2026)
