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
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
from weights import PAGES, ROLE_WEIGHTS, parse_wait  # this folder (run as a script)

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COUNTY = "330902"
# What the run needs from the instance, read in one Django shell: 300 ID numbers of living persons to search for,
# the village a county officer exports, and the persons counted; and one account per simulated member of staff, as a
# county has (their inboxes, sessions and kept sections are their own): `<role>_load_NNN` in the demo account's role,
# made once through core.users.create_user and moved with core.users.assign (both audited).
# Village clerks and township officers are spread over the villages where people live and their townships, one after
# another, as a county's staff are. The demo village is left out of the clerks' villages, and the exported village is
# one of middling size: the demo village holds 15 % of the county by design (synthetic.demo) — 149,189 persons in the
# 1,000,000 county, where a real village has a few thousand.
SETUP = """
import json
from django.db.models import Count
from minzheng.core.models import User
from minzheng.core.regioncodes import parent_code
from minzheng.core.users import assign, create_user
from minzheng.registry.models import Person
from minzheng.synthetic.demo import DEMO_PASSWORD
demo_village = User.objects.get(username="village_demo").region_id
sizes = list(Person.objects.exclude(region_id=demo_village).values("region_id").annotate(n=Count("id"))
             .order_by("n", "region_id"))
villages = sorted(row["region_id"] for row in sizes) or [demo_village]
places = {{"village": villages, "township": sorted({{parent_code(code) for code in [*villages, demo_village]}})}}
for base, n in json.loads({counts!r}).items():
    demo = User.objects.get(username=base)
    spread = [code for code in places.get(demo.role, []) if code.startswith(demo.region_id[:6])] or [demo.region_id]
    prefix = base.removesuffix("_demo") + "_load_"
    have = {{u.username: u for u in User.objects.filter(username__startswith=prefix)}}
    for k in range(1, n + 1):
        name, place = f"{{prefix}}{{k:03d}}", spread[(k - 1) % len(spread)]
        if name not in have:
            create_user(None, name, demo.role, place, DEMO_PASSWORD, full_name="压测账户", must_change=False)
        elif have[name].region_id != place:
            assign(None, have[name], demo.role, place)
    User.objects.filter(username__startswith=prefix).update(can_unmask=demo.can_unmask)
ids = Person.objects.filter(death_date__isnull=True).order_by("?")[:300]
print(json.dumps({{"ids": ",".join(p.id_number for p in ids), "people": Person.objects.count(),
                  "export_village": sizes[len(sizes) // 2]["region_id"] if sizes else demo_village}}))
"""


