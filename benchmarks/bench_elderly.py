"""Benchmark: 养老服务 (issue 14) — the monthly settlement of BENCH_ORDERS confirmed home-care orders (default
1,000,000) for BENCH_PROVIDERS providers (default 200) in county 330902, and the device alarm intake at
BENCH_ALARM_RATE alarms per second (default 50) over HTTP.

Data (set-based): BENCH_ELDERS elders (default 50,000; placeholder ciphertexts, never read), 200 providers with one
priced item each, a monthly quota for 60 % of the elders, then the orders (each elder with two providers, checked
out in April 2026, confirmed) written with one INSERT … SELECT.

Figures: the raw aggregate floor — the same read (the month's confirmed orders of the county, grouped per provider
and per provider × elder into staging tables) and the same write (every order marked, one UPDATE), without the quota
rule, rolled back — then the settlement itself (eldercare.services.settlement.settle_month: the running quota per
elder, settlements, lines, orders marked, one encrypted CSV per provider, audit entries) with its ratio to the floor,
its totals checked against the orders. Target: ≤ 60 s on SQLite for 1,000,000 orders.

Alarm intake: `minzheng serve` (gunicorn) on a free port; BENCH_ALARMS signed posts (default 1,000) from 100 devices,
sent open-loop at the given rate by a thread pool; p50 / p95 / p99 / max latency. Target: p95 ≤ 100 ms at 50/s.

Run: .venv/bin/python benchmarks/bench_elderly.py   (BENCH_ORDERS=100000 for a quick run; BENCH_KEEP=1 keeps the
home; DATABASE_URL for PostgreSQL)
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
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
MONTH = dt.date(2026, 4, 1)


def make_data(elders: int, providers: int, orders: int) -> dict:
    from django.db import connection, transaction

    from minzheng.core import regioncodes
    from minzheng.core.models import Region
    from minzheng.eldercare.models import Order, Provider, Quota, ServiceItem
    from minzheng.registry.models import Person
    from minzheng.synthetic.regions import county_region, ensure_regions

    ensure_regions(county_region("330902"))
    villages = [c for c in Region.objects.filter(**regioncodes.subtree_lookup("code", "330902"))
                .order_by("code").values_list("code", flat=True) if regioncodes.level_of(c) == "village"][:40]
    if not villages:  # the national list has no villages: townships stand in
        villages = [c for c in Region.objects.filter(**regioncodes.subtree_lookup("code", "330902"))
                    .values_list("code", flat=True) if regioncodes.level_of(c) == "township"]
    t = time.perf_counter()
    with transaction.atomic():
        Person.objects.bulk_create(
            [Person(name=f"老人{i:06d}", id_number_enc=b"bench", id_number_index=f"bench-{i}",
                    birth_date=dt.date(1940, 1, 1) + dt.timedelta(days=i % 7000), sex="MF"[i % 2],
                    region_id=villages[i % len(villages)]) for i in range(elders)], batch_size=5000)
        provs = Provider.objects.bulk_create(
            [Provider(name=f"居家养老服务中心{p:03d}", kind="home_care", region_code=villages[0][:9] + "000")
             for p in range(providers)])
        ServiceItem.objects.bulk_create(
            [ServiceItem(provider=p, region_code=p.region_code, name="上门服务", unit="visit",
                         price_fen=3000 + (i % 11) * 500) for i, p in enumerate(provs)])
        PER, QUO, ORD, ITEM = (m._meta.db_table for m in (Person, Quota, Order, ServiceItem))
        pg = connection.vendor == "postgresql"
        day = "DATE " if pg else ""
        with connection.cursor() as cur:
            cur.execute(f"INSERT INTO {QUO} (person_id, region_code, source, monthly_fen, from_month, to_month, "
                        f"created_at) SELECT id, region_id, 'service_subsidy', 20000, {day}'2026-01-01', NULL, "
                        f"CURRENT_TIMESTAMP FROM {PER} WHERE id % 10 < 6")
            cur.execute(f"SELECT MIN(id), COUNT(*) FROM {PER}")
            first_person, n_people = cur.fetchone()
            cur.execute(f"SELECT MIN(id) FROM {ITEM}")
            first_item = cur.fetchone()[0]
            series = (f"SELECT generate_series(0, {orders - 1}) AS n" if pg else
                      f"WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < {orders - 1}) "
                      f"SELECT n FROM s")
            ts = ("TIMESTAMP '2026-04-01 08:00:00' + (s.n % 2500000) * INTERVAL '1 second'" if pg else
                  "datetime('2026-04-01 08:00:00', '+' || (s.n % 2500000) || ' seconds')")
            # elder k gets orders from providers k % P and (k + 1) % P
            cur.execute(
                f"INSERT INTO {ORD} (person_id, region_code, provider_id, item_id, bed_id, quantity, price_fen, "
                f"amount_fen, source, note, scheduled_on, state, requested_by_id, created_at, dispatched_at, "
                f"worker_id, checkin_at, checkout_at, service_month, confirmed_at, rating, feedback, "
                f"settlement_id, gov_fen, self_fen, cancel_reason) "
                f"SELECT p.id, p.region_id, i.provider_id, i.id, NULL, 1, i.price_fen, i.price_fen, 'clerk', '', "
                f"{day}'2026-04-10', 'confirmed', NULL, CURRENT_TIMESTAMP, NULL, NULL, NULL, {ts}, "
                f"{day}'2026-04-01', CURRENT_TIMESTAMP, 5, '', NULL, NULL, NULL, '' "
                f"FROM ({series}) s "
                f"JOIN {PER} p ON p.id = {first_person} + (s.n % {n_people}) "
                f"JOIN {ITEM} i ON i.id = {first_item} + (((s.n % {n_people}) + (s.n / {n_people}) % 2) % {providers})")
    return {"seconds": time.perf_counter() - t, "elders": elders, "providers": providers}


def floor(month: dt.date) -> float:
    """The same read and write without the rules, rolled back."""
    from django.db import connection, transaction

    from minzheng.eldercare.models import Order

    orders = Order._meta.db_table
    m = f"'{month.isoformat()}'" if connection.vendor != "postgresql" else f"DATE '{month.isoformat()}'"
    t = time.perf_counter()
    try:
        with transaction.atomic(), connection.cursor() as cur:
            where = (f"service_month = {m} AND state = 'confirmed' AND region_code >= '330902' "
                     f"AND region_code < '330902:'")
            cur.execute(f"CREATE TEMP TABLE floor_a AS SELECT provider_id, COUNT(*) n, SUM(amount_fen) s "
                        f"FROM {orders} WHERE {where} GROUP BY provider_id")
            cur.execute(f"CREATE TEMP TABLE floor_b AS SELECT provider_id, person_id, COUNT(*) n, SUM(amount_fen) s "
                        f"FROM {orders} WHERE {where} GROUP BY provider_id, person_id")
            cur.execute(f"UPDATE {orders} SET state = 'settled', gov_fen = amount_fen, self_fen = 0 WHERE {where}")
            elapsed = time.perf_counter() - t
            raise RuntimeError("rollback")
    except RuntimeError:
        pass
    with connection.cursor() as cur:
        if connection.vendor != "postgresql":
            cur.execute("DROP TABLE IF EXISTS floor_a")
            cur.execute("DROP TABLE IF EXISTS floor_b")
    return elapsed


def settle() -> dict:
    from django.db.models import Sum

    from minzheng.core.models import User
    from minzheng.eldercare.models import Order, Settlement
    from minzheng.eldercare.services import settlement

    county = User.objects.create(username="bench_county", role="county", region_id=COUNTY)
    os.environ["MINZHENG_TODAY"] = "2026-05-03"
    t = time.perf_counter()
    out = settlement.settle_month(county, {"month": "2026-04"})
    out["wall"] = time.perf_counter() - t
    sums = Settlement.objects.aggregate(t=Sum("total_fen"), g=Sum("gov_fen"), o=Sum("orders"))
    orders = Order.objects.filter(service_month=MONTH).aggregate(t=Sum("amount_fen"))
    out["check"] = (sums["t"] == orders["t"] == out["total_fen"] and sums["o"] == out["orders"]
                    and Settlement.objects.exclude(file=None).count() == out["settlements"])
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alarm_intake(rate: float, count: int) -> dict:
    from minzheng.core import protected
    from minzheng.eldercare.models import Device
    from minzheng.eldercare.policy.alarms import sign
    from minzheng.registry.models import Person

    people = list(Person.objects.order_by("id").values_list("id", "region_id")[:100])
    devices = []
    for i, (pid, region) in enumerate(people):
        key = os.urandom(32).hex()
        serial = f"BENCH-{i:03d}"
        Device.objects.create(serial=serial, kind="wearable", region_code=region, person_id=pid,
                              key_enc=protected.seal(Device, "key_enc", key, serial))
        devices.append((serial, bytes.fromhex(key)))
    port = free_port()
    env = {**os.environ, "MINZHENG_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    server = subprocess.Popen([*minzheng_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)

        def post(i: int) -> tuple[float, int]:
            serial, key = devices[i % len(devices)]
            body = json.dumps({"event_id": f"bench-{i}", "kind": ("fall", "sos", "inactivity", "smoke")[i % 4]}
                              ).encode()
            ts = int(time.time())
            headers = {"Content-Type": "application/json", "X-Device-Serial": serial, "X-Timestamp": str(ts),
                       "X-Signature": sign(key, ts, body)}
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            t = time.perf_counter()
            conn.request("POST", "/api/v1/elderly/alarms", body, headers)
            status = conn.getresponse().status
            elapsed = time.perf_counter() - t
            conn.close()
            return elapsed, status

        for i in range(10):  # warm-up (workers import the app, open the database)
            post(-1 - i)
        latencies, statuses = [], []
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
            futures = []
            for i in range(count):
                wait = started + i / rate - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                futures.append(pool.submit(post, i))
            for f in futures:
                elapsed, status = f.result()
                latencies.append(elapsed * 1000)
                statuses.append(status)
        duration = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, round(p / 100 * len(latencies)) - 1)]

    return {"sent": count, "rate": count / duration, "created": statuses.count(201),
            "other": len(statuses) - statuses.count(201), "p50": pct(50), "p95": pct(95), "p99": pct(99),
            "max": latencies[-1], "mean": statistics.fmean(latencies)}


def main() -> None:
    orders = int(os.environ.get("BENCH_ORDERS", "1000000"))
    providers = int(os.environ.get("BENCH_PROVIDERS", "200"))
    elders = int(os.environ.get("BENCH_ELDERS", str(max(1000, orders // 20))))
    rate = float(os.environ.get("BENCH_ALARM_RATE", "50"))
    alarms = int(os.environ.get("BENCH_ALARMS", "1000"))
    home = fresh_home("minzheng-bench-elderly-")
    load_before = load_average()
    try:
        setup_django()
        init()
        data = make_data(elders, providers, orders)
        base = floor(MONTH)
        out = settle()
        from django.db import connection

        db_file = Path(str(connection.settings_dict["NAME"]))
        size = db_file.stat().st_size / 1e6 if connection.vendor == "sqlite" and db_file.exists() else 0
        figures(f"养老服务结算 ({database_label()}, {orders:,} orders, {providers} providers, {elders:,} elders)", [
            ("data written (s)", data["seconds"]),
            ("raw aggregate floor (s)", base),
            ("settlement (s)", out["wall"]),
            ("ratio to floor", out["wall"] / base if base else 0.0),
            ("target (s)", 60.0),
            ("orders settled", out["orders"]),
            ("settlements / files", out["settlements"]),
            ("total (yuan)", f"{out['total_fen'] / 100:,.2f}"),
            ("government part (yuan)", f"{out['gov_fen'] / 100:,.2f}"),
            ("totals check", "ok" if out["check"] else "MISMATCH"),
            ("database size (MB)", size),
            ("peak RSS (MB)", peak_rss_mb()),
            ("load average before", load_before),
            ("load average after", load_average()),
        ])
        a = alarm_intake(rate, alarms)
        figures(f"告警接入 (HTTP, gunicorn 2 workers × 4 threads, {a['sent']:,} signed posts)", [
            ("achieved rate (/s)", a["rate"]),
            ("created (201)", a["created"]),
            ("other answers", a["other"]),
            ("p50 (ms)", a["p50"]),
            ("p95 (ms)", a["p95"]),
            ("p99 (ms)", a["p99"]),
            ("max (ms)", a["max"]),
            ("target p95 (ms)", 100.0),
            ("load average after", load_average()),
        ])
    finally:
        remove_home(home)


if __name__ == "__main__":
    main()
