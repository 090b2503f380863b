"""Benchmark: marriage registration (issue 16) — search and registration latency on BENCH_RECORDS registration
records (default 1,000,000) with BENCH_CLIENTS concurrent clients (default 50), over HTTP, against OpenCRVS's
published figures (search < 60 ms, registration < 350 ms at p95).

Data (set-based): BENCH_RECORDS registrations at one registry in county 330902 — 90 % marriages in force (two
models.Spouse rows each, the duplicate-marriage check's unique index), the rest divorced — each with both parties'
ID numbers SM4-encrypted (bound to the row through their HMAC-SM3 blind index) and blind-indexed, names, birth days,
certificate numbers; written with core.bulk (executemany).

Load: `minzheng serve` (gunicorn, BENCH_WORKERS workers × 4 threads, default 2); BENCH_CLIENTS client threads, each
with its own county registrar's token, for BENCH_SECONDS (default 60) per phase, first thinking between requests
(exponential, mean BENCH_THINK seconds, default 1 — staff read and type between requests, as in OpenCRVS's tests),
then with no think time at all (saturation: the capacity of the server, where p95 is queueing):
- search: `GET /api/v1/marriage/registrations?id_number=…` (either party, through the blind index) for a random
  existing party, every fifth request `?name=…` instead;
- registration: `POST /api/v1/marriage/registrations` with two new parties (checks: age, the register's
  duplicate-marriage check, kinship in the registry, certificate number, audit) → 201.
p50 / p95 / p99 per phase, both as the client saw it and server-side (the Server-Timing header: OpenCRVS's figures
are server-side); targets p95 ≤ 60 ms (search) and ≤ 350 ms (registration), judged on both. The floor: one client
alone (the service time with no other request in the server).

Run: .venv/bin/python benchmarks/bench_registration.py   (BENCH_RECORDS=20000 BENCH_SECONDS=15 for a quick run;
BENCH_KEEP=1 keeps the home and BENCH_HOME=<that home> reuses its data; BENCH_DATA_ONLY=1 only writes the data;
DATABASE_URL for PostgreSQL)
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
               "revocation_reason", "created_by_id", "created_at", "doc_a", "nationality_a", "doc_b", "nationality_b",
               "prior_status_a", "prior_status_b")
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
                user_id, now, "id_card", "CHN", "id_card", "CHN", "", "")))
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
    run = int(time.time())  # a reused home keeps the users of earlier runs
    for i in range(count):
        user = create_user(None, f"bench_registrar_{run}_{i}", "county", COUNTY, "Bench@2026-pass", must_change=False)
        out.append(auth.create_token(user))
    return out


KEEPALIVE_REUSE = 1.5  # seconds: below gunicorn's keep-alive (2 s), a kept connection is still open


def _server_ms(resp) -> float | None:
    """The app's own time from the Server-Timing header (core.metrics.MetricsMiddleware)."""
    value = resp.getheader("Server-Timing") or ""
    for part in value.split(";"):
        if part.startswith("dur="):
            return float(part[4:])
    return None


def run_phase(port: int, keys: list[str], seconds: float, make_request, think: float = 0.0) -> dict:
    """Each client thread sends its next request when the last one answered, after a think time drawn from an
    exponential distribution with mean `think` seconds (0: a closed loop, the saturation test). Records the latency
    the client saw and the server-side time (Server-Timing) of every answer."""
    latencies: list[float] = []
    server: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(k: int) -> None:
        rng = random.Random(k)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        n = 0
        if think:
            time.sleep(rng.uniform(0, think))  # clients start spread out, as staff do
        while time.perf_counter() < stop:
            method, path, body = make_request(k, n)
            headers = {"Authorization": f"Bearer {keys[k]}", "Content-Type": "application/json"}
            t = time.perf_counter()
            served = None
            try:
                conn.request(method, path, body, headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                served = _server_ms(resp)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = 0
            elapsed = (time.perf_counter() - t) * 1000
            with lock:
                latencies.append(elapsed)
                if served is not None:
                    server.append(served)
                statuses[status] = statuses.get(status, 0) + 1
            n += 1
            if think:
                pause = min(rng.expovariate(1 / think), 10 * think)
                time.sleep(pause)
                if pause > KEEPALIVE_REUSE:  # gunicorn closes an idle connection after 2 s: open a new one, as a
                    conn.close()  # browser does, instead of counting the closed socket as an error
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.close()

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(keys)) as pool:
        list(pool.map(client, range(len(keys))))
    duration = time.perf_counter() - started
    latencies.sort()
    server.sort()

    def pct(values, p):
        return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))] if values else 0.0

    return {"requests": len(latencies), "rate": len(latencies) / duration, "statuses": statuses,
            "p50": pct(latencies, 50), "p95": pct(latencies, 95), "p99": pct(latencies, 99),
            "max": latencies[-1] if latencies else 0.0, "mean": statistics.fmean(latencies) if latencies else 0.0,
            "server_p50": pct(server, 50), "server_p95": pct(server, 95), "server_p99": pct(server, 99)}


