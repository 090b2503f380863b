"""Data elements (数据元): the counts and sums a line-of-business app can provide to the plan indicators, declared on
its AppConfig (`data_elements = ["minzheng.eldercare.elements.ELEMENTS"]`, a list or a function returning one) —
the indicators app reads them here and never imports an app.

An element answers, for a reporting period, a grouped query: rows of (region code, value) at the finest level the app
holds (a village, or a township for a record kept there). The indicators engine rolls them up the division tree by
code prefix (DuckDB, or Spark when configured). `stock` elements are counted as of the period's last day (beds,
recipients in force); `flow` elements over the period (amounts paid, registrations).

Two optional declarations on an element (each app provides its own; the indicators app stays generic):
- `breakdowns`: the disaggregations the app's records know (`urban_rural`, `sex`, `age_band`, and for the funds and
  caseload board `program` and `month`) — each one grouped query over a region's subtree, giving (category, value);
- `records`: the records behind a value (the persons, households or entitlements counted), as the app's scoped
  selector and its list table, so a value drills down to a list scoped by the viewer's region."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
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


# The dimensions an element may be disaggregated by (code → Chinese label), in the order the indicator page shows them.
DIMENSIONS = {"urban_rural": "城乡", "sex": "性别", "age_band": "年龄段", "program": "救助项目", "month": "月份"}
DISAGGREGATIONS = ("urban_rural", "sex", "age_band")  # the person facts the indicator page breaks a value down by
# Age bands (the product's): minors under 18 (未成年人保护法 第二条), working age, older people 60+ (老年人权益保障法
# 第二条) split at 80, the age most 高龄津贴 start; key → label.
AGE_BANDS = {"0-17": "0–17岁", "18-59": "18–59岁", "60-79": "60–79岁", "80+": "80岁及以上"}
_BAND_FLOORS = (("80+", 80), ("60-79", 60), ("18-59", 18))


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (29 February → 1 March): born on or before it, one is `years` old on `day`."""
    return day.replace(year=day.year - years) if (day.month, day.day) != (2, 29) else dt.date(day.year - years, 3, 1)


def age_band(birth_field: str, day: dt.date):
    """A SQL CASE giving the age band (AGE_BANDS key) of `birth_field` on `day`: set-based on any database."""
    from django.db.models import Case, CharField, Value, When

    return Case(*(When(**{f"{birth_field}__lte": years_before(day, floor)}, then=Value(band))
                  for band, floor in _BAND_FLOORS), default=Value("0-17"), output_field=CharField())


@dataclass(frozen=True)
class Breakdown:
    """One disaggregation of an element: (period, region prefix) → rows of (category code, value) over the region's
    subtree, one grouped query; `labels` names the categories (code → Chinese) in display order."""

    query: Callable[[Period, str], Iterable[tuple[object, object]]]
    labels: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Records:
    """The records behind an element's value: `query(user, period, region prefix)` → the app's scoped QuerySet (its
    selector raises 403 for a role that may not read them), shown with the app's list table (`table`, dotted path
    to a core.pages PageTable). Exporting needs `export_permission`."""

    query: Callable[[object, Period, str], object]
    table: str
    noun: str = "记录"  # 人员、家庭、待遇 …
    permission: str = "people.view"
    export_permission: str = "people.export"
    ordering: tuple = ("pk",)


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
    breakdowns: Mapping[str, Breakdown] = field(default_factory=dict, compare=False)  # dimension → Breakdown
    records: Records | None = field(default=None, compare=False)


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
