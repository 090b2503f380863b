"""The one clock. `MINZHENG_TODAY=YYYY-MM-DD` fixes "today" for training, demos and tests."""

from __future__ import annotations

import datetime as dt
import os

from django.utils import timezone


def today() -> dt.date:
    fixed = os.environ.get("MINZHENG_TODAY")
    if fixed:
        return dt.date.fromisoformat(fixed)
    return timezone.localdate()


def now() -> dt.datetime:
    return timezone.now()
