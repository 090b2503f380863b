"""The pure rules of disaster relief: report deadlines and the amounts of the relief programs.

- Report deadlines (《自然灾害情况统计调查制度》, 应急管理部 2020 — the 示例 rows in data/report_rules.csv cite it):
  初报 is due a number of days after the disaster began (the national rule says within hours: 0 days = the
  same day), 续报 a number of days after the previous report while the disaster lasts, 核报 a number of days after
  the disaster became stable (ended_on). The day counts are data (ReportRule rows), never constants here.
- Amounts (《自然灾害救助条例》第十四、十九、二十、二十一条): each relief program pays
  a local standard — per person for 紧急生活救助 (one-off), 过渡期生活救助 (monthly, for the set period: validity in
  the program's procedure) and 冬春救助 (one-off); per household for 倒损住房恢复重建 (one-off). Every current member
  of an affected household counts (the household is affected as a whole); no means test for the emergency and
  transitional programs (条例 第十四条: 应急救助). The amounts come from standards (benefits kernel), never 0 when
  missing: a missing standard stops the calculation with the kernel's Chinese reason.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from minzheng.benefits.policy.types import Line, Request, Result, Standards

R_REGULATION = "《自然灾害救助条例》（国务院令第577号，2019年修订）"
R_STATISTICS = "《自然灾害情况统计调查制度》（应急管理部，2020年）"


def report_due(stage: str, days: int | None, started_on: dt.date, ended_on: dt.date | None,
               previous_on: dt.date | None) -> dt.date | None:
    """The day a report of `stage` is due (None when no rule is set, or a 核报 before the disaster is stable).

    >>> report_due("initial", 0, dt.date(2026, 7, 1), None, None)
    datetime.date(2026, 7, 1)
    >>> report_due("update", 1, dt.date(2026, 7, 1), None, dt.date(2026, 7, 3))
    datetime.date(2026, 7, 4)
    >>> report_due("final", 5, dt.date(2026, 7, 1), dt.date(2026, 7, 10), None)
    datetime.date(2026, 7, 15)
    >>> report_due("final", 5, dt.date(2026, 7, 1), None, None) is None
    True
    """
    if days is None:
        return None
    if stage == "initial":
        anchor = started_on
    elif stage == "update":
        anchor = previous_on or started_on
    else:
        anchor = ended_on
    return None if anchor is None else anchor + dt.timedelta(days=days)


def _counted(req: Request) -> int:
    return sum(1 for m in req.household.members if m.counted)


def per_person(program: str, item: str, rule: str):
    """A program paying a standard amount per member of the affected household (the members counted)."""

    def evaluate(req: Request, stds: Standards) -> Result:
        result = Result(program, req, req.household.urban_rural)
        result.cite(R_REGULATION, rule)
        amount = stds.require(program, item, "计算受灾人员救助金额")
        people = _counted(req)
        result.add(Line("standard", "救助标准", amount.amount(), amount.shown(), source=amount, rule=rule))
        result.add(Line("persons", "受灾家庭人口", value=f"{people} 人"))
        if people == 0:
            result.reasons.append("该家庭没有在册人口，无法计算救助金额")
            result.pay(Fraction(0))
            return result
        result.eligible = True
        total = amount.amount() * people
        result.add(Line("monthly_amount", "救助金额", total, f"{people} 人 × {amount.shown()}"))
        result.pay(total)
        result.reasons.append(f"受灾家庭 {people} 人，按 {amount.shown()} 计发（{rule}）")
        return result

    return evaluate


def per_household(program: str, item: str, rule: str):
    """A program paying a standard amount per affected household."""

    def evaluate(req: Request, stds: Standards) -> Result:
        result = Result(program, req, req.household.urban_rural)
        result.cite(R_REGULATION, rule)
        amount = stds.require(program, item, "计算受灾人员救助金额")
        result.add(Line("standard", "每户补助标准", amount.amount(), amount.shown(), source=amount, rule=rule))
        result.eligible = True
        result.pay(amount.amount())
        result.reasons.append(f"按每户 {amount.shown()} 计发（{rule}）")
        return result

    return evaluate
