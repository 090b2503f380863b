"""Pure rules of volunteer service.

- 《志愿服务记录与证明出具办法（试行）》(民政部, in force 2021-02-01): the service record is made **within 10 working
  days** after the activity (a later entry is kept but flagged 补录); service time is the actual hours; certificates
  are free and state hours, content and the recording unit; star ratings are allowed.
- 《志愿服务条例》(2017) 第十七条: personal-accident insurance for activities with risk.
- Star levels by cumulative hours: rows by region and date (StarRule), the bundled 示例 set taken from
  《志愿服务记录办法》(民函〔2012〕340号) 第十五条 (100/300/600/1000/1500 hours for one to five stars).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

RECORD_WORKDAYS = 10  # 记录办法（试行）: 活动结束后 10 个工作日内记录
MAX_HOURS_A_DAY = Decimal("24")

# 示例: 民函〔2012〕340号 第十五条 (the stars a place adopts are its own data: StarRule rows by region and date).
EXAMPLE_STARS: tuple[tuple[int, Decimal], ...] = (
    (1, Decimal("100")), (2, Decimal("300")), (3, Decimal("600")), (4, Decimal("1000")), (5, Decimal("1500")))


@dataclass(frozen=True)
class Lateness:
    deadline: dt.date  # the last working day on which the record is on time
    late: bool
    workdays_late: int  # working days after the deadline (0 when on time)
    provisional: bool  # the holiday schedule of a year counted is not yet known


def lateness(activity_date: dt.date, recorded_on: dt.date, calendar) -> Lateness:
    """Whether a service record entered on `recorded_on` is past the 10 working days after the activity (记录办法
    （试行）): the activity day itself is not counted; a record on the 10th working day is on time."""
    due = calendar.add_workdays(activity_date, RECORD_WORKDAYS)
    if recorded_on <= due.day:
        return Lateness(due.day, False, 0, due.provisional)
    over, unsure = calendar.workdays_between(due.day, recorded_on)
    # Entered on a rest day just after the deadline: late, by the working days that passed (at least one part-day).
    return Lateness(due.day, True, max(over, 1), due.provisional or unsure)


def star(total_hours: Decimal, thresholds: Sequence[tuple[int, Decimal]] = EXAMPLE_STARS) -> int:
    """The star level for cumulative service hours: the highest level whose threshold is reached (0 = none)."""
    level = 0
    for stars, hours in sorted(thresholds, key=lambda t: t[1]):
        if total_hours >= hours:
            level = max(level, stars)
    return level


def insurance_problems(risky: bool, insurer: str, policy_no: str, covered_from: dt.date | None,
                       covered_to: dt.date | None, starts_on: dt.date, ends_on: dt.date) -> list[tuple[str, str]]:
    """(field, message) for an activity with risk that lacks personal-accident insurance over its dates
    (《志愿服务条例》第十七条)."""
    if not risky:
        return []
    out = []
    if not insurer:
        out.append(("insurer", "有风险的志愿服务活动须为志愿者购买人身意外伤害保险：请填写承保单位"))
    if not policy_no:
        out.append(("policy_no", "请填写保单号"))
    if covered_from is None or covered_to is None or covered_from > starts_on or covered_to < ends_on:
        out.append(("covered_to", "保险期间须覆盖活动的全部日期"))
    return out
