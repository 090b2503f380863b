"""`minzheng indicators compute --period 2026Q4 [--region CODE] [--engine duckdb|spark]`: every computed indicator for
every region level of the period, written once and run on DuckDB by default or Spark when configured.

1. each data element the indicators use (core.data_elements) runs its one grouped query for the period (and for the
   same period a year earlier where a growth rate needs it) — rows of (element, region code, value) written to
   Parquet;
2. the engine rolls them up the division tree by code prefix (province 2, city 4, county 6, township 9, village 12
   digits) in one statement (ROLLUP_SQL, DuckDB dialect, transpiled for Spark);
3. the pure policy turns numerators and denominators into values, target lines and statuses (Decimal);
4. the period's computed values of the region's subtree are replaced in one transaction (a re-run gives the same
   rows); approved hand-entered values are kept.
Prints {"period", "indicators", "computed", "manual", "at_risk", "seconds"}."""

from __future__ import annotations

import shutil
import time
import uuid
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from minzheng import home
from minzheng.core import audit, regioncodes
from minzheng.core.data_elements import Period, elements
from minzheng.core.errors import ValidationFailed
from minzheng.indicators import codes, policy
from minzheng.indicators.models import Indicator, IndicatorValue

EL_COLUMNS = [("element", "VARCHAR"), ("region_code", "VARCHAR"), ("depth", "INTEGER"), ("value", "DECIMAL(24,4)")]
LENGTHS = tuple(regioncodes.LEVEL_LENGTH.values())
# A row counts at its own level and every level above (depth = the length of its code's significant prefix: a record
# kept at a county counts for the county, the city and the province, never again as a township or village).
ROLLUP_SQL = " UNION ALL ".join(
    f"SELECT element, rpad(substr(region_code, 1, {n}), 12, '0') AS region_code, SUM(value) AS value FROM el"
    f" WHERE depth >= {n} GROUP BY element, rpad(substr(region_code, 1, {n}), 12, '0')" for n in LENGTHS)
FOUR = Decimal("0.0001")


def _element_rows(code: str, period: Period, prefix: str) -> list[tuple[str, str, int, Decimal]]:
    element = elements().get(code)
    if element is None:
        raise ValidationFailed.one("numerator", f"数据元“{code}”未由任何业务模块声明")
    divisor = Decimal(element.divisor)
    out = []
    for region, value in element.query(period):
        if value is None or not region:
            continue
        code12 = str(region).ljust(12, "0")
        if code12.startswith(prefix):
            out.append((code, code12, len(regioncodes.prefix(code12)), (Decimal(str(value)) / divisor).quantize(FOUR)))
    return out


