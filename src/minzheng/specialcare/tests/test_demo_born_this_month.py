"""The special-care demo dates its cases to last month. A household with a member born this month cannot be
evaluated for last month (出生日期晚于评估月份), so the seeder does not register an entitled person living in one —
at 1,000,000 persons (`make demo-scale`) some of them live with a newborn."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_no_special_care_case_for_a_household_with_a_baby_born_this_month():
    from minzheng.benefits.models import Case
    from minzheng.elderly.tests.factories import add_babies, demo_county, every_other_household
    from minzheng.specialcare import demo

    context = demo_county(people=600)
    babies = set(every_other_household(context))
    add_babies(context, babies)
    counts = demo.seed(context)
    opened = set(Case.objects.filter(program__in=("special_pension", "special_subsidy", "conscript_allowance",
                                                  "special_medical")).values_list("household_id", flat=True))
    assert counts["entitled"] > 20 and counts["medical_claims"] == 3 and opened
    assert not opened & babies
