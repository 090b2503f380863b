"""Benchmark: a division change (issue 17) — `minzheng region change --apply` merging township 330902001 into
330902002 with BENCH_PEOPLE persons (default 200,000) living in the merged township and every dependent record.

Data (set-up, timed apart): the national list (`minzheng init`), two townships of county 330902 with 20 villages
each; BENCH_PEOPLE persons (placeholder ciphertexts, never read), households of 2.5 persons on average with their
memberships, one 低保 case and entitlement for every fifth household, a payroll per township with one line per
entitlement, a standard address per household and a place name per village — three quarters of it all in the merged
township, the rest in the one that stays.

Figures: the floor — the same set-based UPDATEs (one `UPDATE … SET col = CASE col WHEN old THEN new … END WHERE col
IN (olds)` per region-code column found through the model meta) in one transaction, rolled back — then the change
itself (placenames.services.divisions.apply: the plan, new region rows, successions, one audited transaction per
column, the old codes expired), its ratio to the floor, and a re-run that must move nothing. Target: ≤ 60 s on SQLite
for 200,000 persons.

Run: .venv/bin/python benchmarks/bench_region_change.py   (BENCH_PEOPLE=20000 for a quick run; BENCH_KEEP=1 keeps
the home; DATABASE_URL for PostgreSQL; BENCH_STRICT=1 exits non-zero when the target is missed)
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import database_label, figures, fresh_home, init, load_average, remove_home, setup_django

OLD, NEW = "330902001000", "330902002000"
TARGET_SECONDS = 60.0
CHANGE = {"type": "merge", "from": [OLD, NEW], "into": NEW, "effective_from": "2026-01-01",
          "document": "浙政函〔2025〕99号（基准测试）"}


def seed(people: int) -> dict:
    from django.db import transaction

    from minzheng.benefits.models import Case, Entitlement
    from minzheng.core.models import Region
    from minzheng.payroll.models import Payroll, PayrollLine
    from minzheng.placenames.models import PlaceName, StandardAddress
    from minzheng.registry.models import Household, Membership, Person

    t = time.perf_counter()
    with transaction.atomic():
        county = Region.objects.get(code="330902000000")
        townships = [Region(code=c, name=n, level="township", parent=county) for c, n in ((OLD, "城东街道"),
                                                                                           (NEW, "昌国街道"))]
        Region.objects.bulk_create(townships, ignore_conflicts=True)
        villages = [Region(code=f"{tw[:9]}{v:03d}", name=f"{tw[6:9]}-{v}村", level="village", parent_id=tw)
                    for tw in (OLD, NEW) for v in range(1, 21)]
        Region.objects.bulk_create(villages, ignore_conflicts=True)
        codes = [v.code for v in villages]
        place_rows = PlaceName.objects.bulk_create([PlaceName(name=v.name, region_id=v.code, names_region_id=v.code,
                                                              category_id="2000") for v in villages])
        place_of = {p.region_id: p for p in place_rows}
        today = dt.date(2026, 1, 1)
        persons, n = [], 0
        for i in range(people):
            region = codes[(i * 7) % 20] if i % 4 else codes[20 + (i % 20)]  # three quarters in the old township
            persons.append(Person(name=f"居民{i}", id_number_enc=b"\x01", id_number_index=f"bench{i:012d}",
                                  birth_date=dt.date(1950 + i % 60, 1 + i % 12, 1 + i % 28), sex="MF"[i % 2],
                                  region_id=region, hukou_region_id=region))
        Person.objects.bulk_create(persons, batch_size=5000)
        persons = list(Person.objects.order_by("id").values_list("id", "region_id"))
        households, members, groups = [], [], []
        while n < len(persons):
            size = 2 + (n % 2)
            group = persons[n:n + size]
            groups.append(group)
            households.append(Household(region_id=group[0][1], urban_rural="urban", head_id=group[0][0],
                                        address=f"{len(households) % 300 + 1}号"))
            n += size
        Household.objects.bulk_create(households, batch_size=5000)
        for h, group in zip(households, groups, strict=True):
            members += [Membership(household_id=h.pk, person_id=pid, relation="01" if k == 0 else "20",
                                   joined_on=today) for k, (pid, _) in enumerate(group)]
        Membership.objects.bulk_create(members, batch_size=5000)
        cases = [Case(program="dibao", household_id=h.pk, applicant_id=h.head_id, region_code=h.region_id,
                      state="granted", channel="family", applied_on=today) for h in households[::5]]
        Case.objects.bulk_create(cases, batch_size=5000)
        ents = [Entitlement(program="dibao", household_id=c.household_id, payee_id=c.applicant_id,
                            region_code=c.region_code, monthly_amount="800.00", start_month=today,
                            source_case_id=c.pk) for c in cases]
        Entitlement.objects.bulk_create(ents, batch_size=5000)
        payrolls = {tw: Payroll.objects.create(**_payroll_fields(Payroll, tw)) for tw in (OLD, NEW)}
        lines = [PayrollLine(**_line_fields(PayrollLine, payrolls[e.region_code[:9] + "000"], e)) for e in ents]
        PayrollLine.objects.bulk_create(lines, batch_size=5000)
        addresses = [StandardAddress(region_id=h.region_id, place=place_of[h.region_id], number=str(k + 1),
                                     full_text=f"{h.region_id}-{k + 1}") for k, h in enumerate(households)]
        StandardAddress.objects.bulk_create(addresses, batch_size=5000)
    return {"persons": people, "households": len(households), "cases": len(cases), "entitlements": len(ents),
            "seconds": round(time.perf_counter() - t, 1)}


def _payroll_fields(model, township: str) -> dict:
    """The payroll's required fields, read from its meta (so the benchmark follows the model)."""
    return _fill(model, {"region_code": township, "month": dt.date(2026, 1, 1), "program": "dibao"})