def _write(path: Path, rows: list[tuple]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = list(zip(*rows, strict=True)) if rows else [[], [], [], []]
    pq.write_table(pa.table({"element": pa.array(list(cols[0]), pa.string()),
                             "region_code": pa.array(list(cols[1]), pa.string()),
                             "depth": pa.array(list(cols[2]), pa.int32()),
                             "value": pa.array(list(cols[3]), pa.decimal128(24, 4))}), path)


def rollup(engine, rows: list[tuple], folder: Path, name: str) -> dict[tuple[str, str], Decimal]:
    """{(element, region code at any level): summed value} from the engine."""
    path = folder / f"{name}.parquet"
    _write(path, rows)
    engine.register("el", [str(path)], EL_COLUMNS)
    return {(e, r): Decimal(v) for e, r, v in engine.query(ROLLUP_SQL)}


def _standard(item: str, region: str, period: Period) -> Decimal | None:
    """A standard in force at the region at the period's end, per person per year (monthly × 12)."""
    from minzheng.benefits import catalogue
    from minzheng.benefits import selectors as benefits_selectors

    program, _, name = item.partition(".")
    for area in ("all", "urban"):
        found = benefits_selectors.resolve(region, area, period.end).get(program, name)
        if found is not None:
            value = Decimal(str(found.value))
            return value if found.unit == catalogue.YEARLY else value * 12
    return None


def run(period_text: str, region: str = "", engine_name: str = "duckdb", actor=None, engine=None) -> dict:
    from minzheng.verification import engines

    started = time.perf_counter()
    period = Period.parse(period_text)
    prefix = regioncodes.prefix(regioncodes.normalize(region)) if region else ""
    indicators = list(Indicator.objects.all())
    computed = [i for i in indicators if i.kind in codes.COMPUTED_KINDS and i.kind != "standard"]
    needed = sorted({c for i in computed for c in (i.numerator, i.denominator) if c})
    growth = sorted({i.numerator for i in computed if i.kind == "growth"})
    engine = engine or engines.make(engine_name)
    folder = home.home_dir("lake", "_indicators", f"{period.code}-{uuid.uuid4().hex[:8]}")
    try:
        now = rollup(engine, [r for c in needed for r in _element_rows(c, period, prefix)], folder, "el")
        before = rollup(engine, [r for c in growth for r in _element_rows(c, period.year_before(), prefix)],
                        folder, "el_before") if growth else {}
    finally:
        engine.close()
        shutil.rmtree(folder, ignore_errors=True)
    if prefix:  # the roll-up of a subtree's rows gives its ancestors partial sums: keep the subtree only
        now = {k: v for k, v in now.items() if k[1].startswith(prefix)}
        before = {k: v for k, v in before.items() if k[1].startswith(prefix)}
    regions_of = defaultdict(set)
    for element, code in now:
        regions_of[element].add(code)
    all_regions = {code for _, code in now}
    rows = []
    for ind in indicators:
        if ind.kind == "manual":
            continue
        expected = policy.target_for(period.year, ind.baseline_year, ind.baseline_value, ind.targets)
        if ind.kind == "standard":
            places = {c for c in all_regions if regioncodes.level_of(c) in ("province", "city", "county")}
            if prefix:
                places.add(prefix.ljust(12, "0"))
            values = {c: _standard(ind.numerator, c, period) for c in sorted(places)}
            for code, num in values.items():
                value = policy.compute("standard", num, None, ind.multiplier)
                rows.append((ind, code, value, num, None, expected))
            continue
        # A count or sum with no rows in a region is 0 there (nothing paid is 0 元), over every region seen.
        places = (regions_of[ind.numerator] | regions_of[ind.denominator] if ind.kind == "ratio"
                  else all_regions)
        for code in sorted(places):
            num = now.get((ind.numerator, code), Decimal(0))
            den = now.get((ind.denominator, code)) if ind.denominator else None
            prev = before.get((ind.numerator, code)) if ind.kind == "growth" else None
            value = policy.compute(ind.kind, num, den, ind.multiplier, prev)
            rows.append((ind, code, value, num, den, expected))
    objs = [IndicatorValue(indicator=ind, region_code=code, period=period.code, period_end=period.end, value=value,
                           numerator=num, denominator=den, target=expected, source="computed",
                           status=policy.status(value, expected, ind.direction))
            for ind, code, value, num, den, expected in rows]
    with transaction.atomic():
        old = IndicatorValue.objects.filter(period=period.code, source="computed")
        if prefix:
            old = old.filter(region_code__startswith=prefix)
        old.delete()
        IndicatorValue.objects.bulk_create(objs, batch_size=2000)
        audit.record(actor or "system", audit.Event("indicators_compute", "indicator_value", "", prefix.ljust(12, "0")
                                                    if prefix else "", {"period": [None, period.code],
                                                                        "values": [None, len(objs)]}))
    root = _root(all_regions, prefix)
    at_risk = sorted({o.indicator.code for o in objs if o.indicator.binding and o.region_code == root
                      and o.status in ("at_risk", "off_track")})
    return {"period": period.code, "indicators": len(indicators),
            "computed": sum(1 for i in indicators if i.kind != "manual"),  # each ran; no data → no value there
            "manual": sum(1 for i in indicators if i.kind == "manual"), "at_risk": len(at_risk),
            "seconds": round(time.perf_counter() - started, 2)}


def _root(codes_: set[str], prefix: str) -> str:
    if prefix:
        return prefix.ljust(12, "0")
    if not codes_:
        return ""
    return min(codes_, key=lambda c: (len(regioncodes.prefix(c)), c))
