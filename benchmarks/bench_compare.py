"""Benchmark: the monthly comparison end to end (issue 5) — what `minzheng compare run --month 2026-11` executes —
and the verification report for one household, on a fresh instance (SQLite by default, DATABASE_URL when set).

Set-up (timed apart, not part of the target):
- `minzheng seed` BENCH_RECIPIENTS persons (default 1,000,000) in county 330902, the bundled demo standards;
- one entitlement per current member, written set-based with INSERT … SELECT (household heads: 低保 for the household,
  covering its members; every 400th other member 特困, the others 高龄津贴 person entitlements), all active from
  2026-01; they point at one placeholder case (the comparison never reads it);
- BENCH_FEED_ROWS feed rows (default 30,000,000) over 12 kinds, generated set-based by DuckDB and written as the
  intake writes them (Parquet sorted by id_index, 10,000-row groups as feeds.write_parquet) into the lake, catalogued
  as FeedSnapshot rows as of 2026-11-20. Rows are spread over 3× the population (two thirds are people who are not in
  the registry); values are below the limits except for a planted share of the recipients, so about 1–2 % of the
  entitlements get a finding (death, move out of the county, income, car, second home, business, public employee,
  deposits, and 特困 inside a 低保 household).

Timed: compare.run("2026-11") — export of the entitlements/cover/thresholds from the database to Parquet, the
engine query (DuckDB, all rules), the findings write with audit entries, the run row — by phase (the module's own
functions wrapped with timers), with the peak RSS sampled during the run. The floor: the raw DuckDB join of the
covered persons with every feed (COUNT(*) per kind) on the same files, timed apart inside the run; the ratio is full
run / floor. Then `report.request_report` for BENCH_REPORTS (default 200) random households with those feeds
loaded: p50 / p95 / max. Targets (1,000,000 / 30,000,000): full run ≤ 60 s, peak memory ≤ 4 GB, report p95 ≤ 300 ms.

Run: .venv/bin/python benchmarks/bench_compare.py   (BENCH_RECIPIENTS=100000 BENCH_FEED_ROWS=3000000 for a quick
run; BENCH_KEEP=1 keeps the home; BENCH_STRICT=1 exits non-zero when a target is missed)

Engine only (BENCH_SYNTHETIC=1): no database at all (a query would fail the run). DuckDB generates, set-based, what
export_inputs writes — ent, cover and thr Parquet, same columns and types (taken from compare) — for
BENCH_RECIPIENTS covered persons: households of 2.6 persons as `minzheng seed` makes them over 2,000 villages of
330902, the same entitlements as above (heads 低保 for the household, every 400th other person 特困, the rest 高龄津贴),
everyone alive; thresholds from the demo standards file through compare's own threshold row (resolved as
benefits.selectors.resolve does, without the table). The BENCH_FEED_ROWS feed rows come from the generator above
(write_feeds), the planted share included, for these persons. Timed: compare.evaluate — register, all 12 rules in one
query, fetch, sort — on BENCH_ENGINE=duckdb (as compare.run makes it; BENCH_MEMORY its limit, default the setting,
and generation's, default 6GB) or spark (local mode: MINZHENG_SPARK_MASTER default local[2], BENCH_SPARK_MEMORY the
driver's memory, default 6g as bench_monitoring, MINZHENG_SPARK_PARTITIONS default 8); then the raw join floor
(covered persons ⋈ each feed, COUNT(*)) on the same views and engine. Printed: times, ratio, hits by rule (all 12)
and digests of the hits, so that two engines' answers on the same inputs can be compared; peak RSS of this process
(DuckDB runs in it) and, on Spark, of the JVM apart (a child process). The run fails if the engine finds no hits.
With 3 feed rows per person (the 10 M scenario) rather than 30, fewer of the planted people appear in a feed: a
smaller share of the entitlements gets a hit than in the 1 M run.

At 10,000,000 persons (issue 21) the province's 10 M persons are all treated as covered — the worst case, as the 1 M
run above does for the county (their villages are those of one county, 330902: the generator plants the moves out
against it) — with 30,000,000 feed rows; once per engine, one after the other, on a quiet machine:
  BENCH_SYNTHETIC=1 BENCH_RECIPIENTS=10000000 BENCH_FEED_ROWS=30000000 .venv/bin/python benchmarks/bench_compare.py
and the same with BENCH_ENGINE=spark.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: I001
    RssSampler,
    placeholder_case,
    database_label,
    figures,
    fresh_home,
    init,
    load_average,
    local_spark,
    peak_rss_mb,
    remove_home,
    rss_mb,
    setup_django,
)

COUNTY = "330902"
MONTH = "2026-11"
TODAY = "2026-11-23"
AS_OF = dt.date(2026, 11, 20)
START = "2026-01-01"
TARGET_SECONDS, TARGET_MB, TARGET_REPORT_MS = 60.0, 4000.0, 300.0

# Rows per kind (weights, as before) and the planted share of the recipients per kind (per 10,000 persons that
# appear in the kind; kinds with fewer rows than people reach about a third of them).
SHARE = {"social_insurance": 8, "pension": 6, "medical": 5, "housing_fund": 3, "tax": 2, "vehicle": 1,
         "real_estate": 1, "deposit": 1, "business": 1, "death": 1, "hukou_move": 1, "public_employee": 1}


def sql_date(text: str) -> str:
    return f"DATE '{text}'"


# ---- set-up ---------------------------------------------------------------------------------------------------------


def make_entitlements() -> dict:
    from django.db import connection, transaction

    from minzheng.benefits.models import Entitlement
    from minzheng.registry.models import Household, Membership

    t = time.perf_counter()
    E, M, H = Entitlement._meta.db_table, Membership._meta.db_table, Household._meta.db_table
    pg = connection.vendor == "postgresql"
    d = "DATE " if pg else ""
    with transaction.atomic():
        case = placeholder_case()
        with connection.cursor() as cur:
            cur.execute(
                f"INSERT INTO {E} (program, household_id, person_id, payee_id, region_code, monthly_amount, "
                f"start_month, end_month, status, source_case_id, bank_name, account_name, advance_paid, "
                f"review_months, created_at, updated_at) "
                f"SELECT CASE WHEN h.head_id = m.person_id THEN 'dibao' WHEN m.id % 400 = 7 THEN 'tekun' "
                f"ELSE 'age_allowance' END, m.household_id, "
                f"CASE WHEN h.head_id = m.person_id THEN NULL ELSE m.person_id END, m.person_id, h.region_id, "
                f"(50000 + (m.id * 7919) % 100000) / 100.0, {d}'{START}', NULL, 'active', {case.pk}, '', '', 0, NULL, "
                f"CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM {M} m JOIN {H} h ON h.id = m.household_id "
                f"WHERE m.left_on IS NULL ORDER BY m.id")
            cur.execute("ANALYZE")
            cur.execute(f"SELECT program, COUNT(*) FROM {E} GROUP BY program ORDER BY program")
            by_program = dict(cur.fetchall())
    return {"by_program": by_program, "entitlements": sum(by_program.values()), "seconds": time.perf_counter() - t}


def make_feeds(feed_rows: int) -> dict:
    """The feeds, set-based in DuckDB, for the seeded people, catalogued as snapshots; returns rows per kind and
    seconds."""
    import duckdb
    import pyarrow as pa
    from django.db import connection

    from minzheng.registry.models import Person
    from minzheng.verification import feeds
    from minzheng.verification.models import FeedSnapshot

    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(f"SELECT id_number_index FROM {Person._meta.db_table} ORDER BY id")
        real = [r[0] for r in cur.fetchall()]
    people = len(real)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    con.register("real_arrow", pa.table({"k": pa.array(range(people), pa.int64()), "idx": pa.array(real)}))
    con.execute("CREATE TABLE real AS SELECT * FROM real_arrow")
    con.unregister("real_arrow")
    del real
    written = {}
    for code, (target, n) in write_feeds(con, feed_rows, people, lambda code: feeds.lake_dir(
            code, f"as_of={AS_OF.isoformat()}") / "bench.parquet").items():
        FeedSnapshot.objects.create(kind=code, as_of=AS_OF, sha256=f"bench-{code}", path=str(target),
                                    source_name="bench", rows=n)
        written[code] = n
    con.close()
    return {"rows": written, "people": people, "seconds": time.perf_counter() - t}


def write_feeds(con, feed_rows: int, people: int, target_of) -> dict[str, tuple[Path, int]]:
    """The 12 kinds' rows, written as the intake writes them (Parquet sorted by id_index, 10,000-row groups) to
    target_of(kind); `con` holds real(k, idx): the id_index of the k-th person (0 … people - 1). Rows are spread over
    3 × people ids, the others being people the registry does not hold; a planted share of the people get values
    above the limits. Returns {kind: (path, rows)}."""
    from minzheng.verification import kinds

    space = 3 * people
    step = next(p for p in (7919, 104729, 1299709) if math.gcd(p, space) == 1)

    def plant(prime: int, per_10000: int) -> str:
        return f"(s.rec AND (s.k * {prime}) % 10000 < {per_10000})"

    ms = sql_date(f"{MONTH}-01")
    month_j = f"CAST({ms} - to_months(CAST(s.j AS INTEGER)) AS DATE)"
    # kind → (keep the recipient's own id_index?, the columns after id_index)
    spec = {
        "death": (plant(31, 45), "DATE '2026-01-01' + CAST(s.k % 300 AS INTEGER)"),
        "hukou_move": ("TRUE", ("'out', DATE '2026-02-01' + CAST(s.k % 200 AS INTEGER), CASE WHEN s.rec AND NOT "
                                f"{plant(37, 24)} THEN '330902001001' ELSE '110101001001' END")),
        "social_insurance": ("TRUE", (f"{month_j}, 'x公司', CAST(CASE WHEN {plant(41, 25)} THEN 6000 "
                                      "ELSE 200 + s.k % 600 END AS DECIMAL(14,2))")),
        "pension": ("TRUE", f"{month_j}, CAST(100 + s.k % 200 AS DECIMAL(14,2))"),
        "medical": ("TRUE", ("DATE '2026-01-01' + CAST(s.i % 300 AS INTEGER), CAST(900 AS DECIMAL(14,2)), "
                             "CAST(300 AS DECIMAL(14,2))")),
        "housing_fund": ("TRUE", f"{month_j}, CAST(3000 AS DECIMAL(14,2))"),
        "tax": ("TRUE", "2025, CAST(40000 AS DECIMAL(14,2))"),
        "vehicle": ("TRUE", (f"'P' || s.k, CASE WHEN s.rec AND NOT {plant(43, 30)} THEN '摩托车' ELSE '小型轿车' END, "
                             f"DATE '2020-01-01', CAST(CASE WHEN {plant(43, 30)} THEN 80000 ELSE s.k % 45000 END "
                             "AS DECIMAL(14,2))")),
        "real_estate": (plant(47, 15), "'R' || s.k, 'residential', CAST(80 AS DECIMAL(14,2)), NULL"),
        "deposit": ("TRUE", (f"CAST(CASE WHEN {plant(53, 30)} THEN 500000 ELSE s.k % 20000 END AS DECIMAL(14,2)), "
                             "DATE '2026-11-20'")),
        "business": ("TRUE", (f"'E' || s.k, 'shareholder', CAST(CASE WHEN {plant(59, 15)} THEN 500000 "
                              "ELSE s.k % 100000 END AS DECIMAL(14,2)), 'active'")),
        "public_employee": (plant(61, 15), "'某局'"),
    }
    total_weight = sum(SHARE.values())
    written = {}
    for code, weight in SHARE.items():
        rows = feed_rows * weight // total_weight
        kind = kinds.KINDS[code]
        names = [c for c, _ in kind.stored_columns]
        keep, rest = spec[code]
        base = (f"WITH s0 AS (SELECT i, (i * {step}) % {space} AS k, i // {space} AS j FROM range({rows}) t(i)), "
                f"s AS (SELECT s0.*, s0.k < {people} AS rec, r.idx FROM s0 LEFT JOIN real r ON r.k = s0.k)")
        ident = f"CASE WHEN s.rec AND {keep} THEN s.idx ELSE sha256('x' || s.k) END"
        body = f"SELECT {ident}, {rest} FROM s"
        if code == "real_estate":  # the planted owners hold a second home
            body += (f" UNION ALL SELECT s.idx, 'R2-' || s.k, 'residential', CAST(60 AS DECIMAL(14,2)), NULL FROM s"
                     f" WHERE {plant(47, 15)}")
        target = target_of(code)
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY ({base} SELECT * FROM ({body}) b({', '.join(names)}) ORDER BY id_index) "
                    f"TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE 10000)")
        written[code] = (target, con.execute(f"SELECT COUNT(*) FROM read_parquet('{target}')").fetchone()[0])
    return written


# ---- engine only, synthetic inputs (BENCH_SYNTHETIC=1) ---------------------------------------------------------------

HOUSEHOLD_SIZE = 2.6  # `minzheng seed` gives 382,655 households per 1,000,000 persons
VILLAGES = [f"{COUNTY}{t:03d}{v:03d}" for t in range(1, 21) for v in range(1, 101)]


def demo_thresholds(pairs, month: dt.date) -> list[tuple]:
    """The thr rows export_inputs would write with the demo standards loaded, without the database: compare's own
    _threshold_row for each (village, area), with the standards resolved from the demo standards file by
    benefits.selectors.resolve's rule (the most specific region of the chain, urban/rural over "all", the latest in
    force on the month's first day)."""
    import csv
    from decimal import Decimal

    from minzheng.benefits import selectors
    from minzheng.benefits.policy import Standards, StandardValue
    from minzheng.core import regioncodes
    from minzheng.synthetic import DEMO_STANDARDS
    from minzheng.verification import compare

    day = month.replace(day=1)
    with DEMO_STANDARDS.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if dt.date.fromisoformat(r["effective_from"]) <= day
                and (not r["effective_to"] or dt.date.fromisoformat(r["effective_to"]) >= day)]
    for r in rows:
        r["region_code"] = regioncodes.normalize(r["region_code"])

    def resolve(region: str, area: str, _month: dt.date) -> Standards:
        chain = selectors.region_chain(regioncodes.normalize(region))
        depth = {c: len(chain) - k for k, c in enumerate(chain)}
        best: dict[tuple[str, str], tuple] = {}
        for r in rows:
            if r["region_code"] in depth and r["area"] in (area, "all"):
                rank = (depth[r["region_code"]], r["area"] != "all", r["effective_from"])
                if (r["program"], r["item"]) not in best or rank > best[(r["program"], r["item"])][0]:
                    best[(r["program"], r["item"])] = (rank, StandardValue(
                        r["program"], r["item"], Decimal(r["value"]), r["unit"], r["region_code"], "", r["area"]))
        return Standards({k: v for k, (_, v) in best.items()}, region, area, day)

    original, selectors.resolve = selectors.resolve, resolve
    try:
        return [compare._threshold_row(region, area, month) for region, area in pairs]
    finally:
        selectors.resolve = original


