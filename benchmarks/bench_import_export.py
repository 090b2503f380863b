"""Benchmark (issue #3): import a seeder-generated household CSV into a fresh database, then export it.

Targets on the 2-core machine: import of 1,000,000 persons ≤ 120 s and ≤ 2 GB peak memory (validation and
encryption included); export of 1,000,000 persons to CSV ≤ 60 s. Size with BENCH_PEOPLE (default 1,000,000).
Runs on SQLite in a temporary MINZHENG_HOME, or on PostgreSQL when DATABASE_URL is set
(`scripts/with-postgres.sh .venv/bin/python benchmarks/bench_import_export.py`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import remove_home

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
    print(f"== household import/export benchmark ({engine}, {os.cpu_count()} cores) ==")
    print(f"data: {rows:,} persons in {summary['households_created']:,} households "
          f"({csv_path.stat().st_size / 1e6:.0f} MB CSV, generated in {gen_s:.1f} s)")
    print(f"import:        {import_s:7.1f} s  {rows / import_s:9,.0f} rows/s  peak RSS "
          f"{import_peak:,.0f} MB   target <= 120 s, <= 2048 MB   summary {json.dumps(summary)}")
    print(f"re-import:     {again_s:7.1f} s  (no-op: created {again['persons_created']} persons, "
          f"{again['households_created']} households)")
    print(f"export (CSV):  {export_s:7.1f} s  {exported['rows'] / export_s:9,.0f} rows/s   target <= 60 s")


if __name__ == "__main__":
    main()
