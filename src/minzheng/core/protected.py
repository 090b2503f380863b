"""Protected columns: where each SM4 ciphertext belongs, and the set-based passes that re-encrypt them.

A model declares its encrypted columns as `SEALED = (Sealed(field, key), …)`: the ciphertext in `field` is bound
(SM4-GCM associated data, `crypto.aad`) to the model's table, the column and the value of `key` in the same row — the
primary key, or a unique natural key where bulk writers do not know the primary key before they encrypt (the person's
blind index). A column that holds a *copy* of another record's ciphertext names that record instead
(`table`/`column`): a payroll line's account is the entitlement's, bound to the entitlement, found through the line's
`entitlement_id`. Blind-index columns are declared as `BLIND_INDEXES = (BlindIndex(index, source), …)`.
docs/decisions/0003-sm4-blind-index.md lists every binding.

`rewrap` (key rotation, and the migration that bound the values of earlier releases) and `reindex` (index-key
rotation) work in batches by primary key, each batch its own transaction, writing with compare-and-swap
(`WHERE id = … AND col = <old value>`), so they run while the service runs and a rerun continues where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction

from minzheng.core import crypto

BATCH = 2000


@dataclass(frozen=True)
class Sealed:
    field: str  # the BinaryField's attname (= column)
    key: str  # the column whose value names the row in the associated data
    table: str = ""  # when the value belongs to another record: that record's table …
    column: str = ""  # … and column (the key then holds that record's id)


@dataclass(frozen=True)
class BlindIndex:
    index: str  # column holding crypto.blind_index(plaintext)
    source: str  # the sealed column whose plaintext it indexes
    shared: bool = False  # its values are also stored outside this table (the feed lake's id_index)


@dataclass
class Progress:
    """What a pass did: shown by `minzheng keys rotate/status` and recorded in the audit entry."""

    rows: int = 0  # rows examined
    changed: int = 0  # values re-encrypted (or rows re-indexed)
    skipped: int = 0  # changed meanwhile by the service (compare-and-swap lost): rerun catches them if needed
    seconds: float = 0.0
    per_column: dict[str, int] = field(default_factory=dict)


def _spec(model, name: str) -> Sealed:
    for s in getattr(model, "SEALED", ()):
        if s.field == name:
            return s
    raise LookupError(f"{model.__name__}.{name} is not a sealed column")


def aad_parts(model, spec: Sealed) -> tuple[str, str]:
    return spec.table or model._meta.db_table, spec.column or spec.field


def aad(model, name: str, row_key) -> bytes:
    """Associated data of `model.name` for the row named by `row_key` (the value of the spec's key column)."""
    table, column = aad_parts(model, _spec(model, name))
    return crypto.aad(table, column, row_key)


def seal(model, name: str, plaintext: str | None, row_key) -> bytes | None:
    """Ciphertext of `plaintext` for `model.name` in the row named by `row_key` (None stays None)."""
    if plaintext is None or plaintext == "":
        return None
    return crypto.encrypt(plaintext, aad(model, name, row_key))


def unseal(instance, name: str) -> str | None:
    """Plaintext of a sealed field of a model instance (CiphertextError if it does not belong to this row)."""
    blob = getattr(instance, name)
    if blob is None:
        return None
    model = type(instance)
    spec = _spec(model, name)
    return crypto.decrypt_bytes(blob, aad(model, name, getattr(instance, spec.key)),
                                where=f"{model._meta.verbose_name}#{instance.pk} {name}").decode("utf-8")


def open_value(model, name: str, blob, row_key) -> str | None:
    """Plaintext of a sealed value read set-based (values_list, raw SQL) with its row key."""
    return opener(model, name)(blob, row_key)


def opener(model, name: str):
    """`open_value` of one column for many rows (a bank file's million accounts): the column's names are looked up
    once, not per row."""
    table, column = aad_parts(model, _spec(model, name))
    where, decrypt, make_aad = f"{model._meta.db_table}.{name}", crypto.decrypt_bytes, crypto.aad

    def open_(blob, row_key) -> str | None:
        return None if blob is None else decrypt(blob, make_aad(table, column, row_key), where).decode()

    return open_


def sealed_models() -> list:
    return [m for m in apps.get_models() if getattr(m, "SEALED", ())]


def columns() -> Iterator[tuple[type, Sealed]]:
    for model in sealed_models():
        for spec in model.SEALED:
            yield model, spec


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _current_header() -> bytes:
    return crypto.FORMAT_V2 + crypto.current_key_version().to_bytes(2, "big")


def _old_filter(column: str) -> str:
    """SQL: the value is not on the current key version (its first three bytes differ from the current header)."""
    return f"{_q(column)} IS NOT NULL AND substr({_q(column)}, 1, 3) <> %s"


def count_old(model, spec: Sealed) -> tuple[int, int]:
    """(values on an older key version or format, values in all) of one column — two counting queries."""
    table = _q(model._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {table} WHERE {_old_filter(spec.field)}", [_current_header()])
        old = cur.fetchone()[0]
        cur.execute(f"SELECT COUNT(*) FROM {table} WHERE {_q(spec.field)} IS NOT NULL")
        return old, cur.fetchone()[0]


def rewrap(model, spec: Sealed, batch: int = BATCH, report: Callable[[str], None] | None = None) -> Progress:
    """Re-encrypt every value of one column that is not on the current key version, binding it to its row."""
    return rewrap_table(model._meta.db_table, model._meta.pk.column, spec.field, spec.key, *aad_parts(model, spec),
                        batch=batch, report=report)


def rewrap_table(table: str, pk: str, column: str, key: str, aad_table: str, aad_column: str, batch: int = BATCH,
                 report: Callable[[str], None] | None = None) -> Progress:
    """rewrap on raw names (also used by the data migration, whose historical models carry no SEALED).
    A format-0x01 value (earlier releases) was made without associated data and is read that way once, here; every
    other read requires the binding. Each batch is its own transaction; the write is compare-and-swap."""
    started = time.perf_counter()
    progress = Progress()
    spec = Sealed(column, key)
    header = _current_header()
    version = crypto.current_key_version()
    last = 0
    while True:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"SELECT {_q(pk)}, {_q(spec.field)}, {_q(spec.key)} FROM {_q(table)} "
                        f"WHERE {_q(pk)} > %s AND {_old_filter(spec.field)} ORDER BY {_q(pk)} LIMIT {int(batch)}",
                        [last, header])
            rows = cur.fetchall()
            if not rows:
                break
            updates = []
            for row_id, blob, row_key in rows:
                blob = bytes(blob)
                bound = crypto.aad(aad_table, aad_column, row_key)
                legacy = blob[:1] == crypto.FORMAT_V1
                plain = crypto.decrypt_bytes(blob, b"" if legacy else bound,
                                             where=f"{table}.{spec.field} #{row_id}")
                updates.append((crypto.encrypt_bytes(plain, bound, key_version=version), row_id, blob))
            cur.executemany(f"UPDATE {_q(table)} SET {_q(spec.field)} = %s WHERE {_q(pk)} = %s "
                            f"AND {_q(spec.field)} = %s", updates)
            done = cur.rowcount if cur.rowcount is not None and cur.rowcount >= 0 else len(updates)
        last = rows[-1][0]
        progress.rows += len(rows)
        progress.changed += done
        progress.skipped += len(rows) - done
        if report:
            report(f"{table}.{spec.field}: 已重新加密 {progress.changed} 个值")
    progress.seconds = time.perf_counter() - started
    progress.per_column[f"{table}.{spec.field}"] = progress.changed
    return progress


def rewrap_all(batch: int = BATCH, report: Callable[[str], None] | None = None) -> Progress:
    total = Progress()
    started = time.perf_counter()
    for model, spec in columns():
        p = rewrap(model, spec, batch, report)
        total.rows += p.rows
        total.changed += p.changed
        total.skipped += p.skipped
        total.per_column.update(p.per_column)
    total.seconds = time.perf_counter() - started
    return total


# ---- blind-index re-keying ---------------------------------------------------------------------------------------

def reindex(model, version: int, previous: int | None, batch: int = BATCH,
            report: Callable[[str], None] | None = None, mapping: dict[str, str] | None = None) -> Progress:
    """Recompute a model's blind indexes under index-key `version`. Sealed columns bound to an index column are
    re-encrypted with it (their associated data names the new index). `mapping` collects old → new index values
    (under index key `previous`) so other stores (the feed lake) can be re-keyed."""
    started = time.perf_counter()
    progress = Progress()
    table, pk = model._meta.db_table, model._meta.pk.column
    indexes = list(getattr(model, "BLIND_INDEXES", ()))
    sealed = list(getattr(model, "SEALED", ()))
    index_cols = {b.index for b in indexes}
    rebound = [s for s in sealed if s.key in index_cols]
    reads = [s.field for s in sealed]
    guard = sorted(index_cols)
    cols = [pk, *reads, *guard]
    names = [*guard, *(s.field for s in rebound)]
    # Compare-and-swap on the old index values (NULL-safe): a row changed meanwhile by the service is left alone.
    same = "IS NOT DISTINCT FROM" if connection.vendor == "postgresql" else "IS"
    where = " AND ".join(f"{_q(g)} {same} %s" for g in guard)
    last = 0
    while True:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"SELECT {', '.join(_q(c) for c in cols)} FROM {_q(table)} WHERE {_q(pk)} > %s "
                        f"ORDER BY {_q(pk)} LIMIT {int(batch)}", [last])
            rows = cur.fetchall()
            if not rows:
                break
            updates = []
            for row in rows:
                values = dict(zip(cols, row, strict=True))
                plain = {}
                for s in sealed:
                    blob = values[s.field]
                    if blob is not None:
                        t, c = aad_parts(model, s)
                        plain[s.field] = crypto.decrypt_bytes(
                            blob, crypto.aad(t, c, values[s.key]), where=f"{table}.{s.field} #{values[pk]}")
                new = {}
                for b in indexes:
                    text = plain.get(b.source)
                    new[b.index] = crypto.blind_index(text.decode(), version) if text else None
                    if mapping is not None and b.shared and text and previous:
                        mapping[crypto.blind_index(text.decode(), previous)] = new[b.index]
                if all(new[c] == values[c] for c in index_cols):
                    continue
                sets = dict(new)
                for s in rebound:
                    t, c = aad_parts(model, s)
                    text = plain.get(s.field)
                    sets[s.field] = (None if text is None
                                     else crypto.encrypt_bytes(text, crypto.aad(t, c, new[s.key])))
                updates.append([*(sets[n] for n in names), values[pk], *(values[g] for g in guard)])
            if updates:
                cur.executemany(f"UPDATE {_q(table)} SET {', '.join(f'{_q(n)} = %s' for n in names)} "
                                f"WHERE {_q(pk)} = %s AND {where}", updates)
                done = cur.rowcount if cur.rowcount is not None and cur.rowcount >= 0 else len(updates)
                progress.changed += done
                progress.skipped += len(updates) - done
        last = rows[-1][0]
        progress.rows += len(rows)
        if report:
            report(f"{table}: 已重建索引 {progress.changed} 行")
    progress.seconds = time.perf_counter() - started
    progress.per_column[table] = progress.changed
    return progress


def indexed_models() -> list:
    return [m for m in apps.get_models() if getattr(m, "BLIND_INDEXES", ())]


def seal_saved(instance, name: str, plaintext: str | None) -> None:
    """Seal a value bound to a row's primary key once the row exists (an ORM insert learns its id only then): sets
    the attribute and writes the one column, inside the caller's transaction."""
    spec = _spec(type(instance), name)
    blob = seal(type(instance), name, plaintext, getattr(instance, spec.key))
    setattr(instance, name, blob)
    type(instance)._base_manager.filter(pk=instance.pk).update(**{name: blob})


UNREADABLE = "密文校验失败"


def masked(instance, name: str, mask: Callable[[str], str]) -> str:
    """The masked form of a sealed field for display; a value that fails authentication shows as 密文校验失败
    (pages and API responses name the problem instead of failing whole). Plaintext reads still raise."""
    try:
        value = unseal(instance, name)
    except crypto.CiphertextError:
        return UNREADABLE
    return mask(value) if value else ""
