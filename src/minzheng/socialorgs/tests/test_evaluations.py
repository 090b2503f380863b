"""Evaluation through the API (民政部令第39号): refused with reasons, graded with its validity, appeal within the
window, a downgraded organisation refused a new application for 2 years and accepted after."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from minzheng.core.errors import Conflict
from minzheng.socialorgs.services import evaluations
from minzheng.socialorgs.tests.factories import concluded, org

pytestmark = pytest.mark.django_db
COMMITTEE = {"committee_size": 9, "present": 7, "votes_for": 6}


def post(client, org_id, body):
    return client.post(f"/api/v1/socialorgs/{org_id}/evaluations", json.dumps(body), content_type="application/json")


def test_not_two_years_registered_is_refused_with_reasons(registry, api_client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    o = org(registry, registered_on=dt.date(2024, 4, 11))
    r = post(api_client(registry), o.pk, {"score": "905", **COMMITTEE})
    assert r.status_code == 201
    out = r.json()
    assert out["eligible"] is False and out["state"] == "refused" and out["grade"] is None
    assert any("未满两个年度" in x for x in out["reasons"]) and any("未参加 2025 年度年检" in x for x in out["reasons"])


def test_graded_valid_five_years_then_downgrade_bars_two_years(registry, supervisor, api_client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    o = org(registry, registered_on=dt.date(2020, 3, 1))
    concluded(supervisor, registry, o, 2025)
    client = api_client(registry)
    r = post(client, o.pk, {"score": "856.5", "awarded_on": "2026-04-10", **COMMITTEE})
    assert r.status_code == 201, r.content
    out = r.json()
    assert (out["eligible"], out["grade"], out["grade_label"], out["valid_until"], out["appeal_by"]) == (
        True, 4, "4A", "2031-04-09", "2026-04-17")
    # the organisation's grade and validity in the register
    assert client.get(f"/api/v1/socialorgs/{o.pk}").json()["grade_valid_until"] == "2031-04-09"
    # while the grade is in force (more than 2 years before expiry), a new application is refused
    again = post(client, o.pk, {"score": "950", **COMMITTEE}).json()
    assert again["eligible"] is False and any("有效期内" in x for x in again["reasons"])
    # appeal within the window, answered; then a downgrade on 2026-04-20
    ev = evaluations.appeal(registry, out["id"], {"reason": "得分计算有误", "appealed_on": "2026-04-10"})
    assert str(ev.appeal_due) == "2026-04-25"
    evaluations.decide_appeal(registry, ev, {"upheld": True, "decided_on": "2026-04-10"})
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-20")
    ev = evaluations.sanction(registry, ev, {"sanction": "downgrade", "reason": "年检基本合格且整改不到位",
                                             "on": "2026-04-20"})
    assert (ev.grade, ev.state, str(ev.return_due)) == (3, "downgraded", "2026-05-05")
    # refused for 2 years: on 2028-04-19 still barred, on 2028-04-20 accepted (annual checks kept up)
    monkeypatch.setenv("MINZHENG_TODAY", "2028-04-19")
    for year in (2026, 2027):
        concluded(supervisor, registry, o, year)
    barred = post(client, o.pk, {"score": "950", **COMMITTEE}).json()
    assert barred["eligible"] is False and any("2 年内不得申请" in x for x in barred["reasons"])
    monkeypatch.setenv("MINZHENG_TODAY", "2028-04-20")
    ok = post(client, o.pk, {"score": "950", "awarded_on": "2028-04-20", **COMMITTEE}).json()
    assert (ok["eligible"], ok["grade"], ok["valid_until"]) == (True, 5, "2033-04-19")


def test_late_appeal_and_committee_rules(registry, supervisor, api_client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    o = org(registry)
    concluded(supervisor, registry, o, 2025)
    client = api_client(registry)
    bad = post(client, o.pk, {"score": "800", "committee_size": 9, "present": 5, "votes_for": 5})
    assert bad.status_code == 422 and "三分之二" in bad.json()["errors"][0]["message"]
    missing = post(client, o.pk, {})
    assert missing.status_code == 422 and "须填写评估得分" in [e["message"] for e in missing.json()["errors"]]
    out = post(client, o.pk, {"score": "650", **COMMITTEE}).json()
    assert out["grade"] == 2
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-18")
    with pytest.raises(Conflict, match="期限已过"):
        evaluations.appeal(supervisor, out["id"], {"reason": "不服"})


def test_roles(registry, supervisor, api_client, make_user):
    o = org(registry)
    assert post(api_client(supervisor), o.pk, {"score": "800", **COMMITTEE}).status_code == 403
    assert post(api_client(make_user("county", "330903000000")), o.pk, {}).status_code == 404
    assert post(api_client(registry), 999999, {}).status_code == 404
