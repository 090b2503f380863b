"""Shared steps of person programs (特困, children's allowances, the two disability subsidies, 高龄津贴 …): each
evaluated member gets a result; the household's amount is the sum of its members' (each rounded on its own: each
person is paid separately). Pure."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from minzheng.benefits.policy.means import who
from minzheng.benefits.policy.money import round_amount
from minzheng.benefits.policy.types import Line, MemberResult, Request, Result


def evaluated_members(req: Request) -> list[int]:
    if req.options.members is not None:
        return list(req.options.members)
    return list(range(len(req.household.members)))


def finish(result: Result) -> Result:
    result.eligible = any(m.eligible for m in result.members)
    result.monthly_amount = sum((m.monthly_amount for m in result.members), Decimal("0.00"))
    if not result.eligible and not result.reasons:
        result.reasons.append("没有符合条件的成员")
    return result


def pay_member(result: Result, index: int, amount: Fraction, reason: str) -> None:
    member = result.request.household.members[index]
    paid = round_amount(max(amount, Fraction(0)), result.request.options.rounding)
    result.add(Line("member_amount", f"{who(index)}·月发放金额", Fraction(paid), member=index))
    result.members.append(MemberResult(index, True, paid, [reason], ref=member.ref))


def refuse_member(result: Result, index: int, reasons: list[str]) -> None:
    member = result.request.household.members[index]
    result.members.append(MemberResult(index, False, reasons=reasons, ref=member.ref))
