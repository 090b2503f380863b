"""The seeded county as plain data for the case seeder (cases.py): households, members, persons and incomes read
with a few set-based queries, policy Requests built directly (no JSON round trip), and evaluation of many requests
through the policy engine, in forked worker processes when there are many."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from minzheng.benefits import evaluation, selectors
from minzheng.benefits.models import Standard
from minzheng.benefits.policy import (
    Assets,
    Household,
    Income,
    Member,
    MissingFact,
    MissingStandard,
    Options,
    Request,
    evaluate,
)
from minzheng.core import regioncodes
from minzheng.registry.codes import HEAD
from minzheng.registry.models import Household as HouseholdRow
from minzheng.registry.models import Income as IncomeRow
from minzheng.registry.models import Membership, Person

PARALLEL_FROM = 4000  # evaluations; below this forking costs more than it saves


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass
class Population:
    county: str
    households: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (village, urban_rural)
    members: dict[int, list[int]] = field(default_factory=dict)  # household -> person ids, head first
    persons: dict[int, tuple] = field(default_factory=dict)  # id -> (birth, sex, cat, grade, ill, labour, school)
    incomes: dict[int, tuple] = field(default_factory=dict)  # person -> ((kind, Decimal annual), …)

    @property
    def people(self) -> int:
        return sum(len(m) for m in self.members.values())


def load(county12: str, month: dt.date) -> Population:
    """Living, current members of the county's households and their incomes of the latest year up to `month`."""
    low, high = regioncodes.prefix(county12), regioncodes.prefix(county12) + ":"
    hh, ms, ps, inc = (m._meta.db_table for m in (HouseholdRow, Membership, Person, IncomeRow))
    pop = Population(county12)
    joined = (f'FROM "{ms}" m JOIN "{hh}" h ON h.id = m.household_id JOIN "{ps}" p ON p.id = m.person_id '
              f'WHERE m.left_on IS NULL AND h.region_id >= %s AND h.region_id < %s AND p.death_date IS NULL '
              f'AND p.merged_into_id IS NULL')
    with connection.cursor() as cur:
        cur.execute(f'SELECT id, region_id, urban_rural FROM "{hh}" WHERE region_id >= %s AND region_id < %s',
                    [low, high])
        pop.households = {row[0]: (row[1], row[2]) for row in cur.fetchall()}
        cur.execute(f"SELECT m.household_id, m.person_id, m.relation, p.birth_date, p.sex, p.disability_category, "
                    f"p.disability_grade, p.serious_illness, p.labour_capacity, p.schooling {joined} "
                    f"ORDER BY m.household_id, m.person_id", [low, high])
        heads = {}
        for hid, pid, relation, birth, sex, cat, grade, ill, labour, school in cur.fetchall():
            pop.members.setdefault(hid, []).append(pid)
            if relation == HEAD:
                heads[hid] = pid
            pop.persons[pid] = (_date(birth), sex, cat or "", grade, bool(ill), labour or "", school or "")
        for hid, head in heads.items():
            ids = pop.members[hid]
            ids.remove(head)
            ids.insert(0, head)
        cur.execute(f'SELECT MAX(i.year) FROM "{inc}" i WHERE i.year <= %s', [month.year])
        year = cur.fetchone()[0]
        if year is not None:
            cur.execute(f'SELECT i.person_id, i.kind, i.annual_amount FROM "{inc}" i JOIN "{ms}" m ON '
                        f'm.person_id = i.person_id AND m.left_on IS NULL JOIN "{hh}" h ON h.id = m.household_id '
                        f'WHERE i.year = %s AND h.region_id >= %s AND h.region_id < %s', [year, low, high])
            grouped: dict[int, list] = {}
            for pid, kind, amount in cur.fetchall():
                grouped.setdefault(pid, []).append((kind, Decimal(str(amount)).quantize(Decimal("0.01"))))
            pop.incomes = {pid: tuple(v) for pid, v in grouped.items()}
    pop.households = {h: v for h, v in pop.households.items() if h in pop.members}
    return pop


