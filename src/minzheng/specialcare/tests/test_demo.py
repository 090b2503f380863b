"""Special care's and the lottery fund's demo seeders on a small county: entitled persons registered by ID number
and paid this month through the kernel, certifications, 光荣院; three years of the fund with the rule met and
missed."""

from __future__ import annotations

import pytest

from minzheng.specialcare.models import Certification, EntitledPerson, GloryHomeResident

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    from django.db import transaction

    from conftest import ensure_regions
    from minzheng.elderly.tests.factories import demo_county
    from minzheng.lottery import demo as lottery_demo
    from minzheng.specialcare import demo
    from minzheng.synthetic.demo import refresh_payroll

    with django_db_blocker.unblock(), transaction.atomic():
        ensure_regions()
        context = demo_county(people=600)
        counts = demo.seed(context)
        fund = lottery_demo.seed(context)
        refresh_payroll(context)
        yield context, counts, fund
        transaction.set_rollback(True)


def test_entitled_persons_are_paid_this_month(seeded):
    from minzheng.benefits.models import Entitlement
    from minzheng.payroll.models import PayrollLine

    context, counts, _ = seeded
    assert EntitledPerson.objects.count() == counts["entitled"] > 20
    assert EntitledPerson.objects.filter(id_verified_on__isnull=True).count() == 0
    assert Entitlement.objects.filter(program__in=("special_pension", "special_subsidy", "conscript_allowance")
                                      ).count() == counts["granted"] == counts["entitled"] - 1
    paid = PayrollLine.objects.filter(month=context.month, program__in=("special_pension", "special_subsidy",
                                                                         "conscript_allowance"))
    assert paid.count() == counts["granted"]
    assert Certification.objects.count() == counts["certified"] and GloryHomeResident.objects.count() == 2


def test_medical_claims_and_the_hardship_campaign(seeded):
    from minzheng.payroll.models import PayrollLine
    from minzheng.specialcare.models import HardshipCase, MedicalClaim

    context, counts, _ = seeded
    assert MedicalClaim.objects.count() == counts["medical_claims"] == 3
    assert all(c.subsidy > 0 and c.case_id for c in MedicalClaim.objects.all())
    assert PayrollLine.objects.filter(month=context.month, program="special_medical", kind="one_off").count() == 2
    assert HardshipCase.objects.count() == counts["hardships"] == 5
    assert HardshipCase.objects.filter(status="closed").count() == counts["hardships_closed"] == 2


def test_the_fund_meets_the_rule_in_some_years(seeded):
    from minzheng.lottery import selectors

    context, _, fund = seeded
    county = context.users["county"]
    year = context.month.year
    met = [selectors.fund(county, y)["rule_met"] for y in (year - 2, year - 1, year)]
    assert met == [True, False, True] and fund["projects"] == 21
