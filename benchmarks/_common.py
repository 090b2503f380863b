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
import time
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


def run_measured(args: list[str]) -> tuple[float, float, int, str, str]:
    """Run a command; return (wall seconds, peak RSS MB of its process tree, exit code, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        scale = 1 if sys.platform == "darwin" else 1024
        return (seconds, usage.ru_maxrss * scale / 1_000_000, proc.returncode,
                out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


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
