"""One chunk of households and their people as database rows and import-file rows (`Chunk`), and running all the
chunks of a run in order — in forked worker processes when there are many. Every chunk is seeded from (seed, chunk
index), so the result does not depend on the number of workers."""

from __future__ import annotations

import bisect
import csv
import io
import multiprocessing
import random
from collections import Counter, deque

from minzheng.core import bulk, crypto
from minzheng.synthetic import persons
from minzheng.synthetic.context import Context
from minzheng.synthetic.distributions import MINORITY_NAMES, PHONE_SHARE, given_name, minority_name
from minzheng.synthetic.identities import MOBILE_PREFIXES, N_PREFIXES, IdNumbers, day, name_pinyin
from minzheng.synthetic.shapes import SHAPE_SIZE, SHAPES, compose

CHUNK_HOUSEHOLDS = 4_000  # households per generation chunk (≈ 10,000 persons) …
MAX_CHUNKS = 250  # … but never more chunks than this (each needs ≥ 2 of the 500 sequence numbers per date and sex)


class Chunk:
    """Generates households [hh_start, hh_start + len(shapes)) — persons from person_start on — with its own RNG."""

    def __init__(self, ctx: Context, k: int):
        self.c = ctx
        self.k = k
        self.rng = random.Random(f"minzheng-seed:{ctx.seed}:chunk:{k}")
        self.ids = IdNumbers(ctx, k)
        self.persons: list[tuple] = []
        self.households: list[tuple] = []
        self.memberships: list[tuple] = []
        self.incomes: list[tuple] = []
        self.csv_rows: list[list[str]] = []
        self.originals: dict[int, dict] = {}
        self.stats: Counter = Counter()
        self.father: str | None = None  # the household's husband/father, for Turkic patronymics
        self.ages: list[int] = []
        self.counts = [0, 0, 0, 0, 0]  # urban, disabled, serious illness, phones, incomes

    def birth_ord(self, age: int) -> int:
        born = self.c.ref_ord - int((age + self.rng.random()) * 365.2425)
        return min(born, self.c.max_birth_ord)

    # -- the household loop

    def run(self, hh_start: int, shapes: bytes, person_start: int, wanted: frozenset) -> dict:
        c = self.c
        rng = self.rng
        villages, vcum = c.villages, c.village_cum
        p_index = person_start  # global person ordinal
        for offset, shape in enumerate(shapes):
            hh = hh_start + offset
            village = villages[bisect.bisect_right(vcum, rng.random())]
            members = compose(rng, shape)
            if len(members) != SHAPE_SIZE[shape]:
                raise AssertionError((SHAPES[shape][0], members))
            ethnicity = c.ethnic_codes[bisect.bisect_right(c.ethnic_cum, rng.random())]
            head_age = members[0][1]
            formed = c.ref_ord - int(rng.random() * 365.2425 * max(min(head_age - 20, 40), 1))
            ref = f"S{c.seed}-{hh + 1:07d}"
            if village.urban:
                address = (f"{village.short}{1 + int(rng.random() * 40)}幢{1 + int(rng.random() * 4)}单元"
                           f"{1 + int(rng.random() * 18)}0{1 + int(rng.random() * 4)}室")
            else:
                address = f"{village.short}{1 + int(rng.random() * 12)}组{1 + int(rng.random() * 90)}号"
            hukou_roll = rng.random()
            if hukou_roll < 0.78:
                hukou = village.code
            elif hukou_roll < 0.88 or not c.hukou_elsewhere:
                hukou = villages[int(rng.random() * len(villages))].code
            else:
                hukou = c.hukou_elsewhere[int(rng.random() * len(c.hukou_elsewhere))]
            head_pid = c.base_person + p_index + 1
            self.father = None
            self.stats["households"] += 1
            self.stats[f"size_{len(members)}"] += 1
            for relation, age, sex, surname, marital in members:
                eth = ethnicity if rng.random() < 0.97 else c.ethnic_codes[
                    bisect.bisect_right(c.ethnic_cum, rng.random())]
                self.person(p_index, hh, relation, age, sex, surname, marital, eth, village, hukou, formed,
                            p_index in wanted)
                p_index += 1
            if c.db:
                self.households.append((c.base_household + hh + 1, village.code, "urban" if village.urban else "rural",
                                        address, head_pid, ref))
            if c.csv:
                for row in self.csv_rows[len(self.csv_rows) - len(members):]:
                    row[0], row[3] = ref, address
        return self.result()

    def person(self, p_index, hh, relation, age, sex, surname, marital, ethnicity, village, hukou, formed, wanted):
        c = self.c
        rng = self.rng
        rand = rng.random
        a = min(age, 110)
        male = sex == "M"
        number, index, born_ord = self.ids.take(self.birth_ord(age), male)
        name = None
        if ethnicity in MINORITY_NAMES:
            name = minority_name(rng, ethnicity, sex, self.father if relation in ("20", "30") else None)
            if name and male and relation in ("02", "10"):
                self.father = name.split("·")[0]
        han_style = name is None
        if han_style:
            name = surname + given_name(rng, sex, int(number[6:10]))
        urban = village.urban
        # The order of these draws is part of the output (persons.py).
        schooling = persons.schooling(rand, age, urban)
        student = age < 26 and schooling not in ("", "not_in_school")
        category, grade, cert = persons.disability(rand, age, a, number)
        ill, illness = persons.illness(rng, age, a)
        labour = persons.labour(rand, age, grade, ill)
        employment = persons.employment(rand, age, urban, male, student, labour)
        incomes = persons.incomes(rng, age, urban, male, student, schooling, employment)
        pid = c.base_person + p_index + 1
        phone = None
        if rand() < PHONE_SHARE[a]:
            phone = MOBILE_PREFIXES[int(rand() * N_PREFIXES)] + f"{int(rand() * 1e8):08d}"
        counts = self.counts
        self.ages.append(age)
        counts[0] += urban
        counts[1] += category != ""
        counts[2] += ill
        counts[3] += phone is not None
        counts[4] += len(incomes)
        if c.db:
            birth_date = day(born_ord)[1]
            if relation == "02" or born_ord <= formed:
                joined_on, reason = day(max(formed, born_ord))[1], "建户"
            else:
                joined_on, reason = birth_date, "出生"
            blind = crypto.blind_index

            def seal(column, value, index=index):  # sealed to the person's ID-number index (core.protected)
                return crypto.encrypt(value, crypto.aad("registry_person", column, index)) if value else None

            self.persons.append((
                pid, name, name_pinyin(name), seal("id_number_enc", number), index,
                seal("phone_enc", phone), blind(phone) if phone else None,
                birth_date, sex, ethnicity, village.code, hukou, category, grade,
                seal("disability_cert_enc", cert), ill, illness, labour, schooling, employment, marital))
            self.memberships.append((c.base_membership + p_index + 1, c.base_household + hh + 1, pid, relation,
                                     joined_on, reason))
            if incomes:
                year = c.income_year
                self.incomes.extend([(pid, kind, year, amount) for kind, amount in incomes])
        if c.csv:
            self.csv_rows.append(["", village.code, "城市" if urban else "农村", "", name, number, relation,
                                  phone or "", ethnicity, category, str(grade) if grade else "", labour,
                                  "是" if ill else "否", employment, schooling])
        if wanted:  # chosen to get a planted duplicate (duplicates.py): keep what the duplicate copies
            self.originals[p_index] = {
                "ordinal": p_index, "person_id": pid, "name": name, "surname": surname if han_style else "",
                "id_number": number, "birth_ord": born_ord, "sex": sex,
                "village": village.code, "urban": urban, "short": village.short, "ethnicity": ethnicity,
                "phone": phone, "hukou": hukou, "category": category, "grade": grade, "ill": ill, "illness": illness,
                "labour": labour, "schooling": schooling, "employment": employment, "marital": marital}

    def result(self) -> dict:
        stats = self.stats
        by_age = Counter(self.ages)
        stats["persons"] += len(self.ages)
        stats["age_0_14"] += sum(n for age, n in by_age.items() if age < 15)
        stats["age_15_59"] += sum(n for age, n in by_age.items() if 15 <= age < 60)
        stats["age_60_plus"] += sum(n for age, n in by_age.items() if age >= 60)
        stats["age_65_plus"] += sum(n for age, n in by_age.items() if age >= 65)
        stats["age_80_plus"] += sum(n for age, n in by_age.items() if age >= 80)
        for key, value in zip(("urban", "disabled", "serious_illness", "phones", "incomes"), self.counts, strict=True):
            stats[key] += value
        self.ages, self.counts = [], [0, 0, 0, 0, 0]
        text = ""
        if self.c.csv:
            buf = io.StringIO()
            csv.writer(buf).writerows(self.csv_rows)
            text = buf.getvalue()
        return {"persons": self.persons, "households": self.households, "memberships": self.memberships,
                "incomes": self.incomes, "csv": text, "used_ids": self.ids.used, "originals": self.originals,
                "stats": self.stats}


