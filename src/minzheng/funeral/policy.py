"""Pure rules of the funeral app (dataclasses in, dataclasses out; no ORM).

- `select_scheme`: the 惠民殡葬 rule in force for a place and day — most specific region first, then the latest
  effective date not after the day (rules are data by region and effective date: WaiverScheme).
- `waiver`: the basic funeral services waived for one death, item by item, capped by group. Rules:
  民政部等《关于全面推行惠民殡葬政策的指导意见》(民发〔2012〕211号): 基本殡葬服务 = 遗体接运、暂存、火化、骨灰寄存,
  waived or subsidised first for 特困 (农村五保)、城市"三无"、低保、优抚 recipients, then extended to all residents;
  eco-burial rewarded. The amounts, caps, groups, the 户籍 requirement and the place-of-cremation rule (本地火化 or
  异地火化凭票报销) are local (e.g. 黑河 2023: 接运 200 + 暂存 110/天 ≤3 天 + 火化 190 + 寄存 72 元/年, cap 792 元,
  1172 元 for special groups; NATIONAL_RULES §2.7).
- `capacity_left` / `can_book`: tomb-sweeping slots (清明 祭扫 预约限流: capacity per cemetery and time slot).
- `family_todo`: what the family still has to do after 身后一件事 (the steps the platform cannot take for them).
- `rate`: the cremation and eco-burial rates of the indicators page."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from minzheng.funeral import codes

R211 = "民发〔2012〕211号《关于全面推行惠民殡葬政策的指导意见》"
FEN = Decimal("0.01")


@dataclass(frozen=True)
class ItemRule:
    item: str
    unit: str  # codes.WAIVER_UNITS
    amount: Decimal
    max_units: int | None = None
    special_only: bool = False


@dataclass(frozen=True)
class SchemeRule:
    region_code: str
    effective_from: dt.date
    name: str
    cap_general: Decimal
    cap_special: Decimal
    special_programs: tuple[str, ...] = ()
    hukou_required: bool = True
    cremation_place: str = "local"  # local | any
    items: tuple[ItemRule, ...] = ()
    document: str = ""
    ref: int | None = None  # the WaiverScheme row


def select_scheme(schemes: list[SchemeRule], region_code: str, day: dt.date) -> SchemeRule | None:
    """The scheme of the most specific region that is a prefix of `region_code` (by its significant digits) having
    a row in force on `day`, the latest of that region's rows."""
    best: SchemeRule | None = None
    best_key = (-1, dt.date.min)
    for s in schemes:
        prefix = s.region_code.rstrip("0")
        if not region_code.startswith(prefix) or s.effective_from > day:
            continue
        key = (len(prefix), s.effective_from)
        if key > best_key:
            best, best_key = s, key
    return best


@dataclass(frozen=True)
class WaiverFacts:
    hukou_local: bool  # the deceased's 户籍 is in the scheme's region
    cremated: bool
    cremated_locally: bool  # at a funeral home in the scheme's region
    programs_held: frozenset[str] = frozenset()  # kernel programs of the deceased or the household at death
    storage_days: int = 0
    ash_storage_months: int = 0
    transport_km: int = 0


@dataclass(frozen=True)
class WaiverLine:
    item: str
    label: str
    units: int
    unit_amount: Decimal
    amount: Decimal

    def as_dict(self) -> dict:
        return {"item": self.item, "label": self.label, "units": self.units, "unit_amount": str(self.unit_amount),
                "amount": str(self.amount)}


@dataclass
class WaiverResult:
    eligible: bool
    group: str = "general"
    lines: list[WaiverLine] = field(default_factory=list)
    total: Decimal = Decimal("0.00")
    payee: str = "funeral_home"  # funeral_home (直接减免) | family (异地火化凭票报销)
    reasons: list[str] = field(default_factory=list)


def _units(rule: ItemRule, facts: WaiverFacts) -> int:
    """How many units of an item are waived: the services used, at most the rule's maximum."""
    used = {"per_body": 1, "per_day": facts.storage_days, "per_month": facts.ash_storage_months,
            "per_year": math.ceil(facts.ash_storage_months / 12), "per_km": facts.transport_km}[rule.unit]
    limit = rule.max_units if rule.max_units is not None else (1 if rule.unit == "per_body" else None)
    return used if limit is None else min(used, limit)


def waiver(scheme: SchemeRule | None, facts: WaiverFacts) -> WaiverResult:
    """The waiver for one death under `scheme` (see the module docstring for the rule)."""
    if scheme is None:
        return WaiverResult(False, reasons=["逝者所在地未设置惠民殡葬减免标准"])
    if not facts.cremated:
        return WaiverResult(False, reasons=[f"基本殡葬服务减免以遗体火化为前提（{R211}）"])
    if scheme.hukou_required and not facts.hukou_local:
        return WaiverResult(False, reasons=[f"逝者非本地户籍，不属于{scheme.name}的减免对象"])
    payee = "funeral_home" if facts.cremated_locally else "family"
    if not facts.cremated_locally and scheme.cremation_place == "local":
        return WaiverResult(False, payee=payee, reasons=[f"{scheme.name}限在本地殡仪馆火化，异地火化不予减免"])
    special = bool(facts.programs_held & set(scheme.special_programs))
    group = "special" if special else "general"
    result = WaiverResult(True, group=group, payee=payee)
    for rule in scheme.items:
        if rule.special_only and not special:
            continue
        units = _units(rule, facts)
        if units <= 0:
            continue
        amount = (rule.amount * units).quantize(FEN)
        label = codes.WAIVER_ITEMS.get(rule.item, rule.item)
        result.lines.append(WaiverLine(rule.item, label, units, rule.amount, amount))
    subtotal = sum((line.amount for line in result.lines), Decimal("0.00"))
    cap = scheme.cap_special if special else scheme.cap_general
    result.total = min(subtotal, cap).quantize(FEN)
    who = "特殊群体" if special else "户籍居民"
    result.reasons.append(f"按{scheme.name}（{scheme.effective_from} 起）{who}标准逐项减免，合计 {subtotal} 元")
    if subtotal > cap:
        result.reasons.append(f"超过{who}减免上限 {cap} 元，按上限减免")
    if payee == "family":
        result.reasons.append("异地火化：由家属凭火化证明和票据申请报销")
    return result


# ---- tomb-sweeping booking -------------------------------------------------------------------------------------------


def capacity_left(capacity: int, booked: int) -> int:
    return max(capacity - booked, 0)


def can_book(capacity: int, booked: int, party: int) -> bool:
    """A booking of `party` people fits when the slot keeps within its capacity (the database's conditional UPDATE
    applies the same test atomically)."""
    return party >= 1 and booked + party <= capacity


# ---- 身后一件事 -----------------------------------------------------------------------------------------------------


def family_todo(pending_certificate: bool, cremated: bool, held_pension: bool = True) -> list[str]:
    """What is left for the family (in this order): the certificate when only reported, then the steps other
    departments take on their own application (户口注销、社保、医保、公积金、继承), then the ashes."""
    keys = ["certificate"] if pending_certificate else []
    keys += ["hukou"] + (["pension"] if held_pension else []) + ["medical", "housing_fund", "bank", "property"]
    if cremated:
        keys.append("cremation")
    return [codes.FAMILY_TODO[k] for k in keys]


def next_month(day: dt.date) -> dt.date:
    """Payments stop from the month after the death (民发〔2021〕43号 第二十五条 "次月起停止")."""
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal (None when there is nothing to divide by)."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