class StandardsCache:
    """Resolved standards per (region that sets its own rows, area): a county whose townships and villages set no
    rows of their own resolves once per area."""

    def __init__(self, county12: str, month: dt.date):
        self.month = month
        self.county = county12
        own = Standard.objects.filter(**regioncodes.subtree_lookup("region_code", county12)).exclude(
            region_code=county12).values_list("region_code", flat=True).distinct()
        self.local = set(own)
        self.cache: dict[tuple[str, str], object] = {}

    def key(self, village: str) -> str:
        if village in self.local:
            return village
        township = village[:9].ljust(12, "0")
        return township if township in self.local else self.county

    def get(self, village: str, area: str):
        key = (self.key(village), area)
        if key not in self.cache:
            self.cache[key] = selectors.resolve(key[0], area, self.month)
        return self.cache[key]


def request(pop: Population, hid: int, program: str, month: dt.date, members: tuple[int, ...] | None = None,
            recognised: frozenset = frozenset(), support_payer_able: bool | None = None,
            self_care: dict[int, int] | None = None, rounding: str = "ceil_yuan") -> Request:
    village, area = pop.households[hid]
    out = []
    for pid in pop.members[hid]:
        birth, sex, cat, grade, ill, labour, school = pop.persons[pid]
        out.append(Member(birth_date=birth, sex=sex, disability_category=cat if grade else "",
                          disability_grade=grade if cat else None, serious_illness=ill, labour_capacity=labour,
                          schooling=school, self_care_unmet=(self_care or {}).get(pid),
                          incomes=tuple(Income(k, a, "annual") for k, a in pop.incomes.get(pid, ())), ref=str(pid)))
    return Request(program, village, month, Household(area, tuple(out), Assets(declared=False), support_payer_able,
                                                     recognised), Options(rounding=rounding, members=members))


_WORK: dict = {}  # inherited by forked workers


def _run(tasks: list) -> list:
    pop, cache = _WORK["pop"], _WORK["stds"]
    out = []
    for key, hid, program, kwargs in tasks:
        req = request(pop, hid, program, cache.month, rounding=_WORK["rounding"], **kwargs)
        village, area = pop.households[hid]
        try:
            res = evaluate(req, cache.get(village, area))
        except (MissingStandard, MissingFact) as exc:
            out.append((key, None, exc.message))
            continue
        members = tuple((int(m.ref), m.eligible, m.monthly_amount) for m in res.members)
        summary = {"eligible": res.eligible, "monthly_amount": str(res.monthly_amount), "month": f"{req.month:%Y-%m}",
                   "inclusion": res.inclusion, "reasons": res.reasons[:2], "seeded": True}
        out.append((key, (res.eligible, res.monthly_amount, res.inclusion, members), summary))
    return out


def evaluate_all(pop: Population, cache: StandardsCache, tasks: list, workers: int | None = None) -> dict:
    """tasks: [(key, household id, program, request kwargs)] → {key: (result tuple | None, summary | error)}.
    Standards are resolved before forking, so workers never touch the database."""
    for hid in {t[1] for t in tasks}:
        cache.get(*pop.households[hid])
    _WORK.update(pop=pop, stds=cache, rounding=evaluation.default_rounding())
    try:
        workers = workers or min(os.cpu_count() or 1, 4)
        if (len(tasks) < PARALLEL_FROM or workers < 2 or connection.in_atomic_block
                or "fork" not in multiprocessing.get_all_start_methods()):
            results = _run(tasks)
        else:
            connection.close()  # never share a database connection with forked children
            size = max(500, len(tasks) // (workers * 4))
            batches = [tasks[i:i + size] for i in range(0, len(tasks), size)]
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = [r for part in pool.imap(_run, batches) for r in part]
    finally:
        _WORK.clear()
    return {key: (res, extra) for key, res, extra in results}
