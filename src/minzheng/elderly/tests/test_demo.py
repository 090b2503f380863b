"""The elderly app's demo seeder (`make demo`) on a small county: the register, assessments at a realistic spread,
subsidy cases through the kernel into this month's payroll, survival checks in every state — and the pages' figures
are the counts of what it made."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.benefits.models import Case, Entitlement
from minzheng.core import clock
from minzheng.elderly import selectors
from minzheng.elderly.models import Assessment, ElderlyProfile, SurvivalCheck
from minzheng.payroll.models import PayrollLine

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    from django.db import transaction

    from conftest import ensure_regions
    from minzheng.elderly import demo
    from minzheng.elderly.tests.factories import demo_county
    from minzheng.synthetic.demo import refresh_payroll

    with django_db_blocker.unblock(), transaction.atomic():
        ensure_regions()
        context = demo_county()
        counts = demo.seed(context)
        refresh_payroll(context)  # what `minzheng demo` does after the apps' seeders
        yield context, counts
        transaction.set_rollback(True)


def test_assessments_spread_and_the_indicators_count_them(seeded):
    context, counts = seeded
    county = context.users["county"]
    current = Assessment.objects.filter(region_code__startswith="652324", superseded_by__isnull=True)
    by_level = {n: current.filter(level=n).count() for n in range(5)}
    assert sum(by_level.values()) == sum(counts[f"level_{n}"] for n in range(5))
    assert by_level[0] + by_level[1] > by_level[2] + by_level[3] + by_level[4] > 0  # most 能力完好/轻度
    assert all(by_level[n] > 0 for n in range(5))
    assert Assessment.objects.filter(region_code__startswith="652324").count() == counts["assessments"]
    assert Assessment.objects.filter(superseded_by__isnull=False).exists()  # history kept
    assert selectors.disputes_open(context.users["village"]).count() == counts["disputed"] - counts["reviewed"] == 1
    assert selectors.reassessments_due(county).exists()  # some regular re-assessments due or overdue

    total = selectors.indicators(county)["total"]
    assert total["elders"] == counts["elders"] == selectors.elderly_for(county).count()
    assert total["assessed"] == sum(by_level.values())
    assert [total[f"level_{n}"] for n in range(5)] == [by_level[n] for n in range(5)]
    assert ElderlyProfile.objects.count() == counts["profiles"] > 0


def test_subsidies_go_through_the_kernel_into_this_months_payroll(seeded):
    context, counts = seeded
    for program in ("care_subsidy", "service_subsidy"):
        cases = Case.objects.filter(program=program, region_code__startswith="652324")
        granted = cases.filter(state="granted")
        assert granted.count() == counts[f"{program}_granted"] > 0, program
        ents = Entitlement.objects.filter(program=program, source_case__in=granted, status="active")
        assert ents.count() == granted.count()
        assert all(e.start_month == context.month for e in ents)
        lines = PayrollLine.objects.filter(payroll__program=program, payroll__month=context.month)
        assert lines.count() == ents.count()
    waiting = Case.objects.filter(program__in=("care_subsidy", "service_subsidy"), region_code__startswith="652324")
    assert waiting.filter(state="applied").exists() and waiting.filter(state="submitted").exists()  # inbox work
    levels = selectors.current_levels(Entitlement.objects.filter(program="care_subsidy")
                                      .values_list("person_id", flat=True))
    assert levels and all(1 <= level <= 4 for level in levels.values())


def test_survival_checks_in_every_state(seeded):
    context, counts = seeded
    county, today = context.users["county"], clock.today()
    assert SurvivalCheck.objects.filter(method="visit").exists()
    assert SurvivalCheck.objects.filter(method="feed").exists()
    assert counts["survival_resumed"] >= 1 or counts["survival_suspended"] == 0
    suspended = Entitlement.objects.filter(program="age_allowance", status="suspended",
                                           changes__reason__startswith="高龄津贴生存认证逾期")
    assert suspended.distinct().count() == counts["survival_suspended"] - counts["survival_resumed"]
    # Overdue, computed here from the rows (period 6 months): what the indicators page and the list show.
    last = selectors.last_checks(list(selectors.age_allowances("652324").values_list("person_id", flat=True)))
    expected = 0
    for ent in selectors.age_allowances("652324"):
        due = _months_after(last.get(ent.person_id) or ent.start_month, 6)
        expected += today > due
    assert expected == selectors.indicators(county)["total"]["survival_overdue"] > 0
    statuses = selectors.survival_status(county)
    assert any(s.overdue for s in statuses) and any(not s.overdue for s in statuses)  # overdue and due soon


def test_the_pages_show_the_seeded_register(seeded, client):
    context, counts = seeded
    client.force_login(context.users["county"])
    for url in ("/elderly/", "/elderly/assessments/", "/elderly/survival/", "/elderly/indicators/"):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get("/elderly/indicators/").content.decode()
    assert f"{counts['elders']:,}" in page


def _months_after(day: dt.date, months: int) -> dt.date:
    from minzheng.core.months import months_after

    return months_after(day, months)
