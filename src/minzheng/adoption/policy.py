"""Pure rules of adoption registration (民法典 第五编第五章 收养, 第1093条起; NATIONAL_RULES §2.6 neighbourhood):

- 第1093条: who may be adopted (a minor: orphan, parents unknown, parents unable to raise the child);
- 第1098条: the adopter (1) has no child or only one, (2) can raise, educate and protect the child, (3) has no
  disease making adoption medically inadvisable, (4) has no criminal record harmful to the child, (5) is 30 or older;
- 第1100条: without children, up to two; with children, one; adopting an orphan, a disabled minor or a welfare
  institution's child whose parents cannot be found is exempt from the child-count limits and 第1098条第一项;
- 第1101条: a married adopter adopts jointly with the spouse;
- 第1102条: a single adopter adopting a child of the other sex must be at least 40 years older;
- 第1104条: a child aged 8 or more must consent;
- 第1105条: the adoption exists from registration; the 民政部门 carries out the 收养评估.
Each check returns a Chinese reason; the registry records both what was declared and what it checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MIN_ADOPTER_AGE = 30
SINGLE_OPPOSITE_SEX_GAP = 40
CONSENT_AGE = 8
ADULT_AGE = 18


def age_on(birth: dt.date, day: dt.date) -> int:
    years = day.year - birth.year
    return years - ((day.month, day.day) < (birth.month, birth.day))


def _plus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return dt.date(day.year + years, 3, 1)


@dataclass(frozen=True)
class AdoptionFacts:
    day: dt.date
    adopter_birth: dt.date
    adopter_sex: str
    married: bool
    spouse_joins: bool
    children: int  # the adopters' children, adopted ones included
    adopted_before: int  # children adopted earlier
    child_birth: dt.date
    child_sex: str
    child_category: str
    child_disabled: bool = False
    child_in_institution: bool = False
    child_consents: bool = False
    declared: tuple[str, ...] = ()  # conditions the adopter declared met (codes.CONDITIONS keys)
    checked_failed: tuple[str, ...] = ()  # conditions the registry's check found not met


def exempt_from_count(f: AdoptionFacts) -> bool:
    """第1100条第二款: orphans, disabled minors, and institution children whose parents cannot be found."""
    return f.child_category == "orphan" or f.child_disabled or (
        f.child_in_institution and f.child_category == "unknown_parents")


def refusals(f: AdoptionFacts, conditions: dict[str, str]) -> list[tuple[str, str]]:
    """(field, reason) for every reason the adoption may not be registered; empty = may register."""
    out: list[tuple[str, str]] = []
    child_age = age_on(f.child_birth, f.day)
    if child_age >= ADULT_AGE:
        out.append(("child_id", "被收养人须为未成年人（民法典第一千零九十三条）"))
    exempt = exempt_from_count(f)
    for key, text in conditions.items():
        if key == "age":
            continue
        if key == "children" and exempt:
            continue
        if key not in f.declared:
            out.append(("declared", f"未声明符合条件：{text}"))
        elif key in f.checked_failed:
            out.append(("checked", f"经核查不符合条件：{text}"))
    if age_on(f.adopter_birth, f.day) < MIN_ADOPTER_AGE:
        out.append(("adopter.birth_date", f"收养人须{conditions['age']}"))
    if not exempt:
        if f.children > 1:
            out.append(("children", "收养人已有两名以上子女（民法典第一千零九十八条第一项）"))
        limit = 2 if f.children == 0 else 1
        if f.adopted_before + 1 > limit:
            out.append(("adopted_before", f"收养人最多可收养{limit}名子女（民法典第一千一百条）"))
    if f.married and not f.spouse_joins:
        out.append(("spouse", "有配偶者收养子女，应当夫妻共同收养（民法典第一千一百零一条）"))
    if not f.married and f.adopter_sex != f.child_sex and _plus_years(f.adopter_birth,
                                                                       SINGLE_OPPOSITE_SEX_GAP) > f.child_birth:
        out.append(("adopter.birth_date",
                    "无配偶者收养异性子女，收养人与被收养人的年龄应当相差四十周岁以上（民法典第一千一百零二条）"))
    if child_age >= CONSENT_AGE and not f.child_consents:
        out.append(("child_consents", "收养八周岁以上未成年人，应当征得被收养人的同意（民法典第一千一百零四条）"))
    return out
