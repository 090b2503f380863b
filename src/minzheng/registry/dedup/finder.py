"""The set-based finder of duplicate candidates: SQL blocking over a region subtree, scoring of the blocked pairs
(dedup.scoring), and the upsert of DuplicateCandidate rows (see the package docstring). `find_candidates` is the
service the scan page, the command line and tests call."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from minzheng.core import audit, protected, regioncodes, roles
from minzheng.core.errors import Forbidden, NotFound, ValidationFailed
from minzheng.core.models import Region
from minzheng.registry import names
from minzheng.registry.dedup.scoring import DEFAULT_MIN_SCORE, PersonKey, common_region, score_pair
from minzheng.registry.models import DuplicateCandidate, Membership, Person

_CHUNK = 2000  # ids per IN (...) query

# ---- blocking (SQL) -----------------------------------------------------------------------------------------

def _date_expressions() -> tuple[str, str]:
    """SQL for (birth date + 1 day, birth date with day and month swapped or NULL), comparable with birth_date."""
    if connection.vendor == "postgresql":
        nxt = "birth_date + 1"
        swap = ("CASE WHEN EXTRACT(DAY FROM birth_date) <= 12 AND EXTRACT(DAY FROM birth_date) <> "
                "EXTRACT(MONTH FROM birth_date) THEN make_date(EXTRACT(YEAR FROM birth_date)::int, "
                "EXTRACT(DAY FROM birth_date)::int, EXTRACT(MONTH FROM birth_date)::int) END")
    elif connection.vendor == "sqlite":  # dates are stored as 'YYYY-MM-DD' text
        nxt = "date(birth_date, '+1 day')"
        swap = ("CASE WHEN CAST(substr(birth_date, 9, 2) AS INTEGER) <= 12 AND substr(birth_date, 9, 2) <> "
                "substr(birth_date, 6, 2) THEN substr(birth_date, 1, 5) || substr(birth_date, 9, 2) || '-' || "
                "substr(birth_date, 6, 2) END")
    else:  # only SQLite and PostgreSQL are supported (settings._database)
        raise ImproperlyConfigured(f"不支持的数据库：{connection.vendor}（仅支持 SQLite 和 PostgreSQL）")
    return nxt, swap


def _blocking_sql() -> str:
    nxt, swap = _date_expressions()
    table = connection.ops.quote_name(Person._meta.db_table)
    pair = "SELECT a.id, b.id FROM p a JOIN p b ON "
    return (
        "WITH p AS MATERIALIZED (SELECT id, name_pinyin AS py, birth_date AS bd, sex, region_id AS rg, "
        f"{nxt} AS bd_next, {swap} AS bd_swap FROM {table} "
        "WHERE region_id >= %s AND region_id < %s AND merged_into_id IS NULL) "
        # B1 same birth date + pinyin
        f"{pair}b.bd = a.bd AND b.sex = a.sex AND b.py = a.py AND a.py <> '' AND b.id > a.id "
        # B2 same birth date + residence
        f"UNION {pair}b.bd = a.bd AND b.sex = a.sex AND b.rg = a.rg AND b.id > a.id "
        # B3 day/month swapped (symmetric: the lower id is always a)
        f"UNION {pair}b.bd = a.bd_swap AND b.sex = a.sex AND b.py = a.py AND a.py <> '' AND b.id > a.id "
        # B4 one day apart, either person may be the older one: order the pair afterwards
        "UNION SELECT CASE WHEN a.id < b.id THEN a.id ELSE b.id END, CASE WHEN a.id < b.id THEN b.id ELSE a.id END "
        "FROM p a JOIN p b ON b.bd = a.bd_next AND b.sex = a.sex AND b.py = a.py AND a.py <> '' "
        # B5 same pinyin + residence, any birth date
        f"UNION {pair}b.rg = a.rg AND b.sex = a.sex AND b.py = a.py AND a.py <> '' AND b.id > a.id"
    )


def _subtree_bounds(code12: str) -> tuple[str, str]:
    lookup = regioncodes.subtree_lookup("x", code12)
    return lookup["x__gte"], lookup["x__lt"]


def blocked_pairs(code12: str) -> list[tuple[int, int]]:
    """Candidate pairs (lower id first) of non-merged persons living in the subtree of code12."""
    low, high = _subtree_bounds(code12)
    if connection.vendor != "postgresql":
        # SQLite plans the equi-joins over the materialised CTE with automatic (temporary) indexes.
        with connection.cursor() as cursor:
            cursor.execute(_blocking_sql(), [low, high])
            return [(a, b) for a, b in cursor.fetchall()]
    # PostgreSQL: right after a bulk load, before autovacuum has analysed the table, the planner believes it is
    # nearly empty and nests loops over the CTE — O(n²), hours for a county. Hash/merge joins are always right
    # here, and JIT compilation only adds seconds. SET LOCAL needs a transaction; RESET so that an enclosing
    # transaction gets its settings back.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(_blocking_sql(), [low, high])
        pairs = [(a, b) for a, b in cursor.fetchall()]
        cursor.execute("RESET enable_nestloop")  # (on error the rollback undoes the SET LOCALs)
        cursor.execute("RESET jit")
    return pairs


def _fill_missing_pinyin(code12: str) -> int:
    """name_pinyin is a blocking key: fill it where a bulk path left it empty."""
    low, high = _subtree_bounds(code12)
    rows = list(Person.objects.filter(region_id__gte=low, region_id__lt=high, name_pinyin="")
                .exclude(name="").only("id", "name"))
    for person in rows:
        person.name_pinyin = names.pinyin_key(person.name)
    rows = [p for p in rows if p.name_pinyin]
    if rows:
        Person.objects.bulk_update(rows, ["name_pinyin"], batch_size=1000)
    return len(rows)


def _chunks(items: list, size: int = _CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def decrypt_or_blank(blob, id_index: str) -> str:
    try:
        return protected.open_value(Person, "id_number_enc", blob, id_index) or ""
    except ValueError:  # unreadable ciphertext: compare on the other fields only
        return ""


def _person_keys(ids: list[int]) -> dict[int, PersonKey]:
    out: dict[int, PersonKey] = {}
    for chunk in _chunks(ids):
        for pk, name, py, born, sex, region, enc, index, ethnic in Person.objects.filter(pk__in=chunk).values_list(
                "id", "name", "name_pinyin", "birth_date", "sex", "region_id", "id_number_enc", "id_number_index",
                "ethnicity"):
            out[pk] = PersonKey(pk, name, py or names.pinyin_key(name), born, sex, region,
                                decrypt_or_blank(enc, index),
                                ethnic)
    return out


def _active_households(ids: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for chunk in _chunks(ids):
        out.update(Membership.objects.filter(person_id__in=chunk, left_on__isnull=True)
                   .values_list("person_id", "household_id"))
    return out


def _region_code(value: Any) -> str:
    try:
        code12 = regioncodes.normalize(value)
    except regioncodes.RegionCodeError as exc:
        raise ValidationFailed.one("region_code", str(exc)) from None
    if not Region.objects.filter(code=code12).exists():
        raise ValidationFailed.one("region_code", f"区划代码 {value} 不存在")
    return code12


def find_candidates(actor, region_code, min_score: int = DEFAULT_MIN_SCORE) -> dict[str, Any]:
    """Scan the subtree of region_code for likely duplicates and store them as DuplicateCandidate rows.

    actor None = the system (CLI); a user needs people.change and the region inside their own scope.
    Returns a summary: persons scanned, pairs_checked (blocked pairs scored), candidates (pairs ≥ min_score),
    created / updated / unchanged / kept_decided (already merged or dismissed, left alone) / removed (open
    pairs that no longer qualify), seconds."""
    started = time.monotonic()
    code12 = _region_code(region_code)
    if actor is not None:
        if not roles.has_perm(actor, "people.change"):
            raise Forbidden("您的角色只能查看，不能修改民政对象数据")
        if not regioncodes.in_subtree(code12, actor.region_id):
            raise NotFound(f"区划 {region_code} 不在您的管辖范围内")
    min_score = max(0, min(100, int(min_score)))
    low, high = _subtree_bounds(code12)

    filled = _fill_missing_pinyin(code12)
    pairs = blocked_pairs(code12)
    ids = sorted({i for pair in pairs for i in pair})
    keys = _person_keys(ids)
    homes = _active_households(ids)
    found: dict[tuple[int, int], tuple[int, list[str], str]] = {}
    for a_id, b_id in pairs:
        a, b = keys[a_id], keys[b_id]
        same_home = a_id in homes and homes.get(a_id) == homes.get(b_id)
        score, reasons = score_pair(a, b, same_home)
        if score >= min_score:
            found[(a_id, b_id)] = (score, reasons, common_region(a.region, b.region))

    persons = Person.objects.filter(region_id__gte=low, region_id__lt=high, merged_into__isnull=True).count()
    summary = {"region": code12, "persons": persons, "pairs_checked": len(pairs), "candidates": len(found),
               "min_score": min_score, "pinyin_filled": filled}
    with transaction.atomic():
        existing = {(c.person_a_id, c.person_b_id): c for c in DuplicateCandidate.objects.filter(
            person_a__region_id__gte=low, person_a__region_id__lt=high)}
        to_create, to_update, unchanged, decided = [], [], 0, 0
        for (a_id, b_id), (score, reasons, region) in found.items():
            row = existing.get((a_id, b_id))
            if row is None:
                to_create.append(DuplicateCandidate(person_a_id=a_id, person_b_id=b_id, region_code=region,
                                                    score=score, reasons=reasons))
            elif row.status != "open":
                decided += 1  # a decision stands: never re-open a dismissed or merged pair
            elif (row.score, row.reasons, row.region_code) != (score, reasons, region):
                row.score, row.reasons, row.region_code = score, reasons, region
                to_update.append(row)
            else:
                unchanged += 1
        # Open pairs of this subtree that no longer qualify (a record was corrected, merged, moved away).
        stale = [row.pk for key, row in existing.items() if row.status == "open" and key not in found]
        stale_ids = set()
        for chunk in _chunks(stale):
            stale_ids.update(DuplicateCandidate.objects.filter(
                pk__in=chunk, person_b__region_id__gte=low, person_b__region_id__lt=high).values_list("pk", flat=True))
        for chunk in _chunks(sorted(stale_ids)):
            DuplicateCandidate.objects.filter(pk__in=chunk, status="open").delete()
        DuplicateCandidate.objects.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
        DuplicateCandidate.objects.bulk_update(to_update, ["score", "reasons", "region_code"], batch_size=1000)
        summary.update(created=len(to_create), updated=len(to_update), unchanged=unchanged, kept_decided=decided,
                       removed=len(stale_ids), seconds=round(time.monotonic() - started, 2))
        audit.record(actor, audit.Event("dedup_scan", "region", code12, code12, dict(summary)))
    return summary


