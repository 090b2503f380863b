"""Data elements (数据元): the counts and sums a line-of-business app can provide to the plan indicators, declared on
its AppConfig (`data_elements = ["minzheng.eldercare.elements.ELEMENTS"]`, a list or a function returning one) —
the indicators app reads them here and never imports an app.

An element answers, for a reporting period, a grouped query: rows of (region code, value) at the finest level the app
holds (a village, or a township for a record kept there). The indicators engine rolls them up the division tree by
code prefix (DuckDB, or Spark when configured). `stock` elements are counted as of the period's last day (beds,
recipients in force); `flow` elements over the period (amounts paid, registrations)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.utils.module_loading import import_string

from minzheng.core.errors import ValidationFailed

_PERIOD = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})|Q(?P<q>[1-4]))?$")
YEARS = (2000, 2100)


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: a year (2026), a quarter (2026Q4) or a month (2026-11)."""

    start: dt.date
    end: dt.date
    code: str

    @classmethod
    def parse(cls, text: str) -> Period:
        found = _PERIOD.match(str(text).strip())
        year = int(found["y"]) if found else 0
        if not found or not YEARS[0] <= year <= YEARS[1] or (found["m"] and not 1 <= int(found["m"]) <= 12):
            raise ValidationFailed.one("period", f"统计期“{str(text)[:20]}”格式不正确：应为 2026、2026Q4 或 2026-11"
                                                 f"（{YEARS[0]}–{YEARS[1]} 年）")
        if found["m"]:
            month = int(found["m"])
            first, last = month, month
        elif found["q"]:
            last = int(found["q"]) * 3
            first = last - 2
        else:
            first, last = 1, 12
        end = dt.date(year, last, calendar.monthrange(year, last)[1])
        return cls(dt.date(year, first, 1), end, str(text).strip())

    @property
    def year(self) -> int:
        return self.end.year

    def year_before(self) -> Period:
        """The same period a year earlier (growth rates compare with it)."""
        code = self.code.replace(str(self.year), str(self.year - 1), 1)
        return Period.parse(code)


@dataclass(frozen=True)
class DataElement:
    code: str  # "<app>.<name>", e.g. "eldercare.nursing_beds"
    name: str  # Chinese, as people read it
    unit: str  # 人、户、张、元 …
    # period -> a QuerySet of (region_code, value) rows (values_list, grouped) or (sql, params) giving them
    query: Callable[[Period], object]
    kind: str = "stock"  # stock (as of the period's end) | flow (during the period)
    description: str = ""
    divisor: int = 1  # stored units per reported unit (fen → 元: 100), divided exactly as DECIMAL


@cache
def elements() -> dict[str, DataElement]:
    """Every declared element by code; a code declared twice is an error."""
    from minzheng.core import app_registry

    out: dict[str, DataElement] = {}
    for config in app_registry.configs():
        for path in getattr(config, "data_elements", ()):
            found = import_string(path)  # a list, or a function building it (declarations read at run time)
            for element in (found() if callable(found) else found):
                if element.code in out:
                    raise ValueError(f"data element {element.code} declared twice (second time by {config.label})")
                out[element.code] = element
    return out
