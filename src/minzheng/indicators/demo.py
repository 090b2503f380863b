"""The demo county's plan indicators: the five plans' definitions and the values of the last four quarters and the
year so far (so the board has a current value and the indicator page a trend)."""

from __future__ import annotations

from minzheng.core import app_registry
from minzheng.indicators import compute, services


def seed(context: app_registry.DemoContext) -> dict:
    loaded = services.load_definitions(None, "seed")
    month = context.month
    quarter = (month.month - 1) // 3 + 1
    periods = []
    year, q = month.year, quarter
    for _ in range(4):
        periods.append(f"{year}Q{q}")
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    periods.append(str(month.year))
    code = context.county.code
    results = [compute.run(p, region=code) for p in reversed(periods)]
    return {"indicators": loaded["rows"], "periods": [r["period"] for r in results],
            "computed": results[-1]["computed"], "manual": results[-1]["manual"]}
