"""The three apps' demo seeders (volunteers, charity, social work) on a small county: the test tree's 定海区 with
a few registry households; counts made, deterministic, and run only once."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.charity import demo as charity_demo
from minzheng.core.app_registry import DemoContext
from minzheng.core.models import AuditEntry, Region
from minzheng.registry.tests.factories import make_family
from minzheng.socialwork import demo as socialwork_demo
from minzheng.volunteers import demo as volunteers_demo
from minzheng.volunteers.models import ServiceRecord, Volunteer


@pytest.mark.django_db
def test_demo_seeders_fill_every_line_once(make_user, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    users = {role: make_user(role, code) for role, code in (("county", "330902000000"), ("city", "330900000000"))}
    for i, region in enumerate(("330902001001", "330902001002", "330902002001") * 3):
        make_family(users["county"], [(f"居民{i}甲", "19800101", "M"), (f"居民{i}乙", "19850505", "F")],
                    region=region)
    context = DemoContext(county=Region.objects.get(code="330902000000"), users=users,
                          month=dt.date(2026, 4, 1), seed=2026)
    made = volunteers_demo.seed(context)
    assert made["volunteers"] == 18 and made["records"] >= 18 and made["stations"] == 2
    assert ServiceRecord.objects.count() == made["records"]
    assert ServiceRecord.objects.filter(late=True).count() == made["late_records"] > 0
    charity = charity_demo.seed(context)
    assert charity == {"organisations": 4, "projects": 6, "filings": 3, "donations": 60, "trusts": 1,
                       "complaints": 2}
    social = socialwork_demo.seed(context)
    assert social["stations"] == 2 and social["workers"] >= 4
    names = sorted(Volunteer.objects.values_list("name", flat=True))
    audit_count = AuditEntry.objects.count()
    # run again: nothing more
    assert volunteers_demo.seed(context) == {} and charity_demo.seed(context) == {}
    assert socialwork_demo.seed(context) == {}
    assert AuditEntry.objects.count() == audit_count
    assert names == sorted(Volunteer.objects.values_list("name", flat=True))
