"""The relief demo dates its cases to last month. A household with a member born this month cannot be evaluated for
last month (出生日期晚于评估月份), so the seeder does not pick such an affected household — at 1,000,000 persons
(`make demo-scale`) some households have a newborn."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_no_relief_case_for_a_household_with_a_baby_born_this_month():
    from minzheng.benefits.models import Case
    from minzheng.elderly.tests.factories import add_babies, demo_county, every_other_household
    from minzheng.relief import demo

    context = demo_county(people=600)
    babies = set(every_other_household(context))
    add_babies(context, babies)
    counts = demo.seed(context)
    opened = set(Case.objects.filter(program__startswith="disaster_").values_list("household_id", flat=True))
    assert len(opened) == counts["affected_households"] > 0
    assert not opened & babies
