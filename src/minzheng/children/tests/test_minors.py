"""Minors protection: a 强制报告 opens a case with the emergency-response deadline from the time limits in force;
steps move it on with their own deadlines and late flags; referrals, 未保中心 intake and discharge; and a restricted
case is invisible to every officer not named on it — the county head included — in every read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minzheng.children.models import ProtectionCase
from minzheng.children.selectors import minors as selectors
from minzheng.children.services import minors
from minzheng.children.tests import factories
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed

pytestmark = pytest.mark.django_db


def local(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def at(monkeypatch, text: str) -> None:
    monkeypatch.setattr("minzheng.core.clock.now", lambda: local(text))


def test_report_opens_a_case_due_within_the_hours_in_force(make_user, examples, monkeypatch):
    at(monkeypatch, "2026-04-10 09:30")
    clerk = make_user("village", "330902001001")
    urgent = factories.report(clerk)
    assert urgent.state == "reported" and urgent.due_at == local("2026-04-10 11:00")
    normal = factories.report(clerk, urgency="normal")
    assert normal.due_at == local("2026-04-11 09:00")
    assert normal.reporter_phone_masked == "138****1111"
    with pytest.raises(ValidationFailed):
        factories.report(clerk, at="2026-04-12T09:00:00+08:00")  # in the future
    with pytest.raises(ValidationFailed):
        factories.report(clerk, region="330902001002")  # not the clerk's village
    with pytest.raises(Forbidden):
        factories.report(make_user("city", "330900000000"))


def test_steps_set_deadlines_record_lateness_and_follow_the_order(make_user, examples, monkeypatch):
    at(monkeypatch, "2026-04-10 09:30")
    township = make_user("township", "330902001000")
    case = factories.report(township)
    with pytest.raises(Conflict):
        minors.act(township, case, "intervene", {"note": "x", "intervention": "guardianship_support"})
    at(monkeypatch, "2026-04-10 12:00")  # an hour past the 2-hour limit
    case = minors.act(township, case, "respond", {"note": "已联系派出所，儿童暂由姑妈照看"})
    assert case.state == "responded" and case.due_at == local("2026-04-13 12:00")
    with pytest.raises(ValidationFailed):
        minors.act(township, case, "assess", {"note": "评估"})  # no risk level
    case = minors.act(township, case, "assess", {"note": "高风险", "risk_level": "high"})
    case = minors.act(township, case, "intervene", {"note": "临时监护", "intervention": "temporary_custody"})
    assert case.state == "intervening" and case.due_at == local("2026-05-10 12:00")
    stay = minors.intake(township, case, {"centre": "定海区未保中心", "admitted_on": "2026-04-10",
                                          "reason": "临时监护"})
    with pytest.raises(Conflict):
        minors.intake(township, case, {"centre": "x", "admitted_on": "2026-04-10", "reason": "y"})
    minors.refer(township, case, {"to": "police", "body": "城东派出所", "sent_on": "2026-04-10", "note": "涉嫌虐待"})
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-20")
    minors.discharge(township, case, {"left_on": "2026-04-20", "outcome": "relative"})
    stay.refresh_from_db()
    assert stay.days == 10 and stay.outcome == "relative"
    case = minors.act(township, case, "close", {"note": "由姑妈监护，跟踪稳定"})
    assert case.state == "closed" and case.due_at is None
    steps = list(selectors.steps_of(township, case).values_list("action", "late"))
    assert steps[:2] == [("report", False), ("respond", True)]
    assert [a for a, _ in steps][-4:] == ["intake", "refer", "discharge", "close"]


def test_restricted_case_is_invisible_to_every_officer_not_named_including_the_county_head(
        make_user, api_client, client, examples, monkeypatch):
    at(monkeypatch, "2026-04-10 09:30")
    head = make_user("county", "330902000000", first_name="县局局长")
    county_colleague = make_user("county", "330902000000")
    city = make_user("city", "330900000000")
    named = make_user("township", "330902001000")
    township_colleague = make_user("township", "330902001000")
    village = make_user("village", "330902001001")
    case = factories.report(named, restricted=True, child_name="限制个案儿童")
    open_case = factories.report(named, child_name="普通个案儿童")
    minors.set_officers(named, case, {"restricted": True, "officer_ids": []})
    assert selectors.get_case(named, case.pk) == case
    for officer in (head, county_colleague, city, township_colleague, village):
        assert not selectors.cases_for(officer).filter(pk=case.pk).exists()
        assert selectors.cases_for(officer).filter(pk=open_case.pk).exists()
        with pytest.raises(NotFound):
            selectors.get_case(officer, case.pk)
        assert not selectors.steps_by_case([c.pk for c in selectors.cases_for(officer)]).get(case.pk)
        api = api_client(officer)
        assert api.get(f"/api/v1/minors/cases/{case.pk}").status_code == 404
        listed = api.get("/api/v1/minors/cases").json()
        assert [c["id"] for c in listed["items"]] == [open_case.pk]
        client.force_login(officer)
        assert client.get(f"/children/minors/{case.pk}/").status_code == 404
        page = client.get("/children/minors/")
        assert "限制个案儿童" not in page.text and "普通个案儿童" in page.text
    for officer in (head, county_colleague):
        with pytest.raises(NotFound):
            minors.act(officer, case.pk, "respond", {"note": "x"})
    client.force_login(head)
    assert "限制个案儿童" not in client.get("/inbox/").text
    # Naming the county head lets them in; the officer who restricted it stays named.
    minors.set_officers(named, case, {"restricted": True, "officer_ids": [head.pk]})
    assert selectors.get_case(head, case.pk) == case
    assert selectors.get_case(named, case.pk) == case
    assert not selectors.cases_for(county_colleague).filter(pk=case.pk).exists()
    with pytest.raises(ValidationFailed):  # a village clerk cannot be named: not a handler of minors cases
        minors.set_officers(named, case, {"restricted": True, "officer_ids": [village.pk]})
    # Lifting the restriction opens it to the region again.
    minors.set_officers(named, case, {"restricted": False, "officer_ids": []})
    assert selectors.cases_for(county_colleague).filter(pk=case.pk).exists()
    assert ProtectionCase.objects.count() == 2


def test_api_report_returns_the_case_with_deadlines(make_user, api_client, examples, monkeypatch):
    at(monkeypatch, "2026-04-10 09:30")
    clerk = make_user("village", "330902001001")
    body = {"reporter_name": "卫生院 李医生", "reporter_type": "hospital", "channel": "hotline",
            "reported_at": "2026-04-10T09:00:00+08:00", "region_code": "330902001001", "child_name": "小红",
            "harm": "neglect", "urgency": "normal", "description": "长期无人照料"}
    response = api_client(clerk).post("/api/v1/minors/reports", body, content_type="application/json")
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["state"] == "reported" and out["deadlines"][0]["step"] == "respond"
    assert out["due_at"].startswith("2026-04-11T09:00")
    bad = api_client(clerk).post("/api/v1/minors/reports", {**body, "harm": "x", "reported_at": "soon"},
                                 content_type="application/json")
    assert bad.status_code == 422 and len(bad.json()["errors"]) == 2
    restricted = api_client(clerk).post("/api/v1/minors/reports", {**body, "restricted": True},
                                        content_type="application/json")
    assert restricted.status_code == 422
    assert api_client(make_user("city", "330900000000")).post(
        "/api/v1/minors/reports", body, content_type="application/json").status_code == 403
