"""When a child is next to be visited or contacted, pure. The plans are data (VisitPlan rows: every N
days, weeks or months, a home visit or any contact); the example set follows 民发〔2019〕34号
《关于进一步健全农村留守儿童和困境儿童关爱服务体系的意见》 (儿童主任定期走访、全面排查) and Zhoushan R-SA-17
(孤儿每季度走访)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minzheng.core import months

R_VISITS = "民发〔2019〕34号《关于进一步健全农村留守儿童和困境儿童关爱服务体系的意见》"


@dataclass(frozen=True)
class Plan:
    category: str
    tier: str  # "" = every tier
    kind: str  # "home" (only a home visit counts) | "contact" (any visit counts)
    every: int
    unit: str  # "day" | "week" | "month"


def plus(day: dt.date, every: int, unit: str) -> dt.date:
    """`day` plus the plan's interval; a month later is the same day (the month's last day when shorter)."""
    if unit == "day":
        return day + dt.timedelta(days=every)
    if unit == "week":
        return day + dt.timedelta(weeks=every)
    if unit != "month":
        raise ValueError(f"unknown unit {unit!r}")
    return months.months_after(day, every)


def counts(plan: Plan, visit_kind: str) -> bool:
    """Whether a visit of `visit_kind` satisfies the plan (a home-visit plan needs 入户走访)."""
    return plan.kind == "contact" or visit_kind == "home"


def next_due(plan: Plan, registered_on: dt.date, last: dt.date | None) -> dt.date:
    """The date by which the next visit is due: one interval after the last one that counts, or after the child was
    put on the register when there is none yet."""
    return plus(last or registered_on, plan.every, plan.unit)


def latest_base(plan: Plan, due_by: dt.date) -> dt.date:
    """The latest last visit that counts (or registration, when there is none) for which the next one falls due by
    `due_by`: next_due(plan, ·, base) <= due_by exactly when base <= latest_base(plan, due_by). A month later can land
    on a shorter month's last day, so several bases may share a due date; the latest of them is the bound. The inbox
    counts the due and the overdue with it without computing each date (selectors.visits.due_first).

    >>> quarterly = Plan("orphan", "", "home", 3, "month")
    >>> latest_base(quarterly, dt.date(2026, 2, 28)), next_due(quarterly, dt.date(2025, 1, 1), dt.date(2025, 11, 30))
    (datetime.date(2025, 11, 30), datetime.date(2026, 2, 28))
    >>> latest_base(Plan("left_behind", "", "contact", 2, "week"), dt.date(2026, 3, 15))
    datetime.date(2026, 3, 1)
    """
    if plan.unit in ("day", "week"):
        return plus(due_by, -plan.every, plan.unit)
    # A month later is never more than 3 days before the same day (31 Jan → 28 Feb), so the bound is at most three
    # days after one interval back; step back to the latest base that is due in time.
    base = plus(due_by + dt.timedelta(days=3), -plan.every, "month")
    while plus(base, plan.every, plan.unit) > due_by:
        base -= dt.timedelta(days=1)
    return base


def choose(plans: list[Plan], category: str, tier: str) -> list[Plan]:
    """The plans that apply to a child of `category`/`tier` among those in force in its region (already the most
    specific region's): a tier's own plan of a kind replaces the category-wide plan of that kind."""
    out: dict[str, Plan] = {}
    for plan in plans:
        if plan.category != category or plan.tier not in ("", tier):
            continue
        if plan.kind not in out or (plan.tier and not out[plan.kind].tier):
            out[plan.kind] = plan
    return [out[k] for k in sorted(out)]
