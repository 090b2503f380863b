"""Service hours: the 10-working-day rule of 《志愿服务记录与证明出具办法（试行）》 on the pinned holiday calendar
(tests/settings.py pins chinese-calendar's 2025 schedule: 国庆 10-01…10-08 off, 09-28 and 10-11 worked)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.core.tests.calendars import pinned_calendar
from minzheng.volunteers import policy
from minzheng.volunteers.models import ServiceRecord, Volunteer
from minzheng.volunteers.tests.factories import volunteer

ACTIVITY = dt.date(2025, 9, 26)  # a Friday before the National Day holiday
DEADLINE = dt.date(2025, 10, 16)  # 10th working day: 9-28(调休), 9-29, 9-30, 10-9, 10-10, 10-11(调休), 10-13…10-16


def _body(day=ACTIVITY, hours="3.5"):
    return {"activity": "敬老院陪护", "date": str(day), "hours": hours, "organiser": "城东街道志愿服务站"}


def test_the_deadline_counts_working_days_across_the_holiday():
    cal = pinned_calendar()
    assert cal.add_workdays(ACTIVITY, 10).day == DEADLINE
    on_time = policy.lateness(ACTIVITY, DEADLINE, cal)
    assert (on_time.late, on_time.workdays_late) == (False, 0)
    late = policy.lateness(ACTIVITY, dt.date(2025, 10, 17), cal)
    assert (late.deadline, late.late, late.workdays_late) == (DEADLINE, True, 1)
    # Ten calendar days would have ended on 10-06, in the middle of the holiday: not the rule.
    assert policy.lateness(ACTIVITY, dt.date(2025, 10, 9), cal).late is False


@pytest.mark.django_db
def test_hours_entered_one_working_day_late_are_flagged(village_user, api_client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2025-10-17")
    v = volunteer(village_user)
    r = api_client(village_user).post(f"/api/v1/volunteers/{v.pk}/hours", _body(), content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["late"] is True and body["workdays_late"] == 1 and body["due_on"] == "2025-10-16"
    assert body["hours"] == "3.5"
    assert Volunteer.objects.get(pk=v.pk).total_hours == Decimal("3.5")


@pytest.mark.django_db
def test_hours_on_the_tenth_working_day_are_on_time(village_user, api_client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2025-10-16")
    v = volunteer(village_user)
    r = api_client(village_user).post(f"/api/v1/volunteers/{v.pk}/hours", _body(), content_type="application/json")
    assert r.status_code == 201 and r.json()["late"] is False


@pytest.mark.django_db
def test_bad_hours_are_refused_and_nothing_written(village_user, api_client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2025-10-16")
    v = volunteer(village_user)
    client = api_client(village_user)
    for hours in ("0", "25", "2.55", True, [1]):
        r = client.post(f"/api/v1/volunteers/{v.pk}/hours", _body(hours=hours), content_type="application/json")
        assert r.status_code == 422, hours
    r = client.post(f"/api/v1/volunteers/{v.pk}/hours", _body(day=dt.date(2025, 10, 20)),
                    content_type="application/json")
    assert r.status_code == 422 and "不能晚于今天" in r.json()["errors"][0]["message"]
    client.post(f"/api/v1/volunteers/{v.pk}/hours", _body(hours="20"), content_type="application/json")
    r = client.post(f"/api/v1/volunteers/{v.pk}/hours", _body(hours="5"), content_type="application/json")
    assert r.status_code == 422 and "24 小时" in r.json()["errors"][0]["message"]
    assert ServiceRecord.objects.filter(volunteer=v).count() == 1


@pytest.mark.django_db
def test_roles_and_regions(make_user, api_client, village_user, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2025-10-16")
    v = volunteer(village_user)
    admin = make_user("sysadmin", "330902000000")
    r = api_client(admin).post(f"/api/v1/volunteers/{v.pk}/hours", "[]", content_type="application/json")
    assert r.status_code == 403
    assert api_client(admin).get("/api/v1/volunteers").status_code == 403
    other = make_user("village", "330903001001")
    r = api_client(other).post(f"/api/v1/volunteers/{v.pk}/hours", _body(), content_type="application/json")
    assert r.status_code == 404
    assert api_client(other).get(f"/api/v1/volunteers/{v.pk}/certificate").status_code == 404