def make_synthetic(folder: Path, people: int, feed_rows: int) -> dict:
    """ent / cover / thr as export_inputs writes them and the 12 feeds as the intake writes them, set-based in
    DuckDB, for `people` covered persons in round(people / 2.6) households of the county's 2,000 villages:
    household heads 低保 for the household (covering its members), every 400th other person 特困, the others 高龄津贴
    person entitlements, all from 2026-01 and alive — the entitlements make_entitlements writes from a seeded
    registry. Returns sizes, paths and seconds."""
    import duckdb

    from minzheng.verification import compare

    t = time.perf_counter()
    households = max(1, round(people / HOUSEHOLD_SIZE))
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"SET memory_limit = '{os.environ.get('BENCH_MEMORY', '6GB')}'")
    # The k-th person (person_id k + 1) has a blind-index-like id_index (64 hex characters); heads are k < H.
    con.execute(f"CREATE TABLE real AS SELECT k, sha256('p' || k) AS idx FROM range({people}) t(k)")
    villages = "[" + ", ".join(f"'{v}'" for v in VILLAGES) + "]"
    con.execute(f"CREATE TABLE hh AS SELECT h AS household_id, {villages}[1 + h % {len(VILLAGES)}] AS region_code,"
                f" CASE WHEN hash(h) % 3 = 0 THEN 'urban' ELSE 'rural' END AS area,"
                f" COUNT(*) AS n FROM (SELECT k % {households} + 1 AS h FROM real) GROUP BY h")
    con.execute(f"CREATE TABLE person AS SELECT k + 1 AS person_id, k % {households} + 1 AS household_id,"
                f" k < {households} AS head, idx AS id_index,"
                f" DATE '1930-01-01' + CAST(hash(k) % 33000 AS INTEGER) AS birth_date FROM real")

    def copy(select: dict[str, str], columns, name: str, source: str) -> Path:
        # Column for column the schema export_inputs writes (names, order and types from compare), so a change there
        # fails here rather than measuring something else.
        if list(select) != [n for n, _ in columns]:
            raise SystemExit(f"{name}: the benchmark's columns {list(select)} are not compare's {columns}")
        cols = ", ".join(f"CAST({select[n]} AS {t}) AS {n}" for n, t in columns)
        path = folder / name
        con.execute(f"COPY (SELECT {cols} FROM {source}) TO '{path}' (FORMAT parquet)")
        return path

    ent = {"ent_id": "e.ent_id", "program": "e.program", "household_id": "e.household_id",
           "principal_id": "e.principal_id", "region_code": "h.region_code", "county": "SUBSTR(h.region_code, 1, 6)",
           "area": "h.area", "monthly_amount": "(50000 + (e.ent_id * 7919) % 100000) / 100.0",
           "start_month": f"DATE '{START}'", "n_members": "e.n_members"}
    copy(ent, compare.ENT_COLUMNS, "ent.parquet",
         f"(SELECT household_id AS ent_id, 'dibao' AS program, household_id, household_id AS principal_id,"
         f" n AS n_members FROM hh UNION ALL SELECT {households} + person_id,"
         f" CASE WHEN person_id % 400 = 7 THEN 'tekun' ELSE 'age_allowance' END, household_id, person_id, 1"
         f" FROM person WHERE NOT head) e"
         f" JOIN hh h USING (household_id)")
    cover = {"ent_id": "ent_id", "person_id": "person_id", "id_index": "id_index", "birth_date": "birth_date",
             "alive": "TRUE"}
    copy(cover, compare.COVER_COLUMNS, "cover.parquet",
         f"(SELECT household_id AS ent_id, * FROM person UNION ALL"
         f" SELECT {households} + person_id AS ent_id, * FROM person WHERE NOT head)")
    counts = con.execute(f"SELECT COUNT(*), COUNT(DISTINCT person_id) FROM '{folder / 'cover.parquet'}'").fetchone()
    by_program = dict(con.execute(f"SELECT program, COUNT(*) FROM '{folder / 'ent.parquet'}' GROUP BY program"
                                  " ORDER BY program").fetchall())
    pairs = con.execute("SELECT DISTINCT region_code, area FROM hh ORDER BY 1, 2").fetchall()
    compare._arrow_write(folder / "thr.parquet", compare.THR_COLUMNS,
                         demo_thresholds(pairs, compare.parse_month(MONTH)))
    inputs_bytes = sum((folder / f).stat().st_size for f in ("ent.parquet", "cover.parquet", "thr.parquet"))
    feeds = write_feeds(con, feed_rows, people, lambda code: folder / f"f_{code}.parquet")
    con.close()
    return {"households": households, "by_program": by_program, "entitlements": sum(by_program.values()),
            "cover_rows": counts[0], "recipients": counts[1], "thr_rows": len(pairs), "inputs_bytes": inputs_bytes,
            "feeds": feeds, "feeds_bytes": sum(path.stat().st_size for path, _ in feeds.values()),
            "seconds": time.perf_counter() - t}