def prepared_home(records: int) -> tuple[Path, dict, bool]:
    """A home with the registrations: BENCH_HOME reuses one a previous run kept (BENCH_KEEP=1; the data take minutes
    at 1,000,000 records), else a fresh one is made and filled."""
    reuse = os.environ.get("BENCH_HOME")
    if reuse:
        os.environ["MINZHENG_HOME"] = reuse
        setup_django()
        data = json.loads((Path(reuse) / "bench_registration.json").read_text())
        return Path(reuse), data, True
    home = fresh_home("minzheng-bench-registration-")
    setup_django()
    init()
    data = make_data(records)
    (home / "bench_registration.json").write_text(json.dumps(data))  # ID numbers are synthetic
    return home, data, False


def main() -> None:
    records = int(os.environ.get("BENCH_RECORDS", "1000000"))
    clients = int(os.environ.get("BENCH_CLIENTS", "50"))
    seconds = float(os.environ.get("BENCH_SECONDS", "60"))
    workers = int(os.environ.get("BENCH_WORKERS", "2"))
    think = float(os.environ.get("BENCH_THINK", "1.0"))
    load_before = load_average()
    home, data, reused = prepared_home(records)
    records = data["records"]
    if os.environ.get("BENCH_DATA_ONLY") == "1":
        print(f"{records:,} registrations written in {data['seconds']:.1f} s; home {home}")
        return
    try:
        keys = tokens(clients)
        from django.db import connection

        db_file = Path(str(connection.settings_dict["NAME"]))
        size = db_file.stat().st_size / 1e6 if connection.vendor == "sqlite" and db_file.exists() else 0
        figures(f"婚姻登记数据 ({database_label()}, {records:,} registrations)", [
            ("data written (s)", "reused" if reused else data["seconds"]), ("marriages in force", data["in_force"]),
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
            # One client alone: the service time of a request, without queueing behind the others.
            s1 = run_phase(port, keys[:1], min(seconds, 10), search)
            r1 = run_phase(port, keys[:1], min(seconds, 10), register)
            # Staff at work: every client thinks between requests (OpenCRVS's tests model reading and typing).
            s = run_phase(port, keys, seconds, search, think)
            r = run_phase(port, keys, seconds, register, think)
            # Saturation: no think time; p95 is then queueing (≈ clients / throughput), the capacity figure.
            ss = run_phase(port, keys, min(seconds, 30), search)
            rs = run_phase(port, keys, min(seconds, 30), register)
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:  # gunicorn still draining kept-alive connections on a busy machine
                server.kill()
                server.wait()
        for title, out, alone, sat, target, ok in (
                ("查询 (GET, ID number via blind index / name)", s, s1, ss, 60.0, 200),
                ("登记 (POST marriage, all checks, 201)", r, r1, rs, 350.0, 201)):
            met = "met" if out["server_p95"] <= target and out["p95"] <= target else "NOT met"
            figures(f"{title}: {clients} clients thinking {think:g} s on average, {database_label()}, "
                    f"{records:,} records, gunicorn {workers}×4", [
                ("requests", out["requests"]), ("rate (/s)", out["rate"]),
                ("answered as expected", out["statuses"].get(ok, 0)),
                ("other answers", json.dumps({k: v for k, v in out["statuses"].items() if k != ok})),
                ("server p50 / p95 / p99 (ms)",
                 f"{out['server_p50']:.1f} / {out['server_p95']:.1f} / {out['server_p99']:.1f}"),
                ("client p50 / p95 / p99 (ms)", f"{out['p50']:.1f} / {out['p95']:.1f} / {out['p99']:.1f}"),
                ("target p95 (ms)", f"{target:g}: {met}"),
                ("floor — one client alone, server p50 / p95 (ms)",
                 f"{alone['server_p50']:.1f} / {alone['server_p95']:.1f}"),
                ("ratio p95 / floor p95", out["server_p95"] / alone["server_p95"] if alone["server_p95"] else 0),
                ("saturation (no think time): rate (/s)", sat["rate"]),
                ("saturation: server p95 / client p95 (ms)", f"{sat['server_p95']:.1f} / {sat['p95']:.1f}"),
                ("saturation: other answers",
                 json.dumps({k: v for k, v in sat["statuses"].items() if k != ok}))])
        figures("load", [("load average before", load_before), ("load average after", load_average())])
    finally:
        remove_home(home)


if __name__ == "__main__":
    main()
