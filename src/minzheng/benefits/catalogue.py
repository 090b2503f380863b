"""The standards catalogue: what a standard item is (label, unit family, range, default) and the items every
declared program reads (each app lists its items with its program: benefits.programs).

The loader and the API reject an item that is not declared; the policy engine reads only declared items;
docs/assistance.md is the readable form of the table. Money items expressed per person and
month may also be stored per person and year (元/人/年): the engine divides by 12 exactly (see policy.money).

A `default` is used only when no region has set the item; it is a national figure (cited in `default_rule`) or a
legal definition, never a local amount. Items marked `optional` switch a local feature on when present (absent =
the feature does not exist there). Every other item is required when the calculation needs it: a missing value
stops the calculation with a Chinese reason, it is never taken as 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

AREAS = {"urban": "城市", "rural": "农村", "all": "城乡统一"}

MONTHLY = "元/人/月"
YEARLY = "元/人/年"

# Unit families: the units an item may be stored in.
UNITS: dict[str, tuple[str, ...]] = {
    "money_month": (MONTHLY, YEARLY),
    "money_year": (YEARLY,),
    "money": ("元",),
    "multiplier": ("倍",),
    "ratio": ("比例",),
    "months": ("个月",),
    "vehicles": ("辆",),
    "housing": ("套",),
    "age": ("周岁",),
    "grade": ("级",),
    "flag": ("是否",),
}


@dataclass(frozen=True)
class Item:
    program: str
    item: str
    label: str
    kind: str
    meaning: str
    minimum: Decimal = Decimal(0)
    maximum: Decimal | None = None
    minimum_exclusive: bool = False
    whole: bool = False  # value must be a whole number (ages, grades, counts, flags)
    default: Decimal | None = None
    default_rule: str = ""
    optional: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.program, self.item)

    @property
    def units(self) -> tuple[str, ...]:
        return UNITS[self.kind]

    @property
    def unit(self) -> str:
        return self.units[0]

    def check(self, value: Decimal) -> str | None:
        """A Chinese reason when `value` is out of this item's range, else None."""
        if self.minimum_exclusive and value <= self.minimum:
            return f"应大于 {self.minimum}"
        if value < self.minimum:
            return f"不能小于 {self.minimum}"
        if self.maximum is not None and value > self.maximum:
            return f"不能大于 {self.maximum}"
        if self.whole and value != value.to_integral_value():
            return "应为整数"
        return None


def money_item(program, item, label, meaning, **kw) -> Item:
    """An amount per person and month (may be stored per year: the engine divides by 12 exactly)."""
    return Item(program, item, label, "money_month", meaning, **kw)


class Lazy(Mapping):
    """A read-only mapping computed on first use from the programs the apps declare (benefits.programs), for module
    constants that callers index (ITEMS[(program, item)], PROGRAMS[code])."""

    def __init__(self, build: Callable[[], dict]):
        self._build = build

    def __getitem__(self, key):
        return self._build()[key]

    def __iter__(self) -> Iterator:
        return iter(self._build())

    def __len__(self) -> int:
        return len(self._build())


def _items() -> dict[tuple[str, str], Item]:
    from minzheng.benefits import programs

    return {i.key: i for p in programs.all_programs() for i in p.items}


def _names() -> dict[str, str]:
    from minzheng.benefits import programs

    return programs.names()


ITEMS: Mapping[tuple[str, str], Item] = Lazy(_items)
PROGRAMS: Mapping[str, str] = Lazy(_names)  # code -> Chinese name


def items_list() -> list[Item]:
    return list(_items().values())


def item(program: str, name: str) -> Item:
    return ITEMS[(program, name)]


def items_of(program: str) -> list[Item]:
    return [i for i in items_list() if i.program == program]