def no_database(execute, sql, params, many, context):
    raise AssertionError(f"BENCH_SYNTHETIC=1 must not touch the database, but ran: {sql[:200]}")


def engine_only(engine, folder: Path, feed_paths: dict[str, Path]) -> dict:
    """compare.evaluate on the synthetic files (its feed look-up pointed at them), then the floor on the same views."""
    from minzheng.verification import compare, feeds

    month = compare.parse_month(MONTH)
    # The snapshots' catalogue is a database table: evaluate gets the generated files instead, one per kind.
    original = feeds.snapshot_paths
    feeds.snapshot_paths = lambda code, until: [str(feed_paths[code])] if code in feed_paths else []
    sampler = RssSampler(children=engine.name == "spark")
    start_rss = rss_mb()  # what generation left in this process: the peak below starts from it
    sampler.start()
    try:
        t = time.perf_counter()
        hits = compare.evaluate(engine, folder, month)
        seconds = time.perf_counter() - t
        t = time.perf_counter()
        joined = engine.query(" UNION ALL ".join(f"SELECT COUNT(*) FROM cover c JOIN f_{k} x ON x.id_index = c.id_index"
                                                 for k in feed_paths))
        floor = time.perf_counter() - t
    finally:
        peak = sampler.stop()
        feeds.snapshot_paths = original
    return {"hits": hits, "seconds": seconds, "floor": floor, "joined": sum(r[0] for r in joined), "peak": peak,
            "children": sampler.children_mb(), "start_rss": start_rss}


