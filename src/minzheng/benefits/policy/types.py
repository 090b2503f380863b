"""Plain data in and out of the policy engine, and the resolved standards it reads. No Django, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from minzheng.benefits import catalogue
from minzheng.benefits.policy.money import DEFAULT_ROUNDING, plain, round_amount, yuan
from minzheng.core.errors import ServiceError

# ---- errors -----------------------------------------------------------------------------------------------------


class MissingStandard(ServiceError):
    """A standard the calculation needs has no value for the region, area and month. Never computed as 0."""

    status = 422

    def __init__(self, program: str, item: str, region_code: str, area: str, month: dt.date, purpose: str):
        spec = catalogue.ITEMS.get((program, item))
        label = spec.label if spec else item
        super().__init__(
            f"缺少标准“{catalogue.PROGRAMS.get(program, program)}·{label}”（{program}.{item}）："
            f"区划 {region_code}（{catalogue.AREAS.get(area, area)}）在 {month:%Y-%m} 没有生效的数值，"
            f"无法{purpose}。请先设置该标准（minzheng standards load 或 POST /api/v1/standards）")
        self.program, self.item = program, item


class MissingFact(ServiceError):
    """An input fact the calculation needs was not given (a 422 on that field)."""

    status = 422

    def __init__(self, field_path: str, message: str):
        super().__init__(f"{field_path}: {message}")
        self.field, self.reason = field_path, message


# ---- input --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Income:
    kind: str  # registry.codes.INCOME_KINDS
    amount: Decimal  # yuan, >= 0
    period: str = "monthly"  # "monthly" | "annual"

    def monthly(self) -> Fraction:
        return Fraction(self.amount) / 12 if self.period == "annual" else Fraction(self.amount)


@dataclass(frozen=True)
class Expense:
    """A rigid expense (刚性支出) of the household: medical, rehabilitation, education, living, other."""

    kind: str
    amount: Decimal
    period: str = "annual"

    def monthly(self) -> Fraction:
        return Fraction(self.amount) / 12 if self.period == "annual" else Fraction(self.amount)


@dataclass(frozen=True)
class Benefit:
    program: str
    monthly: Decimal


@dataclass(frozen=True)
class Member:
    birth_date: dt.date
    sex: str = ""
    disability_category: str = ""  # GB/T 26341: "1" 视力 … "5" 智力, "6" 精神, "7" 多重
    disability_grade: int | None = None  # 1–4
    serious_illness: bool = False
    labour_capacity: str = ""  # none | partial | full
    schooling: str = ""
    self_care_unmet: int | None = None  # 0–6 items of 民发〔2021〕43号 Art.20 not met
    capability_level: int | None = None  # 0–4, GB/T 42195-2022 (the elderly app's latest capability assessment)
    incomes: tuple[Income, ...] = ()
    existing_benefits: tuple[Benefit, ...] = ()
    counted: bool = True  # a 共同生活家庭成员 (民发〔2021〕57号 Art.7)
    child_status: str = ""  # "orphan" | "unsupported": a recorded 认定 fact
    ref: str = ""


@dataclass(frozen=True)
class Assets:
    financial: Decimal = Decimal(0)
    vehicles: tuple[Decimal, ...] = ()
    housing_units: int = 0
    declared: bool = True  # False when the input gave no assets at all


@dataclass(frozen=True)
class Household:
    urban_rural: str  # urban | rural
    members: tuple[Member, ...]
    assets: Assets = Assets()
    support_payer_able: bool | None = None  # 特困: a person with a support duty is able to pay (recorded fact)
    recognised: frozenset[str] = frozenset()  # programs the household is currently recognised for (decisions)
    rigid_expenses: tuple[Expense, ...] = ()


@dataclass(frozen=True)
class Options:
    centralised: bool = False
    rounding: str = DEFAULT_ROUNDING
    kind: str = ""  # temporary: emergency | expense
    requested_amount: Decimal | None = None  # temporary
    members: tuple[int, ...] | None = None  # person programs: which members to evaluate (default all)


@dataclass(frozen=True)
class Request:
    program: str
    region_code: str  # 12 characters
    month: dt.date  # the first day of the month evaluated
    household: Household
    options: Options = Options()
    ref: str = ""


# ---- standards ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardValue:
    program: str
    item: str
    value: Decimal
    unit: str
    region_code: str = ""
    region_name: str = ""
    area: str = ""
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    source: str = ""
    is_default: bool = False

    def amount(self) -> Fraction:
        """The value as an exact number; a per-year money value becomes per month (÷ 12)."""
        spec = catalogue.ITEMS.get((self.program, self.item))
        value = Fraction(self.value)
        if spec is not None and spec.kind == "money_month" and self.unit == catalogue.YEARLY:
            return value / 12
        return value

    def shown(self) -> str:
        text = f"{plain(self.value)} {self.unit}"
        spec = catalogue.ITEMS.get((self.program, self.item))
        if spec is not None and spec.kind == "money_month" and self.unit == catalogue.YEARLY:
            text += f"（÷12 = {yuan(self.amount())} {catalogue.MONTHLY}）"
        return text

    def origin(self) -> str:
        """Where the value came from, in Chinese: region, area, period and source."""
        if self.is_default:
            return f"默认值（{self.source}）"
        period = (f"{self.effective_from} 至 {self.effective_to}" if self.effective_to
                  else f"{self.effective_from} 起")
        name = f"{self.region_name}（{self.region_code}）" if self.region_name else self.region_code
        text = f"{name}·{catalogue.AREAS.get(self.area, self.area)}·{period}"
        return text + (f"；依据：{self.source}" if self.source else "")

    def as_dict(self) -> dict[str, Any]:
        return {"program": self.program, "item": self.item, "value": plain(self.value), "unit": self.unit,
                "region_code": self.region_code or None, "region_name": self.region_name or None,
                "area": self.area or None,
                "effective_from": self.effective_from.isoformat() if self.effective_from else None,
                "effective_to": self.effective_to.isoformat() if self.effective_to else None,
                "source": self.source, "default": self.is_default}


class Standards:
    """The standards in force for one region, area and month: (program, item) -> StandardValue.

    Built by selectors.resolve() from the Standard table (most specific region, then urban/rural over "all"), or
    directly in tests. get() falls back to the catalogue default; require() raises MissingStandard."""

    def __init__(self, values: dict[tuple[str, str], StandardValue], region_code: str, area: str,
                 month: dt.date):
        self.values, self.region_code, self.area, self.month = dict(values), region_code, area, month

    def get(self, program: str, item: str) -> StandardValue | None:
        found = self.values.get((program, item))
        if found is not None:
            return found
        spec = catalogue.ITEMS.get((program, item))
        if spec is not None and spec.default is not None:
            return StandardValue(program, item, spec.default, spec.unit, source=spec.default_rule, is_default=True)
        return None

    def require(self, program: str, item: str, purpose: str) -> StandardValue:
        found = self.get(program, item)
        if found is None:
            raise MissingStandard(program, item, self.region_code, self.area, self.month, purpose)
        return found


# ---- output ---------------------------------------------------------------------------------------------------------


@dataclass
class Line:
    """One line of the breakdown. `amount` is money (+ adds to, − subtracts from what is paid or counted);
    `value` is any other figure (a count, a ratio, a per-capita comparison)."""

    code: str
    label: str
    amount: Fraction | None = None
    value: str = ""
    member: int | None = None
    source: StandardValue | None = None
    rule: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "label": self.label,
                               "amount": yuan(self.amount).lstrip("≈") if self.amount is not None else None}
        if self.amount is not None and yuan(self.amount).startswith("≈"):
            out["exact"] = False
        if self.value:
            out["value"] = self.value
        if self.member is not None:
            out["member"] = self.member
        if self.source is not None:
            out["source"] = self.source.as_dict()
            out["source_text"] = self.source.origin()
        if self.rule:
            out["rule"] = self.rule
        return out


@dataclass
class MemberResult:
    index: int
    eligible: bool
    monthly_amount: Decimal = Decimal("0.00")
    reasons: list[str] = field(default_factory=list)
    ref: str = ""

    def as_dict(self) -> dict[str, Any]:
        out = {"index": self.index, "eligible": self.eligible, "monthly_amount": f"{self.monthly_amount}",
               "reasons": self.reasons}
        if self.ref:
            out["ref"] = self.ref
        return out


@dataclass
class Result:
    program: str
    request: Request
    area: str
    eligible: bool = False
    monthly_amount: Decimal = Decimal("0.00")
    lines: list[Line] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    members: list[MemberResult] = field(default_factory=list)
    inclusion: str | None = None  # dibao: "household" | "single_person"
    procedure: dict[str, Any] = field(default_factory=dict)

    def add(self, line: Line) -> Line:
        self.lines.append(line)
        return line

    def cite(self, *rules: str) -> None:
        for rule in rules:
            if rule not in self.rules:
                self.rules.append(rule)

    def pay(self, amount: Fraction) -> Decimal:
        """Round the amount paid by the request's rule and record it."""
        self.monthly_amount = round_amount(max(amount, Fraction(0)), self.request.options.rounding)
        return self.monthly_amount

    def as_dict(self) -> dict[str, Any]:
        from minzheng.benefits.policy.money import ROUNDING_LABEL

        req = self.request
        out: dict[str, Any] = {
            "program": self.program, "program_name": catalogue.PROGRAMS[self.program],
            "region_code": req.region_code, "month": f"{req.month:%Y-%m}", "area": self.area,
            "eligible": self.eligible, "monthly_amount": f"{self.monthly_amount}",
            "rounding": req.options.rounding, "rounding_label": ROUNDING_LABEL[req.options.rounding],
            "reasons": self.reasons, "breakdown": [line.as_dict() for line in self.lines], "rules": self.rules,
            "procedure": self.procedure,
        }
        if self.inclusion is not None:
            out["inclusion"] = self.inclusion
        if self.members or req.program in _person_programs():
            out["members"] = [m.as_dict() for m in self.members]
        if req.ref:
            out["ref"] = req.ref
        return out


def _person_programs() -> frozenset[str]:
    from minzheng.benefits import programs

    return programs.person_programs()
