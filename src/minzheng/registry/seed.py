"""Synthetic region generator: `minzheng seed [registry] --county CODE --people N [--seed S]`.

Creates townships and villages under a real county when it has none (real names from the national statistical
package, else synthetic ones with valid codes), then households, persons, memberships and incomes with the shape of
a real Chinese county — written straight to the database with set-based inserts, and/or as a household import file
(registry/columns.py). Deterministic: the same (county, people, seed) gives the same names, ID numbers and households
(ciphertexts differ: SM4-GCM nonces are random by design).

Sources of the shape (approximate figures, good enough for synthetic data):
- [C7] 第七次全国人口普查公报（第五号、第七号，2021）: ages 0–14 17.95 %, 15–59 63.35 %, 60+ 18.70 %, 65+ 13.50 %;
  80+ ≈ 2.54 % (《中国人口普查年鉴—2020》); average household size 2.62; households by size 1: 25.4 %, 2: 29.7 %,
  3: 21.0 %, 4: 13.2 %, 5: 6.2 %, 6+: 4.5 %; urbanisation 63.9 %; sex ratio 105.07; 人户分离 ≈ 35 %; provincial
  ethnic composition (省级公报) for the minority mix below.
- [D2] 第二次全国残疾人抽样调查主要数据公报（2006）: prevalence 6.34 %; by category 肢体 29.07 %, 听力 24.16 %,
  多重 16.30 %, 视力 14.86 %, 精神 7.40 %, 智力 6.68 %, 言语 1.53 %; about half of disabled persons are 60+;
  重度（一、二级）≈ 30 %.
- [N] 公安部户政管理研究中心《二〇二〇年全国姓名报告》: surname shares (王 7.1 %, 李 7.0 %, 张 6.7 % …) and the
  given-name fashions of each generation.
- [E] 教育部《2020年全国教育事业发展统计公报》: preschool gross enrolment 85 %, senior secondary 91 % (≈ 40 % of
  it vocational), higher education gross enrolment 54 %.
- [I] 国家统计局 2022 年居民收支与城镇单位平均工资: urban wages, rural per-capita business income; 城乡居民
  基础养老金 minimum (国发〔2014〕8号 and later increases), 农村部分计划生育家庭奖励扶助 960 元/年.

Writes: one transaction for the whole run (all-or-nothing; re-running after a failure starts clean). Rows go in with
`cursor.executemany` in batches of BATCH rows, ids allocated after the current MAX(id) under a table lock
(PostgreSQL sequences are moved past them at the end). On SQLite a large load rebuilds the non-unique indexes of the
four registry tables once at the end of that same transaction instead of maintaining them row by row (about a third
less time for 1,000,000 persons; the schema is restored from sqlite_master exactly as it was). Row generation and SM4/SM3 work run in forked worker
processes, one chunk of households each, every chunk seeded from (seed, chunk index), so the result does not depend
on the number of workers. One audit entry per run.

Planted duplicates (`duplicates=N`): N extra persons, each the only member (户主) of a new single-person household
(so every person keeps exactly one active membership), imitating a data-entry error about a randomly chosen person:
- id_typo: same name, birth date and sex; one digit of the 3-digit sequence changed (sex parity kept), check character
  recomputed; registered in the same village or (half of them) another village of the county.
- birth_swap: same name and sex; month and day of the birth date swapped (when both ≤ 12 and different) or one day
  off; same sequence when free; same or another village.
- homophone: same birth date, sex and village; one character of the name replaced by a same-pinyin character (张伟 →
  章伟, as a pinyin IME offers); a different valid ID number of the same birth date and sex.
- name_change: same birth date, sex and village and same surname; a given name sharing no character with the old
  one; the ID number differs in one sequence digit.
The ground truth is returned as planted_duplicates = [[original, duplicate, kind], …] (person ids; ID numbers in
file-only mode, where there are no ids).
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import datetime as dt
import gc
import io
import json
import math
import multiprocessing
import os
import random
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

from minzheng.core import crypto, idnumber, regioncodes
from minzheng.registry.columns import HOUSEHOLD_COLUMNS

SYNTHETIC_SOURCE = "合成数据（minzheng seed）"
BATCH = 20_000  # rows per executemany call
CHUNK_HOUSEHOLDS = 4_000  # households per generation chunk (≈ 10,000 persons) …
MAX_CHUNKS = 250  # … but never more chunks than this (each needs ≥ 2 of the 500 sequence numbers per date and sex)
PARALLEL_FROM = 50_000  # people: below this, generate in-process
REBUILD_INDEXES_FROM = 100_000  # people (SQLite): drop and rebuild non-unique indexes instead of maintaining them
SQLITE_CACHE_KIB_PER_PERSON = 1  # page cache during a large SQLite load …
SQLITE_CACHE_KIB_MAX = 400_000  # … at most ~400 MB (keeps the unique indexes cached; peak RSS stays well under 2 GB)
MAX_PEOPLE = 5_000_000  # ID sequence space: 500 numbers per birth date and sex
SEQ_SLOTS = 500
DUPLICATE_KINDS = ("id_typo", "birth_swap", "homophone", "name_change")


# ---- distributions ---------------------------------------------------------------------------------------------

def _cum(weights) -> list[float]:
    total = float(sum(weights))
    out, run = [], 0.0
    for w in weights:
        run += w
        out.append(run / total)
    out[-1] = 1.0
    return out


# [N] surnames: the top 20 with their shares, the next 80 declining (together ≈ 86 % of the population).
_TOP_SURNAMES = [("王", 7.12), ("李", 7.00), ("张", 6.74), ("刘", 5.38), ("陈", 4.53), ("杨", 3.08), ("黄", 2.23),
                 ("赵", 2.20), ("吴", 2.05), ("周", 1.91), ("徐", 1.53), ("孙", 1.47), ("马", 1.44), ("胡", 1.31),
                 ("朱", 1.26), ("郭", 1.25), ("何", 1.20), ("罗", 0.98), ("高", 0.95), ("林", 0.93)]
_MORE_SURNAMES = ("郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白"
                  "邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜")
SURNAMES = [s for s, _ in _TOP_SURNAMES] + list(_MORE_SURNAMES)
_SURNAME_CUM = _cum([w for _, w in _TOP_SURNAMES] + [0.85 - 0.65 * i / len(_MORE_SURNAMES)
                                                     for i in range(len(_MORE_SURNAMES))])

# [N] given-name characters by birth cohort and sex.
_GIVEN = {
    (0, "M"): "国建明华军德文福林春海成忠宝生荣山永友志金贵根才树青祥庆胜富全兴保洪顺满仁義礼智信",
    (0, "F"): "秀英兰桂珍芳凤玉华梅淑琴翠云莲霞荣素香花菊月娥美丽爱春金凤银彩巧",
    (1, "M"): "伟勇军磊涛斌强鹏杰超波辉刚健峰亮明俊飞东华平建国卫红新宏永志海林忠卫兵立",
    (1, "F"): "丽娟艳静敏燕红霞芳玲萍英华梅琴琳丹慧颖洁雪莉虹凤红玉晓春燕利",
    (2, "M"): "伟磊超勇杰涛鹏斌浩宇飞鑫强俊晨阳帅凯龙博亮波辉健峰明坤旭东林翔宁",
    (2, "F"): "婷丽娜静敏燕丹倩雪琳晶慧颖洁莉欣佳蕾露娇瑶璐悦月媛琪倩雯楠蓉",
    (3, "M"): "浩宇轩子睿泽然博俊皓一梓晨铭航辰逸阳文嘉豪杰宸奕霖瑞天昊煜诚宇轩沐",
    (3, "F"): "子涵欣怡梓萱雨诺可馨思佳语琪悦彤妍晨一若汐依诗雅心瑶琳桐沫钰",
}
_GIVEN = {key: "".join(dict.fromkeys(chars)) for key, chars in _GIVEN.items()}


def _cohort(birth_year: int) -> int:
    return 0 if birth_year < 1960 else 1 if birth_year < 1980 else 2 if birth_year < 2000 else 3


# Names of a few minority peoples in their usual Chinese transliteration (no surname; Turkic: own·father's name).
_MINORITY_NAMES = {
    "04": (("扎西", "次仁", "多吉", "顿珠", "格桑", "平措", "旺堆", "尼玛", "达瓦", "索朗"),
           ("卓玛", "央金", "拉姆", "德吉", "曲珍", "白玛", "次仁", "格桑", "达瓦", "尼玛")),
    "05": (("买买提", "艾力", "阿不都", "吐尔逊", "艾买提", "努尔", "亚森", "热合曼", "阿里木", "伊力哈木"),
           ("阿依古丽", "古丽", "热依拉", "迪丽努尔", "努尔古丽", "帕提古丽", "米娜", "祖丽胡玛", "阿依努尔")),
    "17": (("叶尔兰", "努尔兰", "别克", "阿斯哈尔", "达吾列提", "哈力木", "叶尔江", "波拉提"),
           ("阿依达娜", "古丽娜尔", "玛依拉", "阿依登", "加娜尔", "阿克麻拉")),
    "02": (("巴特尔", "额尔敦", "苏和", "朝鲁", "巴雅尔", "宝音", "那顺"), ("其其格", "乌云", "斯琴", "萨仁", "娜仁", "高娃")),
}
_MINORITY_NAMES["29"] = _MINORITY_NAMES["17"]

# [C7] ethnic composition by province (approximate shares, %); everything not listed is 汉族 (01).
_ETHNIC_MIX = {
    "11": {"11": 1.6, "03": 1.2, "02": 0.4}, "13": {"11": 2.8, "03": 0.8, "02": 0.3},
    "15": {"02": 17.7, "11": 1.9, "03": 0.9}, "21": {"11": 12.3, "02": 1.6, "03": 0.6, "10": 0.5},
    "22": {"10": 4.0, "11": 3.5, "02": 0.6}, "23": {"11": 2.9, "10": 0.8, "02": 0.3},
    "33": {"22": 0.4, "15": 0.6, "06": 0.6, "09": 0.4, "12": 0.3}, "35": {"22": 1.0, "15": 0.3, "06": 0.3},
    "37": {"03": 0.6}, "41": {"03": 1.0}, "42": {"15": 3.7, "06": 0.4},
    "43": {"15": 4.9, "06": 3.1, "12": 1.3, "13": 1.1, "14": 0.2}, "44": {"08": 0.8, "13": 0.3, "15": 0.5},
    "45": {"08": 31.4, "13": 3.4, "06": 1.1, "12": 0.6, "32": 0.4, "36": 0.2}, "46": {"19": 15.8, "06": 0.8},
    "50": {"15": 5.1, "06": 1.5}, "51": {"07": 3.3, "04": 1.6, "33": 0.4},
    "52": {"06": 11.5, "09": 7.9, "15": 4.0, "12": 4.0, "07": 2.6, "37": 1.4, "25": 1.0, "03": 0.5, "14": 0.5},
    "53": {"07": 10.7, "16": 3.7, "14": 3.4, "18": 2.6, "08": 2.6, "06": 2.6, "03": 1.6, "20": 1.5, "24": 1.1,
           "21": 0.9, "27": 0.7},
    "54": {"04": 86.0, "03": 0.3, "54": 0.3}, "62": {"03": 5.0, "04": 2.3, "26": 2.5},
    "63": {"04": 25.7, "03": 14.8, "30": 3.6, "35": 1.9, "02": 1.7}, "64": {"03": 35.6},
    "65": {"05": 44.9, "17": 6.5, "03": 4.0, "29": 0.8, "02": 0.7},
}
_DEFAULT_ETHNIC = {"03": 0.4, "11": 0.2, "15": 0.15, "06": 0.15, "08": 0.1}

# [D2] disability category mix (adults as surveyed; children: more intellectual and speech disabilities).
_DISABILITY_ADULT = (("4", 29.07), ("2", 24.16), ("7", 16.30), ("1", 14.86), ("6", 7.40), ("5", 6.68), ("3", 1.53))
_DISABILITY_CHILD = (("5", 30.0), ("4", 25.0), ("7", 15.0), ("3", 10.0), ("2", 10.0), ("1", 5.0), ("6", 5.0))
_DISABILITY_GRADE = ((1, 12.0), (2, 18.0), (3, 28.0), (4, 42.0))
_ILLNESS_ADULT = (("恶性肿瘤", 50), ("尿毒症", 12), ("重症慢性肾衰竭透析", 5), ("白血病", 6), ("再生障碍性贫血", 3),
                  ("器官移植术后抗排异治疗", 3), ("耐多药肺结核", 3), ("重性精神病", 6), ("脑卒中后遗症", 8),
                  ("系统性红斑狼疮", 2), ("血友病", 2))
_ILLNESS_CHILD = (("先天性心脏病", 40), ("白血病", 35), ("恶性肿瘤", 15), ("血友病", 5), ("儿童苯丙酮尿症", 5))

def _by_age(bands) -> list[float]:
    """Per-age table (0–110) from ((upper age exclusive, value), …)."""
    return [next(v for upper, v in bands if age < upper) for age in range(111)]


# [D2] disability prevalence rises steeply with age (≈ 6 % overall, about half of it 60+); serious illness ≈ 1.3 %.
_DISABILITY_RATE = _by_age(((15, 0.012), (45, 0.03), (60, 0.06), (70, 0.12), (80, 0.2), (999, 0.35)))
_ILLNESS_RATE = _by_age(((15, 0.003), (45, 0.005), (60, 0.015), (75, 0.03), (999, 0.04)))
_PHONE_SHARE = _by_age(((14, 0.0), (16, 0.35), (70, 0.93), (80, 0.65), (999, 0.3)))
_DISABILITY_CODES = ([c for c, _ in _DISABILITY_ADULT], [c for c, _ in _DISABILITY_CHILD])  # [is_child]
_DISABILITY_ADULT_CUM = _cum([w for _, w in _DISABILITY_ADULT])
_DISABILITY_CHILD_CUM = _cum([w for _, w in _DISABILITY_CHILD])
_DISABILITY_GRADE_CUM = _cum([w for _, w in _DISABILITY_GRADE])

_MOBILE_PREFIXES = ("130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
                    "155", "156", "157", "158", "159", "166", "170", "171", "173", "175", "176", "177", "178", "180",
                    "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "196", "197",
                    "198", "199")

# Household shapes. Roles: h head, s spouse, c child, p parent of the head or spouse, g grandchild, l child-in-law.
# Weights tuned so the result matches [C7]: mean size ≈ 2.6, the age pyramid and the share of one-person households.
SHAPES = (
    ("single_adult", 17.5, 1),  # young or middle-aged, living alone (many migrants)
    ("single_elder", 8.0, 1),  # 独居老人
    ("couple_young", 6.0, 2),
    ("couple_middle", 8.0, 2),  # 空巢
    ("couple_elder", 8.5, 2),  # 空巢老人
    ("single_parent_1", 2.5, 2),
    ("elder_with_child", 2.0, 2),  # an elderly parent and an unmarried or divorced adult child
    ("skip_gen_1", 1.0, 2),  # 隔代：祖父或祖母 + 孙子女（留守儿童）
    ("nuclear_1", 16.0, 3),
    ("single_parent_2", 1.0, 3),
    ("couple_parent", 3.0, 3),  # a middle-aged couple and one elderly parent
    ("skip_gen_2", 1.5, 3),  # grandparents + one grandchild
    ("nuclear_2", 10.0, 4),
    ("three_gen_1", 5.0, 4),  # couple + child + one elderly parent
    ("stem_widow", 1.5, 4),  # widowed elderly head + son + daughter-in-law + grandchild
    ("nuclear_3", 1.5, 5),
    ("three_gen_2", 2.5, 5),
    ("three_gen_3", 2.0, 5),  # couple + child + both parents
    ("stem_elder_1", 2.0, 5),  # elderly couple (head) + son + daughter-in-law + grandchild
    ("three_gen_4", 1.2, 6),
    ("stem_elder_2", 1.2, 6),
)
_N_PREFIXES = len(_MOBILE_PREFIXES)
SHAPE_SIZE = [size for _, _, size in SHAPES]
_SHAPE_CUM = _cum([w for _, w, _ in SHAPES])
_FILL_SHAPE = {size: next(i for i, s in enumerate(SHAPES) if s[2] == size) for size in range(1, 7)}


# ---- the generation context shared by all chunks ----------------------------------------------------------------

@dataclass
class _Village:
    code: str
    urban: bool
    short: str  # name without 居委会/村委会, for addresses


@dataclass
class _Context:
    county6: str
    seed: int
    ref_ord: int  # "today" (clock.today()) as a date ordinal
    max_birth_ord: int  # never later than the real today (idnumber.parse rejects future birth dates)
    income_year: int
    chunks: int
    villages: list[_Village]
    village_cum: list[float]
    hukou_elsewhere: list[str]  # other counties of the province (人户分离)
    ethnic_codes: list[str]
    ethnic_cum: list[float]
    db: bool
    csv: bool
    collect_ids: bool
    county_sum: int = 0  # check-sum part of the address code
    base_person: int = 0
    base_household: int = 0
    base_membership: int = 0
    existing_index: set = field(default_factory=set)


_CTX: _Context | None = None  # set before forking; workers inherit it


# Toneless pinyin of a generated name, built from per-character keys. Equal to names.pinyin_key(name) for every name
# the generator can produce (checked exhaustively against pypinyin 0.55 over all 1,005,750 combinations of the pools
# above) except where pypinyin reads a phrase differently: 于思 (yú sāi). Those names, and planted homophones (any
# GB 2312 character), use pinyin_key itself; tests compare every seeded name with pinyin_key.
_PHRASE_EXCEPTIONS = ("于思",)
_CHAR_PINYIN: dict[str, str] = {}
_DAYS: dict[int, tuple[str, str, int]] = {}  # date ordinal → ("YYYYMMDD", "YYYY-MM-DD", check-sum part)

# GB 11643 check character (ISO 7064 MOD 11-2) from precomputed partial sums: Σ digit·weight over the address code
# (once per run), the birth date (once per date) and the sequence (a table). Same arithmetic as
# idnumber.check_character (stdnum), ~10× cheaper; tests parse every generated number with idnumber.parse.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SEQ_SUM = [sum(int(d) * w for d, w in zip(f"{n:03d}", _WEIGHTS[14:])) for n in range(1000)]


def _weighted_sum(digits: str, first: int) -> int:
    return sum(int(d) * w for d, w in zip(digits, _WEIGHTS[first:first + len(digits)]))


def _pinyin_key(text: str) -> str:
    """names.pinyin_key, imported late: pypinyin takes a quarter of a second to load (the CLI imports this module)."""
    from minzheng.registry.names import pinyin_key

    return pinyin_key(text)


def _name_pinyin(name: str) -> str:
    if any(phrase in name for phrase in _PHRASE_EXCEPTIONS):
        return _pinyin_key(name)
    parts = []
    for ch in name:
        key = _CHAR_PINYIN.get(ch)
        if key is None:
            key = _CHAR_PINYIN[ch] = _pinyin_key(ch)
        parts.append(key)
    return "".join(parts)


@contextlib.contextmanager
def _gc_paused():
    """The cyclic garbage collector off while millions of row tuples are built (none of them in cycles; refcounting
    frees them): it otherwise rescans the growing lists again and again, a third of the generation time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _day(ordinal: int) -> tuple[str, str, int]:
    text = _DAYS.get(ordinal)
    if text is None:
        d = dt.date.fromordinal(ordinal)
        ymd = f"{d.year:04d}{d.month:02d}{d.day:02d}"
        text = _DAYS[ordinal] = (ymd, f"{ymd[:4]}-{ymd[4:6]}-{ymd[6:]}", _weighted_sum(ymd, 6))
    return text


