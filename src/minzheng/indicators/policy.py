"""Pure rules of the plan indicators: a value from its data elements, the target line for a year, and the progress
status. No national rule fixes how progress is judged; the plans give a baseline year and target years (e.g. Zhoushan
专栏2: 2020 actual, 2022 and 2025 targets). The product's rule, stated here and tested:

- the expected value in a year is read off the straight line through the baseline and the targets (after the last
  target year: the last target; before the baseline: the baseline);
- on track when the value reaches the expected value in the indicator's direction; at risk when it falls short by no
  more than TOLERANCE of the expected value; off track beyond that (a binding indicator at risk or off track is
  flagged);
- values are Decimal, rounded half-up to 2 decimals (ratios in the unit the plan uses: %, per 1,000, per 10,000)."""

from __future__ import annotations

import itertools
from decimal import ROUND_HALF_UP, Decimal

TOLERANCE = Decimal("0.05")
CENT = Decimal("0.01")


def compute(kind: str, numerator: Decimal | None, denominator: Decimal | None, multiplier: Decimal,
            previous: Decimal | None = None) -> Decimal | None:
    """value: numerator × multiplier; ratio: numerator / denominator × multiplier (None when the denominator is
    0 or missing); growth: (numerator − previous) / previous × 100 (previous = the same period a year earlier);
    standard: the standard itself. None = cannot be computed."""
    if numerator is None:
        return None
    if kind in ("value", "standard"):
        result = numerator * multiplier
    elif kind == "ratio":
        if not denominator:
            return None
        result = numerator * multiplier / denominator
    elif kind == "growth":
        if not previous:
            return None
        result = (numerator - previous) * 100 / previous
    else:
        raise ValueError(kind)
    return result.quantize(CENT, ROUND_HALF_UP)


def target_for(year: int, baseline_year: int | None, baseline_value: Decimal | None,
               targets: dict) -> Decimal | None:
    """The expected value in `year` on the line through (baseline_year, baseline_value) and the targets."""
    points = {int(y): Decimal(str(v)) for y, v in (targets or {}).items()}
    if baseline_year is not None and baseline_value is not None:
        points.setdefault(int(baseline_year), Decimal(baseline_value))
    if not points:
        return None
    years = sorted(points)
    if year <= years[0]:
        return points[years[0]]
    if year >= years[-1]:
        return points[years[-1]]
    for a, b in itertools.pairwise(years):
        if a <= year <= b:
            share = Decimal(year - a) / Decimal(b - a)
            return (points[a] + (points[b] - points[a]) * share).quantize(CENT, ROUND_HALF_UP)
    return None  # pragma: no cover - the years cover every case above


def status(value: Decimal | None, expected: Decimal | None, direction: str = "up") -> str:
    if value is None:
        return "no_data"
    if expected is None:
        return "no_target"
    if direction == "down":
        if value <= expected:
            return "on_track"
        return "at_risk" if value <= expected * (1 + TOLERANCE) else "off_track"
    if value >= expected:
        return "on_track"
    return "at_risk" if value >= expected * (1 - TOLERANCE) else "off_track"
