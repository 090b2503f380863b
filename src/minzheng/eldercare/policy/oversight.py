"""双随机一公开 inspections and the credit list of 养老机构. The draw itself is core.random_draw.

Credit (民发〔2019〕103号《养老服务市场失信联合惩戒对象名单管理办法（试行）》第六条: 拒不整改 among the grounds):
- a serious finding not rectified by its deadline, or a veto condition found, → 失信 (the list of dishonest parties);
- any other finding past its deadline → 重点关注;
- findings within the period, all rectified or still within their deadline → 一般;
- no findings → 守信.

>>> credit_level([Finding("serious", due=D(2026, 3, 1), rectified_on=None)], today=D(2026, 4, 1))
'dishonest'
>>> credit_level([Finding("minor", due=D(2026, 5, 1), rectified_on=None)], today=D(2026, 4, 1))
'normal'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

D = dt.date


def rectification_state(result: str, due: dt.date | None, rectified_on: dt.date | None, today: dt.date) -> str:
    """codes.RECTIFICATION for one inspection."""
    if result == "pass":
        return "none"
    if rectified_on is not None:
        return "done"
    return "overdue" if due is not None and today > due else "due"


@dataclass(frozen=True)
class Finding:
    result: str  # codes.INSPECTION_RESULTS
    due: dt.date | None = None
    rectified_on: dt.date | None = None


def credit_level(findings: Iterable[Finding], today: dt.date, veto_found: bool = False) -> str:
    """codes.CREDIT_LEVELS for an institution from its inspections in the period considered."""
    states = [(f.result, rectification_state(f.result, f.due, f.rectified_on, today)) for f in findings]
    return credit_from_counts(findings=sum(r != "pass" for r, _ in states),
                              overdue=sum(s == "overdue" for _, s in states),
                              serious_overdue=sum(r == "serious" and s == "overdue" for r, s in states),
                              vetoes=int(veto_found))


def credit_from_counts(findings: int, overdue: int, serious_overdue: int, vetoes: int) -> str:
    """The same rule on counts (the credit list counts them in SQL)."""
    if vetoes or serious_overdue:
        return "dishonest"
    if overdue:
        return "watch"
    return "normal" if findings else "good"