def _accounts(users: int) -> dict[str, int]:
    total = sum(ROLE_WEIGHTS.values())
    return {base: users * weight // total + 2 for base, weight in ROLE_WEIGHTS.items()}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _minzheng(env: dict, *args: str, capture: bool = False, quiet: bool = False) -> str:
    done = subprocess.run([str(BIN / "minzheng"), *args], env=env, cwd=ROOT, check=True, text=True,
                          stdout=subprocess.PIPE if capture else None, stderr=subprocess.DEVNULL if quiet else None)
    return done.stdout or ""


def _shell(env: dict, code: str, quiet: bool = False) -> str:
    """The last line the code printed (Django's shell may print a banner of auto-imports before it)."""
    lines = _minzheng(env, "manage", "shell", "-c", code, capture=True, quiet=quiet).strip().splitlines()
    return lines[-1].strip() if lines else ""


def _seeded(env: dict) -> bool:
    """Whether the instance was seeded; on a new one the probe fails (no tables yet), quietly: that is the answer."""
    try:
        return bool(_shell(env, "from minzheng.core.models import User; "
                                "print(User.objects.filter(username='village_demo').exists() or '')", quiet=True))
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


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process, its live descendants, and the children it has already reaped."""
    try:
        root = psutil.Process(pid)
        total = sum(root.cpu_times()[:4])
        for child in root.children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                total += sum(child.cpu_times()[:2])
        return total
    except psutil.NoSuchProcess:
        return 0.0


def _postmaster(database_url: str) -> int | None:
    """The local PostgreSQL server's main process (its backends are its children), found by the URL's port."""
    if not database_url.startswith("postgres"):
        return None
    port = urllib.parse.urlsplit(database_url).port or 5432
    for proc in psutil.process_iter(["name", "cmdline", "ppid"]):
        cmd = " ".join(proc.info["cmdline"] or [])
        if proc.info["name"] == "postgres" and f"-p {port}" in cmd:
            return proc.pid
    return None


class CpuMeter:
    """Where the CPU went while Locust ran: the web server's processes, the database's (a local PostgreSQL; SQLite
    runs inside the web processes) and the load generator (Locust, a reaped child of this process)."""

    def __init__(self, server_pid: int, database_url: str):
        self.pids = {"web": server_pid, "database": _postmaster(database_url)}

    def __enter__(self):
        self.start = self._sample()
        return self

    def restart(self) -> None:
        """Count from now on (--steady: once every user has started)."""
        self.start = self._sample()

    def __exit__(self, *exc):
        end = self._sample()
        self.seconds = {k: end[k] - self.start[k] for k in end}

    def _sample(self) -> dict[str, float]:
        import resource

        reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {"web": _tree_cpu(self.pids["web"]),
                "database": _tree_cpu(self.pids["database"]) if self.pids["database"] else 0.0,
                "load generator": reaped.ru_utime + reaped.ru_stime, "wall": time.monotonic()}

    def per_request(self, requests: int) -> dict[str, float]:
        """CPU milliseconds per request served, by part, and the cores each kept busy on average."""
        wall = self.seconds["wall"]
        parts = {k: v for k, v in self.seconds.items() if k != "wall"}
        return {"requests_per_second": round(requests / wall, 2) if wall else 0.0,
                **{f"{k} ms/request": round(v * 1000 / requests, 1) if requests else 0.0 for k, v in parts.items()},
                **{f"{k} cores": round(v / wall, 2) if wall else 0.0 for k, v in parts.items()}}


def _stats(report: Path) -> tuple[list[dict], list[dict]]:
    """The figures the locustfile wrote when Locust quit (after every user stopped)."""
    data = json.loads(report.read_text(encoding="utf-8"))
    return data["endpoints"], data["failures"]


def _print(endpoints: list[dict], failures: list[dict], load_before, load_after, args, cpu: dict) -> None:
    steady = " (counted once all had signed in)" if args.steady else ""
    print(f"\n{args.users} users waiting {args.wait.replace(',', '–')} s between steps, {args.seconds} s{steady}, "
          f"{args.people} persons, {args.workers} gunicorn workers")
    print(f"{'endpoint':34} {'method':6} {'requests':>8} {'fail':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    for e in endpoints:
        print(f"{e['endpoint'][:34]:34} {e['method'][:6]:6} {e['requests']:8d} {e['failures']:5d} {e['p50']:7.0f} "
              f"{e['p95']:7.0f} {e['p99']:7.0f} {e['max']:7.0f}")
    slowest = sorted((e for e in endpoints if e["endpoint"] not in ("Aggregated", PAGES)),
                     key=lambda e: -e["p95"])[:5]
    print("slowest by p95: " + ", ".join(f"{e['endpoint']} {e['p95']:.0f} ms" for e in slowest))
    for f in failures:
        print(f"ERROR {f['method']} {f['name']}: {f['error']} × {f['occurrences']}")
    print("load average before: {:.2f} / {:.2f} / {:.2f}; after: {:.2f} / {:.2f} / {:.2f}".format(
        *load_before, *load_after))
    print(f"served {cpu['requests_per_second']} requests/s; CPU per request: web {cpu['web ms/request']} ms, "
          f"database {cpu['database ms/request']} ms, load generator {cpu['load generator ms/request']} ms; "
          f"cores busy: web {cpu['web cores']}, database {cpu['database cores']}, "
          f"load generator {cpu['load generator cores']} (of {os.cpu_count()})")


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
    parser.add_argument("--wait", default=os.environ.get("LOAD_WAIT", "1,4"),
                        help="seconds each member of staff waits between steps, as MIN,MAX (default 1,4)")
    parser.add_argument("--steady", action="store_true", default=os.environ.get("LOAD_STEADY") == "1",
                        help="count only once every member of staff has signed in (Locust's --reset-stats): the "
                             "day's work without the morning's sign-in, which is slow by design (Argon2)")
    args = parser.parse_args(argv)
    try:
        parse_wait(args.wait)
    except ValueError as error:
        parser.error(f"--wait: {error}")

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
        accounts = _accounts(args.users)
        found = json.loads(_shell(env, SETUP.format(counts=json.dumps(accounts))))
        args.people = found["people"]  # a reused instance has the persons it was seeded with, not --people
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([str(BIN / "minzheng"), "serve", "--port", str(port), "--workers",
                                   str(args.workers)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=open(out / "server.log", "w"), start_new_session=True)  # noqa: SIM115
        _wait_ready(url, server)
        load_before = os.getloadavg()
        meter = CpuMeter(server.pid, args.database_url)
        with meter:
            locust = subprocess.Popen(
                [str(BIN / "locust"), "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless",
                 "--host", url, "-u", str(args.users), "-r", str(args.spawn_rate), "-t",
                 f"{args.seconds}s", "--only-summary", "--loglevel", "WARNING",
                 "--stop-timeout", "60",  # at the end, requests under way finish (not errors)
                 *(["--reset-stats"] if args.steady else [])],
                env={**env, "MZ_LOAD_IDS": found["ids"], "MZ_LOAD_EXPORT_VILLAGE": found["export_village"],
                     "MZ_LOAD_WAIT": args.wait, "MZ_LOAD_ACCOUNTS": json.dumps(accounts),
                     "MZ_LOAD_REPORT": str(out / "report.json")},
                cwd=ROOT)
            if args.steady:  # Locust resets its figures once every user has started: so does the meter
                with contextlib.suppress(subprocess.TimeoutExpired):
                    locust.wait(timeout=args.users / args.spawn_rate)
                meter.restart()
            locust.wait()
        load_after = os.getloadavg()
        endpoints, failures = _stats(out / "report.json")
        total = next((e for e in endpoints if e["endpoint"] == "Aggregated"), {"failures": 0, "requests": 0})
        cpu = meter.per_request(total["requests"])
        _print(endpoints, failures, load_before, load_after, args, cpu)
        if args.json:
            Path(args.json).write_text(json.dumps({
                "people": args.people, "users": args.users, "seconds": args.seconds, "workers": args.workers,
                "wait": args.wait, "steady": args.steady,
                "database": "postgresql" if args.database_url.startswith("postgres") else "sqlite",
                "endpoints": endpoints, "failures": failures, "load_before": load_before,
                "load_after": load_after, "cpu": cpu}, ensure_ascii=False, indent=1), encoding="utf-8")
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