def _line_fields(model, payroll, ent) -> dict:
    return _fill(model, {"payroll": payroll, "entitlement_id": ent.pk, "region_code": ent.region_code,
                         "kind": "regular", "amount_fen": 80000, "program": "dibao",
                         "household_id": ent.household_id, "payee_id": ent.payee_id, "person_id": ent.person_id})


def _fill(model, given: dict) -> dict:
    from django.db import models

    out = {}
    names = {f.name for f in model._meta.concrete_fields} | {f.attname for f in model._meta.concrete_fields}
    out.update({k: v for k, v in given.items() if k in names})
    for f in model._meta.concrete_fields:
        if f.primary_key or f.null or f.has_default() or f.name in out or f.attname in out:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        if isinstance(f, models.ForeignKey):
            continue
        if isinstance(f, (models.DecimalField, models.IntegerField)):
            out[f.name] = 0
        elif isinstance(f, models.DateTimeField):
            out[f.name] = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        elif isinstance(f, models.DateField):
            out[f.name] = dt.date(2026, 1, 1)
        elif isinstance(f, models.BinaryField):
            out[f.name] = b""
        elif isinstance(f, models.CharField) and f.choices:
            out[f.name] = f.choices[0][0]
        else:
            out[f.name] = "x"
    return out


def floor(mapping: dict[str, str]) -> tuple[float, int]:
    """The same set-based UPDATEs, one transaction, rolled back."""
    from django.db import transaction

    from minzheng.placenames.services import divisions

    t = time.perf_counter()
    rows = 0
    with transaction.atomic():
        for target in divisions.targets():
            rows += divisions._update(target, mapping)
        transaction.set_rollback(True)
    return time.perf_counter() - t, rows


def main() -> int:
    people = int(os.environ.get("BENCH_PEOPLE", "200000"))
    home = fresh_home()
    os.environ.setdefault("MINZHENG_TODAY", "2026-04-10")
    try:
        setup_django()
        init()
        made = seed(people)
        from minzheng.placenames.services import divisions

        plan = divisions.make_plan(divisions.validation.validate(divisions.ChangeIn, CHANGE))
        mapping = {old: new for old, new, _, _ in plan if old and old != new}
        floor_s, floor_rows = floor(mapping)
        t = time.perf_counter()
        out = divisions.apply(None, CHANGE)
        apply_s = time.perf_counter() - t
        again = divisions.apply(None, CHANGE)
        figures(f"Division change: merge {OLD} into {NEW} ({database_label()}, load {load_average()})", [
            ("set-up", (f"{made['seconds']} s: {made['persons']} persons, {made['households']} households, "
                        f"{made['cases']} cases and entitlements, payroll lines, addresses")),
            ("moved", (f"{out['persons']} persons, {out['households']} households, {out['cases']} cases, "
                       f"{out['entitlements']} entitlements, {out['regions']} regions")),
            ("floor (same UPDATEs)", f"{floor_s:.2f} s ({floor_rows} rows)"),
            ("apply", f"{apply_s:.2f} s (target ≤ {TARGET_SECONDS:.0f} s)"),
            ("ratio", f"{apply_s / floor_s:.2f}" if floor_s else "—"),
            ("re-run moved", f"{again['persons'] + again['households'] + again['cases'] + again['entitlements']}"),
        ])
        if os.environ.get("BENCH_STRICT") == "1" and apply_s > TARGET_SECONDS:
            return 1
        return 0
    finally:
        remove_home(home)


if __name__ == "__main__":
    raise SystemExit(main())
