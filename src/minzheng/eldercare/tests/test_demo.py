"""The eldercare demo seeder (`make demo`) on a small county, after the elderly app's: institutions, residents,
特困 placements, gradings and a 双随机 round, home care settled for last month, 助餐, a day centre, family care beds
and alarms — and the 养老服务指标 page and the lists show exactly what it made."""

from __future__ import annotations

import pytest

from minzheng.assistance.models import Placement, SelfCareAssessment
from minzheng.eldercare.indicators import service_indicators
from minzheng.eldercare.models import (
    Alarm,
    CareWorker,
    FamilyBed,
    Grading,
    Inspection,
    InstitutionProfile,
    MealRecord,
    Order,
    Resident,
    Settlement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    from django.db import transaction

    from conftest import ensure_regions
    from minzheng.eldercare import demo
    from minzheng.elderly import demo as elderly_demo
    from minzheng.elderly.tests.factories import demo_county

    with django_db_blocker.unblock(), transaction.atomic():
        ensure_regions()
        context = demo_county()
        elderly_demo.seed(context)
        yield context, demo.seed(context)
        transaction.set_rollback(True)


def test_the_indicators_page_counts_what_was_seeded(seeded):
    context, counts = seeded
    total = service_indicators(context.users["county"])["total"]
    assert total["institutions"] == InstitutionProfile.objects.count() == counts["institutions"] == 5
    assert total["beds"] == counts["beds"] > 0 and total["beds_nursing"] == counts["beds_nursing"] > 0
    assert total["care_workers"] == counts["care_workers"] + counts["provider_workers"]
    assert total["care_workers"] == CareWorker.objects.filter(role="care_worker").count()
    disabled = set(SelfCareAssessment.objects.filter(superseded_by__isnull=True,
                                                     band__in=("care_partial", "care_full"))
                   .values_list("person_id", flat=True))
    placed = set(Placement.objects.filter(to_on__isnull=True).values_list("person_id", flat=True))
    assert total["tekun_disabled"] == len(disabled) > 0
    assert total["tekun_placed"] == len(disabled & placed)
    assert sum(total["grades"].values()) == Grading.objects.count() == counts["gradings"] == 4
    assert len([g for g in total["grades"] if g > 0]) >= 3  # several grades, not one


def test_institutions_residents_and_oversight(seeded):
    _context, counts = seeded
    residents = Resident.objects.filter(discharged_on__isnull=True)
    assert residents.count() == counts["residents"] + counts["tekun_placed"]
    assert residents.filter(payer="tekun").count() == counts["tekun_placed"] > 0
    assert all(r.placement_id for r in residents.filter(payer="tekun"))
    results = dict.fromkeys(("pass", "minor", "serious"), 0)
    for inspection in Inspection.objects.all():
        results[inspection.result] += 1
    assert results == {"pass": 1, "minor": 1, "serious": 1}
    assert Inspection.objects.filter(result="minor", rectified_on__isnull=False).count() == 1
    assert Inspection.objects.filter(result="serious", rectified_on__isnull=True).count() == 1


def test_home_care_settled_and_this_months_work(seeded):
    context, counts = seeded
    settlement = Settlement.objects.get()
    assert settlement.orders == counts["settled_orders"] == counts["orders_last_month"] > 0
    assert settlement.total_fen == counts["settled_total_fen"] and 0 < settlement.gov_fen <= settlement.total_fen
    assert Order.objects.filter(state="settled").count() == counts["settled_orders"]
    states = set(Order.objects.filter(service_month=context.month).values_list("state", flat=True))
    states |= set(Order.objects.filter(settlement__isnull=True, scheduled_on__gte=context.month)
                  .values_list("state", flat=True))
    assert {"created", "dispatched", "in_service", "done", "confirmed", "cancelled"} <= states
    assert MealRecord.objects.count() == counts["meal_days"] > 0
    assert FamilyBed.objects.filter(state="active").count() == counts["family_beds"] > 0
    assert Order.objects.filter(bed__isnull=False).count() == counts["bed_visits_this_month"]
    alarms = dict.fromkeys(("open", "acknowledged", "closed"), 0)
    for alarm in Alarm.objects.all():
        alarms[alarm.state] += 1
    assert alarms["open"] == 1 and alarms["closed"] >= 3


def test_every_list_page_has_rows(seeded, client):
    context, _counts = seeded
    client.force_login(context.users["county"])
    for url in ("/eldercare/institutions/", "/eldercare/residents/", "/eldercare/workers/", "/eldercare/gradings/",
                "/eldercare/inspections/", "/eldercare/credit/", "/eldercare/providers/", "/eldercare/orders/",
                "/eldercare/settlements/", "/eldercare/meals/", "/eldercare/day-centers/", "/eldercare/beds/",
                "/eldercare/devices/", "/eldercare/alarms/", "/eldercare/indicators/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'class="mz-empty"' not in response.content.decode(), url  # the table's empty state