# ---- measurement helpers -------------------------------------------------------------------------------------------


def timed_compare(feed_kinds) -> tuple[dict, dict, float, float]:
    """compare.run with every phase timed; returns (summary, phases, floor seconds, peak MB)."""
    from minzheng.verification import compare

    phases: dict[str, float] = {}
    floor = {}
    originals = {name: getattr(compare, name) for name in ("export_inputs", "evaluate", "write_findings")}

    def wrap(name):
        def timed(*args, **kwargs):
            t = time.perf_counter()
            result = originals[name](*args, **kwargs)
            phases[name] = phases.get(name, 0.0) + time.perf_counter() - t
            if name == "evaluate":  # the floor on the same registered views (timed apart, subtracted below)
                engine = args[0]
                t = time.perf_counter()
                engine.query(" UNION ALL ".join(f"SELECT COUNT(*) FROM cover c JOIN f_{k} x ON x.id_index = c.id_index"
                                                for k in feed_kinds))
                floor["seconds"] = time.perf_counter() - t
            return result
        return timed

    for name in originals:
        setattr(compare, name, wrap(name))
    sampler = RssSampler()
    sampler.start()
    try:
        t = time.perf_counter()
        summary = compare.run(MONTH, "duckdb")
        wall = time.perf_counter() - t - floor["seconds"]
    finally:
        peak = sampler.stop()
        for name, fn in originals.items():
            setattr(compare, name, fn)
    phases["total"] = wall
    phases["other (run row, summary, audit, clean-up)"] = wall - sum(
        phases[n] for n in ("export_inputs", "evaluate", "write_findings"))
    return summary, phases, floor["seconds"], peak


