"""Benchmark: the plan indicators (issue 19) — every computed indicator of the seeded plans for every region level
and 12 months over a synthetic province, the engine part of `minzheng indicators compute` run for each month.

Set-up (timed apart, not part of the goal): DuckDB generates, set-based, the element rows a province's grouped
queries would give (core.data_elements: one row per element and the region the app keeps the record at) for every
element the seeded computed indicators use, month by month (2026-01 … 2026-12), as Parquet: BENCH_PERSONS persons
(default 1,000,000) at ~333 a village, 20 villages a township, 15 townships a county, 7 counties a city (10,000,000
persons: ~30,000 villages, 1,500 townships, 100 counties, 15 cities). Registry, benefits, payroll, monitoring,
communities and social-work elements are kept at the village; elderly-care institutions and social organisations at
the township and the county (so a record counts at its own level and above, never as a village).

Timed, for each of the 12 months: `compute.rollup(engine, rows, folder, name)` — the month's element rows (fetched
from the generated file before the clock starts, as `_element_rows` would hand them over: Decimal values) written to
Parquet, registered and rolled up the division tree by code prefix in one statement (ROLLUP_SQL), and read back as
{(element, region): Decimal} — then the policy step as `compute.run` does it: for every computed indicator × every
region of every level, the value (ratio, per 1,000/10,000, value), the target line for the year and the status.
Not timed: the standards indicators (`kind=standard`, looked up in the standards table per province/city/county
region, no engine work) and the write of the values to the database. The floor: one GROUP BY (element, region) over
the same 12 Parquet files the roll-up wrote, on the same engine; the ratio is total / floor. Peak RSS sampled during
the timed part (of this process; on Spark the JVM is a child process: its peak is sampled and printed apart). The
totals of the roll-up and the statuses are printed so that the two engines' answers can be compared.
Goal: 10,000,000 persons ≤ 120 s on DuckDB on the 2-core machine.

Run: .venv/bin/python benchmarks/bench_indicators.py   (BENCH_PERSONS=10000000 for the issue's scale;
BENCH_MEMORY=3GB DuckDB's limit; BENCH_KEEP=1 keeps the files; BENCH_ENGINE=spark for Spark local mode — the same
compute.rollup through engines.SparkEngine, MINZHENG_SPARK_MASTER default local[2], BENCH_SPARK_MEMORY the driver's
memory, default 6g as bench_monitoring, MINZHENG_SPARK_PARTITIONS default 8).

At 10,000,000 persons, on both engines, one after the other on a quiet machine:
  BENCH_PERSONS=10000000 .venv/bin/python benchmarks/bench_indicators.py
  BENCH_PERSONS=10000000 BENCH_ENGINE=spark .venv/bin/python benchmarks/bench_indicators.py
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import RssSampler, figures, fresh_home, load_average, local_spark, peak_rss_mb, remove_home, setup_django

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
PROVINCE = "43"
PER_VILLAGE, VILLAGES_PER_TOWNSHIP, TOWNSHIPS_PER_COUNTY, COUNTIES_PER_CITY = 333, 20, 15, 7

# Each element the seeded computed indicators may use: (level it is kept at, value as SQL over `p` — the village's
# or place's size — and `r`, a hash of the place, the element and the month; a row only WHERE the value is not 0,
# as a grouped query gives it).
V, T, C = "village", "township", "county"
BEDS = "(40 + r % 160)"
ELEMENTS = {
    "registry.persons": (V, "p"),
    "registry.households": (V, "round(p / 2.6)"),
    "registry.elderly_60": (V, "round(p * (160 + r % 80) / 1000)"),
    "registry.elderly_80": (V, "round(p * (30 + r % 20) / 1000)"),
    "benefits.dibao.in_force": (V, "round(p * 0.012) + r % 3"),
    "benefits.tekun.in_force": (V, "r % 4"),
    "payroll.paid_amount": (V, "(round(p * 0.012) + r % 3) * 650 + (r % 10000) / 100.0"),
    "monitoring.monitored_persons": (V, "round(p * 0.06) + r % 5"),
    "communities.station_area": (V, "CASE WHEN r % 10 < 8 THEN 150 + r % 450 ELSE 0 END"),
    "socialwork.certified_workers": (V, "CASE WHEN r % 2 = 0 THEN 1 + r % 3 ELSE 0 END"),
    "eldercare.beds": (T, BEDS),
    "eldercare.nursing_beds": (T, f"round({BEDS} * (30 + r % 30) / 100)"),
    "eldercare.care_workers": (T, f"round({BEDS} / 8)"),
    "eldercare.certified_care_workers": (T, f"round({BEDS} / 12)"),
    "eldercare.institutions": (T, "1 + r % 3"),
    "socialorgs.active": (T, "r % 6"),
    "funeral.deaths": (V, "round(p * 0.0006) + r % 2"),  # about 7 ‰ a year, a month's share
    "funeral.eco_burials": (V, "r % 2"),
    "homeless.identified_ended": (C, "2 + r % 6"),
    "homeless.returned": (C, "1 + r % 5"),
}
COUNTY_SCALE = {"eldercare.beds": 4, "eldercare.nursing_beds": 4, "eldercare.care_workers": 4,
                "eldercare.certified_care_workers": 4, "eldercare.institutions": 2, "socialorgs.active": 15}


def seeded_indicators() -> list:
    """The bundled definitions, validated as the loader validates them, as unsaved Indicator objects."""
    from minzheng.core import validation
    from minzheng.indicators import services
    from minzheng.indicators.models import Indicator
    from minzheng.indicators.schemas import IndicatorIn

    required = ("plan", "code", "name", "kind", "source")
    out = []
    with services.SEED.open(encoding="utf-8") as fh:
        for data in csv.DictReader(fh):
            row = validation.validate(IndicatorIn, {k: v for k, v in data.items() if v != "" or k in required})
            out.append(Indicator(code=row.code, **row.model_dump(exclude={"code"})))
    return out


def layout(persons: int) -> dict:
    villages = max(VILLAGES_PER_TOWNSHIP, round(persons / PER_VILLAGE))
    townships = -(-villages // VILLAGES_PER_TOWNSHIP)
    counties = -(-townships // TOWNSHIPS_PER_COUNTY)
    cities = -(-counties // COUNTIES_PER_CITY)
    if cities > 99:
        raise SystemExit("BENCH_PERSONS too large for one province (at most 99 cities)")
    return {"villages": villages, "townships": townships, "counties": counties, "cities": cities}


def generate(folder: Path, persons: int, needed: list[str]) -> dict:
    """One Parquet file of element rows per month (element, region_code, depth, value), set-based in DuckDB."""
    import duckdb

    unknown = [e for e in needed if e not in ELEMENTS]
    if unknown:
        raise SystemExit(f"the benchmark does not generate these elements yet: {unknown}")
    sizes = layout(persons)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"SET memory_limit = '{os.environ.get('BENCH_MEMORY', '3GB')}'")
    # Places: a village i sits in township i // 20, county (i // 20) // 15, city ((i // 20) // 15) // 7; codes
    # 43 CC DD TTT VVV with the numbering restarting under each parent.
    v, t, c = VILLAGES_PER_TOWNSHIP, TOWNSHIPS_PER_COUNTY, COUNTIES_PER_CITY
    city = f"lpad(CAST((i // {v * t * c}) + 1 AS VARCHAR), 2, '0')"
    county = f"lpad(CAST((i // {v * t}) % {c} + 1 AS VARCHAR), 2, '0')"
    township = f"lpad(CAST((i // {v}) % {t} + 1 AS VARCHAR), 3, '0')"
    village = f"lpad(CAST(i % {v} + 1 AS VARCHAR), 3, '0')"
    con.execute(f"CREATE TEMP TABLE vil AS SELECT i, '{PROVINCE}' || {city} || {county} || {township} || {village}"
                f" AS code, {int(PER_VILLAGE * 0.75)} + hash(i) % {PER_VILLAGE // 2} AS p"
                f" FROM range(0, {sizes['villages']}) t(i)")
    con.execute(f"CREATE TEMP TABLE town AS SELECT up AS i, substr(min(code), 1, 9) || '000' AS code, SUM(p) AS p"
                f" FROM (SELECT i // {v} AS up, code, p FROM vil) GROUP BY up")
    con.execute(f"CREATE TEMP TABLE cty AS SELECT up AS i, substr(min(code), 1, 6) || '000000' AS code, SUM(p) AS p"
                f" FROM (SELECT i // {t} AS up, code, p FROM town) GROUP BY up")
    rows = 0
    for m, month in enumerate(MONTHS, start=1):
        parts = []
        for k, element in enumerate(needed):
            level, expr = ELEMENTS[element]
            places = [("vil", 12)] if level == V else [("town", 9), ("cty", 6)]
            for table, depth in places:
                value = expr if table != "cty" else f"({expr}) * {COUNTY_SCALE.get(element, 1)}"
                parts.append(
                    f"SELECT '{element}' AS element, code AS region_code, {depth} AS depth,"
                    f" CAST({value} AS DECIMAL(24,4)) AS value"
                    f" FROM (SELECT code, p, hash(i * 1000003 + {k * 7919 + depth * 104729 + m}) % 1000000 AS r"
                    f" FROM {table}) WHERE ({value}) <> 0")
        path = folder / f"gen_{month}.parquet"
        con.execute(f"COPY ({' UNION ALL '.join(parts)}) TO '{path}' (FORMAT parquet)")
        rows += con.execute(f"SELECT COUNT(*) FROM '{path}'").fetchone()[0]
    con.close()
    size = sum(f.stat().st_size for f in folder.glob("gen_*.parquet"))
    return {**sizes, "rows": rows, "bytes": size}


def policy_step(indicators: list, now: dict, period) -> list[tuple]:
    """compute.run's step after the roll-up: value, target line and status per indicator × region."""
    from minzheng.indicators import policy

    regions_of = defaultdict(set)
    for element, code in now:
        regions_of[element].add(code)
    all_regions = {code for _, code in now}
    out = []
    for ind in indicators:
        expected = policy.target_for(period.year, ind.baseline_year, ind.baseline_value, ind.targets)
        places = (regions_of[ind.numerator] | regions_of[ind.denominator] if ind.kind == "ratio" else all_regions)
        for code in sorted(places):
            num = now.get((ind.numerator, code), Decimal(0))
            den = now.get((ind.denominator, code)) if ind.denominator else None
            value = policy.compute(ind.kind, num, den, ind.multiplier, None)
            out.append((ind.code, code, value, num, den, expected, policy.status(value, expected, ind.direction)))
    return out


