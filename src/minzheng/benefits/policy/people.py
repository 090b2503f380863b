"""Facts about a person that several programs share: age in a month, severe disability, labour capacity."""

from __future__ import annotations

import datetime as dt

from minzheng.benefits.policy.types import Member

VISUAL, HEARING, SPEECH, LIMB, INTELLECTUAL, MENTAL, MULTIPLE = "1", "2", "3", "4", "5", "6", "7"
CATEGORY_LABEL = {"1": "视力残疾", "2": "听力残疾", "3": "言语残疾", "4": "肢体残疾", "5": "智力残疾",
                  "6": "精神残疾", "7": "多重残疾"}
GRADE_LABEL = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


def birthday(birth: dt.date, years: int) -> dt.date:
    """The date a person reaches `years` full years. A 29 February birthday falls on 1 March in other years."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return dt.date(birth.year + years, 3, 1)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years (周岁) on `day`; 0 for someone not yet born."""
    years = day.year - birth.year
    if years > 0 and birthday(birth, years) > day:
        years -= 1
    return max(years, 0)


def age_in_month(member: Member, month: dt.date) -> int:
    """Age used for a month: full years (周岁) on the first day of the month (a birthday on the 1st counts). The rules
    (民发〔2021〕43号 第五条 “年满60周岁”“未满16周岁” and the like) name ages in full years; the month is the unit of
    payment, so the day that decides is the first of the month."""
    return age_on(member.birth_date, month)


def reached_after_birthday_month(member: Member, years: int, month: dt.date) -> bool:
    """True from the month after the month in which the person reaches `years` (高龄津贴: 满N周岁的次月起, the local
    practice recorded in NATIONAL_RULES §1.11; there is no national rule)."""
    day = birthday(member.birth_date, years)
    return (day.year, day.month) < (month.year, month.month)


def disability_text(member: Member) -> str:
    if not member.disability_grade:
        return "无残疾等级"
    category = CATEGORY_LABEL.get(member.disability_category, "残疾")
    return f"{GRADE_LABEL.get(member.disability_grade, member.disability_grade)}{category}"


def is_severely_disabled(member: Member, mental_grade: int) -> bool:
    """重度残疾: grade 1 or 2 of any category, or an intellectual/mental disability at `mental_grade` or more severe.
    Rule: 民发〔2021〕57号 第八条 (一级、二级，三级智力、三级精神残疾; the grade is a standard item so that places
    that include grade 4, e.g. Zhoushan and Manas, can say so)."""
    grade = member.disability_grade
    if not grade:
        return False
    if grade <= 2:
        return True
    return member.disability_category in (INTELLECTUAL, MENTAL) and grade <= mental_grade


def no_labour_disability(member: Member) -> bool:
    """Disabilities that mean no labour capacity for 特困: 一至三级智力或精神残疾, 一、二级肢体残疾, 一级视力残疾.
    Rule: 民发〔2021〕43号《特困人员认定办法》第五条."""
    grade, category = member.disability_grade, member.disability_category
    if not grade:
        return False
    if category in (INTELLECTUAL, MENTAL):
        return grade <= 3
    if category == LIMB:
        return grade <= 2
    if category == VISUAL:
        return grade == 1
    return False
