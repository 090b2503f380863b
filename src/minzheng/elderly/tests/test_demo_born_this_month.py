"""The elderly demo dates its subsidy cases to last month. A household with a member born this month cannot be
evaluated for last month (出生日期晚于评估月份), so the seeder leaves such households out — at 1,000,000 persons
(`make demo-scale`) some of its applicants live with a newborn. Nor can it confirm at once a household with a member
on the 近亲属备案 register (the county's home visit comes first), so it leaves those out too."""

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


def test_no_subsidy_case_for_a_household_on_the_conflict_register():
    from minzheng.benefits.models import Case
    from minzheng.benefits.services import registers
    from minzheng.core import regioncodes
    from minzheng.elderly import demo
    from minzheng.elderly.tests.factories import demo_county
    from minzheng.registry.models import Household, Membership

    context = demo_county()
    township = context.users["township"]
    # Every household of the demo township with someone aged 60 or more: where the seeder's applicants live.
    flagged = set()
    households = Household.objects.filter(**regioncodes.subtree_lookup("region_id", township.region_id))
    for household_id, person_id in (Membership.objects.filter(
            left_on__isnull=True, household__in=households, person__birth_date__lte="1966-01-01")
            .order_by("household_id").values_list("household_id", "person_id")):
        if household_id not in flagged:
            registers.register_relative(township, {"relative_id": person_id, "staff_kind": "committee",
                                                   "staff_name": "王委员", "relation": "兄弟姐妹"})
            flagged.add(household_id)
    counts = demo.seed(context)
    opened = set(Case.objects.filter(program__in=("care_subsidy", "service_subsidy"))
                 .values_list("household_id", flat=True))
    assert flagged and not opened & flagged, counts
