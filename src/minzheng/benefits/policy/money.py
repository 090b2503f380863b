"""Exact money arithmetic and the rounding rule.

Inputs and outputs are Decimal (yuan, fen precision). Inside a calculation amounts are kept as exact rationals
(fractions.Fraction, never float): an annual income of 1,000 yuan is 1000/12 yuan a month, which no Decimal holds
exactly, and rounding each twelfth before summing would make the result depend on how the incomes were split.
One rounding happens, at the end, on the amount paid (see ROUNDING); per-capita income is compared with the
standard exactly (an income exactly at the standard is not below it).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

FEN = Decimal("0.01")

# Rounding rules for amounts paid: name -> (step in yuan, direction). The default is DEFAULT_ROUNDING; an
# instance chooses with the setting / environment variable MINZHENG_ASSISTANCE_ROUNDING, a single evaluation
# with options.rounding.
ROUNDING: dict[str, tuple[Fraction, str]] = {
    "ceil_yuan": (Fraction(1), "ceil"),
    "round_half_up_yuan": (Fraction(1), "half_up"),
    "ceil_jiao": (Fraction(1, 10), "ceil"),
    "round_half_up_jiao": (Fraction(1, 10), "half_up"),
    "ceil_fen": (Fraction(1, 100), "ceil"),
    "round_half_up_fen": (Fraction(1, 100), "half_up"),
}
ROUNDING_LABEL = {
    "ceil_yuan": "向上取整到元", "round_half_up_yuan": "四舍五入到元", "ceil_jiao": "向上取整到角",
    "round_half_up_jiao": "四舍五入到角", "ceil_fen": "向上取整到分", "round_half_up_fen": "四舍五入到分",
}
DEFAULT_ROUNDING = "ceil_yuan"  # NATIONAL_RULES §5.3: 补差 with ceil on household totals


def exact(value: Decimal | int | Fraction) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


def round_amount(value: Fraction, rule: str) -> Decimal:
    """Round a non-negative amount by `rule` and return it as Decimal with two places."""
    step, direction = ROUNDING[rule]
    if value < 0:
        raise ValueError("amount to round must not be negative")
    units = value / step
    n = math.ceil(units) if direction == "ceil" else math.floor(units + Fraction(1, 2))
    return (Decimal(n) * Decimal(step.numerator) / Decimal(step.denominator)).quantize(FEN)


def truncate_fen(value: Fraction) -> Decimal:
    """Round down to the fen (used for caps: a capped amount never exceeds its cap)."""
    return (Decimal(math.floor(value * 100)) / 100).quantize(FEN)


def fen(value: Fraction | Decimal) -> Decimal:
    """Display form: half-up to the fen. Display only; calculations keep the exact value."""
    value = exact(value)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(FEN, rounding=ROUND_HALF_UP) \
        if value.denominator != 1 else Decimal(value.numerator).quantize(FEN)


def is_fen_exact(value: Fraction) -> bool:
    return (value * 100).denominator == 1


def yuan(value: Fraction | Decimal) -> str:
    """Display text of an amount, e.g. '810.00'; an amount that is not a whole number of fen gets a '≈'."""
    value = exact(value)
    text = f"{fen(value)}"
    return text if is_fen_exact(value) else "≈" + text


def plain(value: Decimal | Fraction) -> str:
    """A number without trailing zeros or exponent: 1.3000 -> '1.3', 810.0000 -> '810'."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
