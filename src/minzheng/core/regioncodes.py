"""Statistical division codes (统计用区划代码): 12 digits, province 2 + city 2 + county 2 + township 3 + village 3.

Rule: 国统字〔2009〕91号 and GB/T 2260 (see shared NATIONAL_RULES §2.2). A subtree is a code prefix, so scoping
is an indexed `LIKE 'prefix%'`. Shorter codes (2, 4, 6, 9 digits) are zero-padded to 12 when stored.
"""

from __future__ import annotations

import re

LEVELS = ("province", "city", "county", "township", "village")
LEVEL_LENGTH = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}
LEVEL_LABEL = {"province": "省", "city": "市", "county": "县(区)", "township": "乡镇(街道)", "village": "村(社区)"}
_CODE = re.compile(r"^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$")

# 城乡分类代码 (urban–rural classification), NBS; updated yearly, kept as optional data on a region.
URBAN_RURAL_TYPES = {
    "111": "主城区",
    "112": "城乡结合区",
    "121": "镇中心区",
    "122": "镇乡结合区",
    "123": "特殊区域",
    "210": "乡中心区",
    "220": "村庄",
}


class RegionCodeError(ValueError):
    pass


def normalize(code: str | int) -> str:
    """Return the 12-character form of a 2/4/6/9/12-digit code, or raise RegionCodeError (message in Chinese)."""
    text = str(code).strip()
    if not _CODE.match(text):
        raise RegionCodeError(f"区划代码“{text}”格式不正确：应为 2、4、6、9 或 12 位数字")
    if text[:2] == "00":
        raise RegionCodeError(f"区划代码“{text}”格式不正确：省级代码不能为 00")
    return text.ljust(12, "0")


def level_of(code12: str) -> str:
    if code12[2:] == "0" * 10:
        return "province"
    if code12[4:] == "0" * 8:
        return "city"
    if code12[6:] == "0" * 6:
        return "county"
    if code12[9:] == "000":
        return "township"
    return "village"


def prefix(code12: str) -> str:
    """The significant prefix: every code in the subtree starts with it."""
    return code12[: LEVEL_LENGTH[level_of(code12)]]


def parent_code(code12: str) -> str | None:
    level = level_of(code12)
    index = LEVELS.index(level)
    if index == 0:
        return None
    return code12[: LEVEL_LENGTH[LEVELS[index - 1]]].ljust(12, "0")


def in_subtree(code12: str, ancestor12: str) -> bool:
    return code12.startswith(prefix(ancestor12))


def subtree_lookup(field: str, code_or_prefix: str) -> dict[str, str]:
    """Filter kwargs selecting a subtree as a range on the code column ([prefix, prefix + ':')), which a plain
    b-tree index serves on SQLite and PostgreSQL alike (LIKE 'x%' needs special collations/operator classes)."""
    p = prefix(code_or_prefix) if len(code_or_prefix) == 12 else code_or_prefix
    return {f"{field}__gte": p, f"{field}__lt": p + ":"}
