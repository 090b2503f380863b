"""养老机构等级 under GB/T 37276-2018《养老机构等级划分与评定》: four parts scored out of 1,000 (环境 120, 设施设备
130, 运营管理 150, 服务 600); a level needs both a total and a share of every part's maximum; any veto condition
(codes.VETOES) rules out every level.

The thresholds are data (`LEVELS`), not code: the issue gives 一级 (total ≥ 360, every part ≥ 40 %) and 五级 (≥ 900,
every part ≥ 90 %); 二级 to 四级 (480/50 %, 600/60 %, 750/75 %) are to be confirmed against the published text (❓,
docs/eldercare.md). Note that "every part ≥ 40 %" already implies a total ≥ 400, so 一级's 360 never binds alone.

>>> grade({"environment": 110, "facilities": 120, "management": 140, "service": 550}).level
5
>>> grade({"environment": 110, "facilities": 120, "management": 140, "service": 530}).level  # total 900, 服务 88 %
4
>>> grade({"environment": 48, "facilities": 52, "management": 60, "service": 240}).level
1
>>> grade({"environment": 47, "facilities": 52, "management": 60, "service": 300}).level  # 环境 39 %
0
>>> grade({"environment": 120, "facilities": 130, "management": 150, "service": 600}, ["fire_safety"]).level
0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from minzheng.eldercare import codes

STANDARD = "GB/T 37276-2018"
MAXIMA = {"environment": 120, "facilities": 130, "management": 150, "service": 600}
TOTAL = sum(MAXIMA.values())  # 1,000


@dataclass(frozen=True)
class LevelRule:
    level: int
    total: int  # at least this many points in all
    share: Fraction  # and at least this share of every part's maximum


LEVELS = (
    LevelRule(5, 900, Fraction(90, 100)),
    LevelRule(4, 750, Fraction(75, 100)),  # ❓ to confirm
    LevelRule(3, 600, Fraction(60, 100)),  # ❓ to confirm
    LevelRule(2, 480, Fraction(50, 100)),  # ❓ to confirm
    LevelRule(1, 360, Fraction(40, 100)),
)


class ScoreError(ValueError):
    """A part missing, unknown, negative or above its maximum (the Chinese message says which)."""


@dataclass(frozen=True)
class Grade:
    level: int  # 0 = no level
    level_name: str
    total: Decimal
    parts: dict[str, Decimal]
    shares: dict[str, Decimal]  # each part's share of its maximum, in per cent (two decimals)
    vetoes: tuple[str, ...] = ()
    reasons: list[str] = field(default_factory=list)  # why not the next level up (Chinese)
    standard: str = STANDARD


def check_scores(scores: dict) -> dict[str, Decimal]:
    """The four parts as Decimals (half points allowed), each within 0 … its maximum."""
    unknown = set(scores) - set(MAXIMA)
    if unknown:
        raise ScoreError(f"未知的评分部分：{'、'.join(sorted(unknown))}")
    out = {}
    for part, maximum in MAXIMA.items():
        label = codes.GRADE_PARTS[part]
        if part not in scores or scores[part] is None:
            raise ScoreError(f"缺少“{label}”得分")
        value = Decimal(str(scores[part]))
        if not value.is_finite() or value < 0 or value > maximum:
            raise ScoreError(f"“{label}”得分应在 0 至 {maximum} 之间")
        if value * 2 != (value * 2).to_integral_value():
            raise ScoreError(f"“{label}”得分最小单位为 0.5 分")
        out[part] = value
    return out


def grade(scores: dict, vetoes=()) -> Grade:
    """The level the four part scores reach (GB/T 37276-2018), or 0 when a veto condition holds."""
    parts = check_scores(scores)
    vetoes = tuple(v for v in vetoes)
    unknown = [v for v in vetoes if v not in codes.VETOES]
    if unknown:
        raise ScoreError(f"未知的否决项：{'、'.join(unknown)}")
    total = sum(parts.values(), Decimal(0))
    shares = {p: (v * 100 / MAXIMA[p]).quantize(Decimal("0.01")) for p, v in parts.items()}
    reasons: list[str] = []
    if vetoes:
        reasons = [f"否决项：{codes.VETOES[v]}" for v in vetoes]
        return Grade(0, codes.GRADE_LEVELS[0], total, parts, shares, vetoes, reasons)
    level = 0
    for rule in LEVELS:  # highest first
        short = [codes.GRADE_PARTS[p] for p, v in parts.items() if Fraction(v) < rule.share * MAXIMA[p]]
        if total >= rule.total and not short:
            level = rule.level
            break
        why = []
        if total < rule.total:
            why.append(f"总分 {total} 低于 {rule.total}")
        if short:
            why.append(f"{'、'.join(short)}低于该部分满分的 {rule.share * 100}%")
        reasons.append(f"未达{codes.GRADE_LEVELS[rule.level]}：{'；'.join(why)}")
    return Grade(level, codes.GRADE_LEVELS[level], total, parts, shares, (), reasons)
