"""What a synthetic person does and lives on, drawn from age, sex and town or country: schooling [E], disability
and serious illness [D2], labour capacity, employment and the year's incomes [I] (sources in distributions.py).

Every function consumes the chunk's random numbers in a fixed order — changing the order or the number of draws
changes every person generated after it."""

from __future__ import annotations

import bisect
import math
import random

from minzheng.synthetic.distributions import (
    DISABILITY_ADULT_CUM,
    DISABILITY_CHILD_CUM,
    DISABILITY_CODES,
    DISABILITY_GRADE_CUM,
    DISABILITY_RATE,
    ILLNESS_ADULT,
    ILLNESS_CHILD,
    ILLNESS_RATE,
    weighted,
)


def fen_text(fen: int) -> str:
    """Exact decimal text of an amount in fen (分): 1234567 → "12345.67". Never a float."""
    return f"{fen // 100}.{fen % 100:02d}"


def amount(rng: random.Random, median: float, sigma: float, low: float, high: float, whole: bool = False) -> str:
    """A lognormal annual amount as exact decimal text (built from integer fen)."""
    value = min(max(median * math.exp(rng.gauss(0.0, sigma)), low), high)
    fen = round(value) * 100 if whole else round(value * 100)
    return fen_text(fen)


def monthly(rng: random.Random, lo: int, hi: int, step: int = 10) -> str:
    """A monthly allowance between lo and hi (in steps), as its annual amount."""
    per_month = lo + step * int(rng.random() * ((hi - lo) // step + 1))
    return fen_text(per_month * 12 * 100)


def schooling(rand, age: int, urban: bool) -> str:
    """By age [E]; one draw for everyone under 26 (even infants, who get no value)."""
    if age >= 26:
        return "not_in_school"
    r = rand()
    if age < 3:
        return ""
    if age < 6:
        return "preschool" if r < 0.85 else "not_in_school"
    if age < 12:
        return "primary"
    if age < 15:
        return "junior_secondary" if r < 0.99 else "not_in_school"
    if age < 18:
        return "senior_secondary" if r < 0.55 else "vocational" if r < 0.91 else "not_in_school"
    if age < 23:
        return "higher" if r < (0.6 if urban else 0.45) else "not_in_school"
    return "higher" if r < 0.08 else "not_in_school"


def disability(rand, age: int, a: int, number: str) -> tuple[str, int | None, str | None]:
    """(category, grade, certificate number) [D2] — ("", None, None) for most people. `a`: age capped at 110."""
    if rand() >= DISABILITY_RATE[a]:
        return "", None, None
    cum = DISABILITY_CHILD_CUM if age < 18 else DISABILITY_ADULT_CUM
    category = DISABILITY_CODES[age < 18][bisect.bisect_right(cum, rand())]
    grade = 1 + bisect.bisect_right(DISABILITY_GRADE_CUM, rand())
    cert = None
    if rand() < (0.7 if grade <= 2 else 0.4):
        cert = f"{number}{category}{grade}"  # 第二代残疾人证号 = 身份证号 + 类别 + 等级
    return category, grade, cert


def illness(rng: random.Random, age: int, a: int) -> tuple[bool, str]:
    """(serious illness?, which one)."""
    ill = rng.random() < ILLNESS_RATE[a]
    return ill, weighted(rng, ILLNESS_CHILD if age < 15 else ILLNESS_ADULT) if ill else ""


def labour(rand, age: int, grade: int | None, ill: bool) -> str:
    r = rand()
    if age < 16:
        return "none"
    if grade is not None and grade <= 2:
        return "none" if r < 0.7 else "partial"
    if grade is not None or ill:
        return "partial" if r < 0.6 else "none" if r < 0.75 else "full"
    if age < 60:
        return "full" if r < 0.97 else "partial"
    if age < 70:
        return "full" if r < 0.55 else "partial" if r < 0.9 else "none"
    if age < 80:
        return "full" if r < 0.2 else "partial" if r < 0.7 else "none"
    return "partial" if r < 0.3 else "none"


def employment(rand, age: int, urban: bool, male: bool, student: bool, capacity: str) -> str:
    """The employment status [I]; one draw (students and people unable to work included)."""
    r = rand()
    if age < 16:
        return "not_working_age"
    if student:
        return ""
    if capacity == "none":
        return "unable"
    if age < (55 if urban and not male else 60):  # working age (towns: women retire at 55)
        if urban:
            if age < 25:
                status = "employed" if r < 0.6 else "flexible" if r < 0.8 else "unemployed" if r < 0.95 else \
                    "self_employed"
            else:
                status = "employed" if r < 0.62 else "self_employed" if r < 0.72 else "flexible" if r < 0.87 \
                    else "unemployed" if r < 0.92 else ""
        else:
            status = "farming" if r < 0.35 else "employed" if r < 0.7 else "self_employed" if r < 0.78 else \
                "flexible" if r < 0.93 else "unemployed" if r < 0.96 else ""
        if capacity == "partial" and status in ("employed", "self_employed"):
            status = "flexible" if urban else "farming"
        return status
    if urban:  # past retirement age (60 men, 55 women in towns)
        return "retired" if r < 0.78 else "not_working_age"
    if age < 75 and capacity != "none":
        return "farming" if r < 0.55 else "retired" if r < 0.62 else "not_working_age"
    return "retired" if r < 0.05 else "not_working_age"


def incomes(rng: random.Random, age: int, urban: bool, male: bool, student: bool, school: str,
            status: str) -> list[tuple[str, str]]:
    """The year's incomes [I] as [(kind, annual amount text)]: work, pensions and allowances, property, transfers."""
    rand = rng.random
    out = []
    if student:
        if school == "higher" and rand() < 0.15:
            out.append(("scholarship", amount(rng, 4000, 0.4, 1000, 10000, whole=True)))
    elif status == "employed":
        out.append(("wage", amount(rng, 62000 if urban else 48000, 0.45, 24000, 600000)))
    elif status == "flexible":
        out.append(("wage", amount(rng, 30000, 0.5, 6000, 150000)))
    elif status == "self_employed":
        out.append(("business", amount(rng, 55000, 0.7, 3000, 800000)))
    elif status == "farming":
        out.append(("business", amount(rng, 15000, 0.6, 1000, 120000)))
    elif status == "unemployed" and urban and rand() < 0.3:
        months = 3 + int(rand() * 10)
        out.append(("unemployment", fen_text((1500 + 10 * int(rand() * 50)) * months * 100)))
    if age >= 60 or status == "retired":
        if status == "retired":
            out.append(("pension", amount(rng, 42000 if urban else 30000, 0.3, 12000, 180000)))
        else:
            out.append(("basic_pension", monthly(rng, 150, 400)))
            if rand() < 0.3:
                out.append(("support", amount(rng, 6000, 0.6, 1200, 36000, whole=True)))
            if not urban and rand() < 0.1:
                out.append(("family_planning", "960.00"))
        if age >= 80 and rand() < 0.6:
            out.append(("age_allowance", monthly(rng, 100, 200, 50)))
        if male and rand() < 0.004:
            out.append(("special_care", amount(rng, 20000, 0.4, 5000, 60000, whole=True)))
    if urban:
        if age >= 25 and rand() < 0.06:
            out.append(("property", amount(rng, 18000, 0.7, 1200, 200000)))
    elif age >= 18 and not student and rand() < 0.08:
        out.append(("transfer", amount(rng, 5000, 0.7, 500, 50000, whole=True)))
    return out
