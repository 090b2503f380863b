"""Identity documents other than the 居民身份证: the papers residents of Hong Kong, Macau and Taiwan, overseas Chinese
(华侨) and foreigners present at a civil-affairs counter (婚姻登记, 收养, 殡葬). One place validates a document number
by type, names the type and the holder's nationality in Chinese, masks the number, and gives the key whose blind
index finds the same person again (an ID number's key is the number itself, so existing blind indexes stay valid).

Formats (as issued; checked for shape, not against the issuing authority):
- 居民身份证 and 港澳台居民居住证: 18 characters, GB 11643 check character; a 居住证 starts 810000 (香港), 820000
  (澳门) or 830000 (台湾) (《港澳台居民居住证申领发放办法》, 国办发〔2018〕81号, 第六条).
- 港澳居民来往内地通行证 (回乡证): H or M and 8 digits (the 2013 card) or 10 digits (earlier cards).
- 台湾居民来往大陆通行证 (台胞证): 8 digits (the 2015 card) or 10 characters on earlier booklets.
- 护照: 5–17 letters and digits, with the issuing country (ISO 3166-1 alpha-3).
- 外国人永久居留身份证: 15 characters (3 letters + 12 digits, the 2004 card) or 18 (the 2023 card, starting 9).
"""

from __future__ import annotations

import functools
import gettext
import re
from dataclasses import dataclass

import pycountry

from minzheng.core import idnumber

ID_CARD = "id_card"

TYPES = {
    ID_CARD: "居民身份证",
    "hmt_residence": "港澳台居民居住证",
    "hkmo_permit": "港澳居民来往内地通行证",
    "tw_permit": "台湾居民来往大陆通行证",
    "passport": "护照",
    "foreign_pr": "外国人永久居留身份证",
}

# Who holds each type, for the rules that depend on it (e.g. the registry competent for a marriage).
MAINLAND = frozenset({ID_CARD})

_PATTERNS = {
    "hkmo_permit": (re.compile(r"^[HM](\d{8}|\d{10})$"), "应为 H 或 M 加 8 位或 10 位数字"),
    "tw_permit": (re.compile(r"^(\d{8}|[A-Z0-9]{10})$"), "应为 8 位数字（或旧版 10 位）"),
    "passport": (re.compile(r"^[A-Z0-9]{5,17}$"), "应为 5–17 位字母或数字"),
    "foreign_pr": (re.compile(r"^([A-Z]{3}\d{12}|9\d{16}[\dX])$"),
                   "应为 15 位（3 个字母加 12 位数字）或以 9 开头的 18 位"),
}
_RESIDENCE_PREFIX = {"810000": "HKG", "820000": "MAC", "830000": "TWN"}
_REGION_NAMES = {"HKG": "中国香港", "MAC": "中国澳门", "TWN": "中国台湾", "CHN": "中国"}


class DocumentError(ValueError):
    """An invalid document; the message is in Chinese and shown as is."""


@dataclass(frozen=True)
class Document:
    type: str
    number: str  # normalised: upper case, no spaces
    nationality: str  # ISO 3166-1 alpha-3 ("HKG"/"MAC"/"TWN" for the regions), "" when the document does not say
    birth_date: object = None  # dt.date when the number carries it (身份证, 居住证)
    sex: str = ""  # "M"/"F" when the number carries it

    @property
    def index_key(self) -> str:
        """The text whose blind index identifies the holder: an 18-digit number as is (ID numbers and residence
        permits share one number space); other documents prefixed by type (and country for a passport), so a
        passport number never meets an ID number or another country's passport."""
        if self.type in (ID_CARD, "hmt_residence"):
            return self.number
        if self.type == "passport":
            return f"passport:{self.nationality}:{self.number}"
        return f"{self.type}:{self.number}"

    @property
    def mainland(self) -> bool:
        return self.type in MAINLAND


def country_name(code: str) -> str:
    """A nationality's Chinese name (pycountry's ISO 3166 table with its zh_CN translation); the code when unknown."""
    if not code:
        return ""
    if code in _REGION_NAMES:
        return _REGION_NAMES[code]
    country = pycountry.countries.get(alpha_3=code)
    return _zh(country.name) if country else code


@functools.cache
def _translation():
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)


def _zh(name: str) -> str:
    return _translation().gettext(name)


def _nationality(value: str) -> str:
    code = (value or "").strip().upper()
    if code in _REGION_NAMES or pycountry.countries.get(alpha_3=code) is not None:
        return code
    raise DocumentError(f"国籍“{value}”不是有效的 ISO 3166-1 三字母代码（如 USA、JPN、KOR）")


def parse(doc_type: str, number: str, nationality: str = "") -> Document:
    """Validate a document number of a type; raise DocumentError with a Chinese reason."""
    if doc_type not in TYPES:
        raise DocumentError(f"证件类型“{doc_type}”不正确")
    label = TYPES[doc_type]
    if not isinstance(number, str) or not number.strip():
        raise DocumentError(f"{label}号码不能为空")
    text = number.strip().upper().replace(" ", "")
    if doc_type == ID_CARD:
        try:
            parsed = idnumber.parse(text)
        except idnumber.IdNumberError as exc:
            raise DocumentError(str(exc)) from None
        if parsed.address_code in _RESIDENCE_PREFIX:
            raise DocumentError(f"号码以 {parsed.address_code} 开头，是港澳台居民居住证，"
                                "请选择证件类型“港澳台居民居住证”")
        return Document(ID_CARD, parsed.number, "CHN", parsed.birth_date, parsed.sex)
    if doc_type == "hmt_residence":
        try:
            parsed = idnumber.parse(text)
        except idnumber.IdNumberError as exc:
            raise DocumentError(str(exc).replace("身份证号", "居住证号码")) from None
        region = _RESIDENCE_PREFIX.get(parsed.address_code)
        if region is None:
            raise DocumentError("港澳台居民居住证号码应以 810000（香港）、820000（澳门）或 830000（台湾）开头")
        return Document(doc_type, parsed.number, region, parsed.birth_date, parsed.sex)
    pattern, shape = _PATTERNS[doc_type]
    if not pattern.match(text):
        raise DocumentError(f"{label}号码“{number.strip()[:30]}”格式不正确：{shape}")
    if doc_type == "hkmo_permit":
        return Document(doc_type, text, "HKG" if text[0] == "H" else "MAC")
    if doc_type == "tw_permit":
        return Document(doc_type, text, "TWN")
    if not nationality:
        raise DocumentError(f"持{label}的，须填写国籍（ISO 3166-1 三字母代码）")
    return Document(doc_type, text, _nationality(nationality))


def mask(doc_type: str, number: str) -> str:
    """As printed on notices and exports: an 18-character number like an ID number (first 6, last 2), others the
    first and last 2 characters."""
    if doc_type in (ID_CARD, "hmt_residence") or len(number) == 18:
        return idnumber.mask(number)
    if len(number) <= 4:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 4) + number[-2:]
