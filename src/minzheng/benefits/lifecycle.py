"""Rules after the decision, pure: the months an entitlement is paid, periodic reviews, the gradual exit and stopping
on death. Months are represented by their first day. (Re-exported by workflow.)"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from minzheng.core.errors import Conflict

if TYPE_CHECKING:
    from minzheng.benefits.workflow import ProgramParams

R83 = "民发〔2022〕83号"

def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after `month` (negative goes back)."""
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def entitlement_start(decided_on: dt.date) -> dt.date:
    """Paid from the month after the decision (57号 第二十一条 "作出确认同意决定之日下月起"; 43号 第十七条)."""
    return add_months(first_of_month(decided_on), 1)


def validity_end(start: dt.date, params: ProgramParams) -> dt.date | None:
    """The last month of a recognition valid for `validity_months` (刚性支出困难家庭: 12 months)."""
    return add_months(start, params.validity_months - 1) if params.validity_months else None


def review_interval(params: ProgramParams, irregular_income: bool, able_to_work: bool) -> int | None:
    """定期核查 (57号 第三十一条): yearly; every 6 months for households with irregular income or members able to
    work. None: the program has no periodic review."""
    if params.review_months is None:
        return None
    if (irregular_income or able_to_work) and params.review_months_irregular:
        return params.review_months_irregular
    return params.review_months


def gradual_exit_end(from_month: dt.date, months: int, params: ProgramParams) -> dt.date:
    """渐退期 (57号 第三十三条；83号 原则上不超过6个月): paid for `months` more months from `from_month` included;
    returns the last month paid. Raises Conflict when the program has no gradual exit or `months` is out of range."""
    limit = params.gradual_exit_max_months
    if limit <= 0:
        raise Conflict("该救助项目没有渐退期")
    if not 1 <= months <= limit:
        raise Conflict(f"渐退期应为 1 至 {limit} 个月（{R83}：原则上不超过6个月）")
    return add_months(first_of_month(from_month), months - 1)


def last_month_before_death(death_date: dt.date) -> dt.date:
    """Stop on death from the next month: the month of death is the last month paid (43号 第二十五条 "次月起停止")."""
    return first_of_month(death_date)


def death_review_due(death_date: dt.date) -> dt.date:
    """83号: when a member of a 低保 household dies, re-check the household within 3 months of the death."""
    month = add_months(first_of_month(death_date), 3)
    last = (add_months(month, 1) - dt.timedelta(days=1)).day
    return month.replace(day=min(death_date.day, last))
