"""Volunteers on children's visits: the volunteers who went are named on the visit, their hours go to the volunteers
app as one record per volunteer and visit; saving the visit again changes only the difference."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from minzheng.children.services import visits as child_visits
from minzheng.children.tests import factories as children
from minzheng.core.errors import ValidationFailed
from minzheng.volunteers.models import ServiceRecord, Volunteer
from minzheng.volunteers.tests.factories import volunteer

pytestmark = pytest.mark.django_db


def hours(v) -> Decimal:
    return Volunteer.objects.get(pk=v.pk).total_hours


def test_visit_records_hours_without_double_counting(make_user, api_client, client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    clerk = make_user("village", "330902001001")
    a, b = volunteer(clerk, "志愿者甲"), volunteer(clerk, "志愿者乙", born="19920202", phone="13800002222")
    child = children.child(clerk, registered_on=dt.date(2026, 1, 5))
    r = api_client(clerk).post("/api/v1/children/visits", json.dumps({
        "child_id": child.pk, "visited_on": "2026-04-08", "kind": "home", "visitor": "张主任", "seen": "祖母",
        "findings": "生活正常", "volunteer_ids": [a.pk, b.pk], "volunteer_hours": "2.5"}),
        content_type="application/json")
    assert r.status_code == 201, r.content
    visit_id = r.json()["id"]
    assert (hours(a), hours(b)) == (Decimal("2.5"), Decimal("2.5"))
    rec = ServiceRecord.objects.get(volunteer=a)
    assert (rec.source, rec.source_id, rec.category, rec.late) == ("children_visit", visit_id, "children", False)
    # saved again, the same: nothing changes
    for _ in range(2):
        child_visits.set_volunteers(clerk, visit_id, {"volunteer_ids": [a.pk, b.pk], "volunteer_hours": "2.5"})
    assert (hours(a), hours(b), ServiceRecord.objects.count()) == (Decimal("2.5"), Decimal("2.5"), 2)
    # b no longer named, a's hours corrected: the totals follow the difference
    child_visits.set_volunteers(clerk, visit_id, {"volunteer_ids": [a.pk], "volunteer_hours": "3"})
    assert (hours(a), hours(b), ServiceRecord.objects.count()) == (Decimal("3.0"), Decimal("0.0"), 1)
    # the page saves the same way
    client.force_login(clerk)
    assert client.get(f"/children/visits/{visit_id}/volunteers/").status_code == 200
    r = client.post(f"/children/visits/{visit_id}/volunteers/", {"volunteer_ids": [a.pk], "volunteer_hours": "3"})
    assert r.status_code == 302 and hours(a) == Decimal("3.0")
    assert f"/children/visits/{visit_id}/volunteers/" in client.get(f"/children/{child.pk}/").content.decode()


def test_visit_volunteer_errors(make_user, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    clerk = make_user("village", "330902001001")
    far = volunteer(make_user("village", "330903001001"), "外区志愿者", region="330903001001")
    child = children.child(clerk, registered_on=dt.date(2026, 1, 5))
    mine = volunteer(clerk)
    with pytest.raises(ValidationFailed, match="请填写志愿服务时长"):
        children.visit(clerk, child, dt.date(2026, 4, 8), volunteer_ids=[mine.pk])
    with pytest.raises(ValidationFailed) as exc:
        children.visit(clerk, child, dt.date(2026, 4, 8), volunteer_ids=[far.pk], volunteer_hours="2")
    assert "不在您的辖区" in exc.value.errors[0].message
    assert not ServiceRecord.objects.exists() and child.visits.count() == 0  # nothing half-written
    # recorded past 10 working days: kept and flagged late, like any record
    visit = children.visit(clerk, child, dt.date(2026, 3, 20), volunteer_ids=[mine.pk], volunteer_hours="1")
    assert ServiceRecord.objects.get(source_id=visit.pk).late is True


def test_a_visit_to_a_person_in_difficulty_records_the_volunteers_hours(make_user, monkeypatch):
    """The monitoring line's visits (困难群众、老年人走访) name volunteers the same way; recorded once."""
    from minzheng.monitoring.services import visits as monitoring_visits
    from minzheng.registry.tests.factories import make_family

    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    clerk = make_user("village", "330902001001")
    a = volunteer(clerk, "志愿者丙")
    _, (elder,) = make_family(clerk, [("独居老人", "19400101", "F")])
    visit = monitoring_visits.record(clerk, {
        "person_id": elder.pk, "visited_on": "2026-04-09", "visitor": "村主任", "seen": "本人", "findings": "身体尚可",
        "volunteer_ids": [a.pk, a.pk], "volunteer_hours": "1.5"})
    rec = ServiceRecord.objects.get(volunteer=a)
    assert (rec.source, rec.source_id, rec.category, hours(a)) == ("monitoring_visit", visit.pk, "elderly",
                                                                   Decimal("1.5"))
    with pytest.raises(ValidationFailed, match="志愿服务时长"):
        monitoring_visits.record(clerk, {"person_id": elder.pk, "visited_on": "2026-04-09", "visitor": "村主任",
                                         "seen": "本人", "findings": "再访", "volunteer_ids": [a.pk]})
    assert ServiceRecord.objects.count() == 1 and hours(a) == Decimal("1.5")
