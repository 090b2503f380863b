#!/usr/bin/env python3
"""The monitoring benchmark at several sizes on DuckDB, and the line through them (issue 21, docs/scale.md).

    .venv/bin/python scripts/scaling-curve.py [--sizes 1,2,5] [--max-load 4] [--wait 600] [--json FILE]

Sizes are millions of persons. Each size runs `benchmarks/bench_monitoring.py` (BENCH_PERSONS=size) in a child
process only when the 1-minute load average is below --max-load (waiting up to --wait seconds for it): a curve
measured on a busy machine says more about the neighbours than about the engine. Prints, per size, the scoring time,
its raw-join floor, peak RSS and the load average, then a least-squares line (seconds = a + b × millions) and what it
predicts for 10 M and 50 M persons (the province), next to the 10 M figure measured in docs/benchmarks.md."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURES = {"scoring": r"scoring seconds[^\n]*?\s{2,}([\d,.]+)", "floor": r"raw-join floor seconds[^\n]*?\s{2,}([\d,.]+)",
           "rss_mb": r"peak RSS during scoring MB[^\n]*?\s{2,}([\d,.]+)"}  # figures print with thousands commas


def _quiet_enough(max_load: float, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while os.getloadavg()[0] >= max_load:
        if time.monotonic() > deadline:
            return False
        time.sleep(15)
    return True


def _run(millions: float) -> dict:
    env = {**os.environ, "BENCH_PERSONS": str(int(millions * 1_000_000))}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_monitoring.py")], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    row = {"millions": millions, "load_before": os.getloadavg()}
    for name, pattern in FIGURES.items():
        found = re.search(pattern, out)
        row[name] = float(found.group(1).replace(",", "")) if found else None
    return row


def fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least squares: seconds = a + b × millions."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    return my - b * mx, b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,5")
    parser.add_argument("--max-load", type=float, default=4.0)
    parser.add_argument("--wait", type=float, default=600.0)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    rows = []
    for size in (float(s) for s in args.sizes.split(",")):
        if not _quiet_enough(args.max_load, args.wait):
            print(f"{size:g} M: skipped, load average {os.getloadavg()[0]:.1f} ≥ {args.max_load}", flush=True)
            continue
        row = _run(size)
        row["load_after"] = os.getloadavg()
        rows.append(row)
        print(f"{size:g} M persons: scoring {row['scoring']} s, floor {row['floor']} s, peak RSS {row['rss_mb']} MB, "
              "load {:.1f} / {:.1f} / {:.1f}".format(*row["load_before"]), flush=True)
    points = [(r["millions"], r["scoring"]) for r in rows if r["scoring"] is not None]
    if len(points) >= 2:
        a, b = fit(points)
        print(f"line: seconds = {a:.2f} + {b:.2f} × millions → 10 M: {a + 10 * b:.0f} s, 50 M: {a + 50 * b:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0 if rows else 1


if __name__ == "__main__":
    sys.exit(main())
