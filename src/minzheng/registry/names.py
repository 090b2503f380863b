"""Name helpers. Pinyin keys let duplicate detection match 同音 variants (张伟 / 章伟) and simplified/variant forms."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.seg.simpleseg import seg


@lru_cache(maxsize=200_000)
def pinyin_key(name: str) -> str:
    """Toneless pinyin without separators, lower case: 张伟 → zhangwei. Non-Chinese characters pass through.

    The same result as lazy_pinyin on the whole name, which segments it (pypinyin's own `seg`: phrases from its
    dictionary, else single characters) and converts each segment; here each segment's pinyin is cached, so a
    million distinct names cost a few thousand conversions of their characters (an import validates 1 M names)."""
    return "".join(_segment_pinyin(word) for word in seg((name or "").strip())).lower().replace(" ", "")


@lru_cache(maxsize=100_000)
def _segment_pinyin(word: str) -> str:
    return "".join(lazy_pinyin(word, style=Style.NORMAL, errors="default"))
