"""家庭养老床位 (family care beds): the service visits a bed must receive each month, by the elder's assessed level
(GB/T 42195-2022: 0 能力完好 … 4 能力完全丧失). Local standard (❓ docs/eldercare.md): the agreement may set more.

>>> required_visits(0), required_visits(2), required_visits(4)
(2, 4, 8)
"""

from __future__ import annotations

import datetime as dt

REQUIRED_VISITS = {0: 2, 1: 4, 2: 4, 3: 8, 4: 8}


def required_visits(level: int) -> int:
    return REQUIRED_VISITS[level]


def visits_short(required: int, done: int) -> int:
    return max(0, required - done)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    start = month.replace(day=1)
    stop = (start + dt.timedelta(days=32)).replace(day=1)
    return start, stop
