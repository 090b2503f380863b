"""core.months: the worked examples, and "the same day N months later" against the rule stated in full (民法典
第二百零二条: the corresponding day of the month reached, or that month's last day when it has none)."""

from __future__ import annotations

import calendar
import datetime as dt
import doctest

from hypothesis import given
from hypothesis import strategies as st

from minzheng.core import months


def test_worked_examples():
    assert doctest.testmod(months).failed == 0


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)), st.integers(-240, 240))
def test_the_corresponding_day_or_the_month_s_last(day, n):
    got = months.months_after(day, n)
    assert (got.year * 12 + got.month) - (day.year * 12 + day.month) == n
    last = calendar.monthrange(got.year, got.month)[1]
    assert got.day == (day.day if day.day <= last else last)
    assert months.month_end(got) == got.replace(day=last)
