"""Divorce applications and the cooling-off through the API and the services: deadlines on receipt, withdrawal until
day 30, both appear in the window, the sweep (reminders, lapsed → withdrawn, idempotent), the inbox, counselling
and its share."""

from __future__ import annotations

import datetime as dt

from minzheng.core.app_registry import InboxSection
from minzheng.marriage import inbox
from minzheng.marriage.models import DivorceApplication, Registration, Reminder
from minzheng.marriage.services import divorce as divorce_service
from minzheng.marriage.tests.factories import divorce, marriage, party


def post(api, body):
    return api.post("/api/v1/marriage/registrations", body, content_type="application/json")


def married(api, day="2025-01-10"):
    a, b = party("秦朗", "19900101", "M"), party("尤佳", "19910101", "F")
    cert = post(api, marriage(a, b, day=day)).json()["certificate_no"]
    return a, b, cert


def test_application_deadlines_and_status(api):
    a, b, cert = married(api)
    r = post(api, divorce(a, b, cert, day="2025-09-01"))
    assert r.status_code == 201, r.content
    app_id = r.json()["application_id"]
    got = api.get(f"/api/v1/marriage/divorce-applications/{app_id}").json()
    # 国庆 2025: day 30 (10-01) moves to 10-09; the appearance period ends 11-08 (Saturday) → 11-10.
    assert (got["received"], got["withdrawal_deadline"], got["appearance_deadline"]) == (
        "2025-09-01", "2025-10-09", "2025-11-10")
    assert got["status"] == "withdrawn"  # today (2026-04-10) is long past: counts as withdrawn
    assert "顺延" in got["deadline_note"]


def test_wrong_certificate_or_parties_refused(api):
    a, b, cert = married(api)
    r = post(api, divorce(a, b, "JDH01-2026-999999"))
    assert r.status_code == 422 and "未找到" in r.json()["errors"][0]["message"]
    r = post(api, divorce(a, party("外人", "19910101", "F"), cert))
    assert r.status_code == 422 and "不一致" in r.json()["errors"][0]["message"]
    r = post(api, {**divorce(a, b, cert), "marriage_certificate_no": ""})
    assert r.status_code == 422