def make_engine(name: str):
    from minzheng.verification import engines

    if name == "spark":
        return engines.SparkEngine(local_spark("bench-indicators"))
    if name != "duckdb":
        raise SystemExit(f"BENCH_ENGINE must be duckdb or spark, not {name!r}")
    return engines.DuckDBEngine(memory_limit=os.environ.get("BENCH_MEMORY", "3GB"))


def floor_query(engine, paths: list[Path]) -> tuple[float, int]:
    """One GROUP BY (element, region) over the roll-up's 12 files on the engine: (seconds, groups)."""
    from minzheng.indicators import compute

    began = time.perf_counter()
    if engine.name == "spark":
        # The 12 files as one scan, as read_parquet([…]) is for DuckDB (engine.register would add a DISTINCT for
        # several files: right for feed snapshots, not part of this floor).
        ddl = ", ".join(f"{n} {'STRING' if t == 'VARCHAR' else t}" for n, t in compute.EL_COLUMNS)
        engine.spark.read.schema(ddl).parquet(*map(str, paths)).createOrReplaceTempView("el_floor")
        source = "el_floor"
    else:
        source = "read_parquet([" + ", ".join(f"'{p}'" for p in paths) + "])"
    groups = engine.query(f"SELECT COUNT(*) FROM (SELECT element, region_code, SUM(value) FROM"
                          f" {source} GROUP BY element, region_code)")[0][0]
    return time.perf_counter() - began, groups


