"""Benchmark: marriage registration (issue 16) — search and registration latency on BENCH_RECORDS registration
records (default 1,000,000) with BENCH_CLIENTS concurrent clients (default 50), over HTTP, against OpenCRVS's
published figures (search < 60 ms, registration < 350 ms at p95).

Data (set-based): BENCH_RECORDS registrations at one registry in county 330902 — 90 % marriages in force (two
models.Spouse rows each, the duplicate-marriage check's unique index), the rest divorced — each with both parties'
ID numbers SM4-encrypted (bound to the row through their HMAC-SM3 blind index) and blind-indexed, names, birth days,
certificate numbers; written with core.bulk (executemany).

Load: `minzheng serve` (gunicorn, BENCH_WORKERS workers × 4 threads, default 2); BENCH_CLIENTS client threads, closed
loop, each with its own county registrar's token, for BENCH_SECONDS (default 60) per phase:
- search: `GET /api/v1/marriage/registrations?id_number=…` (either party, through the blind index) for a random
  existing party, every fifth request `?name=…` instead;
- registration: `POST /api/v1/marriage/registrations` with two new parties (checks: age, the register's
  duplicate-marriage check, kinship in the registry, certificate number, audit) → 201.
p50 / p95 / p99 / max per phase; targets p95 ≤ 60 ms (search) and ≤ 350 ms (registration).

Run: .venv/bin/python benchmarks/bench_registration.py   (BENCH_RECORDS=20000 BENCH_SECONDS=15 for a quick run;
BENCH_KEEP=1 keeps the home; DATABASE_URL for PostgreSQL)
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    database_label,
    figures,
    fresh_home,
    init,
    load_average,
    minzheng_command,
    peak_rss_mb,
    remove_home,
    setup_django,
)

COUNTY = "330902000000"
REGISTRY = "330902"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅琳建国文斌辉鹏飞宇浩然子轩欣怡佳雨晨"


def ident(n: int, sex: str, base=dt.date(1950, 1, 1)) -> tuple[str, dt.date]:
    """The n-th distinct valid ID number of a sex: 500 per birth day."""
    from minzheng.core import idnumber

    born = base + dt.timedelta(days=n // 500)
    seq = (n % 500) * 2 + (1 if sex == "M" else 0)
    body = f"330902{born:%Y%m%d}{seq:03d}"
    return body + idnumber.check_character(body), born


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")


def make_data(records: int) -> dict:
    from minzheng.core import bulk, crypto, protected
    from minzheng.core.models import User
    from minzheng.marriage.models import Registration, Spouse
    from minzheng.marriage.services import registries

    started = time.perf_counter()
    reg = registries.ensure_registry(None, REGISTRY, "定海区婚姻登记处", COUNTY)
    rng = random.Random(16)
    ids = bulk.allocate_ids(Registration, records)
    user_id = User.objects.order_by("id").values_list("id", flat=True).first()
    now = dt.datetime.now(dt.UTC)
    sample: list[tuple[str, str]] = []
    marriages = 0
    columns = ("id", "kind", "registry_id", "region_code", "registered_on", "certificate_no", "name_a", "sex_a",
               "birth_a", "id_a_enc", "id_a_index", "name_b", "sex_b", "birth_b", "id_b_enc", "id_b_index",
               "declaration_signed", "in_force", "status", "revocation_basis", "revocation_decision",
               "revocation_reason", "created_by_id", "created_at")
    chunk = 20_000
    for start in range(0, records, chunk):  # streamed: a chunk in memory at a time
        rows, spouses = [], []
        for i in range(start, min(records, start + chunk)):
            pk = ids[i]
            a, ba = ident(i, "M")
            b, bb = ident(i, "F")
            ia, ib = crypto.blind_index(a), crypto.blind_index(b)
            na, nb = name(rng), name(rng)
            day = max(ba, bb) + dt.timedelta(days=22 * 366 + rng.randrange(3000))
            in_force = i % 10 != 0
            rows.append(tuple(bulk.adapt(v) for v in (
                pk, "marriage", reg.pk, COUNTY, day, f"J{REGISTRY}-{day.year}-{i:07d}", na, "M", ba,
                protected.seal(Registration, "id_a_enc", a, ia), ia, nb, "F", bb,
                protected.seal(Registration, "id_b_enc", b, ib), ib, True, in_force, "registered", "", "", "",
                user_id, now)))
            if in_force:
                spouses += [(ia, pk), (ib, pk)]
                marriages += 1
            if i % max(1, records // 2000) == 0:
                sample.append((a if i % 2 else b, na))
        bulk.insert(Registration, columns, rows)
        bulk.insert(Spouse, ("id_index", "marriage_id"), spouses)
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return {"seconds": time.perf_counter() - started, "records": records, "in_force": marriages, "sample": sample,
            "next": records}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tokens(count: int) -> list[str]:
    from minzheng.core import auth
    from minzheng.core.users import create_user

    out = []
    for i in range(count):
        user = create_user(None, f"bench_registrar_{i}", "county", COUNTY, "Bench@2026-pass", must_change=False)
        out.append(auth.create_token(user))
    return out


def run_phase(port: int, keys: list[str], seconds: float, make_request) -> dict:
    """Closed loop: every client thread sends its next request when the last one answered, for `seconds`."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        n = 0
        while time.perf_counter() < stop:
            method, path, body = make_request(k, n)
            headers = {"Authorization": f"Bearer {keys[k]}", "Content-Type": "application/json"}
            t = time.perf_counter()
            try:
                conn.request(method, path, body, headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = 0
            elapsed = (time.perf_counter() - t) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
            n += 1
        conn.close()

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(keys)) as pool:
        list(pool.map(client, range(len(keys))))
    duration = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, max(0, round(p / 100 * len(latencies)) - 1))] if latencies else 0.0

    return {"requests": len(latencies), "rate": len(latencies) / duration, "statuses": statuses, "p50": pct(50),
            "p95": pct(95), "p99": pct(99), "max": latencies[-1] if latencies else 0.0,
            "mean": statistics.fmean(latencies) if latencies else 0.0}


