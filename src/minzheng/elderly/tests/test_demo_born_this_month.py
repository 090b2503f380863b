"""The elderly demo dates its subsidy cases to last month. A household with a member born this month cannot be
evaluated for last month (出生日期晚于评估月份), so the seeder leaves such households out — at 1,000,000 persons
(`make demo-scale`) some of its applicants live with a newborn."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_no_subsidy_case_for_a_household_with_a_baby_born_this_month():
    from minzheng.benefits.models import Case
    from minzheng.elderly import demo
    from minzheng.elderly.tests.factories import add_babies, demo_county, every_other_household

    context = demo_county()
    babies = set(every_other_household(context))
    add_babies(context, babies)
    counts = demo.seed(context)
    opened = set(Case.objects.filter(program__in=("care_subsidy", "service_subsidy"))
                 .values_list("household_id", flat=True))
    assert counts["care_subsidy_granted"] > 0 and opened
    assert not opened & babies
