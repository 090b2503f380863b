"""Registrations through the API: 201 with a certificate number by registry and year, 422 with each refusal reason in
Chinese (recorded as a 不予登记), a second marriage refused, kinship from the registry's households, reissue,
撤销, statistics; the role before the data."""

from __future__ import annotations

import pytest

from minzheng.marriage.models import Refusal, Registration, Spouse
from minzheng.marriage.tests.factories import marriage, party, registry


def post(api, body):
    return api.post("/api/v1/marriage/registrations", body, content_type="application/json")


def test_marriage_registered_with_certificate_number(api):
    r = post(api, marriage(party("张伟", "19980101", "M"), party("李娜", "19990202", "F")))
    assert r.status_code == 201, r.content
    assert r.json()["certificate_no"] == "JDH01-2026-000001"
    r2 = post(api, marriage(party("王强", "19950101", "M"), party("赵敏", "19960303", "F")))
    assert r2.json()["certificate_no"] == "JDH01-2026-000002"
    # A new year starts a new series.
    r3 = post(api, marriage(party("孙明", "19950101", "M"), party("周丽", "19960303", "F"), day="2027-01-04"))
    assert r3.json()["certificate_no"] == "JDH01-2027-000001"
    row = Registration.objects.get(certificate_no="JDH01-2026-000001")
    # ID numbers are encrypted and blind-indexed, never stored in plaintext.
    assert row.id_a_enc and row.id_a_index and b"19980101" not in bytes(row.id_a_enc)
    got = api.get(f"/api/v1/marriage/registrations/{row.pk}").json()
    assert got["id_a"].startswith("330902") and "*" in got["id_a"] and got["standing"] == "in_force"


def test_man_refused_the_day_before_his_22nd_birthday_and_registered_on_it(api):
    a, b = party("刘洋", "20040520", "M"), party("陈静", "20000101", "F")
    r = post(api, marriage(a, b, day="2026-05-19"))
    assert r.status_code == 422
    messages = [e["message"] for e in r.json()["errors"]]
    assert any("男方未满二十二周岁" in m and "2026-05-20 满22周岁" in m for m in messages)
    assert r.json()["errors"][0]["field"] == "party_a.birth_date"
    refusal = Refusal.objects.get()
    assert refusal.reasons[0]["code"] == "under_age_m" and refusal.name_a == "刘洋"
    r = post(api, marriage(a, b, day="2026-05-20"))
    assert r.status_code == 201, r.content


def test_woman_refused_before_20(api):
    r = post(api, marriage(party("郑凯", "19990101", "M"), party("吴悦", "20060819", "F"), day="2026-08-18"))
    assert r.status_code == 422
    assert "女方未满二十周岁" in r.json()["errors"][0]["message"]


def test_second_marriage_refused_even_at_another_registry(api, registrar_setup, make_user, api_client):
    husband = party("何军", "19900101", "M")
    assert post(api, marriage(husband, party("林芳", "19920101", "F"))).status_code == 201
    # 全国通办: another county's registry checks the same register.
    registry("PT01", "普陀区婚姻登记处", "330903000000")
    other = api_client(make_user("county", "330903000000"))
    r = post(other, marriage(husband, party("许丽", "19930101", "F"), registry_code="PT01"))
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert errors == [{"field": "party_a.id_number", "message": "何军已有配偶（婚姻登记记录中有存续的婚姻）"}]
    assert Registration.objects.count() == 1 and Refusal.objects.filter(registry__code="PT01").count() == 1


def test_every_refusal_reason_at_once(api):
    a = party("甲某", "20100101", "M", voluntary=False)
    r = post(api, marriage(a, party("乙某", "19900101", "M"), declaration_signed=False))
    assert r.status_code == 422
    text = " ".join(e["message"] for e in r.json()["errors"])
    for needle in ("一男一女", "男方未满二十二周岁", "非双方完全自愿", "未签署"):
        assert needle in text
    assert Registration.objects.count() == 0


def test_kinship_known_to_the_registry_refused(api, staff):
    from minzheng.registry.tests.factories import make_family

    _, (_, son, daughter) = make_family(
        staff["village"], [("钱父", "19700101", "M"), ("钱子", "19980101", "M"), ("钱女", "20000101", "F")])
    a = {"name": son.name, "sex": "M", "id_number": son.id_number, "birth_date": "1998-01-01"}
    b = {"name": daughter.name, "sex": "F", "id_number": daughter.id_number, "birth_date": "2000-01-01"}
    r = post(api, marriage(a, b))
    assert r.status_code == 422
    assert "三代以内旁系血亲" in r.json()["errors"][0]["message"]


def test_id_number_must_match_birth_date_and_sex(api):
    a = party("周某", "19900101", "M")
    a["birth_date"] = "1990-01-02"
    r = post(api, marriage(a, party("吴某", "19900101", "F")))
    assert r.status_code == 422
    assert "出生日期与身份证号不一致" in r.json()["errors"][0]["message"]


@pytest.mark.parametrize("bad", [[], "x", {"type": "marriage", "party_a": [1]}, {"type": "x"},
                                 {"type": "marriage", "date": "7475-01-01"}])
def test_hostile_bodies_are_422(api, bad):
    assert post(api, bad).status_code == 422


def test_village_and_city_may_not_register(db, make_user, api_client, registrar_setup):
    body = marriage(party("张", "19900101", "M"), party("李", "19900101", "F"))
    for role, region in (("village", "330902001001"), ("city", "330900000000")):
        assert post(api_client(make_user(role, region)), body).status_code == 403


def test_reissue_and_revoke(api):
    a, b = party("冯刚", "19900101", "M"), party("褚红", "19910101", "F")
    cert = post(api, marriage(a, b)).json()
    r = post(api, {**marriage(a, b), "type": "reissue"})
    assert r.status_code == 201 and r.json()["certificate_no"] == "BJDH01-2026-000001"
    # No marriage between these two: a reissue is refused.
    r = post(api, {**marriage(a, party("卫某", "19910101", "F")), "type": "reissue"})
    assert r.status_code == 422 and "未找到双方存续的婚姻登记记录" in r.json()["errors"][0]["message"]
    r = api.post(f"/api/v1/marriage/registrations/{cert['registration_id']}/revoke",
                 {"basis": "registry", "decision": "定民婚撤〔2026〕1号", "reason": "冒用他人身份证件"},
                 content_type="application/json")
    assert r.status_code == 200 and r.json()["standing"] == "revoked"
    assert not Spouse.objects.exists()
    # Once revoked, the party may marry again.
    assert post(api, marriage(a, party("蒋某", "19920101", "F"))).status_code == 201


def test_search_and_statistics(api):
    a = party("沈涛", "19900101", "M")
    post(api, marriage(a, party("韩梅", "19910101", "F")))
    post(api, marriage(party("杨光", "19900101", "M"), party("朱琳", "19910101", "F"), day="2026-03-02"))
    found = api.get("/api/v1/marriage/registrations", {"id_number": a["id_number"]}).json()
    assert found["count"] == 1 and found["items"][0]["name_a"] == "沈涛"
    assert api.get("/api/v1/marriage/registrations", {"id_number": "123"}).status_code == 422
    stats = api.get("/api/v1/marriage/statistics", {"year": 2026}).json()
    assert [(r["month"], r["kind"], r["count"]) for r in stats["rows"]] == [("2026-03", "marriage", 1),
                                                                          ("2026-04", "marriage", 1)]
    assert api.get("/api/v1/marriage/statistics", {"year": 7475}).status_code == 422