def _fen_text(fen: int) -> str:
    """Exact decimal text of an amount in fen (分): 1234567 → "12345.67". Never a float."""
    return f"{fen // 100}.{fen % 100:02d}"


# ---- one chunk of households ------------------------------------------------------------------------------------

class _Chunk:
    """Generates households [hh_start, hh_start + len(shapes)) — persons from person_start on — with its own RNG."""

    def __init__(self, ctx: _Context, k: int):
        self.c = ctx
        self.k = k
        self.rng = random.Random(f"minzheng-seed:{ctx.seed}:chunk:{k}")
        self.slots: dict[int, int] = {}
        self.persons: list[tuple] = []
        self.households: list[tuple] = []
        self.memberships: list[tuple] = []
        self.incomes: list[tuple] = []
        self.csv_rows: list[list[str]] = []
        self.used_ids: list[int] = []
        self.originals: dict[int, dict] = {}
        self.stats: Counter = Counter()
        self.father: str | None = None  # the household's husband/father, for Turkic patronymics
        self.ages: list[int] = []
        self.counts = [0, 0, 0, 0, 0]  # urban, disabled, serious illness, phones, incomes

    # -- small helpers

    def _span(self, spans) -> int:
        """spans: ((lo, hi, weight), ...) → an integer age, uniform within the chosen span."""
        r = self.rng.random() * spans[-1][2]
        for lo, hi, cum in spans:
            if r < cum:
                return lo + int(self.rng.random() * (hi - lo + 1))
        lo, hi, _ = spans[-1]
        return hi

    def surname(self) -> str:
        return SURNAMES[bisect.bisect_right(_SURNAME_CUM, self.rng.random())]

    def given(self, sex: str, birth_year: int) -> str:
        rng = self.rng
        pool = _GIVEN[(_cohort(birth_year), sex)]
        two = rng.random() < (0.72 if birth_year < 1960 else 0.82 if birth_year < 1990 else 0.9)
        a = pool[int(rng.random() * len(pool))]
        if not two:
            return a
        if rng.random() < 0.03:
            return a + a  # 叠字 婷婷
        b = pool[int(rng.random() * len(pool))]
        return a + b if b != a else a + pool[(pool.index(a) + 1) % len(pool)]

    def minority_name(self, ethnicity: str, sex: str, father: str | None = None) -> str | None:
        table = _MINORITY_NAMES.get(ethnicity)
        if table is None or (ethnicity == "02" and self.rng.random() < 0.6):
            return None
        rng = self.rng
        if ethnicity == "04":  # two of the usual components: 扎西次仁, 次仁卓玛
            first = table[0 if sex == "M" else 1 if rng.random() < 0.5 else 0]
            second = table[0 if sex == "M" else 1]
            return first[int(rng.random() * len(first))] + second[int(rng.random() * len(second))]
        own = table[0 if sex == "M" else 1]
        name = own[int(rng.random() * len(own))]
        if ethnicity == "02":
            return name
        return name + "·" + (father or table[0][int(rng.random() * len(table[0]))])  # own name · father's name

    def id_number(self, born_ord: int, male: bool) -> tuple[str, str | None, int]:
        """A valid ID number unique across all chunks: for each (birth date, sex) the chunk takes sequence slots
        j·K + k (K chunks, k this chunk), scattered over the 500 numbers of that sex by a fixed permutation.
        When a chunk runs out of slots for a date the birth date moves by a day."""
        c = self.c
        K, k = c.chunks, self.k
        step = 0
        while True:
            key = born_ord * 2 + male
            j = self.slots.get(key, 0)
            offset = (born_ord * 7919 + c.seed * 104729) % SEQ_SLOTS
            ymd, _, date_sum = _day(born_ord)
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
                    self.used_ids.append(int(body))
                return number, index, born_ord
            self.slots[key] = j
            step += 1
            born_ord += step if step % 2 else -step  # ±1, ±2, … days
            born_ord = min(born_ord, c.max_birth_ord)

    def birth_ord(self, age: int) -> int:
        born = self.c.ref_ord - int((age + self.rng.random()) * 365.2425)
        return min(born, self.c.max_birth_ord)

    def phone(self, age: int) -> str | None:
        rng = self.rng
        share = 0.0 if age < 14 else 0.35 if age < 16 else 0.93 if age < 70 else 0.65 if age < 80 else 0.3
        if rng.random() >= share:
            return None
        return _MOBILE_PREFIXES[int(rng.random() * len(_MOBILE_PREFIXES))] + f"{int(rng.random() * 1e8):08d}"

    def amount(self, median: float, sigma: float, low: float, high: float, whole: bool = False) -> str:
        """A lognormal annual amount as exact decimal text (built from integer fen)."""
        value = min(max(median * math.exp(self.rng.gauss(0.0, sigma)), low), high)
        fen = round(value) * 100 if whole else round(value * 100)
        return _fen_text(fen)

    def monthly(self, lo: int, hi: int, step: int = 10) -> str:
        per_month = lo + step * int(self.rng.random() * ((hi - lo) // step + 1))
        return _fen_text(per_month * 12 * 100)

    # -- household composition

    def _couple(self, husband_age: int):
        wife = husband_age - round(self.rng.gauss(2.0, 2.0))
        return husband_age, max(20, min(wife, husband_age + 8))

    def _children(self, n: int, eldest_spans) -> list[int]:
        eldest = max(self._span(eldest_spans), n - 1)
        ages = [eldest]
        for i in range(1, n):
            room = ages[-1] - (n - 1 - i)  # leave room for the younger ones
            gap = 1 + int(self.rng.random() * min(7, max(room, 1)))
            ages.append(max(ages[-1] - gap, n - 1 - i))
        return ages

    def compose(self, shape: int) -> list[list]:
        """Members as [relation, age, sex, surname, marital]; the head first."""
        rng = self.rng
        name = SHAPES[shape][0]
        rural_head_male = 0.8
        S = self.surname
        if name == "single_adult":
            age = self._span(((18, 24, 25), (25, 34, 60), (35, 44, 75), (45, 59, 100)))
            sex = "M" if rng.random() < 0.58 else "F"
            marital = "10" if rng.random() < (0.9 if age < 30 else 0.55) else ("40" if rng.random() < 0.8 else "30")
            return [["02", age, sex, S(), marital]]
        if name == "single_elder":
            age = self._span(((60, 69, 38), (70, 79, 78), (80, 89, 97.5), (90, 99, 100)))
            sex = "F" if rng.random() < 0.64 else "M"
            r = rng.random()
            marital = "30" if r < 0.72 else "40" if r < 0.82 else "10" if r < 0.87 else "20"
            return [["02", age, sex, S(), marital]]
        if name in ("couple_young", "couple_middle", "couple_elder"):
            spans = {"couple_young": ((22, 29, 45), (30, 39, 100)),
                     "couple_middle": ((40, 49, 35), (50, 59, 85), (60, 64, 100)),
                     "couple_elder": ((60, 69, 45), (70, 79, 88), (80, 92, 100))}[name]
            h, w = self._couple(self._span(spans))
            return self._pair(h, w, S(), S(), rural_head_male)
        if name.startswith(("nuclear_", "three_gen_", "single_parent_")):
            n = {"nuclear_1": 1, "nuclear_2": 2, "nuclear_3": 3, "three_gen_1": 1, "three_gen_2": 2, "three_gen_3": 1,
                 "three_gen_4": 2, "single_parent_1": 1, "single_parent_2": 2}[name]
            three = name.startswith("three_gen_")
            spans = ((0, 5, 33), (6, 11, 61), (12, 17, 86), (18, 24, 100)) if three else \
                ((0, 5, 22), (6, 11, 47), (12, 17, 72), (18, 26, 100))
            kids = self._children(n, spans)
            mother = kids[0] + 21 + int(rng.random() * 14)
            father = mother + round(rng.gauss(2.0, 2.0))
            father = max(20, father)
            sh, sw = S(), S()
            if name.startswith("single_parent_"):
                if rng.random() < 0.75:
                    marital = "40" if rng.random() < 0.7 else "30"
                    members = [["02", mother, "F", sw, marital]]
                    kid_surname = sh if rng.random() < 0.75 else sw
                else:
                    members = [["02", father, "M", sh, "40" if rng.random() < 0.7 else "30"]]
                    kid_surname = sh
            else:
                members = self._pair(father, mother, sh, sw, rural_head_male)
                kid_surname = sh if rng.random() < 0.95 else sw
            for age in kids:
                sex = "M" if rng.random() < 0.53 else "F"
                members.append(["20" if sex == "M" else "30", age, sex, kid_surname, "10" if age >= 15 else ""])
            if three:
                both = name in ("three_gen_3", "three_gen_4")
                self._add_parents(members, sh, sw, father, mother, both)
            return members
        if name == "couple_parent":
            h, w = self._couple(self._span(((38, 49, 45), (50, 62, 100))))
            members = self._pair(h, w, S(), S(), rural_head_male)
            sh = members[0][3] if members[0][2] == "M" else members[1][3]
            sw = members[1][3] if members[0][2] == "M" else members[0][3]
            self._add_parents(members, sh, sw, h, w, False)
            return members
        if name in ("stem_elder_1", "stem_elder_2", "stem_widow"):
            grandchildren = 2 if name == "stem_elder_2" else 1
            kids = self._children(grandchildren, ((0, 5, 40), (6, 11, 75), (12, 17, 100)))
            mid = kids[0] + 23 + int(rng.random() * 11)
            elder = min(mid + 22 + int(rng.random() * 11), 98)
            sh = S()
            members = []
            if name == "stem_widow":
                sex = "F" if rng.random() < 0.7 else "M"
                members.append(["02", elder, sex, sh if sex == "M" else S(), "30"])
            else:
                h, w = self._couple(elder)
                members = self._pair(h, w, sh, S(), 0.85)
            son = rng.random() < 0.85
            in_law_surname = S()
            if son:
                members.append(["20", mid, "M", sh, "20"])
                members.append(["38", max(20, mid - round(rng.gauss(2.0, 2.0))), "F", in_law_surname, "20"])
                grand_surname, rel_m, rel_f = sh, "41", "42"
            else:
                members.append(["30", mid, "F", sh, "20"])
                members.append(["28", mid + round(rng.gauss(2.0, 2.0)), "M", in_law_surname, "20"])
                grand_surname, rel_m, rel_f = (in_law_surname if rng.random() < 0.7 else sh), "43", "44"
            for age in kids:
                sex = "M" if rng.random() < 0.53 else "F"
                members.append([rel_m if sex == "M" else rel_f, age, sex, grand_surname, "10" if age >= 15 else ""])
            return members
        if name in ("skip_gen_1", "skip_gen_2"):
            g = self._span(((0, 5, 30), (6, 11, 75), (12, 16, 100)))
            elder = min(g + 47 + int(rng.random() * 16), 90)
            sh = S()
            if name == "skip_gen_2":
                h, w = self._couple(elder)
                members = self._pair(h, w, sh, S(), 0.85)
            else:
                sex = "F" if rng.random() < 0.6 else "M"
                members = [["02", elder, sex, sh if sex == "M" else S(), "20" if rng.random() < 0.7 else "30"]]
            paternal = rng.random() < 0.7
            sex = "M" if rng.random() < 0.53 else "F"
            rel = ("41" if sex == "M" else "42") if paternal else ("43" if sex == "M" else "44")
            members.append([rel, g, sex, sh if paternal else S(), "10" if g >= 15 else ""])
            return members
        if name == "elder_with_child":
            elder = self._span(((62, 69, 35), (70, 79, 75), (80, 92, 100)))
            sex = "F" if rng.random() < 0.6 else "M"
            sh = S()
            child_age = max(elder - 24 - int(rng.random() * 13), 20)
            child_sex = "M" if rng.random() < 0.6 else "F"
            return [["02", elder, sex, sh if sex == "M" else S(), "30" if rng.random() < 0.75 else "20"],
                    ["20" if child_sex == "M" else "30", child_age, child_sex, sh,
                     "10" if rng.random() < 0.65 else "40"]]
        raise AssertionError(name)

    def _pair(self, husband_age, wife_age, sh, sw, head_male_share):
        husband = ["02", husband_age, "M", sh, "20"]
        wife = ["10", wife_age, "F", sw, "20"]
        if self.rng.random() < head_male_share:
            return [husband, wife]
        husband[0], wife[0] = "10", "02"
        return [wife, husband]

    def _add_parents(self, members, sh, sw, father_age, mother_age, both):
        """Elderly parents of the husband (70 %) or of the wife; codes as seen from the head (GB/T 4761)."""
        rng = self.rng
        husband_side = rng.random() < 0.7
        head_is_husband = members[0][2] == "M"
        own = husband_side == head_is_husband  # the head's own parents?
        if own:
            codes_ = ("51", "52")
        elif head_is_husband:
            codes_ = ("55", "56")  # 岳父 岳母
        else:
            codes_ = ("53", "54")  # 公公 婆婆
        child_age = father_age if husband_side else mother_age
        surname = sh if husband_side else sw
        old_man = min(child_age + 23 + int(rng.random() * 11), 99)
        old_woman = min(max(old_man - round(rng.gauss(2.0, 2.0)), child_age + 20), 99)
        if both:
            members.append([codes_[0], old_man, "M", surname, "20"])
            members.append([codes_[1], old_woman, "F", self.surname(), "20"])
        elif rng.random() < 0.35:
            members.append([codes_[0], old_man, "M", surname, "30"])
        else:
            members.append([codes_[1], old_woman + 2, "F", self.surname(), "30"])

    # -- the household loop

    def run(self, hh_start: int, shapes: bytes, person_start: int, wanted: frozenset) -> dict:
        c = self.c
        rng = self.rng
        villages, vcum = c.villages, c.village_cum
        p_index = person_start  # global person ordinal
        for offset, shape in enumerate(shapes):
            hh = hh_start + offset
            village = villages[bisect.bisect_right(vcum, rng.random())]
            members = self.compose(shape)
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
        rand = self.rng.random
        a = min(age, 110)
        male = sex == "M"
        number, index, born_ord = self.id_number(self.birth_ord(age), male)
        name = None
        if ethnicity in _MINORITY_NAMES:
            name = self.minority_name(ethnicity, sex, self.father if relation in ("20", "30") else None)
            if name and male and relation in ("02", "10"):
                self.father = name.split("·")[0]
        han_style = name is None
        if han_style:
            name = surname + self.given(sex, int(number[6:10]))
        urban = village.urban
        # Schooling by age [E].
        if age >= 26:
            schooling = "not_in_school"
        else:
            r = rand()
            if age < 3:
                schooling = ""
            elif age < 6:
                schooling = "preschool" if r < 0.85 else "not_in_school"
            elif age < 12:
                schooling = "primary"
            elif age < 15:
                schooling = "junior_secondary" if r < 0.99 else "not_in_school"
            elif age < 18:
                schooling = "senior_secondary" if r < 0.55 else "vocational" if r < 0.91 else "not_in_school"
            elif age < 23:
                schooling = "higher" if r < (0.6 if urban else 0.45) else "not_in_school"
            else:
                schooling = "higher" if r < 0.08 else "not_in_school"
        student = age < 26 and schooling not in ("", "not_in_school")
        # Disability [D2] and serious illness: rates by age (tables above).
        category, grade, cert = "", None, None
        if rand() < _DISABILITY_RATE[a]:
            cum = _DISABILITY_CHILD_CUM if age < 18 else _DISABILITY_ADULT_CUM
            category = _DISABILITY_CODES[age < 18][bisect.bisect_right(cum, rand())]
            grade = 1 + bisect.bisect_right(_DISABILITY_GRADE_CUM, rand())
            if rand() < (0.7 if grade <= 2 else 0.4):
                cert = f"{number}{category}{grade}"  # 第二代残疾人证号 = 身份证号 + 类别 + 等级
        ill = rand() < _ILLNESS_RATE[a]
        illness = _weighted(self.rng, _ILLNESS_CHILD if age < 15 else _ILLNESS_ADULT) if ill else ""
        # Labour capacity.
        r = rand()
        if age < 16:
            labour = "none"
        elif grade is not None and grade <= 2:
            labour = "none" if r < 0.7 else "partial"
        elif grade is not None or ill:
            labour = "partial" if r < 0.6 else "none" if r < 0.75 else "full"
        elif age < 60:
            labour = "full" if r < 0.97 else "partial"
        elif age < 70:
            labour = "full" if r < 0.55 else "partial" if r < 0.9 else "none"
        elif age < 80:
            labour = "full" if r < 0.2 else "partial" if r < 0.7 else "none"
        else:
            labour = "partial" if r < 0.3 else "none"
        # Employment and incomes [I].
        pid = c.base_person + p_index + 1
        incomes = []
        r = rand()
        if age < 16:
            employment = "not_working_age"
        elif student:
            employment = ""
            if schooling == "higher" and rand() < 0.15:
                incomes.append(("scholarship", self.amount(4000, 0.4, 1000, 10000, whole=True)))
        elif labour == "none":
            employment = "unable"
        elif age < (55 if urban and not male else 60):  # working age (towns: women retire at 55)
            if urban:
                if age < 25:
                    employment = "employed" if r < 0.6 else "flexible" if r < 0.8 else "unemployed" if r < 0.95 else \
                        "self_employed"
                else:
                    employment = "employed" if r < 0.62 else "self_employed" if r < 0.72 else "flexible" if r < 0.87 \
                        else "unemployed" if r < 0.92 else ""
            else:
                employment = "farming" if r < 0.35 else "employed" if r < 0.7 else "self_employed" if r < 0.78 else \
                    "flexible" if r < 0.93 else "unemployed" if r < 0.96 else ""
            if labour == "partial" and (employment == "employed" or employment == "self_employed"):
                employment = "flexible" if urban else "farming"
        elif urban:  # past retirement age (60 men, 55 women in towns)
            employment = "retired" if r < 0.78 else "not_working_age"
        elif age < 75 and labour != "none":
            employment = "farming" if r < 0.55 else "retired" if r < 0.62 else "not_working_age"
        else:
            employment = "retired" if r < 0.05 else "not_working_age"
        if employment == "employed":
            incomes.append(("wage", self.amount(62000 if urban else 48000, 0.45, 24000, 600000)))
        elif employment == "flexible":
            incomes.append(("wage", self.amount(30000, 0.5, 6000, 150000)))
        elif employment == "self_employed":
            incomes.append(("business", self.amount(55000, 0.7, 3000, 800000)))
        elif employment == "farming":
            incomes.append(("business", self.amount(15000, 0.6, 1000, 120000)))
        elif employment == "unemployed" and urban and rand() < 0.3:
            months = 3 + int(rand() * 10)
            incomes.append(("unemployment", _fen_text((1500 + 10 * int(rand() * 50)) * months * 100)))
        if age >= 60 or employment == "retired":
            if employment == "retired":
                incomes.append(("pension", self.amount(42000 if urban else 30000, 0.3, 12000, 180000)))
            else:
                incomes.append(("basic_pension", self.monthly(150, 400)))
                if rand() < 0.3:
                    incomes.append(("support", self.amount(6000, 0.6, 1200, 36000, whole=True)))
                if not urban and rand() < 0.1:
                    incomes.append(("family_planning", "960.00"))
            if age >= 80 and rand() < 0.6:
                incomes.append(("age_allowance", self.monthly(100, 200, 50)))
            if male and rand() < 0.004:
                incomes.append(("special_care", self.amount(20000, 0.4, 5000, 60000, whole=True)))
        if urban:
            if age >= 25 and rand() < 0.06:
                incomes.append(("property", self.amount(18000, 0.7, 1200, 200000)))
        elif age >= 18 and not student and rand() < 0.08:
            incomes.append(("transfer", self.amount(5000, 0.7, 500, 50000, whole=True)))
        phone = None
        if rand() < _PHONE_SHARE[a]:
            phone = _MOBILE_PREFIXES[int(rand() * _N_PREFIXES)] + f"{int(rand() * 1e8):08d}"
        counts = self.counts
        self.ages.append(age)
        counts[0] += urban
        counts[1] += category != ""
        counts[2] += ill
        counts[3] += phone is not None
        counts[4] += len(incomes)
        if c.db:
            birth_date = _day(born_ord)[1]
            if relation == "02" or born_ord <= formed:
                joined_on, reason = _day(max(formed, born_ord))[1], "建户"
            else:
                joined_on, reason = birth_date, "出生"
            encrypt, blind = crypto.encrypt, crypto.blind_index
            self.persons.append((
                pid, name, _name_pinyin(name), encrypt(number), index,
                encrypt(phone) if phone else None, blind(phone) if phone else None,
                birth_date, sex, ethnicity, village.code, hukou, category, grade,
                encrypt(cert) if cert else None, ill, illness, labour, schooling, employment, marital))
            self.memberships.append((c.base_membership + p_index + 1, c.base_household + hh + 1, pid, relation,
                                     joined_on, reason))
            if incomes:
                year = c.income_year
                self.incomes.extend([(pid, kind, year, amount) for kind, amount in incomes])
        if c.csv:
            self.csv_rows.append(["", village.code, "城市" if urban else "农村", "", name, number, relation,
                                  phone or "", ethnicity, category, str(grade) if grade else "", labour,
                                  "是" if ill else "否", employment, schooling])
        if wanted:
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
        for key, value in zip(("urban", "disabled", "serious_illness", "phones", "incomes"), self.counts):
            stats[key] += value
        self.ages, self.counts = [], [0, 0, 0, 0, 0]
        text = ""
        if self.c.csv:
            buf = io.StringIO()
            csv.writer(buf).writerows(self.csv_rows)
            text = buf.getvalue()
        return {"persons": self.persons, "households": self.households, "memberships": self.memberships,
                "incomes": self.incomes, "csv": text, "used_ids": self.used_ids, "originals": self.originals,
                "stats": self.stats}


def _weighted(rng: random.Random, table):
    total = 0.0
    for _, w in table:
        total += w
    r = rng.random() * total
    for value, w in table:
        r -= w
        if r < 0:
            return value
    return table[-1][0]


def _run_chunk(task) -> dict:
    k, hh_start, shapes, person_start, wanted = task
    with _gc_paused():
        return _Chunk(_CTX, k).run(hh_start, shapes, person_start, wanted)


# ---- the plan: household shapes for the whole run, split into chunks -------------------------------------------

def plan_households(people: int, seed: int) -> bytes:
    """Shape index of every household, drawn until exactly `people` persons (the last household is resized)."""
    rng = random.Random(f"minzheng-seed:{seed}:plan")
    shapes = bytearray()
    total = 0
    while total < people:
        shape = bisect.bisect_right(_SHAPE_CUM, rng.random())
        size = SHAPE_SIZE[shape]
        if total + size > people:
            shape = _FILL_SHAPE[people - total]
            size = people - total
        shapes.append(shape)
        total += size
    return bytes(shapes)


# ---- regions ---------------------------------------------------------------------------------------------------

_TOWN_STEMS_A = "东西南北新清长安太平和兴永宁福康吉庆石金银白青红黄双大小高龙凤马桃柳杨梅花"
_TOWN_STEMS_B = "风阳河山湖城桥庄塘湾岭坪口溪源林园坝埠店集岗洲泉沟台"


def _short_name(name: str) -> str:
    for suffix in ("社区居民委员会", "居民委员会", "社区居委会", "居委会", "村民委员会", "村民委会", "村委会", "委员会"):
        if name.endswith(suffix):
            rest = name[: -len(suffix)]
            if suffix.startswith("社区") or suffix in ("居民委员会", "居委会"):
                return rest + ("社区" if not rest.endswith("社区") else "")
            return rest + ("村" if not rest.endswith("村") else "")
    return name


def is_urban(region) -> bool:
    """城乡属性 of a household in this village: 城乡分类代码 when known (1xx 城镇), package data by code (居委会
    001–199, 村委会 200–399, 国统字〔2009〕91号), otherwise by name (社区/居委会 → urban, 村 → rural)."""
    from minzheng.core.regions import PACKAGE_SOURCE

    if region.urban_rural_type:
        return region.urban_rural_type.startswith("1")
    if region.source != PACKAGE_SOURCE:
        if "社区" in region.name or "居委会" in region.name:
            return True
        if "村" in region.name:
            return False
    return region.code[9:12] < "200"


def _synthetic_regions(county, actor=None) -> tuple[int, int]:
    """Townships 001–099 街道, 100–199 镇, 200–399 乡; villages 001–199 社区居委会, 200–399 村委会. Deterministic per
    county (not per seed), so every seed run finds the same tree."""
    from minzheng.core import regions
    from minzheng.core.models import Region

    rng = random.Random(f"minzheng-seed:regions:{county.code}")
    p6 = county.code[:6]
    townships = list(Region.objects.filter(parent=county).order_by("code"))
    used_names: set[str] = {t.name for t in townships}

    def stem(taken: set[str]) -> str:
        while True:
            text = rng.choice(_TOWN_STEMS_A) + rng.choice(_TOWN_STEMS_B)
            if text not in taken:
                taken.add(text)
                return text

    rows: list[tuple[str, str, str]] = []
    plan: list[tuple[str, str]] = [(t.code, "街道" if t.name.endswith("街道") else "镇") for t in townships]
    if not townships:
        kinds = [("街道", 1, rng.randint(2, 5)), ("镇", 100, rng.randint(5, 10)), ("乡", 200, rng.randint(2, 5))]
        for kind, start, count in kinds:
            for i in range(count):
                code = f"{p6}{start + i:03d}000"
                rows.append((code, stem(used_names) + kind, ""))
                plan.append((code, kind))
    for code, kind in plan:
        taken: set[str] = set()
        communities = {"街道": rng.randint(5, 12), "镇": rng.randint(2, 4), "乡": rng.randint(0, 1)}[kind]
        villages = {"街道": 0, "镇": rng.randint(10, 20), "乡": rng.randint(8, 16)}[kind]
        for i in range(communities):
            rows.append((f"{code[:9]}{1 + i:03d}", stem(taken) + "社区居委会", "111" if kind == "街道" else "121"))
        for i in range(villages):
            rows.append((f"{code[:9]}{200 + i:03d}", stem(taken) + "村委会", "220"))
    return regions._upsert(rows, SYNTHETIC_SOURCE, actor)


def ensure_regions(county, actor=None) -> dict:
    """Villages of the county: existing ones, else the package's real ones, else synthetic ones."""
    from minzheng.core import regions
    from minzheng.core.models import Region

    lookup = regioncodes.subtree_lookup("code", county.code)
    if Region.objects.filter(level="village", **lookup).exists():
        return {"regions_source": "existing", "regions_created": 0}
    created, source = 0, "package"
    try:
        created, _ = regions.load_package_county(county.code, actor)
    except FileNotFoundError:
        pass
    if not Region.objects.filter(level="village", **lookup).exists():
        created, _ = _synthetic_regions(county, actor)
        source = "synthetic"
    return {"regions_source": source, "regions_created": created}


# ---- database helpers --------------------------------------------------------------------------------------------

PERSON_COLUMNS = ("id", "name", "name_pinyin", "id_number_enc", "id_number_index", "phone_enc", "phone_index",
                  "birth_date", "sex", "ethnicity", "region_id", "hukou_region_id", "disability_category",
                  "disability_grade", "disability_cert_enc", "serious_illness", "illness_kind", "labour_capacity",
                  "schooling", "employment", "marital_status")
HOUSEHOLD_COLUMNS_DB = ("id", "region_id", "urban_rural", "address", "head_id", "ref")
MEMBERSHIP_COLUMNS = ("id", "household_id", "person_id", "relation", "joined_on", "join_reason")
INCOME_COLUMNS = ("person_id", "kind", "year", "annual_amount")
_TABLES = ("registry_person", "registry_household", "registry_membership", "registry_income")


def _insert_sql(table: str, columns, extra: dict[str, str] | None = None) -> str:
    extra = extra or {}
    names = list(columns) + list(extra)
    values = ["%s"] * len(columns) + list(extra.values())
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(values)})"


