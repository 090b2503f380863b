"""Disaster relief's demo seeder on a small county: events with reports at every stage (one late), affected
households handed over to monitoring with relief cases decided by the kernel and paid this month, and a reserve
whose ledger balances."""

from __future__ import annotations

import pytest

from minzheng.relief import selectors
from minzheng.relief.models import AffectedHousehold, DamageReport, Movement, Warehouse

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    from django.db import transaction

    from conftest import ensure_regions
    from minzheng.elderly.tests.factories import demo_county
    from minzheng.relief import demo
    from minzheng.synthetic.demo import refresh_payroll

    with django_db_blocker.unblock(), transaction.atomic():
        ensure_regions()
        context = demo_county(people=600)
        counts = demo.seed(context)
        refresh_payroll(context)
        yield context, counts
        transaction.set_rollback(True)


def test_reports_households_cases_and_payments(seeded):
    from minzheng.benefits.models import Entitlement
    from minzheng.payroll.models import PayrollLine

    context, counts = seeded
    assert counts["events"] == 2 and counts["reports"] == DamageReport.objects.count() > 3
    assert DamageReport.objects.filter(stage="final").count() >= 1
    assert any(r.late for r in DamageReport.objects.all())
    assert AffectedHousehold.objects.count() == counts["affected_households"] > 0
    assert AffectedHousehold.objects.filter(warning_id__isnull=False).count() == counts["affected_households"]
    paid = PayrollLine.objects.filter(program="disaster_emergency", kind="one_off", month=context.month).count()
    granted = Entitlement.objects.filter(program="disaster_emergency").count()
    assert paid == granted == counts["disaster_emergency_cases"] - 1  # one awaits the county's 确认


def test_the_reserve_balances(seeded):
    _, counts = seeded
    assert Warehouse.objects.count() == counts["warehouses"] == 2
    for wh in Warehouse.objects.all():
        assert selectors.ledger_check(wh.pk)["balanced"]
    assert Movement.objects.filter(kind="dispatch", status="sent").count() == 1
    assert Movement.objects.filter(kind__in=("return", "adjust_loss", "expire")).count() == 3


def test_officers_cover_all_villages_but_one_and_shelters_were_used(seeded):
    from minzheng.relief.models import InformationOfficer, Shelter, ShelterOpening

    context, counts = seeded
    assert InformationOfficer.objects.count() == counts["officers"] > 0
    totals = selectors.coverage_totals(context.users["township"])
    assert totals["uncovered"] == 1 and totals["covered"] == totals["villages"] - 1
    assert DamageReport.objects.filter(officer__isnull=False, stage="final").count() == totals["covered"]
    assert Shelter.objects.count() == counts["shelters"] == 3
    openings = ShelterOpening.objects.order_by("opened_on", "id")
    assert openings.count() == 3 and openings.filter(closed_on__isnull=True).count() == 1
    assert max(o.peak for o in openings) == 260
