"""Pure rules: age on the birthday (民法典第1047条), kinship through household relations (第1048条), the cooling-off
deadlines (第1077条 with 第201/203条) around month ends, leap years and holidays, slot capacity as data."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.tests.calendars import pinned_calendar
from minzheng.marriage import codes, policy

D = dt.date


def facts(a_birth, b_birth, day, **extra):
    return policy.MarriageFacts(a=policy.Party("甲", "M", a_birth, True), b=policy.Party("乙", "F", b_birth, True),
                                day=day, **extra)


@pytest.mark.parametrize(("birth", "day", "refused"), [
    (D(2004, 5, 20), D(2026, 5, 19), True),  # the day before the 22nd birthday
    (D(2004, 5, 20), D(2026, 5, 20), False),  # on the birthday: 22 周岁
    (D(2004, 2, 29), D(2026, 2, 28), True),  # born 29 Feb: not yet on 28 Feb of a common year
    (D(2004, 2, 29), D(2026, 3, 1), False),  # … reached on 1 March
])
def test_man_is_22_on_his_birthday(birth, day, refused):
    out = policy.marriage_refusals(facts(birth, D(2000, 1, 1), day), codes.REFUSALS)
    assert [r.code for r in out] == (["under_age_m"] if refused else [])


@pytest.mark.parametrize(("birth", "day", "refused"), [
    (D(2006, 8, 19), D(2026, 8, 18), True),
    (D(2006, 8, 19), D(2026, 8, 19), False),  # 七夕 2026 is her 20th birthday
])
def test_woman_is_20_on_her_birthday(birth, day, refused):
    out = policy.marriage_refusals(facts(D(2000, 1, 1), birth, day), codes.REFUSALS)
    assert [r.code for r in out] == (["under_age_f"] if refused else [])
    if refused:
        assert "2026-08-19 满20周岁" in out[0].message and out[0].where == "party_b.birth_date"


def test_every_reason_is_listed():
    f = policy.MarriageFacts(a=policy.Party("甲", "M", D(2010, 1, 1), False), b=policy.Party("乙", "M", D(1990, 1, 1)),
                             day=D(2026, 4, 10), declaration_signed=False, married=("b",), kinship="直系血亲")
    assert [r.code for r in policy.marriage_refusals(f, codes.REFUSALS)] == [
        "same_sex", "under_age_m", "married", "kinship", "not_voluntary", "no_declaration"]


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("02", "20", "直系血亲"),  # head and son
    ("51", "40", "直系血亲"),  # head's father and grandchild: great-grandfather … grandchild is direct
    ("20", "30", "三代以内旁系血亲"),  # two children of the head: siblings
    ("71", "93", "三代以内旁系血亲"),  # the head's brother and nephew: uncle and nephew
    ("91", "92", "三代以内旁系血亲"),  # the head's cousins: 堂/表 — cousins among themselves at most
    ("02", "91", "三代以内旁系血亲"),  # head and his cousin (堂兄弟)
    ("40", "71", ""),  # grandchild and the head's brother: great-uncle (fourth generation) — not prohibited
    ("02", "10", ""),  # head and spouse: no blood tie
    ("20", "38", ""),  # son and daughter-in-law
    ("02", "99", ""),
])
def test_kinship_from_relations_to_the_head(a, b, expected):
    assert policy.prohibited_kinship(a, b) == expected
    assert policy.prohibited_kinship(b, a) == expected


# ---- cooling-off --------------------------------------------------------------------------------------------------


def timers(received: dt.date):
    cal = pinned_calendar()
    return policy.cooling_off(received, lambda d: cal.is_workday(d)[0])


def test_day_of_receipt_is_not_counted():
    # Received Wednesday 2026-06-03: day 1 is 06-04, day 30 is Friday 07-03 (a working day: not moved).
    t = timers(D(2026, 6, 3))
    assert t.withdrawal_deadline == D(2026, 7, 3)
    assert t.appearance_from == D(2026, 7, 4)
    # The second period counts from the day after the first ends: day 30 is 08-02, a Sunday → Monday 08-03.
    assert t.appearance_deadline == D(2026, 8, 3)
    assert t.extended and "顺延至 2026-08-03" in t.extended[-1]


def test_month_end_receipt():
    # Received 2026-01-31: +30 days = 2026-03-02 (February has 28 days), a Monday.
    t = timers(D(2026, 1, 31))
    assert t.withdrawal_deadline == D(2026, 3, 2)
    assert t.appearance_deadline == D(2026, 4, 1)  # 03-02 + 30 = 04-01 (Wednesday)
    assert t.extended == ()


def test_leap_year_february():
    # 2024 is a leap year: received 2024-01-31, +30 days = 2024-03-01 (Friday), then +30 = 03-31 (Sunday) → 04-01.
    cal = pinned_calendar()
    t = policy.cooling_off(D(2024, 1, 31), lambda d: cal.is_workday(d)[0])
    assert t.withdrawal_deadline == D(2024, 3, 1)
    assert t.appearance_deadline == D(2024, 4, 1)
    # The same receipt day in a common year ends a day later in March.
    assert timers(D(2026, 1, 31)).withdrawal_deadline == D(2026, 3, 2)


def test_deadline_on_a_public_holiday_moves_past_it():
    # Received 2025-09-01: day 30 is 2025-10-01 (国庆节; holiday 10-01 … 10-08): withdrawal until 10-09 (Thursday).
    cal = pinned_calendar()
    t = policy.cooling_off(D(2025, 9, 1), lambda d: cal.is_workday(d)[0])
    assert t.withdrawal_deadline == D(2025, 10, 9)
    assert "2025-10-01 为法定休假日" in t.extended[0]
    # The appearance period starts the day after the moved deadline: 10-09 + 30 = 11-08 (Saturday) → 11-10.
    assert t.appearance_deadline == D(2025, 11, 10)


def test_spring_festival_2026():
    # Received 2026-01-16: day 30 = 2026-02-15, inside the 2026 春节 holiday (02-15 … 02-23) → 02-24.
    t = timers(D(2026, 1, 16))
    assert t.withdrawal_deadline == D(2026, 2, 24)
    assert t.appearance_deadline == D(2026, 3, 26)


def test_a_make_up_working_saturday_is_not_moved():
    # 2026-02-28 (Saturday) is a 调休 working day in the 2026 schedule: a deadline on it stays.
    cal = pinned_calendar()
    assert cal.is_workday(D(2026, 2, 28))[0] is True
    t = timers(D(2026, 1, 29))
    assert t.withdrawal_deadline == D(2026, 2, 28)


def test_status_by_date():
    t = timers(D(2026, 1, 31))
    status = [policy.divorce_status("cooling", t.withdrawal_deadline, t.appearance_deadline, d)
              for d in (D(2026, 3, 2), D(2026, 3, 3), D(2026, 4, 1), D(2026, 4, 2))]
    assert status == ["cooling", "awaiting", "awaiting", "withdrawn"]
    assert policy.divorce_status("registered", t.withdrawal_deadline, t.appearance_deadline, D(2026, 9, 1)) == \
        "registered"


def test_capacity_peak_day_wins():
    rules = [policy.CapacityRule("am1", 8), policy.CapacityRule("am1", 0, weekday=6),
             policy.CapacityRule("am1", 30, day=D(2026, 5, 20)),
             policy.CapacityRule("am1", 12, effective_from=D(2026, 7, 1))]
    assert policy.capacity(rules, D(2026, 5, 19), "am1") == 8
    assert policy.capacity(rules, D(2026, 5, 20), "am1") == 30  # 520
    assert policy.capacity(rules, D(2026, 5, 24), "am1") == 0  # Sunday
    assert policy.capacity(rules, D(2026, 7, 1), "am1") == 12  # a later rule
    assert policy.capacity(rules, D(2026, 5, 20), "pm2") == 0  # no rule: no appointments
