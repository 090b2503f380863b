"""Parties from Hong Kong, Macau, Taiwan and abroad (their own documents, only at a designated registry, one
marriage per document holder), and the registry's 婚姻状况 following the register: 已婚 on marriage, 离婚 on
divorce, the status before restored on revocation, 丧偶 when the spouse dies (身后一件事 ends the marriage)."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core import documents, idnumber
from minzheng.marriage.models import Registration, Spouse
from minzheng.marriage.services import registrations
from minzheng.marriage.tests.factories import divorce, marriage, party, registry
from minzheng.registry.models import Person


def post(api, body):
    return api.post("/api/v1/marriage/registrations", body, content_type="application/json")


def designate(code):
    """A registry the province designated for foreign / HK, Macau, Taiwan marriages (`minzheng marriage designate`)."""
    from minzheng import cli

    registry(code, "舟山市涉外婚姻登记处")
    assert cli.main(["marriage", "designate", code]) == 0


def hk_permit(name="陈家明", sex="M", born="1992-03-04", number="H12345678"):
    return {"name": name, "sex": sex, "document_type": "hkmo_permit", "id_number": number, "birth_date": born}


def passport(name="John Smith", sex="M", born="1990-01-01", number="E1234567", nationality="usa"):
    return {"name": name, "sex": sex, "document_type": "passport", "id_number": number, "nationality": nationality,
            "birth_date": born}


def residence(sex="F", born="19950505", prefix="830000"):
    body = f"{prefix}{born}00{2 if sex == 'F' else 1}"
    return body + idnumber.check_character(body)


def test_a_foreign_party_only_at_a_designated_registry(api, registrar_setup):
    body = marriage(passport(), party("王芳", "19920101", "F"))
    r = post(api, body)
    assert r.status_code == 422
    assert "省级人民政府民政部门或其确定的机关" in r.json()["errors"][0]["message"]
    assert r.json()["errors"][0]["field"] == "registry"
    designate("ZS01")
    r = post(api, {**body, "registry": "ZS01"})
    assert r.status_code == 201, r.content
    row = Registration.objects.get(pk=r.json()["registration_id"])
    assert (row.doc_a, row.nationality_a, row.doc_b) == ("passport", "USA", "id_card")
    got = api.get(f"/api/v1/marriage/registrations/{row.pk}").json()
    assert got["document_a"] == "护照" and got["nationality_a"] == "美国" and got["id_a"] == "E1****67"
    # The same passport cannot marry again, at any registry; another country's passport with that number can.
    again = post(api, {**marriage(passport(), party("李静", "19930101", "F")), "registry": "ZS01"})
    assert again.status_code == 422 and "已有配偶" in again.json()["errors"][0]["message"]
    other = post(api, {**marriage(passport(nationality="GBR"), party("李静", "19930101", "F")), "registry": "ZS01"})
    assert other.status_code == 201, other.content
    # The certificate data sheet names the document and the nationality in Chinese.
    page = registrar_setup["api"].get(f"/marriage/registrations/{row.pk}/certificate/")
    if page.status_code == 200:
        text = page.content.decode()
        assert "护照" in text and "美国" in text


def test_two_parties_neither_a_mainland_resident_are_out_of_scope(api):
    designate("ZS01")
    r = post(api, {**marriage(hk_permit(), passport(sex="F", name="Anna Lee", number="X7654321")),
                   "registry": "ZS01"})
    assert r.status_code == 422 and "双方均非内地居民" in r.json()["errors"][0]["message"]


@pytest.mark.parametrize(("doc", "number", "nationality", "needle"), [
    ("hkmo_permit", "X12345678", "", "应为 H 或 M"),
    ("tw_permit", "1234", "", "应为 8 位数字"),
    ("passport", "E1234567", "", "须填写国籍"),
    ("passport", "E1234567", "ZZZ", "ISO 3166-1"),
    ("hmt_residence", "33090219900101001" + idnumber.check_character("33090219900101001"), "", "应以 810000"),
    ("id_card", residence("F", "19950505"), "", "港澳台居民居住证"),
    ("nonsense", "1", "", "证件类型"),
])
def test_bad_documents_are_422_in_chinese(api, doc, number, nationality, needle):
    a = {"name": "某甲", "sex": "M", "document_type": doc, "id_number": number, "nationality": nationality,
         "birth_date": "1990-01-01"}
    r = post(api, marriage(a, party("某乙", "19910101", "F")))
    assert r.status_code == 422
    assert any(needle in e["message"] for e in r.json()["errors"]), r.json()


def test_a_taiwan_residence_permit_carries_birth_date_and_sex_like_an_id_number():
    number = residence("F", "19950505")
    doc = documents.parse("hmt_residence", number)
    assert (doc.nationality, doc.birth_date, doc.sex) == ("TWN", dt.date(1995, 5, 5), "F")
    assert doc.index_key == number  # the same blind index an ID number of that value would have
    assert documents.country_name("TWN") == "中国台湾" and documents.country_name("JPN") == "日本"


def test_search_by_another_document(api):
    designate("ZS01")
    assert post(api, {**marriage(party("周强", "19900101", "M"), hk_permit(name="何美玲", sex="F",
                                                                          number="M1234567890")),
                      "registry": "ZS01"}).status_code == 201
    found = api.get("/api/v1/marriage/registrations", {"document_no": "m1234567890"}).json()
    assert [r["name_b"] for r in found["items"]] == ["何美玲"]
    assert api.get("/api/v1/marriage/registrations", {"document_no": "M0000000000"}).json()["items"] == []


def _people(staff):
    from minzheng.registry.tests.factories import make_family

    _, (husband,) = make_family(staff["village"], [("蒋伟", "19900101", "M", {"marital_status": "40"})])
    _, (wife,) = make_family(staff["village"], [("沈丽", "19920101", "F")], region="330902001001")
    return husband, wife


def _as_party(p, born):
    return {"name": p.name, "sex": p.sex, "id_number": p.id_number, "birth_date": born}


def test_marital_status_follows_marriage_divorce_and_revocation(api, staff, monkeypatch):
    husband, wife = _people(staff)
    a, b = _as_party(husband, "1990-01-01"), _as_party(wife, "1992-01-01")
    cert = post(api, marriage(a, b)).json()
    husband.refresh_from_db()
    wife.refresh_from_db()
    assert (husband.marital_status, wife.marital_status) == ("20", "20")
    row = Registration.objects.get(pk=cert["registration_id"])
    assert (row.prior_status_a, row.prior_status_b) == ("40", "")

    # Revoked: each goes back to what the registry held before (unknown before → 未说明).
    assert api.post(f"/api/v1/marriage/registrations/{row.pk}/revoke",
                    {"basis": "court", "decision": "(2026)浙0902民初1号", "reason": "冒名顶替"},
                    content_type="application/json").status_code == 200
    husband.refresh_from_db()
    wife.refresh_from_db()
    assert (husband.marital_status, wife.marital_status) == ("40", "90")

    # Married again, then divorced after the cooling-off: 离婚.
    cert = post(api, marriage(a, b)).json()
    app = post(api, divorce(a, b, cert["certificate_no"])).json()
    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-20")
    r = api.post(f"/api/v1/marriage/divorce-applications/{app['application_id']}/appear",
                 {"both_present": True}, content_type="application/json")
    assert r.status_code == 200, r.content
    husband.refresh_from_db()
    wife.refresh_from_db()
    assert (husband.marital_status, wife.marital_status) == ("40", "40")
    from minzheng.core.models import AuditEntry

    assert AuditEntry.objects.filter(object_type="person", object_id=str(husband.pk),
                                     changes__marital_status__isnull=False).count() >= 3


def test_a_death_ends_the_marriage_and_the_survivor_may_marry_again(api, staff):
    husband, wife = _people(staff)
    a, b = _as_party(husband, "1990-01-01"), _as_party(wife, "1992-01-01")
    cert = post(api, marriage(a, b)).json()
    ended = registrations.end_by_death(staff["county"], Person.objects.get(pk=husband.pk).id_number_index,
                                       dt.date(2026, 4, 20), "测试")
    assert ended == {"marriage": cert["certificate_no"], "survivor": "沈丽", "ended_on": "2026-04-20"}
    m = Registration.objects.get(pk=cert["registration_id"])
    assert not m.in_force and m.ended_on == dt.date(2026, 4, 20) and not Spouse.objects.filter(marriage=m).exists()
    wife.refresh_from_db()
    assert wife.marital_status == "30"
    assert registrations.end_by_death(staff["county"], m.id_a_index, dt.date(2026, 4, 20), "测试") is None
    r = post(api, marriage(party("韩磊", "19880101", "M"), b))
    assert r.status_code == 201, r.content