def _statements(now_literal: str) -> dict[str, str]:
    """INSERT statements; constant columns are SQL literals (fewer parameters to bind per row)."""
    stamp = {"created_at": now_literal, "updated_at": now_literal}
    return {
        "persons": _insert_sql("registry_person", PERSON_COLUMNS, stamp),
        "households": _insert_sql("registry_household", HOUSEHOLD_COLUMNS_DB, stamp),
        "memberships": _insert_sql("registry_membership", MEMBERSHIP_COLUMNS, {"leave_reason": "''"}),
        "incomes": _insert_sql("registry_income", INCOME_COLUMNS, {"source": "'seeded'", "created_at": now_literal}),
    }


def _write_rows(cursor, statements: dict[str, str], result: dict) -> None:
    for key in ("persons", "households", "memberships", "incomes"):
        rows = result[key]
        for start in range(0, len(rows), BATCH):
            cursor.executemany(statements[key], rows[start:start + BATCH])


def _max_ids(cursor) -> tuple[int, int, int]:
    out = []
    for table in _TABLES[:3]:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        out.append(int(cursor.fetchone()[0]))
    return out[0], out[1], out[2]


def _drop_secondary_indexes(cursor) -> list[str]:
    """SQLite: drop the non-unique indexes of the registry tables, returning their CREATE statements (re-run
    unchanged at the end, so the schema is exactly restored). Rebuilding by sort is cheaper than maintaining them
    row by row even for the indexes whose keys arrive in increasing order (measured)."""
    placeholders = ", ".join(["%s"] * len(_TABLES))
    cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                   f"AND tbl_name IN ({placeholders}) ORDER BY name", list(_TABLES))
    statements = []
    for name, sql in cursor.fetchall():
        if sql.lstrip().upper().startswith("CREATE UNIQUE"):
            continue
        statements.append(sql)
        cursor.execute(f'DROP INDEX "{name}"')
    return statements