def main() -> None:
    records = int(os.environ.get("BENCH_RECORDS", "1000000"))
    clients = int(os.environ.get("BENCH_CLIENTS", "50"))
    seconds = float(os.environ.get("BENCH_SECONDS", "60"))
    workers = int(os.environ.get("BENCH_WORKERS", "2"))
    home = fresh_home("minzheng-bench-registration-")
    load_before = load_average()
    try:
        setup_django()
        init()
        data = make_data(records)
        keys = tokens(clients)
        from django.db import connection

        db_file = Path(str(connection.settings_dict["NAME"]))
        size = db_file.stat().st_size / 1e6 if connection.vendor == "sqlite" and db_file.exists() else 0
        figures(f"婚姻登记数据 ({database_label()}, {records:,} registrations)", [
            ("data written (s)", data["seconds"]), ("marriages in force", data["in_force"]),
            ("database size (MB)", size), ("peak RSS (MB)", peak_rss_mb())])
        connection.close()
        port = free_port()
        env = {**os.environ, "MINZHENG_ALLOWED_HOSTS": "127.0.0.1,localhost"}
        server = subprocess.Popen([*minzheng_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
                                   "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env=env)
        try:
            for _ in range(150):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            sample = data["sample"]

            def search(k: int, n: int):
                number, who = sample[(k * 7919 + n * 104729) % len(sample)]
                if n % 5 == 4:
                    return "GET", "/api/v1/marriage/registrations?name=" + __import__("urllib.parse").parse.quote(
                        who) + "&limit=20", None
                return "GET", f"/api/v1/marriage/registrations?id_number={number}", None

            counter = iter(range(10_000_000))
            counter_lock = threading.Lock()
            base = data["next"] + 10

            def register(k: int, n: int):
                with counter_lock:
                    i = base + next(counter)
                a, ba = ident(i, "M")
                b, bb = ident(i, "F")
                body = {"type": "marriage", "registry": REGISTRY, "date": "2026-04-10",
                        "party_a": {"name": "新郎", "sex": "M", "id_number": a, "birth_date": ba.isoformat()},
                        "party_b": {"name": "新娘", "sex": "F", "id_number": b, "birth_date": bb.isoformat()}}
                return "POST", "/api/v1/marriage/registrations", json.dumps(body, ensure_ascii=False).encode()

            run_phase(port, keys[:4], 3, search)  # warm-up: workers import the app, open the database
            # One client alone: the service time of a request, without queueing behind the other 49.
            s1 = run_phase(port, keys[:1], min(seconds, 10), search)
            r1 = run_phase(port, keys[:1], min(seconds, 10), register)
            s = run_phase(port, keys, seconds, search)
            r = run_phase(port, keys, seconds, register)
        finally:
            server.terminate()
            server.wait(timeout=30)
        for title, out, alone, target, ok in (("查询 (GET, ID number via blind index / name)", s, s1, 60.0, 200),
                                              ("登记 (POST marriage, all checks, 201)", r, r1, 350.0, 201)):
            figures(f"{title}: {clients} clients, {database_label()}, {records:,} records, gunicorn {workers}×4", [
                ("requests", out["requests"]), ("rate (/s)", out["rate"]),
                ("answered as expected", out["statuses"].get(ok, 0)),
                ("other answers", json.dumps({k: v for k, v in out["statuses"].items() if k != ok})),
                ("p50 (ms)", out["p50"]), ("p95 (ms)", out["p95"]), ("p99 (ms)", out["p99"]),
                ("max (ms)", out["max"]), ("target p95 (ms)", target),
                ("one client alone: p50 / p95 (ms)", f"{alone['p50']:.1f} / {alone['p95']:.1f}"),
                ("load average after", load_average())])
        figures("load", [("load average before", load_before), ("load average after", load_average())])
    finally:
        remove_home(home)


if __name__ == "__main__":
    main()
