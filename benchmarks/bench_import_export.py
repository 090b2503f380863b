"""Benchmark (issue #3): import a seeder-generated household CSV into a fresh database, then export it.

Targets on the 2-core machine: import of 1,000,000 persons ≤ 120 s and ≤ 2 GB peak memory (validation and
encryption included); export of 1,000,000 persons to CSV ≤ 60 s. The floors, on the same data and database: for the
import, reading the CSV and writing its rows as text into an unindexed table with the same bulk path (COPY on
PostgreSQL, executemany on SQLite; rolled back) — no validation, encryption, blind indexes, lookups or audit; for the
export, the same query's rows written to a CSV as stored — no decryption, masking or code labels.
Size with BENCH_PEOPLE (default 1,000,000).
Runs on SQLite in a temporary MINZHENG_HOME, or on PostgreSQL when DATABASE_URL is set
(`scripts/with-postgres.sh .venv/bin/python benchmarks/bench_import_export.py`)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import load_average, remove_home, setup_django

BIN = Path(sys.executable).parent
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "1000000"))
COUNTY = "330902"


# Runs one command and reports the peak RSS of that command alone (its process tree's largest member).
_WRAP = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
         "print('MAXRSS', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
         "sys.exit(r.returncode)")


def run(args, env) -> tuple[float, dict | None, float]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _WRAP, str(BIN / "minzheng"), *args], env=env,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"minzheng {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    peak_mb = int(proc.stderr.strip().splitlines()[-1].split()[1]) / 1024
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    try:
        return seconds, json.loads(last), peak_mb
    except json.JSONDecodeError:
        return seconds, None, peak_mb


def main() -> None:
    # The generated file, the report and the export hold (synthetic) ID numbers in plain text: removed at the end,
    # as every benchmark's home is (BENCH_KEEP=1 keeps them).
    work = Path(tempfile.mkdtemp(prefix="minzheng-bench-"))
    try:
        measure(work)
    finally:
        remove_home(work)


def measure(work: Path) -> None:
    env = dict(os.environ, MINZHENG_HOME=str(work / "home"))
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    run(["init"], env)
    run(["region", "load-county", COUNTY], env)
    csv_path = work / "households.csv"
    gen_s, _, _ = run(["seed", "--county", COUNTY, "--people", str(PEOPLE), "--seed", "1", "--no-db",
                       "--out", str(csv_path)], env)
    rows = sum(1 for _ in csv_path.open(encoding="utf-8-sig")) - 1
    import_s, summary, import_peak = run(["import", "households", str(csv_path), "--report",
                                          str(work / "report.csv")], env)
    again_s, again, _ = run(["import", "households", str(csv_path), "--report", str(work / "report2.csv")], env)
    export_s, exported, _ = run(["export", "households", str(work / "export.csv"), "--region", COUNTY], env)
    import_floor, export_floor = floors(work, csv_path)
    print(f"== household import/export benchmark ({engine}, {os.cpu_count()} cores) ==")
    print(f"data: {rows:,} persons in {summary['households_created']:,} households "
          f"({csv_path.stat().st_size / 1e6:.0f} MB CSV, generated in {gen_s:.1f} s)")
    print(f"import:        {import_s:7.1f} s  {rows / import_s:9,.0f} rows/s  peak RSS "
          f"{import_peak:,.0f} MB   target <= 120 s, <= 2048 MB   summary {json.dumps(summary)}")
    print(f"  floor (CSV read, rows written as text, no indexes): {import_floor:.1f} s   "
          f"ratio {import_s / import_floor:.1f}x")
    print(f"re-import:     {again_s:7.1f} s  (no-op: created {again['persons_created']} persons, "
          f"{again['households_created']} households)")
    print(f"export (CSV):  {export_s:7.1f} s  {exported['rows'] / export_s:9,.0f} rows/s   target <= 60 s")
    print(f"  floor (same query, stored values to CSV): {export_floor:.1f} s   ratio {export_s / export_floor:.1f}x")
    print(f"load average at the end: {load_average()}")


def floors(work: Path, csv_path: Path) -> tuple[float, float]:
    """The bare operations on the same data, in this process (the module docstring says what each leaves out)."""
    os.environ["MINZHENG_HOME"] = str(work / "home")
    setup_django()
    from django.db import connection, transaction

    from minzheng.core import bulk
    from minzheng.registry import selectors
    from minzheng.registry.exports import ROW_FIELDS

    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        columns = [f"c{i}" for i in range(len(next(reader)))]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE bench_import_floor ({', '.join(c + ' text' for c in columns)})")
            start = time.perf_counter()
            bulk.write_rows(cursor, "bench_import_floor", columns, reader)
            import_floor = time.perf_counter() - start
            transaction.set_rollback(True)
    start = time.perf_counter()
    with (work / "floor.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        for row in selectors.roster(None, COUNTY).values_list(*ROW_FIELDS).iterator(chunk_size=20000):
            writer.writerow([bytes(v).hex() if isinstance(v, bytes | memoryview) else v for v in row])
    return import_floor, time.perf_counter() - start


if __name__ == "__main__":
    main()