# ---- planted duplicates -----------------------------------------------------------------------------------------

_HOMOPHONES: dict[str, list[str]] | None = None


def _homophones() -> dict[str, list[str]]:
    """Same-pinyin (toneless) alternatives among the 3,755 level-1 GB 2312 characters — what a pinyin IME offers."""
    global _HOMOPHONES
    if _HOMOPHONES is None:
        from minzheng.registry.names import pinyin_key

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
        _HOMOPHONES = table
    return _HOMOPHONES


def _with_check(body: str) -> str:
    return body + idnumber.check_character(body)


class _Planter:
    """Makes the duplicate records. Every number is checked against all numbers of the run and the database."""

    def __init__(self, ctx: _Context, used: set[int], rng: random.Random):
        self.c, self.used, self.rng = ctx, used, rng
        from minzheng.registry.names import pinyin_key

        self.pinyin_key = pinyin_key

    def free(self, body: str) -> bool:
        if int(body) in self.used:
            return False
        return not (self.c.db and crypto.blind_index(_with_check(body)) in self.c.existing_index)

    def take(self, body: str) -> str:
        self.used.add(int(body))
        return _with_check(body)

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
        target = self.pinyin_key(name)
        positions = [i for i, ch in enumerate(name) if ch in table]
        self.rng.shuffle(positions)
        for i in positions:
            options = list(table[name[i]])
            self.rng.shuffle(options)
            for alt in options:
                candidate = name[:i] + alt + name[i + 1:]
                if self.pinyin_key(candidate) == target:
                    return candidate
        return None


