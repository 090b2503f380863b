"""Calendar-month arithmetic shared by every line of business: a month's last day, and "the same day N months
later", which is how the rules count intervals measured in months (a visit due every 3 months, a reassessment every
12, a review every 6). Pure functions of dates.

Rule of the month's end (民法典 第二百零二条: a period in months ends on the corresponding day of the last month; a
month without that day ends on its last day): 2026-01-31 plus one month is 2026-02-28.
"""

from __future__ import annotations

import calendar
import datetime as dt


def month_end(day: dt.date) -> dt.date:
    """The last day of `day`'s month.

    >>> month_end(dt.date(2024, 2, 10)), month_end(dt.date(2026, 12, 1))
    (datetime.date(2024, 2, 29), datetime.date(2026, 12, 31))
    """
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or earlier when negative (the month's last day when it has fewer days).

    >>> months_after(dt.date(2026, 5, 2), 12), months_after(dt.date(2026, 1, 31), 1)
    (datetime.date(2027, 5, 2), datetime.date(2026, 2, 28))
    >>> months_after(dt.date(2024, 3, 31), -1), months_after(dt.date(2026, 12, 15), 1)
    (datetime.date(2024, 2, 29), datetime.date(2027, 1, 15))
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if day.day <= 28:  # every month has the day (due lists compute this for each of a county's rows)
        return dt.date(year, month, day.day)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
