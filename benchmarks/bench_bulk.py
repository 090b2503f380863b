"""Benchmark (issue 21): the bulk-insert path of core.bulk against executemany, on the same table and data.

BENCH_ROWS person rows (default 200,000) shaped like the importer's (two ciphertexts, a random blind index, a
date, text columns) are written into an empty `registry_person` three ways, each in its own transaction and rolled
back afterwards: `core.bulk.write_rows` (COPY on PostgreSQL, executemany on SQLite), plain `executemany` of the
same INSERT in 5,000-row batches, and the same after dropping the table's secondary indexes (the floor a first load
could reach by deferring them). On SQLite the first two are the same path.

Run: .venv/bin/python benchmarks/bench_bulk.py;  MZ_PG_PROFILE=bench scripts/with-postgres.sh .venv/bin/python
benchmarks/bench_bulk.py
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import database_label, figures, fresh_home, init, load_average, remove_home, setup_django

COLUMNS = ("id", "name", "name_pinyin", "id_number_enc", "id_number_index", "phone_enc", "phone_index",
           "birth_date", "sex", "ethnicity", "region_id", "disability_category", "serious_illness", "illness_kind",
           "labour_capacity", "schooling", "employment", "marital_status")


def rows(n: int) -> list[tuple]:
    out = []
    for i in range(1, n + 1):
        index = hashlib.sha256(str(i).encode()).hexdigest()
        out.append((i, f"测试{i % 997}", f"ceshi{i % 997}", os.urandom(48), index, os.urandom(40),
                    hashlib.sha256(f"p{i}".encode()).hexdigest() if i % 3 else None,
                    f"{1940 + i % 80}-{1 + i % 12:02d}-{1 + i % 28:02d}", "M" if i % 2 else "F", "01",
                    "330902001001", "", False, "", "", "", "", ""))
    return out


class Rollback(Exception):
    pass


def timed(fn) -> float:
    from django.db import transaction

    t = time.perf_counter()
    try:
        with transaction.atomic():
            fn()
            elapsed = time.perf_counter() - t
            raise Rollback
    except Rollback:
        return elapsed


def main() -> int:
    n = int(os.environ.get("BENCH_ROWS", "200000"))
    home = fresh_home("minzheng-bench-bulk-")
    try:
        setup_django()
        init()
        from django.db import connection
        from django.utils import timezone

        from minzheng.core import bulk

        load_before = load_average()
        now = bulk.adapt(timezone.now())
        data = rows(n)
        stamp = {"created_at": timezone.now(), "updated_at": timezone.now()}
        cols = ", ".join(COLUMNS + tuple(stamp))
        marks = ", ".join(["%s"] * (len(COLUMNS) + 2))
        plain = [(*r, now, now) for r in data]

        def fast():
            with connection.cursor() as cur:
                bulk.write_rows(cur, "registry_person", COLUMNS, data, constants=stamp)

        def executemany():
            with connection.cursor() as cur:
                for start in range(0, n, 5000):
                    cur.executemany(f"INSERT INTO registry_person ({cols}) VALUES ({marks})",
                                    plain[start:start + 5000])

        def fast_without_secondary_indexes():
            with connection.cursor() as cur:
                if connection.vendor == "postgresql":
                    cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_person' "
                                "AND indexdef NOT LIKE 'CREATE UNIQUE%'")
                    for (name,) in cur.fetchall():
                        cur.execute(f'DROP INDEX "{name}"')
                else:
                    cur.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                "AND tbl_name = 'registry_person' AND sql NOT LIKE 'CREATE UNIQUE%'")
                    for (name,) in cur.fetchall():
                        cur.execute(f'DROP INDEX "{name}"')
                bulk.write_rows(cur, "registry_person", COLUMNS, data, constants=stamp)

        sorted_data = sorted(data, key=lambda r: r[4])

        def fast_in_index_order():
            with connection.cursor() as cur:
                bulk.write_rows(cur, "registry_person", COLUMNS, sorted_data, constants=stamp)

        results = {name: timed(fn) for name, fn in (("write_rows", fast), ("executemany", executemany),
                                                     ("write_rows, blind-index order", fast_in_index_order),
                                                     ("write_rows, no secondary indexes",
                                                      fast_without_secondary_indexes))}
        path = "COPY" if connection.vendor == "postgresql" else "executemany"
        figures(f"bulk insert ({database_label()}, {os.cpu_count()} CPUs)", [
            ("rows", n),
            *[(f"{name} ({path if name.startswith('write_rows') else 'executemany'}) s / rows/s",
               f"{s:.2f} / {n / s:,.0f}") for name, s in results.items()],
            ("executemany / write_rows", f"{results['executemany'] / results['write_rows']:.1f}×"),
            ("load average before", load_before),
            ("load average after", load_average()),
        ])
        return 0
    finally:
        remove_home(home)


if __name__ == "__main__":
    raise SystemExit(main())