def time_reports(n: int) -> dict:
    from minzheng.benefits.models import Case
    from minzheng.core.models import User
    from minzheng.registry.models import Household
    from minzheng.verification import report

    user = User(username="bench_county", role="county", region_id=f"{COUNTY}000000")
    user.set_unusable_password()
    user.save()
    rng = random.Random(5)
    top = Household.objects.order_by("-id").values_list("id", flat=True).first()
    ids = set()
    while len(ids) < n:
        ids.add(rng.randint(1, top))
    households = list(Household.objects.filter(pk__in=ids, head__isnull=False))
    cases = [Case.objects.create(program="dibao", household=h, applicant_id=h.head_id, region_code=h.region_id,
                                 state="investigating", channel="clerk", applied_on=dt.date(2026, 11, 1))
             for h in households]
    times, conclusions, members = [], {}, 0
    for c in cases:
        t = time.perf_counter()
        rep = report.request_report(user, c.pk)
        times.append((time.perf_counter() - t) * 1000)
        conclusions[rep.conclusion] = conclusions.get(rep.conclusion, 0) + 1
        members += rep.data["household_size"]
    times.sort()
    # inclusive: a percentile never lies above the slowest run (the exclusive method extrapolates on small samples)
    q = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
    return {"n": len(times), "p50": statistics.median(times), "p95": q[94], "max": times[-1],
            "members": members, "conclusions": conclusions}


