import datetime as dt

import pytest

from minzheng.core.models import CalendarDay
from minzheng.core.tests.calendars import pinned_calendar
from minzheng.core.workdays import Calendar, add_calendar_days

D = dt.date


def cal(**adjust):
    return pinned_calendar({D.fromisoformat(k.replace("_", "-")[1:]): v for k, v in adjust.items()})


def test_national_day_2025_and_makeup_workdays():
    c = cal()
    assert c.is_workday(D(2025, 9, 28)) == (True, False)  # Sunday 调休 working day
    assert c.is_workday(D(2025, 10, 3)) == (False, False)  # National Day holiday
    assert c.is_workday(D(2025, 10, 11)) == (True, False)  # Saturday 调休
    # 3 working days from Tuesday 2025-09-30: Oct 1–8 are holidays → Oct 9, 10, 11 (Saturday, a working day).
    assert c.add_workdays(D(2025, 9, 30), 3).day == D(2025, 10, 11)


def test_ordinary_week():
    assert cal().add_workdays(D(2026, 3, 6), 3).day == D(2026, 3, 11)  # Fri → Wed


def test_unknown_year_falls_back_to_weekdays_and_is_provisional():
    result = cal().add_workdays(D(2026, 12, 28), 5)
    assert result.provisional and result.day == D(2027, 1, 4)
    known = cal().add_workdays(D(2026, 11, 23), 3)
    assert not known.provisional and known.day == D(2026, 11, 26)


def test_local_adjustments_override_both_ways():
    c = cal(d2027_01_01="holiday", d2027_01_02="workday")
    assert c.is_workday(D(2027, 1, 1)) == (False, False)
    assert c.is_workday(D(2027, 1, 2)) == (True, False)


@pytest.mark.django_db
def test_region_specific_adjustments_from_the_database():
    CalendarDay.objects.create(day=D(2026, 11, 25), kind="holiday", region_code="330902000000", note="地方假日")
    CalendarDay.objects.create(day=D(2026, 11, 25), kind="workday", region_code="330902001000", note="街道值班")
    assert Calendar("330902002001").is_workday(D(2026, 11, 25)) == (False, False)
    assert Calendar("330902001001").is_workday(D(2026, 11, 25)) == (True, False)
    assert Calendar("431302000000").is_workday(D(2026, 11, 25)) == (True, False)


def test_calendar_days_and_between():
    assert add_calendar_days(D(2026, 1, 1), 7) == D(2026, 1, 8)
    assert cal().workdays_between(D(2026, 3, 6), D(2026, 3, 11)) == (3, False)
    assert cal().workdays_between(D(2026, 3, 11), D(2026, 3, 6)) == (-3, False)
