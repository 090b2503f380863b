"""Citizen identity numbers (居民身份证号码), GB 11643-1999.

18 characters: 6-digit address code, 8-digit birth date, 3-digit sequence (odd = male, even = female), check
character by ISO 7064 MOD 11-2. Old 15-digit numbers (6 + YYMMDD + 3) are converted by inserting "19" and
computing the check character. The address code is NOT checked against a code table: codes of abolished
counties stay valid on old cards (shared NATIONAL_RULES §2.1, GLOSSARY), which is why python-stdnum's
`cn.ric.validate` (it rejects unknown birth places) is not used here — only its MOD 11-2 check digit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from stdnum.iso7064 import mod_11_2

_RE18 = re.compile(r"^\d{17}[\dX]$")
_RE15 = re.compile(r"^\d{15}$")


class IdNumberError(ValueError):
    """Invalid ID number; the message is in Chinese and shown to the user as is."""


@dataclass(frozen=True)
class IdNumber:
    number: str  # normalised 18-character form, upper-case X
    birth_date: dt.date
    sex: str  # "M" or "F"
    address_code: str


def _birth(digits8: str, raw: str) -> dt.date:
    try:
        born = dt.date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        raise IdNumberError(f"身份证号“{raw}”中的出生日期 {digits8} 不是有效日期") from None
    if born.year < 1880 or born > dt.date.today():
        raise IdNumberError(f"身份证号“{raw}”中的出生日期 {digits8} 超出合理范围")
    return born


def check_character(first17: str) -> str:
    return mod_11_2.calc_check_digit(first17)


def parse(value: str) -> IdNumber:
    """Normalise and validate an ID number; raise IdNumberError with a Chinese reason."""
    raw = (value or "").strip()
    text = raw.upper().replace(" ", "")
    if not text:
        raise IdNumberError("身份证号不能为空")
    if _RE15.match(text):
        born = _birth("19" + text[6:12], raw)
        body = text[:6] + "19" + text[6:]
        text = body + check_character(body)
    elif _RE18.match(text):
        born = _birth(text[6:14], raw)
        if check_character(text[:17]) != text[17]:
            raise IdNumberError(f"身份证号“{raw}”校验位错误")
    else:
        raise IdNumberError(f"身份证号“{raw}”格式不正确：应为 18 位（末位可为 X）或 15 位数字")
    if text[:2] == "00":
        raise IdNumberError(f"身份证号“{raw}”的地址码不正确")
    sex = "M" if int(text[16]) % 2 else "F"
    return IdNumber(number=text, birth_date=born, sex=sex, address_code=text[:6])


def mask(number: str) -> str:
    """330902**********1X — first 6 and last 2 characters, as printed on notices and exports."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 8) + number[-2:]
