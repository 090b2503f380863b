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
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: I001
    placeholder_case,
    database_label,
    figures,
    fresh_home,
    init,
    load_average,
    peak_rss_mb,
    remove_home,
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
    """The feeds, set-based in DuckDB; returns rows per kind and seconds."""
    import duckdb
    import pyarrow as pa
    from django.db import connection

    from minzheng.registry.models import Person
    from minzheng.verification import feeds, kinds
    from minzheng.verification.models import FeedSnapshot

    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(f"SELECT id_number_index FROM {Person._meta.db_table} ORDER BY id")
        real = [r[0] for r in cur.fetchall()]
    people = len(real)
    space = 3 * people
    step = next(p for p in (7919, 104729, 1299709) if math.gcd(p, space) == 1)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    con.register("real_arrow", pa.table({"k": pa.array(range(people), pa.int64()), "idx": pa.array(real)}))
    con.execute("CREATE TABLE real AS SELECT * FROM real_arrow")
    con.unregister("real_arrow")
    del real

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
        target = feeds.lake_dir(code, f"as_of={AS_OF.isoformat()}") / "bench.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY ({base} SELECT * FROM ({body}) b({', '.join(names)}) ORDER BY id_index) "
                    f"TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE 10000)")
        n = con.execute(f"SELECT COUNT(*) FROM read_parquet('{target}')").fetchone()[0]
        FeedSnapshot.objects.create(kind=code, as_of=AS_OF, sha256=f"bench-{code}", path=str(target),
                                    source_name="bench", rows=n)
        written[code] = n
    con.close()
    return {"rows": written, "people": people, "seconds": time.perf_counter() - t}


# ---- measurement helpers -------------------------------------------------------------------------------------------


class RssSampler(threading.Thread):
    """Peak resident set size of this process (DuckDB runs in it) while running, sampled every 50 ms."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kb, self._halt = 0, threading.Event()

    def run(self):
        while not self._halt.is_set():
            try:
                with open("/proc/self/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            self.peak_kb = max(self.peak_kb, int(line.split()[1]))
                            break
            except OSError:
                return
            self._halt.wait(0.05)

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return self.peak_kb / 1000


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


def main() -> int:
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
