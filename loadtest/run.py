"""Load test of a county's working day (issue 21): seed, serve, run Locust headless, report.

    .venv/bin/python loadtest/run.py [--people 20000] [--users 20] [--seconds 30] [--workers 2] [--home DIR]
                                     [--database-url URL] [--json FILE] [--max-errors N]
    make loadtest LOAD_PEOPLE=1000000 LOAD_USERS=200 LOAD_SECONDS=600     # the issue's full size (PostgreSQL)

1. An instance in --home (default: a new temporary folder, deleted after): `minzheng init`, then `minzheng demo
   --people N` (the synthetic county 330902 with cases, entitlements, payrolls and every app's demo data) — skipped
   when the folder already holds a seeded instance, so a large county is seeded once and reused.
2. `minzheng serve` (gunicorn, --workers processes) on a free local port; waits for /readyz.
3. `locust -f loadtest/locustfile.py --headless` with --users staff (spawned at --spawn-rate a second) for --seconds.
4. Prints, per endpoint, requests, failures, p50/p95/p99 and max (ms), the slowest endpoints by p95, the errors, and
   the load average before and after; --json writes the same figures. Exit status 1 when there were more than
   --max-errors failed requests (default 0).

ID numbers to search are read from the seeded data by a child process and handed to Locust in its environment,
never written to a file. Targets (issue 21): pages p95 ≤ 300 ms, search by ID p95 ≤ 60 ms, 0 errors."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COUNTY = "330902"
SAMPLE_IDS = """
from minzheng.registry.models import Person
rows = Person.objects.filter(death_date__isnull=True).order_by("?")[:300]
print(",".join(p.id_number for p in rows))
"""
DEMO_VILLAGE = """
from minzheng.core.models import User
print(User.objects.get(username="village_demo").region_id)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _minzheng(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run([str(BIN / "minzheng"), *args], env=env, cwd=ROOT, check=True, text=True,
                          stdout=subprocess.PIPE if capture else None)
    return done.stdout or ""


def _shell(env: dict, code: str) -> str:
    """The last line the code printed (Django's shell may print a banner of auto-imports before it)."""
    lines = _minzheng(env, "manage", "shell", "-c", code, capture=True).strip().splitlines()
    return lines[-1].strip() if lines else ""


def _seeded(env: dict) -> bool:
    try:
        return bool(_shell(env, "from minzheng.core.models import User; "
                                "print(User.objects.filter(username='village_demo').exists() or '')"))
    except subprocess.CalledProcessError:
        return False


def _wait_ready(url: str, server: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"minzheng serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit("the server was not ready in time")


def _stats(report: Path) -> tuple[list[dict], list[dict]]:
    """The figures the locustfile wrote when Locust quit (after every user stopped)."""
    data = json.loads(report.read_text(encoding="utf-8"))
    return data["endpoints"], data["failures"]


def _print(endpoints: list[dict], failures: list[dict], load_before, load_after, args) -> None:
    print(f"\n{args.users} users, {args.seconds} s, {args.people} persons, {args.workers} gunicorn workers")
    print(f"{'endpoint':34} {'method':6} {'requests':>8} {'fail':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    for e in endpoints:
        print(f"{e['endpoint'][:34]:34} {e['method'][:6]:6} {e['requests']:8d} {e['failures']:5d} {e['p50']:7.0f} "
              f"{e['p95']:7.0f} {e['p99']:7.0f} {e['max']:7.0f}")
    slowest = sorted((e for e in endpoints if e["endpoint"] != "Aggregated"), key=lambda e: -e["p95"])[:5]
    print("slowest by p95: " + ", ".join(f"{e['endpoint']} {e['p95']:.0f} ms" for e in slowest))
    for f in failures:
        print(f"ERROR {f['method']} {f['name']}: {f['error']} × {f['occurrences']}")
    print("load average before: {:.2f} / {:.2f} / {:.2f}; after: {:.2f} / {:.2f} / {:.2f}".format(
        *load_before, *load_after))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=int(os.environ.get("LOAD_PEOPLE", "20000")))
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", "20")))
    parser.add_argument("--spawn-rate", type=float, default=5.0)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", "30")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("LOAD_WORKERS", "2")))
    parser.add_argument("--home", help="instance folder (kept; reused when already seeded)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--max-errors", type=int, default=0)
    args = parser.parse_args(argv)

    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="minzheng-load-"))
    env = {**os.environ, "MINZHENG_HOME": str(home)}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the instance's settings, not a test run's
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    out = Path(tempfile.mkdtemp(prefix="minzheng-locust-"))
    server = None
    try:
        if not _seeded(env):
            started = time.monotonic()
            _minzheng(env, "init")
            _minzheng(env, "demo", "--county", COUNTY, "--people", str(args.people))
            print(f"seeded {args.people} persons in {time.monotonic() - started:.0f} s", flush=True)
        ids, village = _shell(env, SAMPLE_IDS), _shell(env, DEMO_VILLAGE)
        # A reused instance has the persons it was seeded with, not --people: report those.
        args.people = int(_shell(env, "from minzheng.registry.models import Person; print(Person.objects.count())"))
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([str(BIN / "minzheng"), "serve", "--port", str(port), "--workers",
                                   str(args.workers)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=open(out / "server.log", "w"), start_new_session=True)  # noqa: SIM115
        _wait_ready(url, server)
        load_before = os.getloadavg()
        subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless",
                        "--host", url, "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.seconds}s",
                        "--only-summary", "--loglevel", "WARNING",
                        "--stop-timeout", "60"],  # at the end, requests under way finish (not counted as errors)
                       env={**env, "MZ_LOAD_IDS": ids, "MZ_LOAD_VILLAGE": village,
                            "MZ_LOAD_REPORT": str(out / "report.json")}, cwd=ROOT, check=False)
        load_after = os.getloadavg()
        endpoints, failures = _stats(out / "report.json")
        _print(endpoints, failures, load_before, load_after, args)
        total = next((e for e in endpoints if e["endpoint"] == "Aggregated"), {"failures": 0})
        if args.json:
            Path(args.json).write_text(json.dumps({
                "people": args.people, "users": args.users, "seconds": args.seconds, "workers": args.workers,
                "database": "postgresql" if args.database_url.startswith("postgres") else "sqlite",
                "endpoints": endpoints, "failures": failures, "load_before": load_before,
                "load_after": load_after}, ensure_ascii=False, indent=1), encoding="utf-8")
        return 1 if total["failures"] > args.max_errors else 0
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)  # gunicorn's arbiter and its workers
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(out, ignore_errors=True)
        if not args.home:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
