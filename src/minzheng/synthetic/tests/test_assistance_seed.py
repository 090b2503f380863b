"""The assistance seeder (`minzheng seed assistance`): cases in every state with the workflow's own timelines and
deadlines, active entitlements at the national shares, refused when run twice."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng import cli
from minzheng.benefits import programs
from minzheng.benefits.models import Case, Entitlement, Review
from minzheng.core.models import AuditEntry

pytestmark = pytest.mark.django_db

SEED_COUNTY = "652324"  # 玛纳斯县: the demo standards cover it; real townships come from the package


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """A seeded county with assistance data, inside a transaction rolled back at the end of the module."""
    from django.db import transaction

    from conftest import ensure_regions
    from minzheng.synthetic.cases import seed_assistance
    from minzheng.synthetic.population import seed_county

    with django_db_blocker.unblock(), transaction.atomic():
        ensure_regions()
        seed_county(SEED_COUNTY, 3000, seed=3)
        summary = seed_assistance(SEED_COUNTY, seed=5, today=dt.date(2026, 11, 23))
        yield summary
        transaction.set_rollback(True)


def test_seed_creates_cases_in_every_state_and_active_entitlements(seeded):
    from minzheng.benefits import workflow

    assert set(seeded["cases"]) == set(workflow.STATES)
    assert seeded["dibao_share_of_people"] == pytest.approx(0.028, abs=0.003)
    assert seeded["entitlements"]["dibao"] > 0 and seeded["entitlements"]["tekun"] > 0
    assert seeded["entitlement_status"]["active"] > 0.9 * sum(seeded["entitlement_status"].values())
    scope = {"region_code__startswith": "652324"}
    assert Case.objects.filter(**scope).count() == sum(seeded["cases"].values())
    assert not Entitlement.objects.filter(**scope, source_case__isnull=True).exists()
    dibao = Entitlement.objects.filter(**scope, program="dibao", status="active")
    assert all(e.monthly_amount > 0 and e.start_month.day == 1 for e in dibao)
    assert all(e.start_month > e.source_case.decided_on for e in dibao[:50])  # from the month after the decision
    assert Review.objects.filter(**scope).exists()
    assert AuditEntry.objects.filter(action="seed", object_type="assistance", object_id="652324000000").count() == 1


def test_seeded_timelines_and_deadlines_are_the_workflows(seeded):
    from minzheng.benefits import selectors as case_selectors
    from minzheng.benefits import workflow

    for case in Case.objects.filter(region_code__startswith="652324").exclude(state="granted"):
        events = list(case.events.order_by("id"))
        assert events[0].action == "apply" and events[-1].state_to == case.state, case.pk
        assert [e.on_date for e in events] == sorted(e.on_date for e in events)
        assert all(e.on_date <= dt.date(2026, 11, 23) for e in events)
        if case.state in workflow.OPEN:
            assert case.awaiting_role == workflow.awaiting(case.facts_view(), programs.PROCEDURES[case.program])
            live = workflow.next_due(case_selectors.deadlines(case, dt.date(2026, 11, 23)), case.facts_view(),
                                     programs.PROCEDURES[case.program])
            assert case.due_on == (live.due if live else None)
    overdue = Case.objects.filter(region_code__startswith="652324", due_on__lt=dt.date(2026, 11, 23))
    assert overdue.exists()  # the demo shows overdue work


def test_seeding_twice_is_refused_and_the_cli_reports_it(seeded, capsys):
    assert cli.main(["seed", "assistance", "--county", SEED_COUNTY]) == 2
    assert "已有救助案件" in capsys.readouterr().err
    assert cli.main(["seed", "assistance", "--county", "330903"]) == 2  # a county without people
    assert "还没有人员数据" in capsys.readouterr().err