def main_synthetic() -> int:
    """BENCH_SYNTHETIC=1: the engine's rule query and the floor on generated inputs; no database."""
    people = int(os.environ.get("BENCH_RECIPIENTS", "1000000"))
    feed_rows = int(os.environ.get("BENCH_FEED_ROWS", "30000000"))
    engine_name = os.environ.get("BENCH_ENGINE", "duckdb")
    home = fresh_home("minzheng-bench-compare-")
    try:
        setup_django()
        from django.db import connection

        from minzheng.verification import comparison_rules, engines

        folder = home / "inputs"
        folder.mkdir()
        with connection.execute_wrapper(no_database):
            load_before = load_average()
            made = make_synthetic(folder, people, feed_rows)
            if engine_name == "spark":
                engine = engines.SparkEngine(local_spark("bench-compare"))  # the JVM starts here, before the clock
            elif engine_name == "duckdb":
                # As compare.run makes it (threads and memory from the settings) unless BENCH_MEMORY is given.
                engine = engines.DuckDBEngine(memory_limit=os.environ.get("BENCH_MEMORY"))
            else:
                raise SystemExit(f"BENCH_ENGINE must be duckdb or spark, not {engine_name!r}")
            load_mid = load_average()
            run = engine_only(engine, folder, {code: path for code, (path, _) in made["feeds"].items()})
            load_after = load_average()
            engine.close()
        hits = run["hits"]
        if not hits:
            raise AssertionError(f"{engine_name} returned no hits at all on inputs with a planted share: the rules,"
                                 " the generator or the engine's registration of the files is broken")
        by_rule = dict.fromkeys(comparison_rules.RULES, 0)
        for h in hits:
            by_rule[h[0]] += 1
        keys = hashlib.sha256("".join(f"{h[0]}|{h[1]}|{h[2]}\n" for h in hits).encode()).hexdigest()[:16]
        rows = hashlib.sha256("".join(f"{h!r}\n" for h in hits).encode()).hexdigest()[:16]
        feed_total = sum(n for _, n in made["feeds"].values())
        spark = engine_name == "spark"
        memory = [("peak RSS during engine + floor MB (sampled" + (", this process; the JVM apart)" if spark else ")"),
                   round(run["peak"])),
                  ("  RSS of this process when the engine phase began MB (left by generation)",
                   round(run["start_rss"]))]
        if spark:
            memory.append(("peak RSS of the Spark JVM during engine + floor MB (sampled, child processes)",
                           round(run["children"])))
        figures(f"comparison, engine only (synthetic inputs, no database; {engine_name}, {os.cpu_count()} CPUs)", [
            ("covered persons (recipients) / entitlements / cover rows",
             f"{made['recipients']:,} / {made['entitlements']:,} / {made['cover_rows']:,}"),
            ("  entitlements by program", ", ".join(f"{k} {v:,}" for k, v in made["by_program"].items())),
            ("households / villages × area (thr rows)", f"{made['households']:,} / {made['thr_rows']:,}"),
            ("feed rows", feed_total),
            ("  per kind", ", ".join(f"{k} {n:,}" for k, (_, n) in made["feeds"].items())),
            ("inputs (ent + cover + thr) / feeds Parquet MB",
             f"{made['inputs_bytes'] / 1e6:,.1f} / {made['feeds_bytes'] / 1e6:,.1f}"),
            ("set-up seconds (generation, not timed)", round(made["seconds"], 1)),
            ("engine seconds (compare.evaluate: register + all 12 rules in one query + fetch + sort)",
             round(run["seconds"], 2)),
            ("raw join floor seconds (cover ⋈ each feed, COUNT(*), same views)", round(run["floor"], 2)),
            ("floor rows joined", run["joined"]),
            ("ratio engine / floor", f"{run['seconds'] / run['floor']:.1f}×" if run["floor"] else "n/a"),
            ("hits (share of entitlements)", f"{len(hits):,} ({len(hits) / max(made['entitlements'], 1) * 100:.2f} %)"),
            ("  by rule", ", ".join(f"{k} {v:,}" for k, v in by_rule.items())),
            ("  digest of (rule, ent, person) / of whole rows (to compare engines)", f"{keys} / {rows}"),
            *memory,
            ("peak RSS of the process MB (whole benchmark, generation included)", round(peak_rss_mb())),
            ("load average before set-up / before engine / after engine + floor",
             f"{load_before} | {load_mid} | {load_after}"),
        ])
        return 0
    finally:
        remove_home(home)