def test_withdraw_until_day_30_then_not(api):
    a, b, cert = married(api)
    app_id = post(api, divorce(a, b, cert, day="2026-04-01")).json()["application_id"]
    # Day 30 is 05-01 (劳动节) → the deadline moves to 05-06 (holiday 05-01 … 05-05).
    got = api.get(f"/api/v1/marriage/divorce-applications/{app_id}").json()
    assert got["withdrawal_deadline"] == "2026-05-06" and got["status"] == "cooling"
    late = api.post(f"/api/v1/marriage/divorce-applications/{app_id}/withdraw", {"party": "a", "date": "2026-05-07"},
                    content_type="application/json")
    assert late.status_code == 409 and "不能撤回" in late.json()["detail"]
    ok = api.post(f"/api/v1/marriage/divorce-applications/{app_id}/withdraw", {"party": "b", "date": "2026-05-06"},
                  content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "withdrawn"


def test_both_appear_in_the_window_and_divorce_is_registered(api):
    a, b, cert = married(api)
    app_id = post(api, divorce(a, b, cert, day="2026-04-01", counselling=True)).json()["application_id"]
    # A second application while one is open is refused.
    again = post(api, divorce(a, b, cert, day="2026-04-02"))
    assert again.status_code == 422 and "尚在办理中" in again.json()["errors"][0]["message"]
    early = api.post(f"/api/v1/marriage/divorce-applications/{app_id}/appear", {"date": "2026-05-06"},
                     content_type="application/json")
    assert early.status_code == 409
    r = api.post(f"/api/v1/marriage/divorce-applications/{app_id}/appear", {"date": "2026-05-07"},
                 content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "registered" and r.json()["divorce_certificate_no"] == "LDH01-2026-000001"
    assert r.json()["counselled"] is True
    m = Registration.objects.get(certificate_no=cert)
    assert not m.in_force and m.ended_on == dt.date(2026, 5, 7)
    # Divorced: free to marry again.
    assert post(api, marriage(a, party("新人", "19920101", "F"), day="2026-06-01")).status_code == 201


def test_sweep_reminds_and_marks_lapsed_withdrawn_once(api, registrar_setup):
    a, b, cert = married(api)
    app_id = post(api, divorce(a, b, cert, day="2026-04-01")).json()["application_id"]
    app = DivorceApplication.objects.get(pk=app_id)
    # Five days before the withdrawal deadline: one reminder per party.
    out = divorce_service.sweep(None, app.withdrawal_deadline - dt.timedelta(days=5))
    assert out == {"reminders": 2, "withdrawn": 0, "sms": 0}  # no numbers given: the registry calls
    assert divorce_service.sweep(None, app.withdrawal_deadline - dt.timedelta(days=4))["reminders"] == 0
    out = divorce_service.sweep(None, app.appearance_deadline - dt.timedelta(days=1))
    assert out == {"reminders": 2, "withdrawn": 0, "sms": 0}  # no numbers given: the registry calls
    assert set(Reminder.objects.values_list("kind", flat=True)) == {"withdrawal", "appearance"}
    # The inbox shows who is due (today is 2026-04-10 in the tests: the withdrawal deadline is not within a week).
    section: InboxSection = inbox.divorces_due(registrar_setup["user"], 10)
    assert section.count == 0
    after = app.appearance_deadline + dt.timedelta(days=1)
    assert divorce_service.sweep(None, after) == {"reminders": 0, "withdrawn": 1, "sms": 0}
    assert divorce_service.sweep(None, after) == {"reminders": 0, "withdrawn": 0, "sms": 0}  # idempotent
    app.refresh_from_db()
    assert (app.status, app.withdrawn_by) == ("withdrawn", "lapse")


def test_reminders_go_by_sms_once_to_each_number_given(api, caplog):
    """The numbers given at the application get each reminder once (core.sms, the log gateway masks them); a party
    without a number is left to the registry's call; a second run sends nothing; the number is stored sealed."""
    import logging

    a, b, cert = married(api)
    body = divorce({**a, "phone": "13812345678"}, b, cert, day="2026-04-01")
    app_id = post(api, body).json()["application_id"]
    app = DivorceApplication.objects.get(pk=app_id)
    assert app.phone_a_enc and b"13812345678" not in bytes(app.phone_a_enc) and app.phone_b_enc is None
    with caplog.at_level(logging.WARNING, logger="minzheng.sms"):
        out = divorce_service.sweep(None, app.withdrawal_deadline - dt.timedelta(days=5))
        assert out == {"reminders": 2, "withdrawn": 0, "sms": 1}
        assert divorce_service.sweep(None, app.withdrawal_deadline - dt.timedelta(days=3))["sms"] == 0
        out = divorce_service.sweep(None, app.appearance_deadline - dt.timedelta(days=2))
        assert out["sms"] == 1
    messages = [r for r in caplog.records if r.name == "minzheng.sms"]
    assert [r.phone for r in messages] == ["13812345678", "13812345678"]
    text = [r.getMessage() for r in messages]
    assert "138****5678" in text[0] and "13812345678" not in text[0] and "撤回申请" in text[0]
    assert "视为撤回" in text[1] and f"{app.appearance_deadline:%Y年%m月%d日}" in text[1]
    sent = Reminder.objects.filter(application=app, sent_at__isnull=False)
    assert sorted(sent.values_list("party", "kind")) == [("a", "appearance"), ("a", "withdrawal")]
    assert Reminder.objects.filter(application=app, party="b", sent_at__isnull=True).count() == 2
    bad = post(api, divorce({**a, "phone": "12"}, b, cert, day="2026-04-02"))
    assert bad.status_code == 422 and "手机号码" in bad.json()["errors"][0]["message"]


def test_inbox_lists_applications_due(api, registrar_setup, monkeypatch):
    a, b, cert = married(api)
    app_id = post(api, divorce(a, b, cert, day="2026-04-01")).json()["application_id"]
    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-30")  # cooling-off over, appearance deadline 06-05 within a week
    section = inbox.divorces_due(registrar_setup["user"], 10)
    assert section.count == 1 and section.items[0].key == f"divorce:{app_id}"
    assert "到场办理离婚登记" in section.items[0].detail


def test_counselling_share(api):
    a, b, cert = married(api)
    app_id = post(api, divorce(a, b, cert, day="2026-04-01")).json()["application_id"]
    c, d, cert2 = party("丁一", "19900101", "M"), party("丁二", "19900101", "F"), None
    cert2 = post(api, marriage(c, d, day="2025-02-01")).json()["certificate_no"]
    post(api, divorce(c, d, cert2, day="2026-04-02"))
    r = api.post("/api/v1/marriage/counselling", {"application_id": app_id, "provider": "定海区婚姻家庭辅导室",
                                                  "topics": ["communication"]}, content_type="application/json")
    assert r.status_code == 201
    cid = r.json()["id"]
    s = api.post(f"/api/v1/marriage/counselling/{cid}/sessions",
                 {"held_on": "2026-04-08", "counsellor": "王老师", "minutes": 60}, content_type="application/json")
    assert s.status_code == 201 and s.json()["sessions"] == 1
    closed = api.post(f"/api/v1/marriage/counselling/{cid}/close", {"outcome": "reconciled"},
                      content_type="application/json")
    assert closed.json()["status"] == "closed"
    stats = api.get("/api/v1/marriage/statistics", {"year": 2026}).json()
    assert (stats["divorce_applications"], stats["counselled"], stats["counselled_share"]) == (2, 1, "50.0")
