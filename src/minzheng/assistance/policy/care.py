"""特困人员 self-care (生活自理能力): the care band the six-item assessment gives. Pure.

Rule: 民发〔2021〕43号《特困人员认定办法》第二十条至第二十三条 — six items (自主吃饭、自主穿衣、自主上下床、自主如厕、
室内行走、自主洗澡); all six met → 具备生活自理能力 (全自理); three or fewer not met → 部分丧失生活自理能力; four or
more not met → 完全丧失生活自理能力. The band picks the 照料护理标准 item (tekun.care_self / care_partial /
care_full) in the 特困 evaluation (policy.tekun)."""

from __future__ import annotations

from collections.abc import Mapping

R_TEKUN = "民发〔2021〕43号《特困人员认定办法》"
R_CARE = R_TEKUN + " 第二十条至第二十三条（生活自理能力）"
ITEM_COUNT = 6


def care_band(unmet: int) -> str:
    """The band (codes.CARE_BANDS key) for the number of items not met (0–6)."""
    if not 0 <= unmet <= ITEM_COUNT:
        raise ValueError(f"unmet items must be 0–{ITEM_COUNT}, not {unmet}")
    if unmet == 0:
        return "care_self"
    if unmet <= 3:
        return "care_partial"
    return "care_full"


def unmet_count(items: Mapping[str, bool]) -> int:
    """How many of the six items are not met (`items`: item → met)."""
    return sum(1 for met in items.values() if not met)
