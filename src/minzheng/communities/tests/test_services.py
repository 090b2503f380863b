"""Community records: 一窗受理 pledge deadlines in working days (across a holiday), elections' next due and turnout,
members' phones sealed and masked, the ledger in Decimal, roles and regions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.communities import services
from minzheng.communities.models import FundEntry, Member
from minzheng.communities.tests.factories import A, member
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-10-10")


def test_ticket_deadline_counts_working_days_across_the_national_day(county_user, village_user):
    item = services.add_catalogue_item(county_user, {"region_code": "330902", "name": "居住证明",
                                                     "pledge_days": 3})
    # received Tuesday 2026-09-29; 10-01…10-07 is the National Day holiday (chinese-calendar, with 调休 days)
    t = services.open_ticket(village_user, {"region_code": A, "item_id": item.pk, "applicant": "李四",
                                            "phone": "13900001111", "received_on": "2026-09-29"})
    assert t.due_on > dt.date(2026, 10, 7) and not t.provisional
    assert t.phone_masked == "139****1111"
    with pytest.raises(ValidationFailed):  # an item of another county does not apply
        services.open_ticket(village_user, {"region_code": A, "item_id": 999999, "applicant": "李四"})
    done = services.close_ticket(village_user, t, {"done_on": "2026-10-09", "result": "已出具证明"})
    assert done.state == "done"
    with pytest.raises(Conflict):
        services.close_ticket(village_user, t, {"done_on": "2026-10-09", "result": "again"})


def test_election_and_members(county_user, make_user, village_user):
    township = make_user("township", "330902001000")
    e = services.record_election(township, {"region_code": A, "held_on": "2021-05-20", "electorate": 2000,
                                            "voted": 1860, "results": "张三当选主任"})
    assert e.next_due == dt.date(2026, 5, 20)
    with pytest.raises(ValidationFailed):
        services.record_election(township, {"region_code": A, "held_on": "2021-05-20", "electorate": 10,
                                            "voted": 11, "results": "x"})
    with pytest.raises(Forbidden):  # the village records members and meetings, not elections
        services.record_election(village_user, {"region_code": A, "held_on": "2021-05-20", "electorate": 10,
                                                "voted": 9, "results": "x"})
    m = member(village_user, A, "张三", post="director")
    assert Member.objects.get(pk=m.pk).phone_enc and m.phone_masked == "138****8000"
    with pytest.raises(ValidationFailed):  # outside the clerk's village
        member(village_user, "330902001002", "王五")


def test_ledger_is_decimal(village_user):
    services.add_fund_entry(village_user, {"region_code": A, "on": "2026-10-01", "direction": "in",
                                           "category": "grant", "amount": "20000.10", "note": "上级补助"})
    services.add_fund_entry(village_user, {"region_code": A, "on": "2026-10-02", "direction": "out",
                                           "category": "activity", "amount": "1234.05", "note": "重阳活动"})
    rows = FundEntry.objects.order_by("on")
    assert sum(r.amount if r.direction == "in" else -r.amount for r in rows) == Decimal("18766.05")
    with pytest.raises(ValidationFailed):
        services.add_fund_entry(village_user, {"region_code": A, "on": "2026-10-02", "direction": "out",
                                               "category": "activity", "amount": 12.5, "note": "float"})