# ---- the chunks of a run ---------------------------------------------------------------------------------------

_SHARED: dict[str, Context] = {}  # the run's context, set before forking: workers inherit it instead of a copy


def chunk_size(households: int) -> int:
    return max(CHUNK_HOUSEHOLDS, -(-households // MAX_CHUNKS))


def chunk_tasks(shapes: bytes, wanted: list[int]):
    """(chunk index, first household, its shapes, first person, the persons in it chosen for a duplicate)."""
    wanted_sorted = sorted(wanted)
    person = 0
    w = 0
    size_hh = chunk_size(len(shapes))
    for k, start in enumerate(range(0, len(shapes), size_hh)):
        part = shapes[start:start + size_hh]
        size = sum(SHAPE_SIZE[s] for s in part)
        mine = []
        while w < len(wanted_sorted) and wanted_sorted[w] < person + size:
            mine.append(wanted_sorted[w])
            w += 1
        yield (k, start, part, person, frozenset(mine))
        person += size


def _run_chunk(task) -> dict:
    k, hh_start, shapes, person_start, wanted = task
    with bulk.gc_paused():
        return Chunk(_SHARED["ctx"], k).run(hh_start, shapes, person_start, wanted)


def generate(ctx: Context, tasks: list, workers: int):
    """Chunk results in order. Forked workers with a bounded window (so results never pile up in memory)."""
    _SHARED["ctx"] = ctx
    try:
        yield from _results(tasks, workers)
    finally:
        _SHARED.clear()


def _results(tasks: list, workers: int):
    if workers <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            yield _run_chunk(task)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes=workers) as pool:
        pending: deque = deque()
        it = iter(tasks)
        for task in it:
            pending.append(pool.apply_async(_run_chunk, (task,)))
            if len(pending) >= workers + 1:
                break
        while pending:
            result = pending.popleft().get()
            nxt = next(it, None)
            if nxt is not None:
                pending.append(pool.apply_async(_run_chunk, (nxt,)))
            yield result
