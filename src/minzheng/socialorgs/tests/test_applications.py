"""成立登记 applications: the materials checklist told all at once, the founding minimums (rules as data), the
examiner's review and the decision by another person, approval making the organisation; the API, the pages, the
inbox and the printable decision notice and certificate."""

from __future__ import annotations

import json

import pytest

from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.socialorgs import selectors
from minzheng.socialorgs.inbox import applications_todo
from minzheng.socialorgs.models import SocialOrg
from minzheng.socialorgs.services import register
from minzheng.socialorgs.tests.factories import make_uscc

pytestmark = pytest.mark.django_db
ALL = ["application", "supervisor_approval", "statute", "capital_proof", "premises_proof", "leaders_id",
       "members_list"]


def body(**extra) -> dict:
    return {"name": "城东街道老年人协会", "kind": "association", "domain": "social_service",
            "supervisor": "城东街道办事处", "legal_rep": "陈立", "address": "城东街道人民路 1 号",
            "region_code": "330902001000", "funds": "50000.00", "members": 60, "materials": ALL,
            "received_on": "2026-04-01", **extra}


@pytest.fixture
def examiner(make_user):
    return make_user("county", "330902000000", full_name="审查人")


def post(client, path, data):
    return client.post(f"/api/v1{path}", json.dumps(data), content_type="application/json")


def test_missing_materials_and_minimums_are_told_at_once(registry, api_client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    r = post(api_client(registry), "/socialorgs/applications",
             body(materials=["application"], funds="20000.00", members=40))
    assert r.status_code == 422
    messages = {e["field"]: e["message"] for e in r.json()["errors"]}
    assert "业务主管单位批准文件" in messages["materials"] and "会员名单" in messages["materials"]
    assert "低于最低要求 30000 元" in messages["funds"] and "少于最低要求 50 个" in messages["members"]
    # registered directly (no supervisor): no approval needed; a public foundation needs 4,000,000
    with pytest.raises(ValidationFailed) as exc:
        register.apply_register(registry, body(kind="foundation", fundraising="public", supervisor="",
                                               funds="3000000", materials=ALL))
    text = str([e.message for e in exc.value.errors])
    assert "4000000" in text and "理事名单" in text and "业务主管单位批准文件" not in text
    assert not selectors.applications_for(registry).exists()


def test_review_then_decision_by_another_makes_the_organisation(registry, examiner, api_client, client,
                                                                 monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    r = post(api_client(registry), "/socialorgs/applications", body())
    assert r.status_code == 201, r.content
    out = r.json()
    assert (out["state"], out["due_on"]) == ("submitted", "2026-05-01")  # 30 days (示例 rule)
    app_id = out["id"]
    # in the registry's inbox, waiting for the review
    assert applications_todo(examiner, 10).count == 1
    with pytest.raises(Conflict, match="尚未审查"):
        register.decide(registry, app_id, {"approve": True, "decided_on": "2026-04-10"})
    r = post(api_client(examiner), f"/socialorgs/applications/{app_id}/review",
             {"decision": "approve", "opinion": "材料齐全，符合条件"})
    assert r.status_code == 200 and r.json()["state"] == "reviewed"
    assert applications_todo(examiner, 10).count == 0  # not for the examiner to decide
    assert applications_todo(registry, 10).count == 1
    same = post(api_client(examiner), f"/socialorgs/applications/{app_id}/decision",
                {"approve": True, "decided_on": "2026-04-10", "uscc": make_uscc("1")})
    assert same.status_code == 409 and "同一人" in same.json()["detail"]
    no_code = post(api_client(registry), f"/socialorgs/applications/{app_id}/decision",
                   {"approve": True, "decided_on": "2026-04-10"})
    assert no_code.status_code == 422 and "统一社会信用代码" in no_code.json()["errors"][0]["message"]
    code = make_uscc("1")
    ok = post(api_client(registry), f"/socialorgs/applications/{app_id}/decision",
              {"approve": True, "decided_on": "2026-04-10", "uscc": code, "note": "准予成立"})
    assert ok.status_code == 200, ok.content
    org = SocialOrg.objects.get(pk=ok.json()["org_id"])
    assert (org.uscc, org.name, str(org.registered_on), org.responsible) == (
        code, "城东街道老年人协会", "2026-04-10", [])
    # the printable decision notice and certificate, linked from the detail pages
    client.force_login(registry)
    page = client.get(f"/socialorgs/applications/{app_id}/").content.decode()
    assert f"/socialorgs/applications/{app_id}/decision.html" in page and "登记申请书" in page
    notice = client.get(f"/socialorgs/applications/{app_id}/decision.html").content.decode()
    assert "准予成立登记决定书" in notice and code in notice
    assert f"/socialorgs/{org.pk}/certificate.html" in client.get(f"/socialorgs/{org.pk}/").content.decode()
    cert = client.get(f"/socialorgs/{org.pk}/certificate.html").content.decode()
    assert "社会团体法人登记证书" in cert and code in cert and "50000.00" in cert


def test_refusal_and_pages(registry, examiner, client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    client.force_login(registry)
    assert client.get("/socialorgs/applications/new/").status_code == 200
    form = {**body(), "materials": ALL, "responsible_text": "陈立 会长\n李华 秘书长"}
    form["region_code"] = "330902001000"
    r = client.post("/socialorgs/applications/new/", form)
    assert r.status_code == 302, r.content.decode()[:3000]
    app = selectors.applications_for(registry).get()
    assert app.data["responsible"] == [{"name": "陈立", "post": "会长"}, {"name": "李华", "post": "秘书长"}]
    # a decision notice before any decision: 409
    assert client.get(f"/socialorgs/applications/{app.pk}/decision.html").status_code == 409
    register.review(examiner, app, {"decision": "refuse", "opinion": "名称不规范"})
    register.decide(registry, app, {"approve": False, "decided_on": "2026-04-10", "note": "名称不符合规定"})
    notice = client.get(f"/socialorgs/applications/{app.pk}/decision.html").content.decode()
    assert "不予成立登记决定书" in notice and "行政复议" in notice
    assert not SocialOrg.objects.exists()
    assert client.get("/socialorgs/applications/?state=refused&export=csv").status_code == 200
