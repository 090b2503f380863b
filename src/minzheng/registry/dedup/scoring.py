"""Scoring of a pair of person records (pure: no database): the signals, their weights and the reasons shown to
staff. See the package docstring for the two steps of detection; this is the second."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from minzheng.core import regioncodes

DEFAULT_MIN_SCORE = 60

# (points, reason). Name, birth date, ID number and residence each contribute at most one entry; sharing a
# household subtracts. Reasons are stored in Chinese and translated when shown ({% translate %}).
#
# The weights follow how often each signal arises by chance between two different people. People of one
# county born on the same day share the ID number's address code and birth segment, and their 3-digit sequence
# numbers differ in one digit about 1 time in 20 and in two digits most of the time: with the birth date
# already matching, "one digit apart" is corroboration (20), "two digits apart" is none (not scored). The
# birth segment alone differing counts only when the birth dates are themselves related (swap, ±1 day, year).
# Same name + same birth date alone (55) is a frequent coincidence in a county of 10⁶ people; it needs one more
# signal (residence, ID number) to reach the default threshold of 60. Worked examples:
#   ID typo        姓名相同 30 + 出生日期相同 25 + 身份证号仅一位不同 20 (+ 同住一村 10)                  → 75–85
#   15/18 digits   姓名相同 30 + 出生日期相同 25 + 身份证号仅地址码不同 30                              → 85+
#   day/month swap 姓名相同 30 + 出生日期月日颠倒 20 + 身份证号仅出生日期部分不同 20 (+ 同住一村 10)     → 70–80
#   homophone      姓名同音 30 + 出生日期相同 25 + 同住一村 10                                          → 65
#   changed name   姓氏相同 10 + 出生日期相同 25 + 身份证号仅一位不同 20 + 同住一村 10                    → 65
#   neighbours     出生日期相同 25 + 身份证号仅一位不同 20 + 同住一村 10 (different surnames)              → 55
#   twins          姓氏相同 10 + 出生日期相同 25 + 同住一村 10 − 同户 30                                  → 15
# Names without a surname (藏族 扎西次仁, 维吾尔族 阿依古丽·买买提: own name · father's name) change as a whole;
# for them the surname rule becomes "same people" (民族相同, 10), so a changed name still reaches 65.
#   namesakes      姓名相同 30 + 同住一村 10 (different birth dates, unrelated ID numbers)               → 40
# The household rule does not apply to identical names: nobody shares name and birth date with a relative.
NAME_SAME = (30, gettext_noop("姓名相同"))
NAME_HOMOPHONE = (30, gettext_noop("姓名同音"))
NAME_ONE_CHAR = (15, gettext_noop("姓名仅一字不同"))
SURNAME_SAME = (10, gettext_noop("姓氏相同"))
SAME_PEOPLE_NO_SURNAME = (10, gettext_noop("民族相同（姓名不含姓氏）"))
BIRTH_SAME = (25, gettext_noop("出生日期相同"))
BIRTH_SWAP = (20, gettext_noop("出生日期月日颠倒"))
BIRTH_NEXT_DAY = (20, gettext_noop("出生日期相差一天"))
BIRTH_YEAR_ONLY = (10, gettext_noop("出生日期仅年份不同"))
ID_ONE_DIGIT = (20, gettext_noop("身份证号仅一位不同"))
ID_TRANSPOSED = (20, gettext_noop("身份证号相邻两位颠倒"))
ID_ADDRESS_ONLY = (30, gettext_noop("身份证号仅地址码不同（可能为新旧证号）"))
ID_BIRTH_ONLY = (20, gettext_noop("身份证号仅出生日期部分不同"))
SAME_VILLAGE = (10, gettext_noop("同住一村"))
SAME_PLACE = (10, gettext_noop("经常居住地相同"))
SAME_TOWNSHIP = (5, gettext_noop("同一乡镇"))
SAME_HOUSEHOLD = (-30, gettext_noop("同户在册成员（可能为亲属）"))


@dataclass(frozen=True)
class PersonKey:
    """What scoring needs of one person (the ID number in plaintext, held only in memory)."""

    id: int
    name: str
    pinyin: str
    birth_date: dt.date
    sex: str
    region: str
    id_number: str
    ethnicity: str = ""


# Peoples whose names usually carry no surname (GB 3304 codes): 蒙古、藏、维吾尔、哈萨克、柯尔克孜、塔吉克、
# 乌孜别克、塔塔尔、门巴. A name with a middle dot (own·father's name) counts as surname-less too.
NO_SURNAME_ETHNICITIES = frozenset({"02", "04", "05", "17", "29", "41", "43", "50", "54"})


def _no_surname(p: PersonKey) -> bool:
    return "·" in p.name or p.ethnicity in NO_SURNAME_ETHNICITIES


def _name_signal(a: PersonKey, b: PersonKey):
    if a.name == b.name:
        return NAME_SAME
    if a.pinyin and a.pinyin == b.pinyin:
        return NAME_HOMOPHONE
    if len(a.name) == len(b.name) >= 2 and sum(x != y for x, y in zip(a.name, b.name, strict=True)) == 1:
        return NAME_ONE_CHAR
    if _no_surname(a) and _no_surname(b):
        return SAME_PEOPLE_NO_SURNAME if a.ethnicity and a.ethnicity == b.ethnicity else None
    if a.name[:1] and a.name[:1] == b.name[:1]:
        return SURNAME_SAME
    return None


def _birth_signal(x: dt.date, y: dt.date):
    if x == y:
        return BIRTH_SAME
    if x.year == y.year and x.month == y.day and x.day == y.month:
        return BIRTH_SWAP
    if abs((x - y).days) == 1:
        return BIRTH_NEXT_DAY
    if (x.month, x.day) == (y.month, y.day):
        return BIRTH_YEAR_ONLY
    return None


def id_signal(x: str, y: str):
    """How two (normalised, 18-character) ID numbers relate. The check character is ignored: it follows the
    other 17, so a one-digit typo changes it too."""
    if len(x) != 18 or len(y) != 18 or x == y:
        return None
    diffs = [i for i in range(17) if x[i] != y[i]]
    if len(diffs) == 1:
        return ID_ONE_DIGIT
    if len(diffs) == 2 and diffs[1] == diffs[0] + 1 and x[diffs[0]] == y[diffs[1]] and x[diffs[1]] == y[diffs[0]]:
        return ID_TRANSPOSED
    if diffs and diffs[-1] < 6:  # birth date and sequence equal: an old (15-digit era) card of another county
        return ID_ADDRESS_ONLY
    if diffs and diffs[0] >= 6 and diffs[-1] < 14:
        return ID_BIRTH_ONLY
    return None


def _place_signal(x: str, y: str):
    if x == y:
        return SAME_VILLAGE if regioncodes.level_of(x) == "village" else SAME_PLACE
    if x[:9] == y[:9] and x[6:9] != "000":
        return SAME_TOWNSHIP
    return None


def score_pair(a: PersonKey, b: PersonKey, same_household: bool = False) -> tuple[int, list[str]]:
    """Score 0–100 and the reasons (Chinese) for two person records being the same real person."""
    name, birth = _name_signal(a, b), _birth_signal(a.birth_date, b.birth_date)
    ids = id_signal(a.id_number, b.id_number)
    if ids is ID_BIRTH_ONLY and birth in (None, BIRTH_SAME):
        ids = None  # unrelated birth dates: a shared sequence number is a coincidence
    household = SAME_HOUSEHOLD if same_household and name is not NAME_SAME else None
    signals = [s for s in (name, birth, ids, _place_signal(a.region, b.region), household) if s]
    score = sum(points for points, _ in signals)
    return max(0, min(100, score)), [reason for _, reason in signals]


def common_region(x: str, y: str) -> str:
    """The deepest region code (12 characters) whose subtree holds both codes."""
    best = ""
    for level in regioncodes.LEVELS:
        n = regioncodes.LEVEL_LENGTH[level]
        if x[:n] != y[:n]:
            break
        best = x[:n]
    return best.ljust(12, "0")

