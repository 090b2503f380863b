"""Pure rules of the place-name app.

- Pinyin of a place name (《汉语拼音方案》; GB 17693 for Roman spelling): generated with pypinyin, one syllable per
  Chinese character; a polyphonic character's reading corrected by hand is kept when the pinyin is regenerated, as
  long as the same character is still at that position.
- Public consultation of a naming application (R-L-32, 《地名管理条例》2022 ❓ article not retrieved): the application
  may be decided only after the consultation period has ended (the day after the last day of the period).
- Addresses: the free-text household addresses the registry holds ("城东3幢2单元1801室", "张村3组45号") split into
  the parts of a standard address.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from pypinyin import Style, pinyin

_HAN = re.compile(r"[\u3400-\u9fff]")


def plain(syllable: str) -> str:
    """Toneless, lower-case ASCII form of a syllable: 'lǜ' → 'lv', 'Dìng' → 'ding'."""
    text = syllable.lower().replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v").replace("ǚ", "v").replace("ǜ", "v")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if c.isascii() and c.isalpha())


@dataclass(frozen=True)
class Pinyin:
    toned: str  # "dìng hǎi qū"
    key: str  # "dinghaiqu": full-pinyin search
    initials: str  # "dhq": initials search
    roman: str  # "Dinghai Qu"-like spelling: syllables joined, capitalised (GB 17693 needs the generic part split)


def generate(name: str, corrections: list[dict] | None = None) -> Pinyin:
    """Pinyin of `name` with the corrections applied that still fit (same character at the same index)."""
    syllables = [s[0] for s in pinyin(name, style=Style.TONE, errors=list)]
    # pypinyin answers one item per Chinese character and one per other character (errors= keeps them apart)
    for c in corrections or []:
        i = c.get("index")
        if isinstance(i, int) and 0 <= i < len(name) and len(syllables) == len(name) and name[i] == c.get("char"):
            syllables[i] = c["syllable"]
    han = [s for ch, s in zip(name, syllables, strict=False) if _HAN.match(ch)]
    keys = [plain(s) for s in han]
    roman = _roman(name, han, keys)
    return Pinyin(" ".join(han), "".join(keys), "".join(k[:1] for k in keys), roman)


# Generic parts (通名) written apart from the specific part (专名) in Roman spelling (GB 17693 / GB/T 16159).
GENERICS = ("街道", "社区", "自治县", "区", "县", "市", "镇", "乡", "村", "路", "街", "巷", "桥", "山", "河", "湖")


def _roman(name: str, han: list[str], keys: list[str]) -> str:
    for generic in GENERICS:
        if name.endswith(generic) and len(han) > len(generic):
            cut = len(keys) - len(generic)
            return f"{''.join(keys[:cut]).capitalize()} {''.join(keys[cut:]).capitalize()}"
    return "".join(keys).capitalize()


def kept_corrections(name: str, corrections: list[dict]) -> list[dict]:
    """The corrections that still apply to `name` (a renamed place keeps those on unchanged characters)."""
    return [c for c in corrections
            if isinstance(c.get("index"), int) and 0 <= c["index"] < len(name) and name[c["index"]] == c.get("char")]


def search_kind(q: str) -> str:
    """'han' for Chinese text, 'pinyin' for Latin letters (full pinyin or initials)."""
    return "pinyin" if re.fullmatch(r"[A-Za-z\s']+", q) else "han"


# ---- naming applications --------------------------------------------------------------------------------------------


def consultation_end(start: dt.date, days: int) -> dt.date:
    """Last day of a consultation of `days` calendar days starting on `start` (the start day counts)."""
    return start + dt.timedelta(days=days - 1)


def may_decide(consultation_end_day: dt.date | None, today: dt.date) -> bool:
    """An application is decided only after its public consultation has ended (the day after the last day)."""
    return consultation_end_day is not None and today > consultation_end_day


def certificate_number(county_code6: str, year: int, seq: int) -> str:
    """标准地名证书编号: county code, year, sequence in the year."""
    return f"DM{county_code6}{year}{seq:05d}"


# ---- addresses ------------------------------------------------------------------------------------------------------

_NUM = r"(\d+|[一二三四五六七八九十百零〇]+)"
_PARTS = re.compile(
    rf"^(?P<road>.*?)(?:(?P<group>{_NUM})组)?"
    rf"(?:(?P<number>{_NUM})(?:号|幢|栋|号楼))?"
    rf"(?:(?P<unit>{_NUM})单元)?(?:(?P<room>\d+)室?)?$")
_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> str:
    """'12' → '12', '十二' → '12', '二十' → '20' (the numbers people write in addresses)."""
    if not text or text.isdigit():
        return text or ""
    total, digit = 0, 0
    for ch in text:
        if ch == "十":
            total += (digit or 1) * 10
            digit = 0
        elif ch == "百":
            total += (digit or 1) * 100
            digit = 0
        else:
            digit = _CN.get(ch, 0)
    return str(total + digit)


@dataclass(frozen=True)
class AddressParts:
    road: str  # the named part before the numbers: a road, lane, 小区 or village (with 组 for rural addresses)
    number: str
    building: str
    unit: str
    room: str


def parse_address(text: str) -> AddressParts | None:
    """Split a free-text address. Urban: '<小区>3幢2单元1801室' → building 3, unit 2, room 1801; rural:
    '<村>3组45号' → road '<村>3组', number 45. None when no number can be found."""
    t = re.sub(r"\s+", "", text or "").replace("－", "-")
    m = _PARTS.match(t)
    if not m or not (m.group("number") or m.group("room")):
        return None
    road, group = m.group("road"), m.group("group")
    if group:
        road = f"{road}{cn_number(group)}组"
    raw_number = m.group("number") or ""
    urban = bool(m.group("unit") or m.group("room")) or any(w in t for w in ("幢", "栋", "号楼"))
    if urban:
        return AddressParts(road, "", cn_number(raw_number), cn_number(m.group("unit") or ""), m.group("room") or "")
    return AddressParts(road, cn_number(raw_number), "", "", "")


def address_text(region_names: list[str], place: str, number: str, building: str, unit: str, room: str) -> str:
    """The standard address as written on a certificate: regions, the named place, then the numbers."""
    parts = ["".join(region_names), place]
    if number:
        parts.append(f"{number}号")
    if building:
        parts.append(f"{building}幢")
    if unit:
        parts.append(f"{unit}单元")
    if room:
        parts.append(f"{room}室")
    return "".join(parts)
