"""Adoption (民法典第1093条起): the adopter's conditions declared and checked (第1098条), the assessment, registration
with a certificate number, refusal with every reason, dissolution; the child is a registry person."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.adoption import codes, policy
from minzheng.adoption.models import Adoption
from minzheng.registry.tests.factories import make_id, person_household

ALL = list(codes.CONDITIONS)


def facts(**over):
    base = {"day": dt.date(2026, 4, 10), "adopter_birth": dt.date(1985, 1, 1), "adopter_sex": "F", "married": True,
            "spouse_joins": True, "children": 0, "adopted_before": 0, "child_birth": dt.date(2022, 1, 1),
            "child_sex": "M", "child_category": "parents_unable", "declared": tuple(ALL)}
    return policy.AdoptionFacts(**{**base, **over})


def reasons(**over):
    return [m for _, m in policy.refusals(facts(**over), codes.CONDITIONS)]


def test_conditions_of_article_1098():
    assert reasons() == []
    assert any("年满三十周岁" in m for m in reasons(adopter_birth=dt.date(1996, 4, 11)))
    assert reasons(adopter_birth=dt.date(1996, 4, 10)) == []  # 30 on the day
    assert any("未声明符合条件" in m and "违法犯罪记录" in m for m in reasons(declared=tuple(c for c in ALL
                                                                                   if c != "no_record")))
    assert any("经核查不符合条件" in m for m in reasons(checked_failed=("means",)))
    assert any("最多可收养1名" in m for m in reasons(children=1, adopted_before=1))
    assert any("两名以上子女" in m for m in reasons(children=2))
    # An orphan is exempt from the child-count limits (第1100条第二款).
    assert reasons(children=2, adopted_before=2, child_category="orphan") == []
    assert any("夫妻共同收养" in m for m in reasons(spouse_joins=False))
    # A single man adopting a girl: at least 40 years older (第1102条).
    single = {"married": False, "spouse_joins": False, "adopter_sex": "M", "child_sex": "F"}
    assert any("相差四十周岁" in m for m in reasons(**single, adopter_birth=dt.date(1985, 1, 1)))
    assert reasons(**single, adopter_birth=dt.date(1981, 12, 31)) == []
    assert any("八周岁以上" in m for m in reasons(child_birth=dt.date(2016, 1, 1)))
    assert reasons(child_birth=dt.date(2016, 1, 1), child_consents=True) == []


@pytest.fixture
def county(db, make_user, api_client, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    user = make_user("county", "330902000000")
    return user, api_client(user)


def body(child, **over):
    return {"child_id": child.pk, "child_category": "orphan",
            "adopter": {"name": "许慧", "sex": "F", "id_number": make_id("19850101", "F"), "birth_date": "1985-01-01"},
            "married": True, "spouse": {"name": "许夫", "id_number": make_id("19840101", "M")},
            "declared": ALL, **over}


def test_apply_assess_register_dissolve(county, staff):
    _, api = county
    _, child = person_household(staff["village"], "小宝", "20220101")
    r = api.post("/api/v1/adoption/applications", body(child), content_type="application/json")
    assert r.status_code == 201, r.content
    aid = r.json()["id"]
    assert r.json()["adopter_id"].startswith("330902") and "*" in r.json()["adopter_id"]
    early = api.post(f"/api/v1/adoption/applications/{aid}/register", {}, content_type="application/json")
    assert early.status_code == 409 and "收养评估" in early.json()["detail"]
    a = api.post(f"/api/v1/adoption/applications/{aid}/assessment",
                 {"assessed_on": "2026-04-09", "assessor": "定海区收养评估小组", "result": "suitable",
                  "report": "家庭稳定，有抚养能力。"}, content_type="application/json")
    assert a.status_code == 200 and a.json()["status"] == "assessed"
    reg = api.post(f"/api/v1/adoption/applications/{aid}/register", {}, content_type="application/json")
    assert reg.status_code == 200, reg.content
    assert reg.json()["certificate_no"] == "SY330902-2026-00001"
    row = Adoption.objects.get(pk=aid)
    assert b"19850101" not in bytes(row.adopter_id_enc)
    d = api.post(f"/api/v1/adoption/applications/{aid}/dissolve", {"kind": "agreement", "reason": "双方协议解除"},
                 content_type="application/json")
    assert d.status_code == 200 and d.json()["status"] == "dissolved"


def test_refused_with_every_reason_recorded(county, staff):
    _, api = county
    _, child = person_household(staff["village"], "小明", "20150101")
    b = body(child, child_category="parents_unable", children=1, adopted_before=1, declared=["means", "health"])
    aid = api.post("/api/v1/adoption/applications", b, content_type="application/json").json()["id"]
    api.post(f"/api/v1/adoption/applications/{aid}/assessment",
             {"assessed_on": "2026-04-09", "assessor": "评估组", "result": "unsuitable", "report": "不适宜",
              "checked_failed": ["health"]}, content_type="application/json")
    r = api.post(f"/api/v1/adoption/applications/{aid}/register", {}, content_type="application/json")
    assert r.status_code == 422
    text = " ".join(e["message"] for e in r.json()["errors"])
    for needle in ("未声明符合条件", "经核查不符合条件", "最多可收养1名", "八周岁以上", "不适宜收养"):
        assert needle in text
    row = Adoption.objects.get(pk=aid)
    assert row.status == "refused" and len(row.refusal_reasons) >= 5


def test_roles(db, make_user, api_client, staff):
    _, child = person_household(staff["village"], "小红", "20200101")
    for role, region in (("village", "330902001001"), ("township", "330902001000")):
        r = api_client(make_user(role, region)).post("/api/v1/adoption/applications", body(child),
                                                     content_type="application/json")
        assert r.status_code == 403


def test_pages(county, staff):
    from django.test import Client
    from django.urls import reverse

    from conftest import PASSWORD

    user, api = county
    _, child = person_household(staff["village"], "小页", "20220101")
    aid = api.post("/api/v1/adoption/applications", body(child), content_type="application/json").json()["id"]
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    listing = c.get(reverse("adoption_list")).content.decode()
    assert "许慧" in listing and "小页" in listing
    assert c.get(reverse("adoption_list") + "?export=xlsx").status_code == 200
    assert c.get(reverse("adoption_detail", args=[aid])).status_code == 200
    r = c.post(reverse("adoption_assess", args=[aid]), {"assessed_on": "2026-04-09", "assessor": "评估组",
                                                         "result": "suitable", "report": "适宜"})
    assert r.status_code == 302
    url = reverse("adoption_register", args=[aid])
    assert "确认办理说明" in c.post(url, {}).content.decode()
    assert c.post(url, {"_confirm_step": "1", "confirm_comment": "材料齐全"}).status_code == 302
    sheet = c.get(reverse("adoption_certificate", args=[aid])).content.decode()
    assert "SY330902-2026-00001" in sheet
