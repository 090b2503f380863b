"""Policy of the children's allowances (孤儿, 事实无人抚养儿童; 民发〔2019〕62号): worked cases. Pure."""

from __future__ import annotations

import pytest

from minzheng.benefits.tests.policy_inputs import payload, run

CHILD_CASES = [
    # program, member, options, eligible, amount — 民发〔2019〕62号 (补差)
    ("orphan-dispersed", "orphan", {"birth_date": "2016-05-01", "child_status": "orphan"}, {}, True, "1000.00"),
    ("orphan-centralised", "orphan", {"birth_date": "2016-05-01", "child_status": "orphan"}, {"centralised": True},
     True, "1500.00"),
    ("orphan-offset-dibao", "orphan", {"birth_date": "2016-05-01", "child_status": "orphan",
                                       "existing_benefits": [{"program": "dibao", "monthly": "300.50"},
                                                             {"program": "disability_living", "monthly": "100"}]},
     {}, True, "600.00"),  # 1000 − 400.50 = 599.50 → ceil
    ("orphan-offset-above-standard", "orphan", {"birth_date": "2016-05-01", "child_status": "orphan",
                                                "existing_benefits": [{"program": "tekun", "monthly": "1100"}]},
     {}, True, "0.00"),
    ("orphan-18-exactly", "orphan", {"birth_date": "2008-03-01", "child_status": "orphan"}, {}, False, "0.00"),
    ("orphan-17", "orphan", {"birth_date": "2008-03-02", "child_status": "orphan"}, {}, True, "1000.00"),
    ("orphan-not-recorded", "orphan", {"birth_date": "2016-05-01"}, {}, False, "0.00"),
    ("unsupported-child", "unsupported_child", {"birth_date": "2016-05-01", "child_status": "unsupported"}, {},
     True, "1000.00"),
    ("unsupported-is-not-orphan", "orphan", {"birth_date": "2016-05-01", "child_status": "unsupported"}, {},
     False, "0.00"),
]


@pytest.mark.parametrize("case", CHILD_CASES, ids=[c[0] for c in CHILD_CASES])
def test_child_allowance_worked_cases(case):
    _id, program, member, options, eligible, amount = case
    result = run(payload(program, [member], options=options)).as_dict()
    assert result["eligible"] is eligible, result["members"][0]["reasons"]
    assert result["monthly_amount"] == amount
    assert result["procedure"]["public_notice"] is False  # no public notice for children


def test_the_bound_that_passes_over_recent_visits_never_drops_a_child_who_is_due():
    """selectors.visits._due passes over a plan row whose last visit (or registration) is later than
    latest_base(plan, due_by) before computing its date; for every day of two years and plans by day, week and month,
    a child due exactly on the horizon is kept (the tightest case), month ends included."""
    import datetime as dt

    from minzheng.children.policy import visits

    plans = [visits.Plan("orphan", "", "home", every, unit)
             for every, unit in ((1, "month"), (3, "month"), (6, "month"), (12, "month"), (2, "week"), (30, "day"))]
    day = dt.date(2025, 1, 1)
    while day < dt.date(2027, 1, 1):
        for plan in plans:
            due = visits.next_due(plan, dt.date(2024, 1, 1), day)
            assert day <= visits.latest_base(plan, due), (day, plan)
            assert visits.latest_base(plan, due) < due  # and it does pass over the recently visited
        day += dt.timedelta(days=1)
