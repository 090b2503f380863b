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


def test_the_latest_base_is_exactly_the_last_visit_still_due_in_time():
    """selectors.visits.due_first counts a plan of a child as due by `due_by` when its last visit (or registration)
    is no later than latest_base(plan, due_by), without computing the date. For every horizon of two years and plans
    by day, week and month, month ends included: the bound is itself due in time and the day after it is not."""
    import datetime as dt

    from minzheng.children.policy import visits

    plans = [visits.Plan("orphan", "", "home", every, unit)
             for every, unit in ((1, "month"), (3, "month"), (6, "month"), (12, "month"), (2, "week"), (30, "day"))]
    registered = dt.date(2020, 1, 1)
    due_by = dt.date(2025, 1, 1)
    while due_by < dt.date(2027, 1, 1):
        for plan in plans:
            bound = visits.latest_base(plan, due_by)
            assert visits.next_due(plan, registered, bound) <= due_by, (due_by, plan)
            assert visits.next_due(plan, registered, bound + dt.timedelta(days=1)) > due_by, (due_by, plan)
        due_by += dt.timedelta(days=1)