def _plant(ctx: _Context, originals: list[dict], kinds: list[str], used: set[int], rng: random.Random,
           person_start: int, household_start: int) -> tuple[list[tuple[dict, dict, str]], _Chunk]:
    """Returns [(original, duplicate, kind)] and a _Chunk holding the rows (one single-person household each)."""
    planter = _Planter(ctx, used, rng)
    sink = _Chunk(ctx, 0)
    sink.rng = rng
    planted = []
    villages = ctx.villages
    by_code = {v.code: v for v in villages}
    for n, (orig, kind) in enumerate(zip(originals, kinds)):
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
                    candidate = surname + sink.given(orig["sex"], birth_year)
                    if not set(orig["name"][len(surname):]) & set(candidate[len(surname):]):
                        break
                else:  # names without a surname (扎西次仁, 阿依古丽·买买提): a new name of the same people
                    candidate = sink.minority_name(orig["ethnicity"], orig["sex"])
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
        phone = orig["phone"] if r < 0.4 else None if r < 0.7 else sink.phone(30)
        joined = ctx.ref_ord - rng.randrange(1, 3 * 365)
        _plant_rows(sink, ctx, p_index, hh, village, orig, name, new_number, born_ord, phone, joined)
        planted.append((orig, dup, kind))
    return planted, sink


