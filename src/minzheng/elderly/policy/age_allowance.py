"""高龄津贴 (old-age allowance), pure. No national rule (NATIONAL_RULES §1.11): bands and amounts are local standard
items."""

from __future__ import annotations

from minzheng.benefits.policy.means import who
from minzheng.benefits.policy.people import birthday, reached_after_birthday_month
from minzheng.benefits.policy.persons import evaluated_members, finish, pay_member, refuse_member
from minzheng.benefits.policy.types import Line, Request, Result, Standards

R_AGE = "高龄津贴：无全国统一规定，年龄段与标准由地方设定（满周岁的次月起发放）"
POOR_PROGRAMS = frozenset({"dibao", "dibao_edge", "tekun"})


def evaluate_age_allowance(req: Request, stds: Standards) -> Result:
    """高龄津贴 by age band (80–89, 90–99, 100+) from the month after the birthday that reaches the band; 80–89 in a
    低保, 低保边缘 or 特困 household at band_80_poor where set. No national rule (NATIONAL_RULES §1.11): bands and
    amounts are local standard items."""
    result = Result("age_allowance", req, req.household.urban_rural)
    result.cite(R_AGE)
    recognised = req.household.recognised
    for i in evaluated_members(req):
        member = req.household.members[i]
        band = next((b for b in (100, 90, 80) if reached_after_birthday_month(member, b, req.month)), None)
        if band is None:
            refuse_member(result, i, [(f"{who(i)}满80周岁日期为 {birthday(member.birth_date, 80)}，"
                                       f"自其次月起发放（{R_AGE}）")])
            continue
        amount = stds.require("age_allowance", f"band_{band}", "计算高龄津贴")
        label = f"{band}周岁以上" if band == 100 else f"{band}至{band + 9}周岁"
        poor = POOR_PROGRAMS & (recognised | {b.program for b in member.existing_benefits})
        if band == 80 and poor:
            poor_amount = stds.get("age_allowance", "band_80_poor")
            if poor_amount is not None:
                amount, label = poor_amount, label + "（困难老人）"
        result.add(Line("standard", f"{who(i)}·高龄津贴（{label}）", amount.amount(), amount.shown(), i, amount,
                        R_AGE))
        pay_member(result, i, amount.amount(), f"{who(i)}已满{band}周岁（自满{band}周岁的次月起）（{R_AGE}）")
    return finish(result)
