"""Set-based writes of a population run into the four registry tables through core.bulk.write_rows (PostgreSQL: COPY;
SQLite: INSERT statements with constant columns as SQL literals, `cursor.executemany` in batches of BATCH rows), ids
allocated after the current MAX(id) under a table
lock (PostgreSQL sequences are moved past them at the end). On SQLite a large load drops the non-unique indexes and
rebuilds them once at the end of the same transaction instead of maintaining them row by row (about a third less time
for 1,000,000 persons; the schema is restored from sqlite_master exactly as it was)."""

from __future__ import annotations

from minzheng.core import bulk

BATCH = 20_000  # rows per executemany call
REBUILD_INDEXES_FROM = 100_000  # people (SQLite): drop and rebuild non-unique indexes instead of maintaining them
SQLITE_CACHE_KIB_PER_PERSON = 1  # page cache during a large SQLite load …
SQLITE_CACHE_KIB_MAX = 400_000  # … at most ~400 MB (keeps the unique indexes cached; peak RSS stays well under 2 GB)

PERSON_COLUMNS = ("id", "name", "name_pinyin", "id_number_enc", "id_number_index", "phone_enc", "phone_index",
                  "birth_date", "sex", "ethnicity", "region_id", "hukou_region_id", "disability_category",
                  "disability_grade", "disability_cert_enc", "serious_illness", "illness_kind", "labour_capacity",
                  "schooling", "employment", "marital_status")
HOUSEHOLD_COLUMNS_DB = ("id", "region_id", "urban_rural", "address", "head_id", "ref")
MEMBERSHIP_COLUMNS = ("id", "household_id", "person_id", "relation", "joined_on", "join_reason")
INCOME_COLUMNS = ("person_id", "kind", "year", "annual_amount")
TABLES = ("registry_person", "registry_household", "registry_membership", "registry_income")


def statements() -> dict[str, tuple[str, tuple[str, ...], dict]]:
    """Per row kind: (table, columns the rows carry, constant columns → value). `created_at`/`updated_at` are the
    run's timestamp in the form the backend stores (core.bulk.adapt)."""
    from django.utils import timezone

    now = timezone.now()
    stamp = {"created_at": now, "updated_at": now}
    return {
        "persons": ("registry_person", PERSON_COLUMNS, stamp),
        "households": ("registry_household", HOUSEHOLD_COLUMNS_DB, stamp),
        "memberships": ("registry_membership", MEMBERSHIP_COLUMNS, {"leave_reason": ""}),
        "incomes": ("registry_income", INCOME_COLUMNS, {"source": "seeded", "created_at": now}),
    }


def write_rows(cursor, sql: dict[str, tuple], result: dict) -> None:
    """One chunk's rows (households.Chunk.result()), table by table."""
    for key in ("persons", "households", "memberships", "incomes"):
        table, columns, constants = sql[key]
        bulk.write_rows(cursor, table, columns, result[key], constants=constants, batch=BATCH)


def lock_tables(cursor, vendor: str) -> None:
    """PostgreSQL: no other writer between reading MAX(id) and the last insert (SQLite: the write lock does it)."""
    if vendor == "postgresql":
        cursor.execute(f"LOCK TABLE {', '.join(TABLES)} IN SHARE ROW EXCLUSIVE MODE")


def max_ids(cursor) -> tuple[int, int, int]:
    """The current largest person, household and membership ids: the run's ids follow them."""
    out = []
    for table in TABLES[:3]:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        out.append(int(cursor.fetchone()[0]))
    return out[0], out[1], out[2]


def begin_sqlite_bulk(cursor, people: int) -> tuple[list[str], int]:
    """Drop the secondary indexes and enlarge the page cache for a large SQLite load: a cache large enough for the
    unique indexes keeps pages from being spilled to the WAL and rewritten over and over inside the one big
    transaction (and the index sorts stay in memory). Returns what end_bulk needs to put things back."""
    index_sql = _drop_secondary_indexes(cursor)
    cursor.execute("PRAGMA cache_size")
    cache_before = cursor.fetchone()[0]
    cursor.execute(f"PRAGMA cache_size = {-min(SQLITE_CACHE_KIB_PER_PERSON * people, SQLITE_CACHE_KIB_MAX)}")
    return index_sql, cache_before


def _drop_secondary_indexes(cursor) -> list[str]:
    """SQLite: drop the non-unique indexes of the registry tables, returning their CREATE statements (re-run
    unchanged at the end, so the schema is exactly restored). Rebuilding by sort is cheaper than maintaining them
    row by row even for the indexes whose keys arrive in increasing order (measured)."""
    placeholders = ", ".join(["%s"] * len(TABLES))
    cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                   f"AND tbl_name IN ({placeholders}) ORDER BY name", list(TABLES))
    created = []
    for name, sql in cursor.fetchall():
        if sql.lstrip().upper().startswith("CREATE UNIQUE"):
            continue
        created.append(sql)
        cursor.execute(f'DROP INDEX "{name}"')
    return created


def rebuild_indexes(cursor, index_sql: list[str], cache_before: int | None) -> int:
    """Re-create what begin_sqlite_bulk dropped (nothing when it did not run); returns the number of indexes."""
    for sql in index_sql:
        cursor.execute(sql)
    if index_sql:
        cursor.execute(f"PRAGMA cache_size = {int(cache_before)}")
    return len(index_sql)


def move_sequences(cursor, vendor: str) -> None:
    """PostgreSQL: the id sequences past the ids the run allocated itself."""
    if vendor == "postgresql":
        for table in TABLES:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
