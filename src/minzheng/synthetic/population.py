"""A synthetic county population: `seed_county` (`minzheng seed [registry] --county CODE --people N [--seed S]`).

Creates townships and villages under a real county when it has none (regions.py), then households, persons,
memberships and incomes with the shape of a real Chinese county (distributions.py, shapes.py, persons.py) — written
straight to the database with set-based inserts (writer.py), and/or as a household import file (registry/columns.py).
Deterministic: the same (county, people, seed) gives the same names, ID numbers and households (ciphertexts differ:
SM4-GCM nonces are random by design).

One transaction for the whole run (all-or-nothing; re-running after a failure starts clean). Row generation and
SM4/SM3 work run in forked worker processes, one chunk of households each (households.py). Planted duplicates
(duplicates.py) come last. One audit entry per run."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

from minzheng.core import bulk, crypto, regioncodes
from minzheng.registry.columns import HOUSEHOLD_COLUMNS
from minzheng.synthetic import households as chunks
from minzheng.synthetic import writer
from minzheng.synthetic.context import Context, Village
from minzheng.synthetic.distributions import ethnic_table
from minzheng.synthetic.duplicates import DUPLICATE_KINDS, plant
from minzheng.synthetic.identities import weighted_sum
from minzheng.synthetic.regions import county_region, ensure_regions, is_urban, short_name, village_table
from minzheng.synthetic.shapes import plan_households

PARALLEL_FROM = 50_000  # people: below this, generate in-process
MAX_PEOPLE = 5_000_000  # ID sequence space: 500 numbers per birth date and sex (identities.SEQ_SLOTS)


def seed_county(county_code: str, people: int, seed: int = 1, duplicates: int = 0, out: Path | None = None,
                write_db: bool = True, focus_village: str | None = None, focus_share: float = 0.0,
                workers: int | None = None, today: dt.date | None = None) -> dict:
    """Generate `people` synthetic persons in households under `county_code` (plus `duplicates` planted duplicate
    records); write them to the database (unless write_db=False) and/or to `out` as a household import file (CSV,
    UTF-8 with BOM, registry.columns headers). File-only mode writes no persons, but still creates the county's
    townships and villages when missing: importing the file needs them.

    Returns a summary: county, persons (records written, duplicates included), population, households, memberships,
    incomes, shape statistics, seconds and planted_duplicates = [[original, duplicate, kind], …] — person ids, or
    ID numbers in file-only mode."""
    from django.db import connection, transaction

    from minzheng.core import audit, clock
    from minzheng.core.errors import Conflict, ValidationFailed
    from minzheng.core.models import Region
    from minzheng.registry.models import Person

    started = time.perf_counter()

    def trace(label: str) -> None:
        if os.environ.get("MINZHENG_SEED_TRACE"):
            print(f"[seed {time.perf_counter() - started:7.2f} s, main CPU {time.process_time():6.1f} s] {label}",
                  file=sys.stderr, flush=True)

    if not isinstance(people, int) or people < 1 or people > MAX_PEOPLE:
        raise ValidationFailed.one("people", f"人数应为 1 至 {MAX_PEOPLE:,} 之间的整数")
    if duplicates < 0 or duplicates > people:
        raise ValidationFailed.one("duplicates", "疑似重复人数应为 0 至总人数之间的整数")
    if not write_db and out is None:
        raise ValidationFailed.one("out", "不写入数据库时必须指定输出文件（--out）")
    county = county_region(county_code)
    p6 = county.code[:6]
    if write_db and Person.objects.filter(**regioncodes.subtree_lookup("region__code", county.code)).exists():
        raise Conflict(f"{county.full_name()}（{p6}）已有人员数据，不能重复生成合成数据；请换一个县或使用新的数据库")
    region_info = ensure_regions(county)
    trace("regions")
    village_rows = list(Region.objects.filter(level="village", **regioncodes.subtree_lookup("code", county.code))
                        .order_by("code"))
    villages = [Village(v.code, is_urban(v), short_name(v.name)) for v in village_rows]
    if focus_village is not None and focus_village not in {v.code for v in villages}:
        raise ValidationFailed.one("focus_village", f"村(社区) {focus_village} 不在 {county.full_name()} 内")
    province = county.code[:2]
    hukou_elsewhere = list(Region.objects.filter(level="county", code__startswith=province)
                           .exclude(code=county.code).order_by("code").values_list("code", flat=True))
    ethnic_codes, ethnic_cum = ethnic_table(p6)
    ref = today or clock.today()
    shapes = plan_households(people, seed)
    households = len(shapes)
    plan_rng = random.Random(f"minzheng-seed:{seed}:duplicates")
    wanted = plan_rng.sample(range(people), duplicates) if duplicates else []
    kinds = [DUPLICATE_KINDS[i % len(DUPLICATE_KINDS)] for i in range(duplicates)]
    plan_rng.shuffle(kinds)
    vendor = connection.vendor
    statements = writer.statements()
    ctx = Context(
        county6=p6, seed=seed, ref_ord=ref.toordinal(), max_birth_ord=min(ref, dt.date.today()).toordinal(),
        income_year=ref.year - 1, chunks=-(-households // chunks.chunk_size(households)), villages=villages,
        village_cum=village_table(villages, seed, focus_village, focus_share), hukou_elsewhere=hukou_elsewhere,
        ethnic_codes=ethnic_codes, ethnic_cum=ethnic_cum, db=write_db, csv=out is not None,
        collect_ids=duplicates > 0, county_sum=weighted_sum(p6, 0))
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if people >= PARALLEL_FROM else 1
    # Warm the key caches before forking, so that workers never race to create key files.
    crypto.blind_index("0")
    crypto.encrypt("0")

    part_path = None
    fh = None
    if out is not None:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        part_path = out.with_name(out.name + ".part")
        fh = part_path.open("w", encoding="utf-8-sig", newline="")
        csv.writer(fh).writerow([zh for _, zh in HOUSEHOLD_COLUMNS])

    stats: Counter = Counter()
    used: set[int] = set()
    originals: dict[int, dict] = {}
    planted_rows: list = []
    rebuilt = 0
    try:
        with bulk.gc_paused(), transaction.atomic() if write_db else contextlib.nullcontext():
            cursor = connection.cursor() if write_db else None
            index_sql: list[str] = []
            cache_before = None
            if write_db:
                writer.lock_tables(cursor, vendor)
                # Checked again under the lock: two concurrent runs for one county cannot both pass.
                if Person.objects.filter(**regioncodes.subtree_lookup("region__code", county.code)).exists():
                    raise Conflict(f"{county.full_name()}（{p6}）已有人员数据，不能重复生成合成数据")
                ctx.base_person, ctx.base_household, ctx.base_membership = writer.max_ids(cursor)
                if Person.objects.exists():
                    ctx.existing_index = set(Person.objects.values_list("id_number_index", flat=True).iterator(
                        chunk_size=50_000))
                if vendor == "sqlite" and people >= writer.REBUILD_INDEXES_FROM and len(ctx.existing_index) < people:
                    index_sql, cache_before = writer.begin_sqlite_bulk(cursor, people)
            tasks = list(chunks.chunk_tasks(shapes, wanted))
            trace("prepared")
            waited = wrote = 0.0
            mark = time.perf_counter()
            with contextlib.closing(chunks.generate(ctx, tasks, workers)) as results:
                for result in results:
                    got = time.perf_counter()
                    waited += got - mark
                    if write_db:
                        writer.write_rows(cursor, statements, result)
                    if fh is not None:
                        fh.write(result["csv"])
                    mark = time.perf_counter()
                    wrote += mark - got
                    used.update(result["used_ids"])
                    originals.update(result["originals"])
                    stats.update(result["stats"])
                    del result
            trace(f"chunks done (waited for workers {waited:.1f} s, wrote {wrote:.1f} s)")
            if duplicates:
                chosen = [originals[i] for i in wanted]
                planted_rows, sink = plant(ctx, chosen, kinds, used, plan_rng, people, households)
                rows = sink.result()
                if write_db:
                    writer.write_rows(cursor, statements, rows)
                if fh is not None:
                    fh.write(rows["csv"])
            if write_db:
                rebuilt = writer.rebuild_indexes(cursor, index_sql, cache_before)
                trace(f"indexes rebuilt ({rebuilt})")
                writer.move_sequences(cursor, vendor)
            summary = _summary(county, people, seed, households, stats, planted_rows, write_db, out, region_info,
                               started)
            summary["indexes_rebuilt"] = rebuilt
            if write_db:
                audit.record("system", audit.Event("seed", "county", p6, county.code,
                                                   {k: v for k, v in summary.items() if k != "planted_duplicates"}))
            trace("audited")
        trace("committed")
        if fh is not None:
            fh.close()
            fh = None
            os.replace(part_path, out)
    finally:
        if fh is not None:
            fh.close()
            part_path.unlink(missing_ok=True)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    return summary


def _summary(county, people, seed, households, stats, planted_rows, write_db, out, region_info, started) -> dict:
    persons = stats["persons"]

    def share(key):
        return round(stats[key] / persons, 4) if persons else 0.0

    if write_db:
        planted = [[o["person_id"], d["person_id"], kind] for o, d, kind in planted_rows]
    else:
        planted = [[o["id_number"], d["id_number"], kind] for o, d, kind in planted_rows]
    return {
        "county": county.code[:6], "county_name": county.full_name(), "seed": seed,
        "persons": persons + len(planted_rows), "population": persons, "duplicates": len(planted_rows),
        "households": households + len(planted_rows), "memberships": persons + len(planted_rows) if write_db else 0,
        "incomes": stats["incomes"],
        "avg_household_size": round(persons / households, 3) if households else 0.0,
        "one_person_households": round(stats["size_1"] / households, 4) if households else 0.0,
        "age_shares": {"0-14": share("age_0_14"), "15-59": share("age_15_59"), "60+": share("age_60_plus"),
                       "65+": share("age_65_plus"), "80+": share("age_80_plus")},
        "urban_share": share("urban"), "disability_rate": share("disabled"),
        "serious_illness_rate": share("serious_illness"), "phone_share": share("phones"),
        "written_to_db": write_db, "out": str(out) if out else None, **region_info,
        "seconds": round(time.perf_counter() - started, 2),
        "planted_duplicates": planted,
    }
