"""Planted duplicates (`seed_county(duplicates=N)`): N extra persons, each the only member (户主) of a new
single-person household (so every person keeps exactly one active membership), imitating a data-entry error about a
randomly chosen person:
- id_typo: same name, birth date and sex; one digit of the 3-digit sequence changed (sex parity kept), check character
  recomputed; registered in the same village or (half of them) another village of the county.
- birth_swap: same name and sex; month and day of the birth date swapped (when both ≤ 12 and different) or one day
  off; same sequence when free; same or another village.
- homophone: same birth date, sex and village; one character of the name replaced by a same-pinyin character (张伟 →
  章伟, as a pinyin IME offers); a different valid ID number of the same birth date and sex.
- name_change: same birth date, sex and village and same surname; a given name sharing no character with the old
  one; the ID number differs in one sequence digit.
The ground truth is returned as planted_duplicates = [[original, duplicate, kind], …] (person ids; ID numbers in
file-only mode, where there are no ids)."""

from __future__ import annotations

import datetime as dt
import random
from functools import cache

from minzheng.core import crypto
from minzheng.synthetic.context import Context
from minzheng.synthetic.distributions import given_name, minority_name
from minzheng.synthetic.households import Chunk
from minzheng.synthetic.identities import SEQ_SLOTS, phone, pinyin_key, with_check

DUPLICATE_KINDS = ("id_typo", "birth_swap", "homophone", "name_change")


@cache
def _homophones() -> dict[str, list[str]]:
    """Same-pinyin (toneless) alternatives among the 3,755 level-1 GB 2312 characters — what a pinyin IME offers."""
    groups: dict[str, list[str]] = {}
    for a in range(0xB0, 0xD8):
        for b in range(0xA1, 0xFF):
            if a == 0xD7 and b > 0xF9:
                break
            ch = bytes([a, b]).decode("gb2312")
            groups.setdefault(pinyin_key(ch), []).append(ch)
    table: dict[str, list[str]] = {}
    for chars in groups.values():
        for ch in chars:
            others = [o for o in chars if o != ch]
            if others:
                table[ch] = others
    return table


class _Planter:
    """Makes the duplicate records. Every number is checked against all numbers of the run and the database."""

    def __init__(self, ctx: Context, used: set[int], rng: random.Random):
        self.c, self.used, self.rng = ctx, used, rng

    def free(self, body: str) -> bool:
        if int(body) in self.used:
            return False
        return not (self.c.db and crypto.blind_index(with_check(body)) in self.c.existing_index)

    def take(self, body: str) -> str:
        self.used.add(int(body))
        return with_check(body)

    def one_digit_changed(self, number: str) -> str | None:
        """Same address code and birth date, one digit of the 3-digit sequence changed, sex parity kept."""
        head, seq = number[:14], number[14:17]
        options = []
        for pos in range(3):
            for d in "0123456789":
                if d == seq[pos] or (pos == 2 and int(d) % 2 != int(seq[2]) % 2):
                    continue
                options.append(seq[:pos] + d + seq[pos + 1:])
        self.rng.shuffle(options)
        for new in options:
            if self.free(head + new):
                return self.take(head + new)
        return None

    def any_sequence(self, head14: str, male: bool) -> str | None:
        start = self.rng.randrange(SEQ_SLOTS)
        for i in range(SEQ_SLOTS):
            seq = ((start + i) % SEQ_SLOTS) * 2 + male
            if self.free(f"{head14}{seq:03d}"):
                return self.take(f"{head14}{seq:03d}")
        return None

    def swapped_birth(self, number: str) -> str | None:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        candidates = []
        if born.day <= 12 and born.day != born.month:
            candidates.append(dt.date(born.year, born.day, born.month))  # 月日颠倒
        candidates += [born + dt.timedelta(days=1), born - dt.timedelta(days=1)]  # 差一天
        real_today = dt.date.today()
        for day in candidates:
            if day > real_today:
                continue
            head = f"{number[:6]}{day:%Y%m%d}"
            body = head + number[14:17]
            if self.free(body):
                return self.take(body)
            other = self.any_sequence(head, int(number[16]) % 2 == 1)
            if other:
                return other
        return None

    def homophone(self, name: str) -> str | None:
        table = _homophones()
        target = pinyin_key(name)
        positions = [i for i, ch in enumerate(name) if ch in table]
        self.rng.shuffle(positions)
        for i in positions:
            options = list(table[name[i]])
            self.rng.shuffle(options)
            for alt in options:
                candidate = name[:i] + alt + name[i + 1:]
                if pinyin_key(candidate) == target:
                    return candidate
        return None


