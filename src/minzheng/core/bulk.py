"""Set-based writes without the ORM's per-object cost: id allocation and bulk inserts of plain tuples.

Django's bulk_create builds SQL per object (≈ 15 µs a row); a million-row import or payroll cannot afford it.
`write_rows` is the one place that chooses how rows reach the table: PostgreSQL streams them with `COPY … FROM
STDIN` (psycopg 3 `cursor.copy`: one message stream instead of a Bind/Execute per row, 3.3× faster than
executemany in benchmarks/bench_bulk.py); SQLite, an in-process library without a wire protocol, keeps one prepared
statement run with executemany. Values must already be database-ready (see `adapt`); both paths accept the same
tuples (docs/decisions/0016-postgresql-bulk-path.md)."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone


@contextlib.contextmanager
def gc_paused(collect_after: bool = False):
    """Python's cyclic collector off while a bulk job builds millions of rows (none in cycles; reference counting
    frees them): its passes otherwise rescan the growing lists again and again (a third of the seeder's time; 4.1 of
    21.9 s of a 200,000-person import). Re-enabled however the block ends; `collect_after` takes, once, whatever
    cycles a library left."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            if collect_after:
                gc.collect()


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
    with connection.cursor() as cur:
        return write_rows(cur, table(model), columns, rows, batch=batch)


def uses_copy(cursor) -> bool:
    """Whether write_rows streams with COPY on this cursor's connection (PostgreSQL through psycopg 3)."""
    return getattr(getattr(cursor, "db", connection), "vendor", "") == "postgresql"


def _literal(value) -> str:
    """A constant as an SQL literal (SQLite path): only the value types the callers pass as constants."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"unsupported constant {value!r}")


def write_rows(cursor, table_name: str, columns: Sequence[str], rows: Iterable[Sequence], *,
               constants: dict[str, Any] | None = None, batch: int = 5000) -> int:
    """Insert `rows` (database-ready tuples in `columns` order) into `table_name` with `cursor` (a Django cursor);
    returns the count. `constants` ({column: value}) are the same on every row: SQLite binds them as literals in
    the statement (fewer parameters per row), COPY appends them to each row. PostgreSQL: one `COPY … FROM STDIN`
    for all rows (psycopg sends it in buffered blocks; `batch` does not apply). SQLite: executemany per `batch`."""
    constants = constants or {}
    names = list(columns) + list(constants)
    cols = ", ".join(f'"{c}"' for c in names)
    count = 0
    if uses_copy(cursor):
        raw = getattr(cursor, "cursor", cursor)  # the psycopg cursor under Django's wrapper
        tail = tuple(adapt(v) for v in constants.values())
        # Django's wrapper turns psycopg's errors into django.db ones (a UniqueViolation into IntegrityError), as
        # for any query: callers catch those, and the raw cursor would bypass it.
        wrap = getattr(cursor, "db", connection).wrap_database_errors
        with wrap, raw.copy(f'COPY "{table_name}" ({cols}) FROM STDIN') as copy:
            write = copy.write_row
            if tail:
                for row in rows:
                    write((*row, *tail))
                    count += 1
            else:
                for row in rows:
                    write(row)
                    count += 1
        return count
    marks = ", ".join(["%s"] * len(columns) + [_literal(adapt(v)) for v in constants.values()])
    sql = f'INSERT INTO "{table_name}" ({cols}) VALUES ({marks})'
    if isinstance(rows, list):  # already in memory: slice, no copying into a buffer
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, rows[start:start + batch])
        return len(rows)
    buffer = []
    for row in rows:
        buffer.append(row)
        if len(buffer) >= batch:
            cursor.executemany(sql, buffer)
            count += len(buffer)
            buffer = []
    if buffer:
        cursor.executemany(sql, buffer)
        count += len(buffer)
    return count


# ---- model rows ------------------------------------------------------------------------------------------------
# Model rows as database-ready tuples for core.bulk.insert (the importer and the seeder write cases, events,
# entitlements and reviews set-based). Every concrete column is listed; a value not given takes the field's default
# (Django defaults live in Python, not in the schema, so an INSERT must carry them).
#
# Values are converted by one precomputed function per column (what Field.get_db_prep_save would do for our column
# types, without its per-value connection lookups: ~10× faster on half a million timeline rows).


def _same(value):
    return value


def _converter(field, conn):
    if isinstance(field, models.JSONField):
        encoder, ops = field.encoder, conn.ops
        return lambda v: None if v is None else ops.adapt_json_value(v, encoder)
    if isinstance(field, models.DateTimeField):
        adapt = conn.ops.adapt_datetimefield_value
        return lambda v: None if v is None else adapt(v)
    if isinstance(field, models.DateField):
        return lambda v: v.isoformat() if isinstance(v, dt.date) else v
    if isinstance(field, models.DecimalField):
        if conn.vendor == "sqlite":
            return lambda v: None if v is None else str(v)
        return lambda v: None if v is None else Decimal(v)
    if isinstance(field, models.BinaryField):
        return lambda v: None if v is None else bytes(v)
    if isinstance(field, (models.CharField, models.TextField, models.IntegerField, models.BooleanField,
                          models.ForeignKey, models.AutoField, models.BigAutoField)):
        return _same
    return lambda v, f=field: f.get_db_prep_save(v, conn)


class Rows:
    def __init__(self, model):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self._auto_now = {f.attname for f in self.fields if getattr(f, "auto_now", False)
                          or getattr(f, "auto_now_add", False)}

    def _plan(self, conn, now):
        plan = []
        for f in self.fields:
            if f.attname in self._auto_now:
                default, has = now, True
            elif f.has_default():
                default, has = f.get_default, True
            else:
                default, has = None, False
            plan.append((f.attname, _converter(f, conn), default, has))
        return plan

    def insert(self, dicts: Iterable[dict[str, Any]], batch: int = 5000) -> int:
        """Rows without an "id" let the database number them (the primary key column is left out of the INSERT)."""
        it = iter(dicts)
        first = next(it, None)
        if first is None:
            return 0
        conn = connections[DEFAULT_DB_ALIAS]
        plan = self._plan(conn, timezone.now())
        columns = self.columns
        pk = self.model._meta.pk.attname
        if pk not in first:
            keep = [i for i, f in enumerate(self.fields) if f.attname != pk]
            plan, columns = [plan[i] for i in keep], [columns[i] for i in keep]

        def row(values: dict) -> tuple:
            out = []
            for name, convert, default, has in plan:
                if name in values:
                    value = values[name]
                elif has:
                    value = default() if callable(default) else default
                else:
                    value = None
                out.append(convert(value))
            return tuple(out)

        return insert(self.model, columns, (row(d) for d in itertools.chain([first], it)), batch=batch)
