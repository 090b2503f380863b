"""The pure rules of special care (优抚): what a registered entitled person is paid, by category (and, for a
disabled veteran, the nature and grade of the disability), from standards by category and date.

- 残疾抚恤金 by nature (因战、因公、因病) and grade (一至十级): 《军人抚恤优待条例》(2024) 第三十二至三十五条;
- 定期抚恤金 for 烈士遗属、因公牺牲军人遗属、病故军人遗属: 条例 第二十四至二十八条;
- 定期生活补助 for 在乡老复员军人、带病回乡退伍军人、参战参试退役人员: the national and provincial adjustment notices
  (the amount of each category is a standard item; the 示例 values are marked as such);
- 义务兵家庭优待金 (annual, one-off): 条例 第四十三条 (standard set by the province; a standard item).

The amounts are standards keyed by region and date (benefits kernel), so an annual adjustment is one new standard row
per category; the adjustment service re-evaluates every entitled person with this function and the kernel pays the
difference for the months since the adjustment took effect. A member who is not registered in a paying category is
refused with the reason; a missing standard stops the calculation (never 0)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from minzheng.benefits.policy.means import who
from minzheng.benefits.policy.persons import evaluated_members, finish, pay_member, refuse_member
from minzheng.benefits.policy.types import Line, Request, Result, Standards
from minzheng.specialcare import codes

R_REGULATION = "《军人抚恤优待条例》（国务院、中央军委令第788号，2024年修订）"
RULES = {
    "disabled_veteran": f"{R_REGULATION}第三十二至三十五条（残疾抚恤金按残疾性质和等级）",
    "martyr_family": f"{R_REGULATION}第二十四至二十八条（定期抚恤金）",
    "duty_death_family": f"{R_REGULATION}第二十四至二十八条（定期抚恤金）",
    "illness_death_family": f"{R_REGULATION}第二十四至二十八条（定期抚恤金）",
    "demobilized_veteran": "在乡老复员军人定期生活补助（国家统一调整标准，示例）",
    "returned_ill": "带病回乡退伍军人定期生活补助（国家统一调整标准，示例）",
    "war_participant": "参战参试退役人员定期生活补助（国家统一调整标准，示例）",
    "conscript_family": f"{R_REGULATION}第四十三条（义务兵家庭优待金，标准由省级规定）",
}


@dataclass(frozen=True)
class Entitled:
    """What the special-care register holds for a person in a month (None of it is in the registry)."""

    category: str
    nature: str = ""
    grade: int | None = None


def item_for(fact: Entitled) -> str:
    """The standard item of a category (a disabled veteran's by nature and grade).

    >>> item_for(Entitled("disabled_veteran", "war", 1))
    'disabled_war_1'
    >>> item_for(Entitled("martyr_family"))
    'martyr_family'
    """
    if fact.category == "disabled_veteran":
        return f"disabled_{fact.nature}_{fact.grade}"
    return fact.category


def evaluate(program: str, categories: tuple[str, ...], req: Request, stds: Standards,
             register: dict[int, Entitled]) -> Result:
    """Each evaluated member registered in one of `categories` gets the standard of their category."""
    result = Result(program, req, req.household.urban_rural)
    for i in evaluated_members(req):
        ref = req.household.members[i].ref
        fact = register.get(int(ref)) if ref.isdigit() else None
        if fact is None or fact.category not in categories:
            names = "、".join(codes.CATEGORIES[c] for c in categories)
            refuse_member(result, i, [f"{who(i)}不是在册的{names}（须先在优抚对象名册登记）"])
            continue
        item = item_for(fact)
        rule = RULES[fact.category]
        result.cite(rule)
        amount = stds.require(program, item, "计算优抚金额")
        label = codes.CATEGORIES[fact.category]
        if fact.category == "disabled_veteran":
            label += f"（{codes.NATURES[fact.nature]}{codes.GRADES[str(fact.grade)]}）"
        result.add(Line("standard", f"{who(i)}·{label}", amount.amount(), amount.shown(), i, amount, rule))
        pay_member(result, i, amount.amount(), f"{who(i)}为{label}（{rule}）")
    return finish(result)


def timely_rate(due: int, paid_on_time: int) -> str:
    """The timely-payment rate (按时足额发放率) as a percentage with one decimal; "—" when nothing was due.

    >>> timely_rate(200, 199)
    '99.5'
    >>> timely_rate(0, 0)
    '—'
    """
    if due == 0:
        return "—"
    return str((Decimal(paid_on_time) * 100 / Decimal(due)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def certification_due(year: int, today: dt.date) -> bool:
    """年度确认: a person not yet certified for `year` is due from 1 January of that year."""
    return today.year >= year


# ---- 优抚对象医疗补助 -----------------------------------------------------------------------------------------------

R_MEDICAL = ("《优抚对象医疗保障办法》（民发〔2007〕101号）第六、七条（个人负担的医疗费用按类别给予补助，"
             "比例和年度限额由县级以上地方规定）")
MEDICAL_PROGRAM = "special_medical"


def share_item(category: str) -> str:
    """The standard item holding a category's share of the self-paid costs (a ratio, 0…1).

    >>> share_item("martyr_family")
    'share_martyr_family'
    """
    return f"share_{category}"


def cap_item(category: str) -> str:
    return f"cap_{category}"


def medical_subsidy(self_pay: Decimal, share: Decimal, cap: Decimal, used: Decimal) -> Decimal:
    """The subsidy of one claim: the category's share of the self-paid costs, no more than what is left of the
    annual cap after this year's earlier subsidies; to the fen, half up (R_MEDICAL).

    >>> medical_subsidy(Decimal("1000"), Decimal("0.8"), Decimal("5000"), Decimal("0"))
    Decimal('800.00')
    >>> medical_subsidy(Decimal("1000"), Decimal("0.8"), Decimal("5000"), Decimal("4500"))
    Decimal('500.00')
    >>> medical_subsidy(Decimal("1000"), Decimal("0.8"), Decimal("5000"), Decimal("6000"))
    Decimal('0.00')
    >>> medical_subsidy(Decimal("333.33"), Decimal("0.75"), Decimal("5000"), Decimal("0"))
    Decimal('250.00')
    """
    room = max(cap - used, Decimal(0))
    return min(self_pay * share, room).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Claim:
    """A medical claim as the program evaluates it: the category, the self-paid costs and this year's earlier
    subsidies (claims not refused)."""

    category: str
    self_pay: Decimal
    used: Decimal


def evaluate_medical(req: Request, stds: Standards, claims: dict[int, Claim]) -> Result:
    """Each evaluated member with an open claim gets the subsidy of that claim (ONE_OFF)."""
    result = Result(MEDICAL_PROGRAM, req, req.household.urban_rural)
    for i in evaluated_members(req):
        ref = req.household.members[i].ref
        claim = claims.get(int(ref)) if ref.isdigit() else None
        if claim is None:
            refuse_member(result, i, [f"{who(i)}没有待办理的优抚对象医疗补助申请（须先登记医疗费用）"])
            continue
        share = stds.require(MEDICAL_PROGRAM, share_item(claim.category), "计算优抚对象医疗补助")
        cap = stds.require(MEDICAL_PROGRAM, cap_item(claim.category), "计算优抚对象医疗补助")
        result.cite(R_MEDICAL)
        amount = medical_subsidy(claim.self_pay, share.value, cap.value, claim.used)
        label = codes.CATEGORIES[claim.category]
        result.add(Line("self_pay", f"{who(i)}·个人负担医疗费用", Fraction(claim.self_pay), member=i))
        result.add(Line("share", f"{who(i)}·补助比例（{label}）", None, share.shown(), i, share, R_MEDICAL))
        result.add(Line("cap", f"{who(i)}·年度封顶（本年已补助 {claim.used} 元）", Fraction(cap.value), cap.shown(), i,
                        cap, R_MEDICAL))
        if amount <= 0:
            refuse_member(result, i, [f"{who(i)}本年度医疗补助已达封顶 {cap.value} 元"])
            continue
        reason = f"{who(i)}为{label}，个人负担 {claim.self_pay} 元按比例补助（{R_MEDICAL}）"
        pay_member(result, i, Fraction(amount), reason)
    return finish(result)
