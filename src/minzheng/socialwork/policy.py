"""Pure rules of the social-work app.

- Per-10,000 indicators (Zhoushan/Xincheng 十四五 plans: certified social workers per 10,000 residents 10 → 15):
  count ÷ resident population × 10,000, to two decimals (half up); no population figure → no value.
- Pay band of a post grade: the band of the grade in force (data by region and date); a worker's certificate level
  must reach the grade's required level.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

LEVEL_ORDER = {"none": 0, "assistant": 1, "social_worker": 2, "senior": 3}


def per_10k(count: int, residents: int | None) -> Decimal | None:
    if not residents:
        return None
    return (Decimal(count) * 10000 / Decimal(residents)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def qualifies(level: str, required: str) -> bool:
    return LEVEL_ORDER.get(level, 0) >= LEVEL_ORDER.get(required, 0)