def main() -> int:
    persons = int(os.environ.get("BENCH_PERSONS", "1000000"))
    engine_name = os.environ.get("BENCH_ENGINE", "duckdb")
    home = fresh_home("minzheng-bench-indicators-")
    setup_django()
    import duckdb

    from minzheng.core.data_elements import Period
    from minzheng.indicators import codes, compute

    indicators = seeded_indicators()
    computed = [i for i in indicators if i.kind in codes.COMPUTED_KINDS and i.kind != "standard"]
    if any(i.kind == "growth" for i in computed):
        raise SystemExit("a growth indicator needs the year-before roll-up: add it to the benchmark")
    needed = sorted({e for i in computed for e in (i.numerator, i.denominator) if e})
    folder = home / "inputs"
    run_folder = home / "run"
    folder.mkdir()
    run_folder.mkdir()
    try:
        began = time.perf_counter()
        made = generate(folder, persons, needed)
        setup = time.perf_counter() - began
        reader = duckdb.connect()
        engine = make_engine(engine_name)  # the Spark session starts here, before the clock
        load_before = load_average()
        sampler = RssSampler(children=engine_name == "spark")
        sampler.start()
        rollup_s = policy_s = fetch_s = 0.0
        values, statuses, regions, rolled = 0, Counter(), 0, Decimal(0)
        for month in MONTHS:
            t0 = time.perf_counter()
            rows = [tuple(r) for r in reader.execute(
                f"SELECT element, region_code, depth, value FROM '{folder / f'gen_{month}.parquet'}'").fetchall()]
            t1 = time.perf_counter()
            now = compute.rollup(engine, rows, run_folder, f"el_{month}")
            t2 = time.perf_counter()
            out = policy_step(computed, now, Period.parse(month))
            t3 = time.perf_counter()
            fetch_s, rollup_s, policy_s = fetch_s + t1 - t0, rollup_s + t2 - t1, policy_s + t3 - t2
            values += len(out)
            statuses.update(r[6] for r in out)
            regions = max(regions, len({code for _, code in now}))
            rolled += sum(now.values())  # outside the clock: the engines' answers, to compare across runs
            del rows, now, out
        peak = sampler.stop()
        load_after = load_average()
        reader.close()
        floor, groups = floor_query(engine, [run_folder / f"el_{m}.parquet" for m in MONTHS])
        engine.close()
        total = rollup_s + policy_s
        places = f"{made['villages']:,} / {made['townships']:,} / {made['counties']:,} / {made['cities']}"
        kinds = (f"{len(indicators)} / {len(computed)} / {sum(i.kind == 'standard' for i in indicators)} / "
                 f"{sum(i.kind == 'manual' for i in indicators)}")
        spark = engine_name == "spark"
        memory = [("peak RSS during the timed part MB (sampled" + (", this process; the JVM apart)" if spark else ")"),
                  round(peak))]
        if spark:
            memory.append(("peak RSS of the Spark JVM during the timed part MB (sampled, child processes)",
                           round(sampler.children_mb())))
        figures(f"plan indicators ({engine_name}, {persons:,} persons, 12 months)", [
            ("persons", persons), ("villages / townships / counties / cities", places),
            ("regions with values (all levels, per month)", regions),
            ("indicators seeded / computed on the engine / standards (not timed) / manual",
             kinds),
            ("elements used", len(needed)), ("element rows (12 months)", made["rows"]),
            ("element Parquet MB (12 months)", round(made["bytes"] / 1e6, 1)),
            ("set-up seconds (generation, not timed)", round(setup, 1)),
            ("fetch of the element rows into Python seconds (not timed)", round(fetch_s, 1)),
            ("roll-up seconds (compute.rollup: write + register + ROLLUP_SQL + read back, 12 months)",
             round(rollup_s, 2)),
            ("policy seconds (value + target + status per indicator × region, 12 months)", round(policy_s, 2)),
            ("total seconds (roll-up + policy)", round(total, 2)),
            ("floor seconds (one GROUP BY element, region over the same 12 files)", f"{floor:.3f}"),
            ("floor groups", groups), ("ratio total / floor", round(total / floor, 1) if floor else "n/a"),
            ("indicator values (12 months)", values), ("statuses", dict(statuses)),
            ("sum of the rolled-up values (12 months; to compare across engines)", f"{rolled:,}"),
            *memory,
            ("peak RSS of the process MB", round(peak_rss_mb())),
            ("load average before / after the timed part", f"{load_before} | {load_after}"),
            ("cpus", os.cpu_count())])
    finally:
        remove_home(home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
