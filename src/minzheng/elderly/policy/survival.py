"""高龄津贴 survival check (生存认证), pure. No national rule (NATIONAL_RULES §1.11): the period is the local standard
item `age_allowance.survival_check_months` (6 = twice a year; unset = no check required).

The rule as implemented: a recipient is checked at least once in every period — by a village clerk who sees the
person, or by a matched department feed. The next check is due `months` after the latest one (or after the
allowance's first month). A check missed is overdue from the day after; the allowance is suspended from the month
after the month it fell due (never earlier than next month: months already in a payroll are not taken back). A
later check resumes it from the suspended month, and the payroll pays the months held back as arrears (补发,
payroll.policy: "suspended … and resumed … is back-paid").

>>> import datetime as dt
>>> s = status(7, 70, "330902001001", start_month=dt.date(2026, 1, 1), last_check=None, months=6,
...            today=dt.date(2026, 7, 2))
>>> s.due_on, s.overdue, s.suspend_from
(datetime.date(2026, 7, 1), True, datetime.date(2026, 8, 1))

Checked on 20 June: next due 20 December, not overdue in July.

>>> s = status(7, 70, "330902001001", dt.date(2026, 1, 1), dt.date(2026, 6, 20), 6, dt.date(2026, 7, 2))
>>> s.due_on, s.overdue
(datetime.date(2026, 12, 20), False)

Found overdue late (in October, due 1 July): suspended from November, not back to August.

>>> status(7, 70, "330902001001", dt.date(2026, 1, 1), None, 6, dt.date(2026, 10, 15)).suspend_from
datetime.date(2026, 11, 1)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minzheng.benefits import workflow
from minzheng.core.months import months_after

SUSPEND_REASON = "高龄津贴生存认证逾期未认证"
RESUME_REASON = "高龄津贴补认证：恢复发放并补发暂停期间待遇"


@dataclass(frozen=True)
class Status:
    entitlement_id: int
    person_id: int
    region_code: str
    last_check: dt.date | None
    due_on: dt.date
    overdue: bool
    suspend_from: dt.date  # the first month not paid when it is overdue

    def region_prefix(self, width: int) -> str:
        return self.region_code[:width]


def due_on(start_month: dt.date, last_check: dt.date | None, months: int) -> dt.date:
    """The day by which the next check must be made."""
    return months_after(last_check or start_month, months)


def latest_base(due_by: dt.date, months: int) -> dt.date:
    """A bound for passing over, before `status`, whoever cannot be due by `due_by`: a recipient whose latest check
    (or first month) is later than this is not due by then. `months_after` moves a day to the end of a shorter month,
    at most 3 days earlier, so the bound starts 3 days after `due_by`; it may keep a few who are not due (the caller
    still compares `due_on`), never drop one who is.

    Checked on 31 January, due 28 February: kept for "due by 28 February", as the policy says.

    >>> b = latest_base(dt.date(2026, 2, 28), 1)
    >>> b, due_on(dt.date(2026, 1, 1), dt.date(2026, 1, 31), 1), dt.date(2026, 1, 31) <= b
    (datetime.date(2026, 2, 3), datetime.date(2026, 2, 28), True)
    """
    return months_after(due_by + dt.timedelta(days=3), -months)


def status(entitlement_id: int, person_id: int, region_code: str, start_month: dt.date, last_check: dt.date | None,
           months: int, today: dt.date) -> Status:
    due = due_on(start_month, last_check, months)
    earliest = workflow.add_months(workflow.first_of_month(today), 1)
    suspend_from = max(workflow.add_months(workflow.first_of_month(due), 1), earliest)
    return Status(entitlement_id, person_id, region_code, last_check, due, today > due, suspend_from)
