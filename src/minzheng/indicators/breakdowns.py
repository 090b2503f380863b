"""Reads behind the indicator page's disaggregation and the funds and caseload board, live from the data elements the
apps declare (core.data_elements: `breakdowns`, `records`) — each one grouped query over the region's subtree, never a
query per person; the indicators app imports no line-of-business app.

- `disaggregate`: an indicator's value for a region and period by urban/rural, sex and age band, where the registry
  (or the kernel) knows those facts of the records counted;
- `funds_board`: the caseload (households and persons in force, by program) and the funds paid (by month, program and
  child region), for the viewer's region subtree;
- `records_of`: the records behind an element's value (the app's scoped selector)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from minzheng.core import regioncodes
from minzheng.core.data_elements import DIMENSIONS, DISAGGREGATIONS, DataElement, Period, elements
from minzheng.core.errors import NotFound
from minzheng.indicators import policy, selectors
from minzheng.indicators.models import Indicator

UNKNOWN = "未登记"  # a category the record does not state (a person in no household …)
FOUR = Decimal("0.0001")


def _scoped_root(user, region_code: str) -> str:
    """The region asked for, inside the viewer's subtree (404 outside, 422 on a malformed code)."""
    selectors.require_view(user)
    return selectors.region_in_scope(user, region_code)


def _sum(element: DataElement, rows) -> dict[str, Decimal]:
    """Rows of (category, value) summed by category (an app may give a category twice, e.g. in two querysets)."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for key, value in rows:
        if value is None:
            continue
        out[UNKNOWN if key in (None, "") else str(key)] += Decimal(str(value))
    divisor = Decimal(element.divisor)
    return {k: (v / divisor).quantize(FOUR) for k, v in out.items()}


def breakdown(code: str, dimension: str, period: Period, prefix: str) -> dict[str, Decimal]:
    """One element by one dimension over a subtree: {category code: value}, {} if the app declares no such one."""
    element = elements().get(code)
    found = element.breakdowns.get(dimension) if element else None
    if found is None:
        return {}
    return _sum(element, found.query(period, prefix))


def labels(code: str, dimension: str) -> dict[str, str]:
    element = elements().get(code)
    found = element.breakdowns.get(dimension) if element else None
    return dict(found.labels) if found else {}


@dataclass
class Slice:
    category: str
    label: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None


@dataclass
class Disaggregation:
    dimension: str
    label: str
    slices: list[Slice] = field(default_factory=list)
    numerator_only: bool = False  # a ratio whose denominator the app cannot split: the numerator is shown alone


def disaggregate(user, indicator: Indicator, region_code: str, period_text: str) -> list[Disaggregation]:
    """The indicator's value for the region by each dimension both its elements know (value and ratio kinds)."""
    root = _scoped_root(user, region_code)
    if indicator.kind not in ("value", "ratio") or not indicator.numerator:
        return []
    period = Period.parse(period_text)
    prefix = regioncodes.prefix(root)
    out = []
    for dimension in DISAGGREGATIONS:
        nums = breakdown(indicator.numerator, dimension, period, prefix)
        names = labels(indicator.numerator, dimension)
        if not nums and dimension not in (elements().get(indicator.numerator) or _NO).breakdowns:
            continue
        dens = breakdown(indicator.denominator, dimension, period, prefix) if indicator.kind == "ratio" else {}
        split = indicator.kind == "ratio" and dimension in (elements().get(indicator.denominator) or _NO).breakdowns
        item = Disaggregation(dimension, DIMENSIONS[dimension], numerator_only=indicator.kind == "ratio" and not split)
        for category in [*names, *sorted((set(nums) | set(dens)) - set(names))]:
            num = nums.get(category, Decimal(0))
            den = dens.get(category, Decimal(0)) if split else None
            if category not in names and not num and not den:
                continue
            value = (policy.compute(indicator.kind, num, den, indicator.multiplier)
                     if indicator.kind == "value" or split else None)
            item.slices.append(Slice(category, names.get(category, category), num, den, value))
        out.append(item)
    return out


class _No:
    breakdowns: dict = {}


_NO = _No()


# ---- the funds and caseload board ------------------------------------------------------------------------------------

CASELOAD = ("benefits.households", "benefits.persons")
FUNDS = ("payroll.paid_amount", "payroll.paid_lines")


@dataclass
class FundsBoard:
    region_code: str
    period: Period
    available: bool  # the kernel and the payroll declare the elements
    totals: dict[str, Decimal] = field(default_factory=dict)  # element → value over the subtree
    programs: list[dict] = field(default_factory=list)  # {code, label, households, persons, paid, lines}
    months: list[dict] = field(default_factory=list)  # {month, households, persons, paid, lines}
    regions: list[dict] = field(default_factory=list)  # {code, households, persons, paid, lines}
    urban_rural: list[dict] = field(default_factory=list)  # {label, persons, paid}


