"""Naming and renaming applications: the steps in order, no decision before the consultation period has ended,
the 公告 and the certificate, a renaming that flows to the addresses using the name, history kept."""

import pytest

from minzheng.core.errors import Conflict, Forbidden
from minzheng.placenames.models import PlaceName, StandardAddress
from minzheng.placenames.services import applications
from minzheng.placenames.tests.factories import address, application, place

pytestmark = pytest.mark.django_db


def test_cannot_be_approved_before_the_consultation_ends(county, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-01")
    app = application(county)
    with pytest.raises(Conflict):
        applications.open_consultation(county, app.pk)  # the expert opinion comes first
    applications.record_expert_opinion(county, app.pk, {"expert_opinion": "同意"})
    app = applications.open_consultation(county, app.pk)
    assert str(app.consultation_end) == "2026-04-10"  # 10 calendar days, the first day counts
    for day in ("2026-04-01", "2026-04-10"):
        monkeypatch.setenv("MINZHENG_TODAY", day)
        with pytest.raises(Conflict) as exc:
            applications.decide(county, app.pk, {"approve": True, "decision_document": "定政〔2026〕1号"})
        assert "公示期满后" in exc.value.message
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-11")
    app = applications.decide(county, app.pk, {"approve": True, "decision_document": "定政〔2026〕1号"})
    assert app.state == "approved"
    app = applications.publish(county, app.pk)
    assert app.state == "published" and app.certificate_no == "DM33090220260001"[:2] + "330902" + "2026" + "00001"
    assert PlaceName.objects.get(pk=app.place_id).name == "新安路"
    assert "新安路" in app.announcement


def test_api_flow_and_certificate_page(county, api_client, client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-01")
    c = api_client(county)
    r = c.post("/api/v1/placenames/applications", {"kind": "naming", "proposed_name": "望海路",
                                                  "region_code": "330902001000", "applicant": "张三",
                                                  "reason": "临海", "approval_level": "county",
                                                  "consultation_days": 5}, content_type="application/json")
    assert r.status_code == 201, r.content
    app_id = r.json()["id"]
    assert c.post(f"/api/v1/placenames/applications/{app_id}/expert-opinion", {"expert_opinion": "同意"},
                  content_type="application/json").status_code == 200
    assert c.post(f"/api/v1/placenames/applications/{app_id}/consultation", {},
                  content_type="application/json").json()["consultation_end"] == "2026-04-05"
    r = c.post(f"/api/v1/placenames/applications/{app_id}/decision", {"approve": True, "decision_document": "x"},
               content_type="application/json")
    assert r.status_code == 409
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-06")
    assert c.post(f"/api/v1/placenames/applications/{app_id}/decision", {"approve": True, "decision_document": "x"},
                  content_type="application/json").json()["state"] == "approved"
    assert c.post(f"/api/v1/placenames/applications/{app_id}/publication", {},
                  content_type="application/json").json()["state"] == "published"
    client.force_login(county)
    page = client.get(f"/placenames/applications/{app_id}/certificate/print/").content.decode()
    assert "标准地名证书" in page and "望海路" in page
    assert client.get(f"/placenames/applications/{app_id}/").status_code == 200
    assert c.post("/api/v1/placenames/applications", [1], content_type="application/json").status_code == 422
    assert c.post("/api/v1/placenames/applications", {"kind": "naming", "consultation_days": 10**30},
                  content_type="application/json").status_code == 422


def test_renaming_flows_to_addresses_and_keeps_history(county, make_user, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-01")
    road = place(county, "解放路", region="330902001001")
    a = address(county, road, number="8")
    assert a.full_text.endswith("解放路8号")
    app = application(county, kind="renaming", place_id=road.pk, proposed_name="人民路", region_code=None)
    applications.record_expert_opinion(county, app.pk, {"expert_opinion": "同意"})
    applications.open_consultation(county, app.pk)
    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-01")
    applications.decide(county, app.pk, {"approve": True, "decision_document": "定政〔2026〕2号"})
    applications.publish(county, app.pk)
    road.refresh_from_db()
    assert road.name == "人民路" and road.pinyin == "rén mín lù"
    assert StandardAddress.objects.get(pk=a.pk).full_text.endswith("人民路8号")
    assert [(c.old_name, c.new_name) for c in road.changes.order_by("id")] == [("", "解放路"), ("解放路", "人民路")]
    assert road.aliases.get().name == "解放路"
    with pytest.raises(Forbidden):
        application(make_user("village", "330902001001"))
