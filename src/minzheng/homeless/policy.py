"""Pure rules of the rescue station: family-search scoring (寻亲比对), stays by length, the return rate, and the
steps before a long-stay person may be settled (落户安置).

Rules:
- 《城市生活无着的流浪乞讨人员救助管理办法》（国务院令第381号）第十一条: the station helps the person return home;
- 《关于加强生活无着流浪乞讨人员身份查询和照料安置工作的意见》（民发〔2015〕158号）: identity search by every
  means (DNA by the police, 寻亲公告), and for those still unidentified after the period, 落户安置 with the police's
  household registration;
- 《生活无着的流浪乞讨人员救助管理机构工作规程》（民发〔2014〕132号）第二十九条: the 寻亲公告 with a photo.
The numbers (age tolerance, notice period, long stay) are StationRule rows by region and date, never constants here.

Family search reuses the registry's duplicate-detection name signal (registry.dedup.scoring: same name, 同音 by the
pinyin key, one character apart, same surname — the same points and reasons) and adds what an intake can offer:
an estimated birth year instead of a date, the region an accent points to, features, and whether the family has
reported the person missing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from minzheng.registry.dedup import scoring as dedup

R_381 = "国务院令第381号《城市生活无着的流浪乞讨人员救助管理办法》"
R_158 = "民发〔2015〕158号《关于加强生活无着流浪乞讨人员身份查询和照料安置工作的意见》"
R_132 = "民发〔2014〕132号《生活无着的流浪乞讨人员救助管理机构工作规程》"

AGE_SAME = 25
AGE_CLOSE = 20  # within 2 years: an estimate from appearance is rarely closer
AGE_WITHIN = 10  # within the rule's tolerance
DIALECT = 15
FEATURE = 10
FEATURES_MAX = 2  # at most two features count
REPORTED = 15
_SPLIT = re.compile(r"[，,、；;。\s]+")


@dataclass(frozen=True)
class Seeker:
    """What an intake offers for the search."""

    name: str
    pinyin: str
    sex: str
    birth_year: int | None
    dialect_region: str  # a 12-digit region code or ""
    features: str


@dataclass(frozen=True)
class Candidate:
    """A registry person or a missing-person report, as the search sees it."""

    kind: str  # person | missing
    id: int
    name: str
    pinyin: str
    sex: str
    birth_year: int
    regions: tuple[str, ...]  # residence, hukou, the family's region: any of them may match the accent
    features: str = ""
    disability: str = ""  # registry disability category label (智力残疾 …): a feature too
    reported: bool = False  # a family has reported them missing


def feature_set(text: str) -> set[str]:
    return {f for f in _SPLIT.split(text or "") if len(f) >= 2}


def age_signal(estimated: int | None, born: int, tolerance: int) -> tuple[int, str] | None:
    if estimated is None:
        return None
    off = abs(estimated - born)
    if off == 0:
        return AGE_SAME, "估计出生年份相符"
    if off <= 2:
        return AGE_CLOSE, f"估计年龄相差{off}岁"
    if off <= tolerance:
        return AGE_WITHIN, f"估计年龄相差{off}岁（容差{tolerance}岁内）"
    return None


def _in_subtree(code: str, prefix_code: str) -> bool:
    from minzheng.core import regioncodes

    return bool(code) and regioncodes.in_subtree(code, prefix_code)


def score(seeker: Seeker, c: Candidate, tolerance: int) -> tuple[int, list[str]]:
    """Score 0–100 and the reasons (Chinese) that a candidate is the person received. Different sex: no match."""
    if seeker.sex != c.sex:
        return 0, []
    signals: list[tuple[int, str]] = []
    if seeker.name:
        me = dedup.PersonKey(0, seeker.name, seeker.pinyin, dt.date(2000, 1, 1), seeker.sex, "", "")
        them = dedup.PersonKey(c.id, c.name, c.pinyin, dt.date(2000, 1, 1), c.sex, "", "")
        name = dedup._name_signal(me, them)  # the registry's own name comparison (same points, same reasons)
        if name is not None:
            signals.append(name)
    age = age_signal(seeker.birth_year, c.birth_year, tolerance)
    if age is not None:
        signals.append(age)
    if seeker.dialect_region and any(_in_subtree(r, seeker.dialect_region) for r in c.regions):
        signals.append((DIALECT, "口音地区与户籍或居住地相符"))
    wanted = feature_set(seeker.features)
    theirs = feature_set(c.features) | ({c.disability} if c.disability else set())
    common = sorted(f for f in wanted if any(f in t or t in f for t in theirs))[:FEATURES_MAX]
    if common:
        signals.append((FEATURE * len(common), "体貌特征相符：" + "、".join(common)))
    if c.reported:
        signals.append((REPORTED, "家属已登记寻人"))
    points = sum(p for p, _ in signals)
    return max(0, min(100, points)), [r for _, r in signals]


# ---- stays, return rate, settlement ---------------------------------------------------------------------------------


def stay_days(admitted: dt.date, left: dt.date | None, today: dt.date) -> int:
    """Days in the station, the day of admission counting as the first."""
    return ((left or today) - admitted).days + 1


def stay_band(days: int, bands) -> str:
    for label, low, high in bands:
        if days >= low and (high is None or days <= high):
            return label
    return bands[-1][0]


def return_rate(returned: int, closed: int) -> str | None:
    """返乡率: people escorted or gone home among the stays ended in the period (国务院令第381号 第十一条)."""
    if closed == 0:
        return None
    return f"{returned * 100 / closed:.1f}%"


@dataclass(frozen=True)
class SettlementFacts:
    admitted_on: dt.date
    dna_sampled_on: dt.date | None
    police_checked_on: dt.date | None
    notice_published_on: dt.date | None
    settled_on: dt.date


def settlement_problems(f: SettlementFacts, notice_days: int, long_stay_days: int) -> list[tuple[str, str]]:
    """(field, reason) for each legal step missing before 落户安置 (民发〔2015〕158号); empty = may settle."""
    out = []
    if f.dna_sampled_on is None:
        out.append(("dna_sampled_on", f"须先由公安机关采集DNA并录入全国打拐DNA信息库（{R_158}）"))
    if f.police_checked_on is None:
        out.append(("police_checked_on", f"须先经公安机关身份核查（{R_158}）"))
    if f.notice_published_on is None:
        out.append(("notice_published_on", f"须先发布寻亲公告（{R_132}）"))
    elif (f.settled_on - f.notice_published_on).days < notice_days:
        out.append(("settled_on", f"寻亲公告发布满{notice_days}日后仍无法查明身份的方可落户安置（{R_158}）"))
    if (f.settled_on - f.admitted_on).days + 1 < long_stay_days:
        out.append(("settled_on", f"在站未满{long_stay_days}日，尚不属于长期滞留人员（{R_158}）"))
    return out