def _months(period: Period) -> list[Period]:
    first, last = period.start, period.end
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(Period.parse(f"{year}-{month:02d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _children(code: str, rows, prefix: str, width: int) -> dict[str, Decimal]:
    """An element's village rows summed to the subtree's child level (a record kept above it counts at none)."""
    element = elements()[code]
    out: dict[str, Decimal] = defaultdict(Decimal)
    for region, value in rows:
        code12 = str(region or "").ljust(12, "0")
        if value is None or not code12.startswith(prefix) or len(regioncodes.prefix(code12)) < width:
            continue
        out[code12[:width].ljust(12, "0")] += Decimal(str(value))
    divisor = Decimal(element.divisor)
    return {k: (v / divisor).quantize(FOUR) for k, v in out.items()}


def funds_board(user, region_code: str, period_text: str) -> FundsBoard:
    """Caseload at each month's end and funds paid in each month of the period, by program and by child region:
    a fixed number of grouped queries (per element: one per month, one by program, one by region)."""
    root = _scoped_root(user, region_code)
    period = Period.parse(period_text)
    board = FundsBoard(root, period, all(c in elements() for c in (*CASELOAD, *FUNDS)))
    if not board.available:
        return board
    prefix = regioncodes.prefix(root)
    names = labels("benefits.persons", "program")
    by_program = {code: breakdown(code, "program", period, prefix) for code in (*CASELOAD, *FUNDS)}
    board.programs = [{"code": p, "label": names.get(p, p), "households": by_program["benefits.households"].get(p),
                       "persons": by_program["benefits.persons"].get(p),
                       "paid": by_program["payroll.paid_amount"].get(p),
                       "lines": by_program["payroll.paid_lines"].get(p)}
                      for p in [*names, *sorted(set().union(*by_program.values()) - set(names))]
                      if any(by_program[c].get(p) for c in by_program)]
    paid_by_month = breakdown("payroll.paid_amount", "month", period, prefix)
    lines_by_month = breakdown("payroll.paid_lines", "month", period, prefix)
    for month in _months(period):
        board.months.append({"month": month.code, "households": _households(month, prefix),
                             "persons": sum(breakdown("benefits.persons", "program", month, prefix).values(),
                                            Decimal(0)),
                             "paid": paid_by_month.get(month.code, Decimal(0)),
                             "lines": lines_by_month.get(month.code, Decimal(0))})
    board.totals = {"benefits.households": _households(period, prefix),
                    "benefits.persons": sum(by_program["benefits.persons"].values(), Decimal(0)),
                    "payroll.paid_amount": sum(paid_by_month.values(), Decimal(0)),
                    "payroll.paid_lines": sum(lines_by_month.values(), Decimal(0))}
    level = regioncodes.LEVELS.index(regioncodes.level_of(root))
    if level + 1 < len(regioncodes.LEVELS):
        width = regioncodes.LEVEL_LENGTH[regioncodes.LEVELS[level + 1]]
        per = {code: _children(code, elements()[code].query(period), prefix, width) for code in (*CASELOAD, *FUNDS)}
        for code in sorted(set().union(*per.values())):
            board.regions.append({"code": code, "households": per["benefits.households"].get(code, Decimal(0)),
                                  "persons": per["benefits.persons"].get(code, Decimal(0)),
                                  "paid": per["payroll.paid_amount"].get(code, Decimal(0)),
                                  "lines": per["payroll.paid_lines"].get(code, Decimal(0))})
    ur_names = labels("benefits.persons", "urban_rural")
    persons_ur = breakdown("benefits.persons", "urban_rural", period, prefix)
    paid_ur = breakdown("payroll.paid_amount", "urban_rural", period, prefix)
    board.urban_rural = [{"label": ur_names.get(k, k), "persons": persons_ur.get(k, Decimal(0)),
                          "paid": paid_ur.get(k, Decimal(0))}
                         for k in [*ur_names, *sorted((set(persons_ur) | set(paid_ur)) - set(ur_names))]]
    return board


def _households(period: Period, prefix: str) -> Decimal:
    """Households in force over the subtree: a household is urban or rural, so the urban/rural split sums to the
    distinct count (a sum over programs would count a household in two programs twice)."""
    return sum(breakdown("benefits.households", "urban_rural", period, prefix).values(), Decimal(0))


# ---- the records behind a value --------------------------------------------------------------------------------------

def element_with_records(code: str) -> DataElement:
    element = elements().get(code)
    if element is None or element.records is None:
        raise NotFound()
    return element


def records_of(user, code: str, region_code: str, period_text: str):
    """The app's scoped records behind the element's value for the region and period (403 from the app's selector
    for a role that may not read them; 404 outside the viewer's subtree)."""
    element = element_with_records(code)
    root = _scoped_root(user, region_code)
    return element.records.query(user, Period.parse(period_text), regioncodes.prefix(root))
