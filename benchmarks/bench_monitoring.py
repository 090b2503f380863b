"""Benchmark: the monthly monitoring score (issue 13) — the signals and the household score of `minzheng monitor run`
(monitoring.signals, run by monitoring.scoring.evaluate) on the engine, at province scale.

Set-up (timed apart, not part of the target): DuckDB generates, set-based, the Parquet inputs the run exports
(monitoring.scoring: mp, hh, mem, rec, rp, rw, lv — same columns and types) for BENCH_PERSONS persons (default
1,000,000) in BENCH_PERSONS / 2.5 households over 2,000 villages, layered like the national platform (低保 60 %,
特困 7 %, 低保边缘 9 %, 防返贫 5 %, 刚性支出 3 %, 其他 16 %), the demo rules (示例值) for every village, and
department feeds of realistic size written as the intake writes them (sorted by id_index, 10,000-row groups):
medical (≈ 0.8 rows per person), schooling, disability, unemployment, death, disaster, poverty_return, two thirds of
their rows about people outside the monitored population.

Timed: the engine phase of the run — register the inputs and the feeds, every signal (hits kept on watched layers,
materialised), the score and level per household, both result sets brought back to Python and sorted. The export
from the database and the warnings write are not included (they scale with the database, and with the warned
households only). The floor: the raw join of the members with every feed the signals read (COUNT(*) per kind) on the
same files; the ratio is scoring / floor. Peak RSS sampled during the scoring. Goal: 10,000,000 persons ≤ 120 s and
≤ 8 GB on the 2-core machine.

Run: .venv/bin/python benchmarks/bench_monitoring.py   (BENCH_PERSONS=10000000 for the issue's scale;
BENCH_ENGINE=spark for Spark local mode; BENCH_MEMORY=6GB DuckDB's limit; BENCH_KEEP=1 keeps the files)
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import figures, fresh_home, load_average, local_spark, peak_rss_mb, remove_home, setup_django

MONTH = dt.date(2026, 11, 1)
VILLAGES = [f"330902{t:03d}{v:03d}" for t in range(1, 21) for v in range(1, 101)]
FEEDS = ("medical", "schooling", "disability", "unemployment", "death", "disaster", "poverty_return")


class RssSampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kb, self._halt = 0, threading.Event()

    def run(self):
        while not self._halt.is_set():
            with open("/proc/self/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))
            self._halt.wait(0.05)

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return self.peak_kb / 1000


def generate(folder: Path, persons: int) -> dict:
    """Inputs and feeds as Parquet, set-based in DuckDB; returns row counts and bytes."""
    import duckdb

    from minzheng.monitoring import scoring
    from minzheng.monitoring.rules import DEMO_RULES

    households = max(1, int(persons / 2.5))
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"SET memory_limit = '{os.environ.get('BENCH_MEMORY', '6GB')}'")
    villages = "[" + ", ".join(f"'{v}'" for v in VILLAGES) + "]"

    def copy(select: str, name: str, sort: str | None = None) -> None:
        order = f" ORDER BY {sort}" if sort else ""
        con.execute(f"COPY ({select}{order}) TO '{folder / name}' (FORMAT parquet, ROW_GROUP_SIZE 10000)"
                    if sort else f"COPY ({select}) TO '{folder / name}' (FORMAT parquet)")

    # Members: person i lives in household (i - 1) % H + 1; an id_index like the blind index (64 hex characters).
    con.execute(f"CREATE TEMP TABLE p AS SELECT i AS person_id, CAST((i - 1) % {households} + 1 AS BIGINT)"
                " AS household_id, sha256(CAST(i AS VARCHAR)) AS id_index,"
                " DATE '1930-01-01' + CAST(hash(i) % 33000 AS INTEGER) AS birth_date, hash(i * 7) % 1000 AS r"
                f" FROM range(1, {persons} + 1) t(i)")
    copy("SELECT household_id, person_id, id_index, birth_date, r >= 3 AS alive,"
         " CASE WHEN r < 3 THEN DATE '2026-08-01' END AS death_date,"
         " CAST(CASE WHEN r BETWEEN 100 AND 149 THEN 1 + r % 4 END AS INTEGER) AS disability_grade,"
         " r BETWEEN 150 AND 169 AS serious_illness, r BETWEEN 400 AND 799 AS earner FROM p", "mem.parquet")
    layer = ("CASE WHEN h.r < 600 THEN 'dibao' WHEN h.r < 670 THEN 'tekun' WHEN h.r < 760 THEN 'dibao_edge'"
             " WHEN h.r < 810 THEN 'poverty_return' WHEN h.r < 840 THEN 'rigid_expense' ELSE 'other' END")
    con.execute(f"CREATE TEMP TABLE h AS SELECT household_id, hash(household_id) % 1000 AS r FROM range(1,"
                f" {households} + 1) t(household_id)")
    copy(f"SELECT p.person_id, p.household_id, {layer} AS layer FROM p JOIN h USING (household_id)", "mp.parquet")
    copy(f"SELECT h.household_id, {villages}[1 + h.household_id % {len(VILLAGES)}] AS region_code,"
         " CASE WHEN h.r % 2 = 0 THEN 'urban' ELSE 'rural' END AS area, MIN(p.person_id) AS head_id,"
         " CAST(COUNT(*) AS INTEGER) AS n_members,"
         " CAST((hash(h.household_id * 3) % 6000000) / 100.0 AS DECIMAL(18,2)) AS income_year,"
         " CAST(14000 AS DECIMAL(18,4)) AS line_year FROM h JOIN p USING (household_id)"
         " GROUP BY h.household_id, h.r", "hh.parquet")
    copy("SELECT household_id, 'rigid_expense' AS program,"
         " CAST(DATE '2026-11-01' + INTERVAL (r % 12) MONTH AS DATE) AS end_month"
         " FROM h WHERE r BETWEEN 810 AND 839", "rec.parquet")
    # The demo rules for every village (as monitoring.scoring.rule_rows writes them).
    with DEMO_RULES.open() as fh:
        demo = list(csv.DictReader(fh))
    from decimal import Decimal

    from minzheng.benefits import workflow
    from minzheng.monitoring import codes, population
    from minzheng.monitoring.schemas import _layers

    rp, rw, lv, ep = [], [], [], []
    cuts = {r["code"]: int(r["threshold"]) for r in demo if r["code"] in codes.LEVEL_RULES}
    for v in VILLAGES:
        for r in demo:
            if r["code"] in codes.PARAM_RULES:
                ep += [(v, level, Decimal(r["threshold"])) for level in codes.EDU_COST_LEVELS[r["code"]]]
                continue
            if r["code"] in codes.LEVEL_RULES:
                continue
            win = int(r["window_months"])
            rp.append((v, r["code"], workflow.add_months(MONTH, -(win - 1)),
                       population.month_end(workflow.add_months(MONTH, win)),
                       Decimal(r["threshold"]) if r["threshold"] else None, int(r["weight"])))
            rw += [(v, r["code"], layer_code) for layer_code in (_layers(r["layers"]) or list(codes.LAYERS))]
        lv.append((v, cuts["level_red"], cuts["level_orange"], cuts["level_yellow"]))
    scoring.write_table(folder / "rp.parquet", scoring.RP_COLUMNS, rp)
    scoring.write_table(folder / "rw.parquet", scoring.RW_COLUMNS, rw)
    scoring.write_table(folder / "lv.parquet", scoring.LV_COLUMNS, lv)
    scoring.write_table(folder / "ep.parquet", scoring.EP_COLUMNS, ep)
    # Feeds: ids from three times the population (two thirds are people the monitoring does not hold).
    n3 = persons * 3
    ident = "sha256(CAST(1 + hash(i * 13) % " + str(n3) + " AS VARCHAR))"
    day = "DATE '2025-12-01' + CAST(hash(i * 17) % 365 AS INTEGER)"
    feeds = {
        "medical": (int(persons * 0.8), (f"SELECT {ident} AS id_index, {day} AS settle_date,"
                                         " CAST((hash(i) % 2000000) / 100.0 AS DECIMAL(14,2)) AS total,"
                                         " CAST((hash(i) % 800000) / 100.0 AS DECIMAL(14,2)) AS out_of_pocket")),
        "schooling": (int(persons * 0.2), (f"SELECT {ident} AS id_index, '某校' AS school, 'junior' AS level,"
                                           f" {day} AS start_date, CAST(NULL AS DATE) AS end_date")),
        "disability": (int(persons * 0.1), (f"SELECT {ident} AS id_index, '4' AS category,"
                                            " CAST(1 + hash(i) % 4 AS VARCHAR) AS grade,"
                                            " DATE '2030-01-01' AS valid_until")),
        "unemployment": (int(persons * 0.05), (f"SELECT {ident} AS id_index, {day} AS start_date,"
                                               " CAST(NULL AS DATE) AS end_date,"
                                               " CAST(1800 AS DECIMAL(14,2)) AS amount")),
        "death": (int(persons * 0.02), f"SELECT {ident} AS id_index, {day} AS death_date"),
        "disaster": (int(persons * 0.03), (f"SELECT {ident} AS id_index, {day} AS event_date,"
                                           " 'flood' AS disaster_type,"
                                           " CAST((hash(i) % 3000000) / 100.0 AS DECIMAL(14,2)) AS loss")),
        "poverty_return": (int(persons * 0.05), (f"SELECT {ident} AS id_index, 'edge' AS monitor_type,"
                                                 f" {day} AS identified_on, CAST(NULL AS DATE) AS removed_on")),
    }
    rows = {}
    for kind, (n, select) in feeds.items():
        copy(f"{select} FROM range(1, {n} + 1) t(i)", f"f_{kind}.parquet", sort="id_index")
        rows[kind] = n
    con.close()
    size = sum(f.stat().st_size for f in folder.glob("*.parquet"))
    return {"households": households, "feed_rows": sum(rows.values()), "bytes": size}


def register(engine, folder: Path) -> None:
    from minzheng.monitoring import scoring
    from minzheng.verification import kinds

    for name, cols in scoring.INPUTS:
        engine.register(name, [str(folder / f"{name}.parquet")], cols)
    for code, kind in kinds.KINDS.items():
        path = folder / f"f_{code}.parquet"
        engine.register(f"f_{code}", [str(path)] if path.exists() else [], kind.stored_columns)


def floor_seconds(engine) -> tuple[float, int]:
    """The raw join of members with every feed the signals read: COUNT(*) per kind."""
    union = " UNION ALL ".join(f"SELECT '{k}' AS k, COUNT(*) AS n FROM mem m JOIN f_{k} x ON x.id_index = m.id_index"
                               for k in FEEDS)
    began = time.perf_counter()
    rows = engine.query(union)
    return time.perf_counter() - began, sum(r[1] for r in rows)


def main() -> int:
    persons = int(os.environ.get("BENCH_PERSONS", "1000000"))
    engine_name = os.environ.get("BENCH_ENGINE", "duckdb")
    home = fresh_home("minzheng-bench-monitor-")
    setup_django()
    from minzheng.monitoring import scoring
    from minzheng.verification import engines

    folder = home / "inputs"
    folder.mkdir()
    try:
        began = time.perf_counter()
        made = generate(folder, persons)
        setup = time.perf_counter() - began
        if engine_name == "spark":
            session = local_spark("bench-monitoring")
            engine = engines.SparkEngine(session)
        else:
            engine = engines.DuckDBEngine(memory_limit=os.environ.get("BENCH_MEMORY", "6GB"))
        sampler = RssSampler()
        sampler.start()
        began = time.perf_counter()
        register(engine, folder)
        hits, scores = scoring.evaluate(engine, folder, MONTH, register=False)
        seconds = time.perf_counter() - began
        peak = sampler.stop()
        floor, joined = floor_seconds(engine)
        levels = {k: sum(1 for s in scores if s[2] == k) for k in ("red", "orange", "yellow")}
        figures(f"monitoring score ({engine_name}, {persons:,} persons)", [
            ("persons", persons), ("households", made["households"]), ("villages", len(VILLAGES)),
            ("feed rows", made["feed_rows"]), ("input + feed Parquet MB", round(made["bytes"] / 1e6)),
            ("set-up seconds (generation, not timed)", round(setup, 1)),
            ("scoring seconds (register + signals + score + fetch)", round(seconds, 2)),
            ("raw-join floor seconds (members × feeds, COUNT)", round(floor, 2)),
            ("floor rows joined", joined), ("ratio scoring / floor", round(seconds / floor, 2) if floor else "n/a"),
            ("hits (signals on watched layers)", len(hits)), ("households scored > 0", len(scores)),
            ("warnings by level", levels), ("peak RSS during scoring MB (sampled)", round(peak)),
            ("peak RSS of the process MB", round(peak_rss_mb())), ("load average", load_average()),
            ("cpus", os.cpu_count())])
        engine.close()
    finally:
        remove_home(home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
