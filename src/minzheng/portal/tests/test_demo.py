"""The portal's demo seeder on a small county: bound accounts with applications in several states, the demo phone
numbers returned, a complaint in the township's inbox — and a demo account signs in."""

from __future__ import annotations

import pytest

from minzheng.benefits.models import Case
from minzheng.portal.models import Application, Complaint, PortalAccount, ServiceRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    from django.db import transaction

    from conftest import ensure_regions
    from minzheng.elderly.tests.factories import demo_county
    from minzheng.portal import demo

    with django_db_blocker.unblock(), transaction.atomic():
        ensure_regions()
        context = demo_county(people=800)
        from minzheng.funeral import demo as funeral_demo
        from minzheng.marriage import demo as marriage_demo

        for seeder in (marriage_demo, funeral_demo):  # registries and 清明 slots for the portal's bookings
            seeder.seed(context)
        counts = demo.seed(context)
        yield context, counts
        transaction.set_rollback(True)


def test_accounts_bound_with_applications_in_several_states(seeded):
    _context, counts = seeded
    assert counts["accounts"] == PortalAccount.objects.filter(person__isnull=False).count() >= 3
    assert counts["applications"] == Application.objects.count() == 3, counts
    assert set(counts["states"]) >= {"applied", "investigating"} or set(counts["states"]) >= {"applied", "accepted"}
    assert all(c.channel == "online" for c in Case.objects.filter(portal_application__isnull=False))
    assert len(counts["phones"]) == counts["accounts"] and all(p[:11].isdigit() for p in counts["phones"])
    assert counts["complaints"] == Complaint.objects.count() == 1
    # the requests through the other apps' services the small county offers, each linked to the first account
    assert sum(counts["requests"].values()) == ServiceRequest.objects.count() >= 1, counts
    assert counts["requests"].get("marriage") == 1, counts
    assert set(counts["requests"]) | {s.split(":")[0] for s in counts.get("skipped", [])} >= {
        "marriage", "sweeping", "homecare"}


def test_a_demo_account_signs_in_and_sees_its_cases(seeded, outbox):
    from django.test import Client

    from minzheng.portal.tests.factories import sign_in

    _context, counts = seeded
    phone = counts["phones"][0][:11]
    client = Client()
    sign_in(client, outbox, phone)
    mine = client.get("/portal/api/applications").json()
    assert mine["count"] == 1 and mine["items"][0]["channel"] == "online"
