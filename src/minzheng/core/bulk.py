"""Set-based writes without the ORM's per-object cost: id allocation and executemany inserts.

Django's bulk_create builds SQL per object (≈ 15 µs a row); a million-row import or payroll cannot afford it.
These helpers insert plain tuples with one prepared statement per batch on SQLite and PostgreSQL alike. Values
must already be database-ready (see `adapt`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection


def table(model) -> str:
    return model._meta.db_table


def allocate_ids(model, count: int) -> list[int]:
    """Reserve `count` primary keys. Call inside a transaction (SQLite: the IMMEDIATE write lock is held, so MAX+1
    is safe; PostgreSQL: the table's sequence hands them out, as concurrent inserts expect)."""
    if count <= 0:
        return []
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                        [table(model), count])
            return [row[0] for row in cur.fetchall()]
        cur.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table(model)}"')
        start = cur.fetchone()[0] + 1
    return list(range(start, start + count))


def adapt(value):
    """Python value → what both drivers accept for our column types."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value) if connection.vendor == "sqlite" else value
    return value


def insert(model, columns: Sequence[str], rows: Iterable[Sequence], batch: int = 5000) -> int:
    """INSERT rows (tuples in `columns` order) in batches; returns the count."""
    cols = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f'INSERT INTO "{table(model)}" ({cols}) VALUES ({marks})'
    count, buffer = 0, []
    with connection.cursor() as cur:
        for row in rows:
            buffer.append(row)
            if len(buffer) >= batch:
                cur.executemany(sql, buffer)
                count += len(buffer)
                buffer = []
        if buffer:
            cur.executemany(sql, buffer)
            count += len(buffer)
    return count
