"""Benchmark: `minzheng seed` — BENCH_PEOPLE persons (default 1,000,000) into county 330902 of a fresh instance.

1. Straight to the database (SQLite in a temp MINZHENG_HOME, or DATABASE_URL when set). Target: ≤ 90 s on a 2-core
   machine with SQLite.
2. File-only (`--no-db --out`): the same population as a household import file, as the import benchmark makes its
   input.

Run: .venv/bin/python benchmarks/bench_seed.py   (BENCH_PEOPLE=100000 for a quick run, BENCH_KEEP=1 keeps the home,
BENCH_STRICT=1 exits non-zero when the target is missed)
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    cpu_seconds,
    database_label,
    figures,
    fresh_home,
    init,
    load_average,
    minzheng_command,
    peak_rss_mb,
    remove_home,
    run_measured,
    setup_django,
)

TARGET_SECONDS = 90.0
COUNTY = os.environ.get("BENCH_COUNTY", "330902")


def main() -> int:
    people = int(os.environ.get("BENCH_PEOPLE", "1000000"))
    home = fresh_home("minzheng-bench-seed-")
    try:
        setup_django()
        init()
        from minzheng.synthetic.population import seed_county

        load_before = load_average()
        cpu_main, cpu_children = cpu_seconds(), cpu_seconds(children=True)
        started = time.perf_counter()
        summary = seed_county(COUNTY, people, seed=1)
        wall = time.perf_counter() - started
        cpu_main, cpu_children = cpu_seconds() - cpu_main, cpu_seconds(children=True) - cpu_children
        ok = wall <= TARGET_SECONDS * people / 1_000_000
        figures(f"seed → database ({database_label()}, {os.cpu_count()} CPUs)", [
            ("county", f"{summary['county']} {summary['county_name']}"),
            ("people", summary["persons"]),
            ("households", summary["households"]),
            ("avg household size", f"{summary['avg_household_size']:.2f}"),
            ("incomes", summary["incomes"]),
            ("age 0-14 / 15-59 / 60+ / 65+ / 80+",
             " / ".join(f"{v * 100:.1f}%" for v in summary["age_shares"].values())),
            ("wall seconds", round(wall, 1)),
            ("persons/second", round(people / wall)),
            ("CPU seconds main / workers", f"{cpu_main:.1f} / {cpu_children:.1f}"),
            ("peak RSS main process MB", round(peak_rss_mb())),
            ("peak RSS worker MB", round(peak_rss_mb(children=True))),
            ("load average before", load_before),
            ("load average after", load_average()),
            ("target", f"≤ {TARGET_SECONDS:.0f} s per 1,000,000 persons → {'OK' if ok else 'MISSED'}"),
        ])

        out = home / "households.csv"
        seconds, rss, cpu, code, stdout, stderr = run_measured(
            [*minzheng_command(), "seed", "--county", COUNTY, "--people", str(people), "--seed", "1",
             "--no-db", "--out", str(out)])
        if code != 0:
            print(stderr, file=sys.stderr)
            return 1
        file_summary = json.loads(stdout)
        figures("seed → import file only (--no-db --out, CLI incl. start-up)", [
            ("rows", file_summary["persons"]),
            ("households", file_summary["households"]),
            ("file MB", round(out.stat().st_size / 1_000_000, 1)),
            ("wall seconds", round(seconds, 1)),
            ("rows/second", round(people / seconds)),
            ("CPU seconds (all processes)", round(cpu, 1)),
            ("peak RSS MB (largest process)", round(rss)),
        ])
        if not ok and os.environ.get("BENCH_STRICT") == "1":
            return 1
        return 0
    finally:
        remove_home(home)


if __name__ == "__main__":
    raise SystemExit(main())