def main() -> int:
    if os.environ.get("BENCH_SYNTHETIC") == "1":
        return main_synthetic()
    people = int(os.environ.get("BENCH_RECIPIENTS", "1000000"))
    feed_rows = int(os.environ.get("BENCH_FEED_ROWS", "30000000"))
    n_reports = int(os.environ.get("BENCH_REPORTS", "200"))
    os.environ["MINZHENG_TODAY"] = TODAY
    home = fresh_home("minzheng-bench-compare-")
    try:
        setup_django()
        init()
        from django.db import connection

        from minzheng.benefits.services.standards import load_csv
        from minzheng.synthetic import DEMO_STANDARDS
        from minzheng.synthetic.population import seed_county
        from minzheng.verification.models import Finding

        load_before = load_average()
        t = time.perf_counter()
        seed_county(COUNTY, people, seed=1)
        seed_seconds = time.perf_counter() - t
        load_csv(DEMO_STANDARDS)
        ents = make_entitlements()
        made = make_feeds(feed_rows)
        setup_rss = peak_rss_mb()
        load_mid = load_average()

        summary, phases, floor_seconds, peak_run = timed_compare(list(SHARE))
        load_after_run = load_average()
        # A re-run of the same month: the anti-join of existing findings, nothing created.
        t = time.perf_counter()
        again = __import__("minzheng.verification.compare", fromlist=["run"]).run(MONTH, "duckdb")
        rerun_seconds = time.perf_counter() - t
        reports = time_reports(n_reports)

        scale = people / 1_000_000
        total = phases["total"]
        ok_time = total <= TARGET_SECONDS * max(scale, 0.01)
        ok_mem = peak_run <= TARGET_MB
        ok_report = reports["p95"] <= TARGET_REPORT_MS
        hit_share = summary["findings"] / max(summary["entitlements"], 1)
        figures(f"comparison, full path ({database_label()} {connection.vendor}, DuckDB, {os.cpu_count()} CPUs)", [
            ("people seeded / seconds", f"{people:,} / {seed_seconds:.1f}"),
            ("entitlements written (INSERT … SELECT) / seconds",
             f"{ents['entitlements']:,} / {ents['seconds']:.1f}  "
             + ", ".join(f"{k} {v:,}" for k, v in ents["by_program"].items())),
            ("feed rows written / seconds", f"{sum(made['rows'].values()):,} / {made['seconds']:.1f}"),
            ("  per kind", ", ".join(f"{k} {v:,}" for k, v in made["rows"].items())),
            ("set-up peak RSS MB", round(setup_rss)),
            ("recipients (covered persons) / entitlements", f"{summary['recipients']:,} / {summary['entitlements']:,}"),
            ("findings (share of entitlements)", f"{summary['findings']:,} ({hit_share * 100:.2f} %)"),
            ("  by rule", ", ".join(f"{k} {v:,}" for k, v in summary["by_rule"].items())),
            ("  skipped rules", ", ".join(summary["skipped"]) or "none"),
            ("export (database → Parquet) s", round(phases["export_inputs"], 1)),
            ("engine (all rules, one DuckDB query) s", round(phases["evaluate"], 1)),
            ("write findings (+ audit) s", round(phases["write_findings"], 1)),
            ("other (run row, summary, audit, clean-up) s",
             round(phases["other (run row, summary, audit, clean-up)"], 1)),
            ("total compare.run s", round(total, 1)),
            ("raw DuckDB join floor (cover ⋈ each feed) s", round(floor_seconds, 1)),
            ("ratio total / floor", f"{total / floor_seconds:.1f}×"),
            ("ratio engine / floor", f"{phases['evaluate'] / floor_seconds:.1f}×"),
            ("peak RSS during the run MB (sampled)", round(peak_run)),
            ("re-run same month s / created", f"{rerun_seconds:.1f} / {again['created']}"),
            ("target time", f"≤ {TARGET_SECONDS * max(scale, 0.01):.1f} s → {'OK' if ok_time else 'MISSED'}"),
            ("target memory", f"≤ {TARGET_MB:.0f} MB → {'OK' if ok_mem else 'MISSED'}"),
            ("findings in the database", Finding.objects.count()),
            ("load average before / after set-up / after run",
             f"{load_before} | {load_mid} | {load_after_run}"),
        ])
        figures("verification report (report.request_report, feeds above loaded)", [
            ("households / members", f"{reports['n']} / {reports['members']}"),
            ("p50 ms", round(reports["p50"], 1)),
            ("p95 ms", round(reports["p95"], 1)),
            ("max ms", round(reports["max"], 1)),
            ("conclusions", ", ".join(f"{k} {v}" for k, v in sorted(reports["conclusions"].items()))),
            ("target p95", f"≤ {TARGET_REPORT_MS:.0f} ms → {'OK' if ok_report else 'MISSED'}"),
            ("load average after", load_average()),
            ("peak RSS of the process MB (whole benchmark)", round(peak_rss_mb())),
        ])
        if os.environ.get("BENCH_STRICT") == "1" and not (ok_time and ok_mem and ok_report):
            return 1
        return 0
    finally:
        remove_home(home)


if __name__ == "__main__":
    raise SystemExit(main())
