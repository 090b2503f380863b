"""SQL shared by generation, export and reconciliation, for SQLite and PostgreSQL alike. Values inlined into SQL
text are only dates, region codes and program codes that were validated first (never user text)."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time

from django.db import connection

from minzheng.benefits.models import Entitlement, EntitlementChange, PaymentHold
from minzheng.payroll.models import Payroll, PayrollLine, Recovery
from minzheng.registry.models import Person

E, CH, P, L, R, PERSON, HOLD = (m._meta.db_table for m in (Entitlement, EntitlementChange, Payroll, PayrollLine,
                                                            Recovery, Person, PaymentHold))
_SAFE = re.compile(r"^[0-9a-z_]+$")


def pg() -> bool:
    return connection.vendor == "postgresql"


def day(d: dt.date) -> str:
    """A date literal."""
    return f"DATE '{d.isoformat()}'" if pg() else f"'{d.isoformat()}'"


def text(value: str) -> str:
    if not _SAFE.match(value):
        raise ValueError(f"unsafe SQL literal {value!r}")
    return f"'{value}'"


def least(a: str, b: str) -> str:
    return f"LEAST({a}, {b})" if pg() else f"MIN({a}, {b})"


def fen(expr: str) -> str:
    """A Decimal(…, 2) column in integer fen (exact: SQLite holds such values as floats, ROUND gives the fen)."""
    return f"CAST(ROUND(({expr}) * 100) AS BIGINT)"


def code_range(column: str, prefix: str) -> str:
    if not prefix.isdigit():
        raise ValueError(prefix)
    return f"{column} >= '{prefix}' AND {column} < '{prefix}:'"


def due_fen(e: str, month: str) -> str:
    """What entitlement `e` is due for `month` (an SQL date expression), in fen:
    benefits.services.entitlements.amount_in_month in SQL — the latest 增发/减发 in force (before the first one: its
    old amount), 0 while the latest suspend/resume in force is a suspension; an entitlement marked suspended without
    any suspension history is treated as suspended. Entitlements without changes skip the history lookups (one hashed
    IN)."""
    amounts = "('increase', 'decrease')"
    pauses = "('suspend', 'resume')"
    latest_pause = (f"(SELECT c.kind FROM {CH} c WHERE c.entitlement_id = {e}.id AND c.kind IN {pauses} "
                    f"AND c.effective_month <= {month} ORDER BY c.effective_month DESC, c.id DESC LIMIT 1)")
    any_pause = f"EXISTS (SELECT 1 FROM {CH} c WHERE c.entitlement_id = {e}.id AND c.kind IN {pauses})"
    amount = (f"COALESCE((SELECT c.new_amount FROM {CH} c WHERE c.entitlement_id = {e}.id AND c.kind IN {amounts} "
              f"AND c.effective_month <= {month} ORDER BY c.effective_month DESC, c.id DESC LIMIT 1), "
              f"(SELECT c.old_amount FROM {CH} c WHERE c.entitlement_id = {e}.id AND c.kind IN {amounts} "
              f"ORDER BY c.effective_month, c.id LIMIT 1), {e}.monthly_amount)")
    with_history = (f"CASE WHEN COALESCE({latest_pause}, CASE WHEN {e}.status = 'suspended' AND NOT {any_pause} "
                    f"THEN 'suspend' ELSE 'resume' END) = 'suspend' THEN 0 ELSE {fen(amount)} END")
    plain = f"CASE WHEN {e}.status = 'suspended' THEN 0 ELSE {fen(e + '.monthly_amount')} END"
    return (f"CASE WHEN {e}.id IN (SELECT entitlement_id FROM {CH}) THEN {with_history} ELSE {plain} END")


def in_period(e: str, month: str) -> str:
    return (f"{e}.start_month <= {month} AND ({e}.end_month >= {month} "
            f"OR ({e}.end_month IS NULL AND {e}.status <> 'stopped'))")


def alive(payee: str, ben: str, month: str) -> str:
    """The payee alive at the start of the month; the beneficiary alive at the start of (or dying in) the month."""
    return (f"({payee}.death_date IS NULL OR {payee}.death_date >= {month}) "
            f"AND ({ben}.death_date IS NULL OR {ben}.death_date >= {month})")


LINE_COLUMNS = ("payroll_id, entitlement_id, month, for_month, kind, program, region_code, household_id, person_id, "
                "payee_id, amount_fen, account_enc, bank_name, account_name, recovery_id, status, bank_reason, "
                "settled_on")


TRACE = os.environ.get("MINZHENG_PAYROLL_TRACE") == "1"  # print each statement's time (benchmarks)


def trace(message: str) -> None:
    print(f"[sql] {message}", file=sys.stderr)


def execute(sql: str, params=None) -> int:
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(sql, params)  # None: no placeholder parsing (a literal % stays)
        if TRACE:
            print(f"[sql {time.perf_counter() - started:7.3f} s] {' '.join(sql.split())[:700]}", file=sys.stderr)
        return cur.rowcount


def fetchall(sql: str, params=None) -> list[tuple]:
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(sql, params)  # None: no placeholder parsing (a literal % stays)
        rows = cur.fetchall()
        if TRACE:
            print(f"[sql {time.perf_counter() - started:7.3f} s] {' '.join(sql.split())[:700]}", file=sys.stderr)
        return rows


def not_held(e: str, month: str) -> str:
    """Entitlement `e` has no active system hold (benefits.models.PaymentHold) covering `month`."""
    return (f"NOT EXISTS (SELECT 1 FROM {HOLD} h WHERE h.entitlement_id = {e}.id AND h.released_on IS NULL "
            f"AND h.from_month <= {month})")


def program_not_in(column: str, codes) -> str:
    return f"{column} NOT IN ({', '.join(text(c) for c in codes)})" if codes else "1 = 1"