def plant(ctx: Context, originals: list[dict], kinds: list[str], used: set[int], rng: random.Random,
          person_start: int, household_start: int) -> tuple[list[tuple[dict, dict, str]], Chunk]:
    """Returns [(original, duplicate, kind)] and a Chunk holding the rows (one single-person household each)."""
    planter = _Planter(ctx, used, rng)
    sink = Chunk(ctx, 0)  # only a holder of rows: every draw here comes from `rng`
    planted = []
    villages = ctx.villages
    by_code = {v.code: v for v in villages}
    for n, (orig, kind) in enumerate(zip(originals, kinds, strict=True)):
        name, number = orig["name"], orig["id_number"]
        male = orig["sex"] == "M"
        village = by_code[orig["village"]]
        new_number = None
        if kind == "id_typo":
            new_number = planter.one_digit_changed(number)
        elif kind == "birth_swap":
            new_number = planter.swapped_birth(number)
        elif kind == "homophone":
            new_name = planter.homophone(name)
            if new_name is None:
                kind = "id_typo"  # no same-pinyin character available (rare): fall back, and say so
                new_number = planter.one_digit_changed(number)
            else:
                name = new_name
                new_number = planter.any_sequence(number[:14], male)
        elif kind == "name_change":
            surname = orig["surname"]
            birth_year = int(number[6:10])
            candidate = None
            for _ in range(100):
                if surname:  # same surname, a given name sharing no character with the old one
                    candidate = surname + given_name(rng, orig["sex"], birth_year)
                    if not set(orig["name"][len(surname):]) & set(candidate[len(surname):]):
                        break
                else:  # names without a surname (扎西次仁, 阿依古丽·买买提): a new name of the same people
                    candidate = minority_name(rng, orig["ethnicity"], orig["sex"])
                    if candidate and not set(orig["name"].split("·")[0]) & set(candidate.split("·")[0]):
                        break
                candidate = None
            if candidate is None:
                continue
            name = candidate
            new_number = planter.one_digit_changed(number)
        if new_number is None:
            continue  # every neighbouring number taken (practically impossible); skip this one
        if kind in ("id_typo", "birth_swap") and rng.random() < 0.5:
            village = villages[rng.randrange(len(villages))]  # registered a second time elsewhere in the county
        p_index = person_start + n
        hh = household_start + n
        dup = {"person_id": ctx.base_person + p_index + 1, "id_number": new_number, "name": name}
        born_ord = dt.date(int(new_number[6:10]), int(new_number[10:12]), int(new_number[12:14])).toordinal()
        r = rng.random()
        phone_number = orig["phone"] if r < 0.4 else None if r < 0.7 else phone(rng, 30)
        joined = ctx.ref_ord - rng.randrange(1, 3 * 365)
        _rows(sink, ctx, rng, p_index, hh, village, orig, name, new_number, born_ord, phone_number, joined)
        planted.append((orig, dup, kind))
    return planted, sink


def _rows(sink: Chunk, ctx: Context, rng: random.Random, p_index, hh, village, orig, name, number, born_ord,
          phone_number, joined):
    """The duplicate's person, household and membership rows (copying the original's other attributes)."""
    pid = ctx.base_person + p_index + 1
    ref = f"S{ctx.seed}-{hh + 1:07d}"
    address = f"{village.short}{1 + rng.randrange(90)}号"
    urban = village.urban
    category, grade = orig["category"], orig["grade"]
    joined_on = dt.date.fromordinal(max(joined, born_ord)).isoformat()
    if ctx.db:
        index = crypto.blind_index(number)
        sink.persons.append((  # sealed to the person's ID-number index (core.protected)
            pid, name, pinyin_key(name), crypto.encrypt(number, crypto.aad("registry_person", "id_number_enc", index)),
            index, crypto.encrypt(phone_number, crypto.aad("registry_person", "phone_enc", index))
            if phone_number else None,
            crypto.blind_index(phone_number) if phone_number else None,
            dt.date.fromordinal(born_ord).isoformat(), orig["sex"], orig["ethnicity"], village.code, orig["hukou"],
            category, grade, None, orig["ill"], orig["illness"], orig["labour"], orig["schooling"],
            orig["employment"], orig["marital"]))
        sink.households.append((ctx.base_household + hh + 1, village.code, "urban" if urban else "rural", address,
                                pid, ref))
        sink.memberships.append((ctx.base_membership + p_index + 1, ctx.base_household + hh + 1, pid, "02",
                                 joined_on, "建户"))
    if ctx.csv:
        sink.csv_rows.append([ref, village.code, "城市" if urban else "农村", address, name, number, "02",
                              phone_number or "", orig["ethnicity"], category, str(grade) if grade else "",
                              orig["labour"], "是" if orig["ill"] else "否", orig["employment"], orig["schooling"]])
