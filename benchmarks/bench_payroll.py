"""Benchmark: monthly payroll (issue #6) — BENCH_ENTITLEMENTS entitlements (default 1,000,000) in county 330902.

Data: `minzheng seed` people (BENCH_PEOPLE, default = BENCH_ENTITLEMENTS), then one entitlement per current member,
written set-based (household heads: 低保 for the household; other members: 高龄津贴 style person entitlements;
1 % with a raise, 0.5 % suspended, so the history path is exercised; accounts are SM4 ciphertexts from a pool of
1,000). All entitlements point at one placeholder case: the payroll never reads it.

Figures: the raw INSERT … SELECT floor (the same rows into the same table, no rules), generation of the first month
and of the next month (arrears scan included) with the ratio to the floor, export of every payroll of the month
(CSV, accounts decrypted), and reconciliation of the bank's return files (1 % failed, plus duplicate and unknown
rows), one per payroll, BENCH_ENTITLEMENTS lines in all. Targets for 1,000,000 (issue 21, SQLite and PostgreSQL):
generate ≤ 30 s and ≤ 2× the floor, export ≤ 20 s, reconcile ≤ 30 s (issue 6 asked 60 / 30 / 60 s).

Run: .venv/bin/python benchmarks/bench_payroll.py   (BENCH_ENTITLEMENTS=100000 for a quick run; DATABASE_URL for
PostgreSQL, e.g. MZ_PG_PROFILE=bench scripts/with-postgres.sh .venv/bin/python benchmarks/bench_payroll.py;
BENCH_KEEP=1 keeps the home)
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: I001
    placeholder_case,
    database_label,
    figures,
    fresh_home,
    init,
    load_average,
    peak_rss_mb,
    remove_home,
    setup_django,
)

COUNTY = "330902"
JAN, FEB = dt.date(2026, 1, 1), dt.date(2026, 2, 1)
TARGETS = {"generate": 30.0, "export": 20.0, "reconcile": 30.0}  # issue 21, for 1,000,000


def make_entitlements(n: int) -> dict:
    from django.db import connection, transaction

    from minzheng.core import crypto
    from minzheng.payroll.sql import CH, E, execute, fetchall, pg
    from minzheng.registry.models import Household, Membership

    t = time.perf_counter()
    with transaction.atomic():
        case = placeholder_case()
        execute("CREATE TEMP TABLE bench_accounts (k INTEGER PRIMARY KEY, enc BYTEA)" if pg() else
                "CREATE TEMP TABLE bench_accounts (k INTEGER PRIMARY KEY, enc BLOB)")
        with connection.cursor() as cur:
            cur.executemany("INSERT INTO bench_accounts (k, enc) VALUES (%s, %s)",
                            [(k, crypto.encrypt(f"62220202{k:011d}")) for k in range(1000)])
        M, H = Membership._meta.db_table, Household._meta.db_table
        amount = "((50000 + (m.id * 7919) % 100000) / 100.0)"
        now = "CURRENT_TIMESTAMP"
        execute(
            f"INSERT INTO {E} (program, household_id, person_id, payee_id, region_code, monthly_amount, start_month, "
            f"end_month, status, source_case_id, bank_account_enc, bank_name, account_name, advance_paid, "
            f"review_months, created_at, updated_at) "
            f"SELECT CASE WHEN h.head_id = m.person_id THEN 'dibao' ELSE 'age_allowance' END, m.household_id, "
            f"CASE WHEN h.head_id = m.person_id THEN NULL ELSE m.person_id END, m.person_id, h.region_id, "
            f"{amount}, {'DATE ' if pg() else ''}'2026-01-01', NULL, "
            f"CASE WHEN m.id % 200 = 7 THEN 'suspended' ELSE 'active' END, {case.pk}, a.enc, '工商银行定海支行', "
            f"'', 0, NULL, {now}, {now} FROM {M} m JOIN {H} h ON h.id = m.household_id JOIN bench_accounts a "
            f"ON a.k = m.id % 1000 WHERE m.left_on IS NULL ORDER BY m.id LIMIT {int(n)}")
        execute(f"INSERT INTO {CH} (entitlement_id, kind, old_amount, new_amount, effective_month, end_month, reason, "
                f"decided_on, created_at) SELECT e.id, 'increase', e.monthly_amount - 10, e.monthly_amount, "
                f"{'DATE ' if pg() else ''}'2026-01-01', NULL, 'bench', {'DATE ' if pg() else ''}'2025-12-20', {now} "
                f"FROM {E} e WHERE e.id % 100 = 3")
        execute(f"INSERT INTO {CH} (entitlement_id, kind, old_amount, new_amount, effective_month, end_month, reason, "
                f"decided_on, created_at) SELECT e.id, 'suspend', e.monthly_amount, e.monthly_amount, "
                f"{'DATE ' if pg() else ''}'2026-01-01', NULL, 'bench', {'DATE ' if pg() else ''}'2025-12-20', {now} "
                f"FROM {E} e WHERE e.status = 'suspended'")
        execute("DROP TABLE bench_accounts")
        # Accounts are sealed to their entitlement row (core.protected): seal each, write them set-based to a
        # staging table and set them with one joined UPDATE.
        from minzheng.benefits.models import Entitlement
        from minzheng.core import bulk, protected

        ids = [r[0] for r in fetchall(f"SELECT id FROM {E}")]
        execute("CREATE TEMP TABLE bench_sealed (id BIGINT PRIMARY KEY, enc BYTEA)" if pg() else
                "CREATE TEMP TABLE bench_sealed (id INTEGER PRIMARY KEY, enc BLOB)")
        with connection.cursor() as cur:
            bulk.write_rows(cur, "bench_sealed", ("id", "enc"), (
                (i, protected.seal(Entitlement, "bank_account_enc", f"62220202{i % 1000:011d}", i)) for i in ids))
        execute(f"UPDATE {E} SET bank_account_enc = (SELECT s.enc FROM bench_sealed s WHERE s.id = {E}.id)")
        execute("DROP TABLE bench_sealed")
    count, due = fetchall(f"SELECT COUNT(*), SUM(CASE WHEN status = 'suspended' THEN 0 ELSE "
                          f"CAST(ROUND(monthly_amount * 100) AS BIGINT) END) FROM {E}")[0]
    if connection.vendor == "sqlite":
        execute("ANALYZE")
    else:
        execute("ANALYZE")
    return {"entitlements": count, "due_fen": int(due), "seconds": time.perf_counter() - t}


def floor(month: dt.date) -> tuple[float, int]:
    """The raw INSERT … SELECT: the same rows into the same table (payrolls made first), no rules, no joins to
    people, no history. Removed afterwards."""
    from django.db import connection, transaction
    from django.utils import timezone

    from minzheng.payroll import sql
    from minzheng.payroll.models import Payroll, PayrollLine

    M = sql.day(month)
    with transaction.atomic():
        towns = sql.fetchall(f"SELECT DISTINCT program, substr(region_code, 1, 9) FROM {sql.E}")
        Payroll.objects.bulk_create([Payroll(program=p, region_code=t + "000", month=month, generated_at=timezone.now())
                                     for p, t in towns])
    t = time.perf_counter()
    with transaction.atomic():
        rows = sql.execute(
            f"INSERT INTO {sql.L} ({sql.LINE_COLUMNS}) SELECT p.id, e.id, {M}, {M}, 'regular', e.program, "
            f"e.region_code, e.household_id, e.person_id, e.payee_id, {sql.fen('e.monthly_amount')}, "
            f"e.bank_account_enc, e.bank_name, e.account_name, NULL, 'pending', '', NULL FROM {sql.E} e JOIN {sql.P} p "
            f"ON p.program = e.program AND p.region_code = substr(e.region_code, 1, 9) || '000' AND p.month = {M}")
    seconds = time.perf_counter() - t
    with transaction.atomic():
        PayrollLine.objects.filter(month=month)._raw_delete("default")
        Payroll.objects.filter(month=month).delete()
    if connection.vendor == "postgresql":
        # The floor's million deleted lines are a benchmark artefact no real month has: vacuumed now, not by
        # autovacuum in the middle of the timed months (their dead tuples slowed reading last month's lines).
        with connection.cursor() as cur:
            cur.execute(f"VACUUM ANALYZE {sql.L}")
    return seconds, rows


def main() -> int:
    n = int(os.environ.get("BENCH_ENTITLEMENTS", "1000000"))
    people = int(os.environ.get("BENCH_PEOPLE", str(n)))
    home = fresh_home("minzheng-bench-payroll-")
    try:
        setup_django()
        init()
        from django.db import connection

        from minzheng.payroll.models import Payroll
        from minzheng.payroll.services import bank_files, bank_returns
        from minzheng.payroll.services import generate as gen
        from minzheng.synthetic.population import seed_county

        load_before = load_average()
        t = time.perf_counter()
        seed_county(COUNTY, people, seed=1)
        seed_seconds = time.perf_counter() - t
        made = make_entitlements(n)
        floor_seconds, floor_rows = floor(dt.date(2099, 1, 1))

        t = time.perf_counter()
        jan = gen.generate(None, JAN)
        jan_seconds = time.perf_counter() - t
        jan_ok = round(float(jan["total"]) * 100) == made["due_fen"]
        Payroll.objects.filter(month=JAN).update(status="approved")  # locked (the approval steps are not timed)
        t = time.perf_counter()
        feb = gen.generate(None, FEB)
        feb_seconds = time.perf_counter() - t
        Payroll.objects.filter(month=FEB).update(status="approved")

        out_dir = home / "bank"
        t = time.perf_counter()
        exported = [bank_files.export(None, p.pk, "csv", out_dir / f"{p.pk}.csv")
                    for p in Payroll.objects.filter(month=FEB)]
        export_seconds = time.perf_counter() - t
        rows_exported = sum(x["rows"] for x in exported)

        returns = []
        for x in exported:  # the bank's answer: 1 % failed, a duplicate and an unknown row per file (not timed)
            path = Path(x["file"]).with_suffix(".return.csv")
            with open(x["file"], encoding="utf-8-sig", newline="") as src, \
                    path.open("w", encoding="utf-8-sig", newline="") as dst:
                reader, writer = csv.reader(src), csv.writer(dst)
                next(reader)
                writer.writerow(["流水号", "账号", "金额", "处理结果", "失败原因"])
                first = None
                for i, row in enumerate(reader):
                    if row[0] == "合计":
                        continue
                    first = first or row
                    failed = i % 100 == 42
                    writer.writerow([row[0], row[2], row[3], "失败" if failed else "成功",
                                     "账户状态异常" if failed else ""])
                writer.writerow([first[0], first[2], first[3], "成功", ""])
                writer.writerow([f"{x['payroll_id']}-99999999", "1", "1.00", "成功", ""])
            returns.append((x["payroll_id"], path))
        return_lines = sum(sum(1 for _ in p.open(encoding="utf-8-sig")) - 1 for _, p in returns)
        t = time.perf_counter()
        results = [bank_returns.reconcile(None, pid, path) for pid, path in returns]
        reconcile_seconds = time.perf_counter() - t
        paid = sum(r["paid"] for r in results)
        failed = sum(r["failed"] for r in results)
        scale = n / 1_000_000

        def status(key, seconds):
            target = TARGETS[key] * scale
            return f"≤ {target:.1f} s → {'OK' if seconds <= target else 'MISSED'}"

        figures(f"payroll ({database_label()} {connection.vendor}, {os.cpu_count()} CPUs)", [
            ("people seeded", people),
            ("seed seconds (people)", round(seed_seconds, 1)),
            ("entitlements (1 % raised, 0.5 % suspended)", made["entitlements"]),
            ("entitlements written seconds", round(made["seconds"], 1)),
            ("raw INSERT … SELECT floor rows / seconds", f"{floor_rows:,} / {floor_seconds:.1f}"),
            ("generate 2026-01 payrolls / lines / total", f"{jan['payrolls']} / {jan['lines']:,} / {jan['total']}"),
            ("  total equals the entitlements due", "yes" if jan_ok else "NO"),
            ("  seconds (ratio to floor)", f"{jan_seconds:.1f} ({jan_seconds / floor_seconds:.1f}×)"),
            ("  target", status("generate", jan_seconds)),
            ("generate 2026-02 (arrears scan) lines / seconds", (f"{feb['lines']:,} / {feb_seconds:.1f} "
                                                                  f"({feb_seconds / floor_seconds:.1f}× floor)")),
            ("  target", status("generate", feb_seconds)),
            ("export CSV files / rows / seconds", f"{len(exported)} / {rows_exported:,} / {export_seconds:.1f}"),
            ("  target", status("export", export_seconds)),
            ("reconcile files / return lines / seconds",
             f"{len(returns)} / {return_lines:,} / {reconcile_seconds:.1f}"),
            ("  paid / failed / duplicate / unknown", (f"{paid:,} / {failed:,} / "
                                                        f"{sum(r['duplicate'] for r in results)} / "
                                                        f"{sum(r['unknown'] for r in results)}")),
            ("  target", status("reconcile", reconcile_seconds)),
            ("peak RSS MB", round(peak_rss_mb())),
            ("load average before", load_before),
            ("load average after", load_average()),
        ])
        return 0 if jan_ok else 1
    finally:
        remove_home(home)


if __name__ == "__main__":
    raise SystemExit(main())