def _plant_rows(sink: _Chunk, ctx: _Context, p_index, hh, village, orig, name, number, born_ord, phone, joined):
    from minzheng.registry.names import pinyin_key

    pid = ctx.base_person + p_index + 1
    ref = f"S{ctx.seed}-{hh + 1:07d}"
    address = f"{village.short}{1 + sink.rng.randrange(90)}号"
    urban = village.urban
    category, grade = orig["category"], orig["grade"]
    joined_on = dt.date.fromordinal(max(joined, born_ord)).isoformat()
    if ctx.db:
        sink.persons.append((
            pid, name, pinyin_key(name), crypto.encrypt(number), crypto.blind_index(number),
            crypto.encrypt(phone) if phone else None, crypto.blind_index(phone) if phone else None,
            dt.date.fromordinal(born_ord).isoformat(), orig["sex"], orig["ethnicity"], village.code, orig["hukou"],
            category, grade, None, orig["ill"], orig["illness"], orig["labour"], orig["schooling"],
            orig["employment"], orig["marital"]))
        sink.households.append((ctx.base_household + hh + 1, village.code, "urban" if urban else "rural", address,
                                pid, ref))
        sink.memberships.append((ctx.base_membership + p_index + 1, ctx.base_household + hh + 1, pid, "02",
                                 joined_on, "建户"))
    if ctx.csv:
        sink.csv_rows.append([ref, village.code, "城市" if urban else "农村", address, name, number, "02", phone or "",
                              orig["ethnicity"], category, str(grade) if grade else "", orig["labour"],
                              "是" if orig["ill"] else "否", orig["employment"], orig["schooling"]])


