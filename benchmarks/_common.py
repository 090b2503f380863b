"""Shared helpers for the standalone benchmark scripts (`make bench` runs each benchmarks/bench_*.py).

Each benchmark works in a fresh temporary MINZHENG_HOME (its own keys and SQLite file — or DATABASE_URL when set),
so it never touches a real instance, and prints one figure block.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fresh_home(prefix: str = "minzheng-bench-") -> Path:
    """A new empty MINZHENG_HOME, exported to this process and to every command it starts. Call before Django
    is set up (settings read MINZHENG_HOME once)."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["MINZHENG_HOME"] = str(home)
    return home


def remove_home(home: Path) -> None:
    if os.environ.get("BENCH_KEEP") == "1":
        print(f"(kept {home})")
        return
    shutil.rmtree(home, ignore_errors=True)


def minzheng_command() -> list[str]:
    exe = Path(sys.executable).with_name("minzheng")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "minzheng"]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    import django

    django.setup()


def init(in_process: bool = True) -> None:
    """`minzheng init`: migrate, compile catalogs, collect static files, load the national region list. In-process
    by default, so that the only child processes a benchmark measures are its own workers."""
    if in_process:
        from minzheng import cli

        code = cli.main(["init"])
        if code:
            raise SystemExit(f"minzheng init failed ({code})")
    else:
        subprocess.run([*minzheng_command(), "init"], check=True, capture_output=True)


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident set size of this process (or of its largest terminated child) in MB."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return usage.ru_maxrss * scale / 1_000_000


# Runs the command and reports the peak RSS of its process tree. A small exec'd launcher sits in between because a
# child forked straight from a large benchmark process starts with that process's RSS as its high-water mark.
_LAUNCHER = (
    "import json, os, resource, subprocess, sys, time\n"
    "t = time.perf_counter(); code = subprocess.call(sys.argv[2:]); t = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(sys.argv[1], 'w').write(json.dumps([t, u.ru_maxrss, u.ru_utime + u.ru_stime, code]))\n"
    "sys.exit(code)\n"
)


def run_measured(args: list[str]) -> tuple[float, float, float, int, str, str]:
    """Run a command; return (wall seconds, peak RSS MB of its process tree, CPU seconds, exit code, stdout,
    stderr)."""
    import json

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".json") as measured:
        subprocess.run([sys.executable, "-c", _LAUNCHER, measured.name, *args], stdout=out, stderr=err,
                       check=False)
        seconds, maxrss, cpu, code = json.loads(Path(measured.name).read_text() or "[0, 0, 0, 1]")
        out.seek(0)
        err.seek(0)
        scale = 1 if sys.platform == "darwin" else 1024
        return (seconds, maxrss * scale / 1_000_000, cpu, code, out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"))


def cpu_seconds(children: bool = False) -> float:
    """User + system CPU seconds of this process (or of its terminated, waited-for children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class RssSampler(threading.Thread):
    """Peak resident set size of this process (DuckDB runs in it) while running, sampled every 50 ms; with
    children=True also, apart, of its child processes together: the Spark JVM of local mode, which this process's
    RSS does not include."""

    def __init__(self, children: bool = False):
        super().__init__(daemon=True)
        self.peak_kb = self.children_peak_kb = 0
        self._children, self._halt = children, threading.Event()

    def run(self):
        kids, tick = [], 0
        while not self._halt.is_set():
            self.peak_kb = max(self.peak_kb, _rss_kb(os.getpid()))
            if self._children:
                if tick % 20 == 0:  # the process tree once a second: walking the JVM's threads is not free
                    kids = _descendants(os.getpid())
                self.children_peak_kb = max(self.children_peak_kb, sum(_rss_kb(p) for p in kids))
            tick += 1
            self._halt.wait(0.05)

    def stop(self) -> float:
        """Stop; this process's peak in MB (children_mb: the children's)."""
        self._halt.set()
        self.join()
        return self.peak_kb / 1000

    def children_mb(self) -> float:
        return self.children_peak_kb / 1000


def rss_mb() -> float:
    """The resident set size of this process now, in MB."""
    return _rss_kb(os.getpid()) / 1000


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:  # gone meanwhile, or no /proc (macOS): not counted
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    """Every process below `pid` (the children files of each of its threads, recursively)."""
    out, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{parent}/task/{tid}/children") as fh:
                    kids = [int(k) for k in fh.read().split()]
            except OSError:
                continue
            out += kids
            todo += kids
    return out


def local_spark(app: str):
    """A Spark session as the benchmarks run it: local mode by default (MINZHENG_SPARK_MASTER, default local[2]), where
    the driver is the executor and gets room for the broadcast hash joins (BENCH_SPARK_MEMORY, default 6g as
    bench_monitoring; the 1 GB default was too small there); or a cluster's master (`spark://host:7077`), whose
    executors get BENCH_SPARK_EXECUTOR_MEMORY each (default 3g) and read the lake at the same path."""
    from pyspark.sql import SparkSession

    from minzheng.verification import engines

    session = (SparkSession.builder.master(os.environ.get("MINZHENG_SPARK_MASTER", "local[2]"))
               .appName(app).config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.driver.memory", os.environ.get("BENCH_SPARK_MEMORY", "6g"))
               .config("spark.executor.memory", os.environ.get("BENCH_SPARK_EXECUTOR_MEMORY", "3g"))
               .config(map={**engines.sql_conf(),
                            "spark.sql.shuffle.partitions": os.environ.get("MINZHENG_SPARK_PARTITIONS", "8")})
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    return session


def load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg()) + " (1 / 5 / 15 min)"
    except OSError:
        return "n/a"


def database_label() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url.split(":", 1)[0] if url else "sqlite"


def figures(title: str, rows: list[tuple[str, object]]) -> None:
    """Print a figure block: a title line, then aligned `label  value` lines."""
    width = max(len(label) for label, _ in rows)
    print(f"== {title} ==")
    for label, value in rows:
        if isinstance(value, float):
            value = f"{value:,.1f}"
        elif isinstance(value, int):
            value = f"{value:,}"
        print(f"  {label.ljust(width)}  {value}")
    sys.stdout.flush()


def placeholder_case():
    """One granted 低保 case that the benchmarks' set-based entitlements point at (the code under test never reads
    it); needs the registry seeded."""
    import datetime as dt

    from minzheng.benefits.models import Case
    from minzheng.registry.models import Membership

    m0 = Membership.objects.filter(left_on__isnull=True).select_related("household").first()
    return Case.objects.create(program="dibao", household=m0.household, applicant_id=m0.person_id,
                               region_code=m0.household.region_id, state="granted", channel="migration",
                               applied_on=dt.date(2025, 12, 1))

