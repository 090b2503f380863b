"""Identity fields of synthetic people: ID numbers (unique across all chunks of a run, with their GB 11643 check
characters), birth dates as text, the toneless pinyin of generated names, and mobile numbers."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from minzheng.core import crypto, idnumber

if TYPE_CHECKING:
    from minzheng.synthetic.context import Context

SEQ_SLOTS = 500  # ID sequence space: 500 numbers per birth date and sex

# GB 11643 check character (ISO 7064 MOD 11-2) from precomputed partial sums: Σ digit·weight over the address code
# (once per run), the birth date (once per date) and the sequence (a table). Same arithmetic as
# idnumber.check_character (stdnum), ~10× cheaper; tests parse every generated number with idnumber.parse.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SEQ_SUM = [sum(int(d) * w for d, w in zip(f"{n:03d}", _WEIGHTS[14:], strict=True)) for n in range(1000)]
_DAYS: dict[int, tuple[str, str, int]] = {}  # date ordinal → ("YYYYMMDD", "YYYY-MM-DD", check-sum part)


def weighted_sum(digits: str, first: int) -> int:
    return sum(int(d) * w for d, w in zip(digits, _WEIGHTS[first:first + len(digits)], strict=True))


def day(ordinal: int) -> tuple[str, str, int]:
    text = _DAYS.get(ordinal)
    if text is None:
        d = dt.date.fromordinal(ordinal)
        ymd = f"{d.year:04d}{d.month:02d}{d.day:02d}"
        text = _DAYS[ordinal] = (ymd, f"{ymd[:4]}-{ymd[4:6]}-{ymd[6:]}", weighted_sum(ymd, 6))
    return text


def with_check(body: str) -> str:
    """The 17-digit body and its check character (the slow, general way: planted duplicates only)."""
    return body + idnumber.check_character(body)


class IdNumbers:
    """The ID numbers one chunk hands out. For each (birth date, sex) chunk k of K takes sequence slots j·K + k,
    scattered over the 500 numbers of that sex by a fixed permutation, so no two chunks ever collide and the
    numbers do not depend on how many workers run the chunks. When a chunk runs out of slots for a date the birth
    date moves by a day. Numbers already in the database are skipped."""

    def __init__(self, ctx: Context, k: int):
        self.c = ctx
        self.k = k
        self.slots: dict[int, int] = {}
        self.used: list[int] = []  # bodies handed out (as integers), when planted duplicates must avoid them

    def take(self, born_ord: int, male: bool) -> tuple[str, str | None, int]:
        """(number, blind index or None in file-only mode, the birth date ordinal actually used)."""
        c = self.c
        K, k = c.chunks, self.k
        step = 0
        while True:
            key = born_ord * 2 + male
            j = self.slots.get(key, 0)
            offset = (born_ord * 7919 + c.seed * 104729) % SEQ_SLOTS
            ymd, _, date_sum = day(born_ord)
            while j * K + k < SEQ_SLOTS:
                slot = (offset + (j * K + k) * 211) % SEQ_SLOTS
                j += 1
                seq = slot * 2 + male
                body = f"{c.county6}{ymd}{seq:03d}"
                number = body + _CHECK[(c.county_sum + date_sum + _SEQ_SUM[seq]) % 11]
                index = crypto.blind_index(number) if c.db else None
                if index is not None and index in c.existing_index:
                    continue
                self.slots[key] = j
                if c.collect_ids:
                    self.used.append(int(body))
                return number, index, born_ord
            self.slots[key] = j
            step += 1
            born_ord += step if step % 2 else -step  # ±1, ±2, … days
            born_ord = min(born_ord, c.max_birth_ord)


# Toneless pinyin of a generated name, built from per-character keys. Equal to names.pinyin_key(name) for every name
# the generator can produce (checked exhaustively against pypinyin 0.55 over all 1,005,750 combinations of the pools
# in distributions.py) except where pypinyin reads a phrase differently: 于思 (yú sāi). Those names, and planted
# homophones (any GB 2312 character), use pinyin_key itself; tests compare every seeded name with pinyin_key.
_PHRASE_EXCEPTIONS = ("于思",)
_CHAR_PINYIN: dict[str, str] = {}


def pinyin_key(text: str) -> str:
    """names.pinyin_key, imported late: pypinyin takes a quarter of a second to load (the CLI imports this module)."""
    from minzheng.registry.names import pinyin_key as key

    return key(text)


def name_pinyin(name: str) -> str:
    if any(phrase in name for phrase in _PHRASE_EXCEPTIONS):
        return pinyin_key(name)
    parts = []
    for ch in name:
        key = _CHAR_PINYIN.get(ch)
        if key is None:
            key = _CHAR_PINYIN[ch] = pinyin_key(ch)
        parts.append(key)
    return "".join(parts)


MOBILE_PREFIXES = ("130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
                   "155", "156", "157", "158", "159", "166", "170", "171", "173", "175", "176", "177", "178", "180",
                   "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "196", "197",
                   "198", "199")
N_PREFIXES = len(MOBILE_PREFIXES)


def phone(rng: random.Random, age: int) -> str | None:
    """A mobile number, or None, by the age-dependent share of people who give one."""
    share = 0.0 if age < 14 else 0.35 if age < 16 else 0.93 if age < 70 else 0.65 if age < 80 else 0.3
    if rng.random() >= share:
        return None
    return MOBILE_PREFIXES[int(rng.random() * len(MOBILE_PREFIXES))] + f"{int(rng.random() * 1e8):08d}"