# ---- the run -----------------------------------------------------------------------------------------------------

def _ethnic_table(county6: str) -> tuple[list[str], list[float]]:
    mix = _ETHNIC_MIX.get(county6[:2], _DEFAULT_ETHNIC)
    codes_ = ["01"] + list(mix)
    weights = [max(100.0 - sum(mix.values()), 1.0)] + list(mix.values())
    return codes_, _cum(weights)


def _village_table(villages, seed: int, focus: str | None, focus_share: float) -> list[float]:
    """Village populations: urban communities are larger; lognormal spread; an optional focus village gets
    `focus_share` of all households (the demo village)."""
    rng = random.Random(f"minzheng-seed:{seed}:villages")
    weights = [(2.5 if v.urban else 1.0) * math.exp(rng.gauss(0.0, 0.4)) for v in villages]
    if focus is not None:
        i = next(n for n, v in enumerate(villages) if v.code == focus)
        others = sum(w for n, w in enumerate(weights) if n != i)
        weights[i] = others * focus_share / (1.0 - focus_share) if len(villages) > 1 else 1.0
    return _cum(weights)


def _chunk_size(households: int) -> int:
    return max(CHUNK_HOUSEHOLDS, -(-households // MAX_CHUNKS))


def _chunk_tasks(shapes: bytes, wanted: list[int]):
    wanted_sorted = sorted(wanted)
    person = 0
    w = 0
    size_hh = _chunk_size(len(shapes))
    for k, start in enumerate(range(0, len(shapes), size_hh)):
        part = shapes[start:start + size_hh]
        size = sum(SHAPE_SIZE[s] for s in part)
        mine = []
        while w < len(wanted_sorted) and wanted_sorted[w] < person + size:
            mine.append(wanted_sorted[w])
            w += 1
        yield (k, start, part, person, frozenset(mine))
        person += size


def _results(tasks: list, workers: int):
    """Chunk results in order. Forked workers with a bounded window (so results never pile up in memory)."""
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


def _county_region(county_code: str):
    from minzheng.core.errors import NotFound
    from minzheng.core.models import Region

    try:
        code = regioncodes.normalize(county_code)
    except regioncodes.RegionCodeError as exc:
        raise NotFound(str(exc)) from None
    if regioncodes.level_of(code) != "county":
        raise NotFound(f"“{county_code}”不是县级区划代码（应为 6 位县级代码，如 330902）")
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound(f"县级区划 {county_code} 不存在：请先运行 minzheng init 载入全国区划")
    return region


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

    global _CTX
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
    county = _county_region(county_code)
    p6 = county.code[:6]
    if write_db and Person.objects.filter(**regioncodes.subtree_lookup("region__code", county.code)).exists():
        raise Conflict(f"{county.full_name()}（{p6}）已有人员数据，不能重复生成合成数据；请换一个县或使用新的数据库")
    region_info = ensure_regions(county)
    trace("regions")
    village_rows = list(Region.objects.filter(level="village", **regioncodes.subtree_lookup("code", county.code))
                        .order_by("code"))
    villages = [_Village(v.code, is_urban(v), _short_name(v.name)) for v in village_rows]
    if focus_village is not None and focus_village not in {v.code for v in villages}:
        raise ValidationFailed.one("focus_village", f"村(社区) {focus_village} 不在 {county.full_name()} 内")
    province = county.code[:2]
    hukou_elsewhere = list(Region.objects.filter(level="county", code__startswith=province)
                           .exclude(code=county.code).order_by("code").values_list("code", flat=True))
    ethnic_codes, ethnic_cum = _ethnic_table(p6)
    ref = today or clock.today()
    shapes = plan_households(people, seed)
    households = len(shapes)
    plan_rng = random.Random(f"minzheng-seed:{seed}:duplicates")
    wanted = plan_rng.sample(range(people), duplicates) if duplicates else []
    kinds = [DUPLICATE_KINDS[i % len(DUPLICATE_KINDS)] for i in range(duplicates)]
    plan_rng.shuffle(kinds)
    chunks = -(-households // _chunk_size(households))
    vendor = connection.vendor
    statements = _statements(_now_literal(connection))
    ctx = _Context(
        county6=p6, seed=seed, ref_ord=ref.toordinal(), max_birth_ord=min(ref, dt.date.today()).toordinal(),
        income_year=ref.year - 1, chunks=chunks, villages=villages,
        village_cum=_village_table(villages, seed, focus_village, focus_share), hukou_elsewhere=hukou_elsewhere,
        ethnic_codes=ethnic_codes, ethnic_cum=ethnic_cum, db=write_db, csv=out is not None,
        collect_ids=duplicates > 0, county_sum=_weighted_sum(p6, 0))
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
        with _gc_paused(), transaction.atomic() if write_db else contextlib.nullcontext():
            cursor = connection.cursor() if write_db else None
            if write_db:
                if vendor == "postgresql":
                    cursor.execute(f"LOCK TABLE {', '.join(_TABLES)} IN SHARE ROW EXCLUSIVE MODE")
                # Checked again under the lock: two concurrent runs for one county cannot both pass.
                if Person.objects.filter(**regioncodes.subtree_lookup("region__code", county.code)).exists():
                    raise Conflict(f"{county.full_name()}（{p6}）已有人员数据，不能重复生成合成数据")
                ctx.base_person, ctx.base_household, ctx.base_membership = _max_ids(cursor)
                if Person.objects.exists():
                    ctx.existing_index = set(Person.objects.values_list("id_number_index", flat=True).iterator(
                        chunk_size=50_000))
                index_sql: list[str] = []
                if vendor == "sqlite" and people >= REBUILD_INDEXES_FROM and len(ctx.existing_index) < people:
                    index_sql = _drop_secondary_indexes(cursor)
                    # A page cache large enough for the unique indexes: pages are not spilled to the WAL and
                    # rewritten over and over inside the one big transaction (and the index sorts stay in memory).
                    cursor.execute("PRAGMA cache_size")
                    cache_before = cursor.fetchone()[0]
                    cursor.execute(f"PRAGMA cache_size = {-min(SQLITE_CACHE_KIB_PER_PERSON * people, SQLITE_CACHE_KIB_MAX)}")
            _CTX = ctx
            tasks = list(_chunk_tasks(shapes, wanted))
            trace("prepared")
            waited = wrote = 0.0
            mark = time.perf_counter()
            for result in _results(tasks, workers):
                got = time.perf_counter()
                waited += got - mark
                if write_db:
                    _write_rows(cursor, statements, result)
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
                planted_rows, sink = _plant(ctx, chosen, kinds, used, plan_rng, people, households)
                rows = sink.result()
                if write_db:
                    _write_rows(cursor, statements, rows)
                if fh is not None:
                    fh.write(rows["csv"])
            if write_db:
                for sql in index_sql:
                    cursor.execute(sql)
                rebuilt = len(index_sql)
                if index_sql:
                    cursor.execute(f"PRAGMA cache_size = {int(cache_before)}")
                trace(f"indexes rebuilt ({rebuilt})")
                if vendor == "postgresql":
                    for table in _TABLES:
                        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                       f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
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
        _CTX = None
        if fh is not None:
            fh.close()
            part_path.unlink(missing_ok=True)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    return summary


def _now_literal(connection) -> str:
    """timezone.now() as an SQL literal in the form the backend stores (SQLite: naive UTC text, PostgreSQL:
    timestamptz text). Made from a datetime only, so it never needs escaping."""
    from django.utils import timezone

    value = connection.ops.adapt_datetimefield_value(timezone.now())
    text = str(value)
    if connection.vendor == "postgresql":
        return f"'{text}'::timestamptz"
    return f"'{text}'"


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


# ---- CLI ---------------------------------------------------------------------------------------------------------

def register_commands(subparsers) -> None:
    s = subparsers.add_parser("seed", help="生成合成数据：乡镇和村、家庭、人员、收入（可同时写导入文件）")
    s.add_argument("what", nargs="?", choices=sorted(SEEDERS), default="registry", help="生成什么（默认 registry）")
    s.add_argument("--county", required=True, help="县级区划代码，如 330902")
    s.add_argument("--people", type=int, help="人数")
    s.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")
    s.add_argument("--duplicates", type=int, default=0, help="另外植入的疑似重复人员数")
    s.add_argument("--out", help="同时写出家庭导入文件（CSV）")
    s.add_argument("--no-db", action="store_true", help="只写文件，不写数据库（须同时指定 --out）")
    s.set_defaults(func=cmd_seed)


def cmd_seed(args) -> int:
    return SEEDERS[args.what](args)


def _cmd_registry(args) -> int:
    from minzheng import home
    from minzheng.core.errors import ServiceError, ValidationFailed

    if args.people is None:
        print("请用 --people 指定人数", file=sys.stderr)
        return 2
    if args.no_db and not args.out:
        print("--no-db 须同时指定 --out 输出文件", file=sys.stderr)
        return 2
    try:
        summary = seed_county(args.county, args.people, seed=args.seed, duplicates=args.duplicates,
                              out=Path(args.out) if args.out else None, write_db=not args.no_db)
    except ValidationFailed as exc:
        for err in exc.errors:
            print(err.message, file=sys.stderr)
        return 2
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 2 if exc.status == 404 else 1
    planted = summary["planted_duplicates"]
    if args.duplicates:
        folder = Path(args.out).resolve().parent if args.out else home.home_dir("reports")
        truth = folder / "planted_duplicates.json"
        truth.write_text(json.dumps(planted, ensure_ascii=False), encoding="utf-8")
        summary["planted_duplicates_file"] = str(truth)
    if len(planted) > 20:  # the list goes to the ground-truth file only
        del summary["planted_duplicates"]
        summary["planted_duplicates_count"] = len(planted)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def _cmd_assistance(args) -> int:
    from minzheng.assistance.seed import cmd_seed_assistance  # cases and entitlements (assistance/seed.py)

    return cmd_seed_assistance(args)


SEEDERS = {"registry": _cmd_registry, "assistance": _cmd_assistance}
