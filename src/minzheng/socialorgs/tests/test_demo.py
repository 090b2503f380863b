"""Demo data: both apps' seeders on the fixture county (small: no registry people needed), deterministic and run
once."""

from __future__ import annotations

import pytest

from minzheng.core.app_registry import DemoContext
from minzheng.core.models import Region

pytestmark = pytest.mark.django_db


def test_demo_seeders(make_user, monkeypatch):
    from minzheng.communities import demo as communities_demo
    from minzheng.communities.models import Station, Ticket
    from minzheng.socialorgs import demo
    from minzheng.socialorgs.models import AnnualReport, Evaluation, SocialOrg

    monkeypatch.setenv("MINZHENG_TODAY", "2026-11-20")
    users = {"county": make_user("county", "330902000000"), "township": make_user("township", "330902001000"),
             "village": make_user("village", "330902001001")}
    make_user("county", "330902000000")
    import datetime as dt

    context = DemoContext(county=Region.objects.get(code="330902000000"), users=users, month=dt.date(2026, 11, 1),
                          seed=20261120)
    out = demo.seed(context)
    assert out["orgs"] == 14 and out["reports"] > 20 and out["evaluations"] >= 3, out
    assert SocialOrg.objects.count() == 15  # and one approved by the demo's second county officer
    assert set(AnnualReport.objects.values_list("state", flat=True)) >= {"filed", "supervised", "concluded"}
    assert Evaluation.objects.filter(state="refused").exists() and Evaluation.objects.filter(grade__gte=3).exists()
    from minzheng.socialorgs.models import Application, ListEntry

    assert SocialOrg.objects.filter(applications__kind="register", applications__state="approved").count() == 1
    assert set(Application.objects.values_list("state", flat=True)) == {"submitted", "reviewed", "approved", "refused"}
    assert out["blacklisted"] == 1 and ListEntry.objects.filter(list="serious", automatic=True).count() == 1
    assert demo.seed(context) == {"skipped": 1}
    c = communities_demo.seed(context)
    assert c["stations"] == Station.objects.count() > 0 and Ticket.objects.filter(state="open").exists()
    assert communities_demo.seed(context) == {"skipped": 1}
