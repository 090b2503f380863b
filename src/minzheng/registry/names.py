"""Name helpers. Pinyin keys let duplicate detection match 同音 variants (张伟 / 章伟) and simplified/variant forms."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=200_000)
def pinyin_key(name: str) -> str:
    """Toneless pinyin without separators, lower case: 张伟 → zhangwei. Non-Chinese characters pass through."""
    return "".join(lazy_pinyin((name or "").strip(), style=Style.NORMAL, errors="default")).lower().replace(" ", "")
