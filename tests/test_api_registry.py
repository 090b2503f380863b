"""Registry API: the contract other systems rely on, validation (422, Chinese, nothing written), households."""

import json

import pytest

from minzheng.core import idnumber
from minzheng.core.models import AuditEntry
from minzheng.registry.models import Household, Membership, Person
from tests.conftest import VILLAGE_A, make_id

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def create_person(client, **over):
    body = {"name": "张三", "id_number": make_id(), "phone": "13800000000", "region_code": VILLAGE_A, **over}
    response = post(client, "/api/v1/persons", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_create_person_contract(village_user, api_client):
    client = api_client(village_user)
    number = make_id("19750615", "F")
    response = post(client, "/api/v1/persons", {"name": "李四", "id_number": number.lower(), "phone": "138 0000 1234",
                                                "region_code": VILLAGE_A})
    assert response.status_code == 201
    body = response.json()
    assert body["id"] > 0
    assert body["id_number"] == number[:6] + "**********" + number[-2:]
    assert body["phone"] == "138****1234"
    assert body["birth_date"] == "1975-06-15" and body["sex"] == "F"
    got = client.get(f"/api/v1/persons/{body['id']}").json()
    assert got["name"] == "李四" and got["id_number"] == body["id_number"]
    listed = client.get("/api/v1/persons", {"id_number": number}).json()
    assert [p["id"] for p in listed] == [body["id"]]
    assert [p["id"] for p in client.get("/api/v1/persons", {"phone": "13800001234"}).json()] == [body["id"]]
    assert [p["id"] for p in client.get("/api/v1/persons", {"name": "李"}).json()] == [body["id"]]


def test_fifteen_digit_input_is_stored_as_eighteen(village_user, api_client):
    client = api_client(village_user)
    body = create_person(client, id_number="330902800101003")
    full = "33090219800101003" + idnumber.check_character("33090219800101003")
    assert Person.objects.get(pk=body["id"]).id_number == full
    assert body["id_number"] == "330902**********" + full[-2:]
    # Either form finds the person.
    assert [p["id"] for p in client.get("/api/v1/persons", {"id_number": full}).json()] == [body["id"]]
    assert [p["id"] for p in client.get("/api/v1/persons", {"id_number": "330902800101003"}).json()] == [body["id"]]


@pytest.mark.parametrize("payload,field,needle", [
    ({"id_number": "330902198001010010"}, "id_number", "校验位"),
    ({"id_number": "33090219800230001"}, "id_number", "格式不正确"),
    ({"name": ""}, "name", "姓名不能为空"),
    ({"phone": "12345"}, "phone", "手机号码"),
    ({"region_code": "330903001001"}, "region_code", "不在您的管辖范围内"),
    ({"region_code": "abc"}, "region_code", "格式不正确"),
    ({"birth_date": "1990-01-01"}, "birth_date", "不一致"),
    ({"sex": "F"}, "sex", "性别与身份证号不一致"),
    ({"disability_category": "4"}, "disability_grade", "同时填写"),
    ({"ethnicity": "火星族"}, "ethnicity", "民族"),
])
def test_invalid_person_answers_422_in_chinese_and_writes_nothing(village_user, api_client, payload, field, needle):
    client = api_client(village_user)
    before = (Person.objects.count(), AuditEntry.objects.count())
    body = {"name": "王五", "id_number": make_id("19800101", "M"), "region_code": VILLAGE_A, **payload}
    response = post(client, "/api/v1/persons", body)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert any(e["field"] == field and needle in e["message"] for e in errors), errors
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_schema_errors_are_422_in_chinese(village_user, api_client):
    client = api_client(village_user)
    response = post(client, "/api/v1/persons", {"id_number": make_id()})
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert fields["name"] == "必填项不能为空" and fields["region_code"] == "必填项不能为空"
    response = post(client, "/api/v1/persons", {"name": "x", "id_number": make_id(), "region_code": VILLAGE_A,
                                                "disability_grade": "abc"})
    assert response.status_code == 422 and response.json()["errors"][0]["message"] == "应为整数"


def test_duplicate_id_number_rejected(village_user, api_client):
    client = api_client(village_user)
    number = make_id()
    create_person(client, id_number=number)
    response = post(client, "/api/v1/persons", {"name": "重复", "id_number": number, "region_code": VILLAGE_A})
    assert response.status_code == 422
    assert "已登记" in response.json()["errors"][0]["message"]
    assert Person.objects.count() == 1


def test_update_person_is_audited_with_masked_values(village_user, api_client):
    client = api_client(village_user)
    pid = create_person(client)["id"]
    response = client.patch(f"/api/v1/persons/{pid}", json.dumps({"phone": "13900001111", "labour_capacity": "partial"}),
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["phone"] == "139****1111"
    entry = AuditEntry.objects.filter(object_type="person", object_id=str(pid), action="update").get()
    assert entry.changes["phone"] == ["138****0000", "139****1111"]
    assert entry.changes["labour_capacity"] == ["", "partial"]


def test_household_contract_and_membership_history(village_user, api_client):
    client = api_client(village_user)
    head, spouse, child = (create_person(client)["id"] for _ in range(3))
    response = post(client, "/api/v1/households", {
        "region_code": VILLAGE_A, "urban_rural": "rural", "address": "甲社区 1 号",
        "members": [{"person_id": head, "relation": "户主"}, {"person_id": spouse, "relation": "10"},
                    {"person_id": child, "relation": "子"}]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["head_id"] == head
    assert {m["relation"] for m in body["members"]} == {"02", "10", "20"}
    hid = body["id"]
    assert client.get(f"/api/v1/households/{hid}").json()["address"] == "甲社区 1 号"
    assert client.get(f"/api/v1/persons/{child}").json()["household_id"] == hid

    # The child marries out: moved to a new household in one audited action, history kept.
    other_head = create_person(client)["id"]
    h2 = post(client, "/api/v1/households", {"region_code": VILLAGE_A, "urban_rural": "rural",
                                             "members": [{"person_id": other_head, "relation": "02"}]}).json()["id"]
    response = post(client, f"/api/v1/persons/{child}/move", {"to_household_id": h2, "relation": "10", "reason": "结婚"})
    assert response.status_code == 200, response.content
    assert client.get(f"/api/v1/persons/{child}").json()["household_id"] == h2
    old = client.get(f"/api/v1/households/{hid}").json()
    assert [m["person_id"] for m in old["members"]] == [head, spouse]
    left = [m for m in old["history"] if m["person_id"] == child][0]
    assert left["left_on"] is not None and left["leave_reason"] == "结婚"
    assert AuditEntry.objects.filter(action="member_move", object_id=str(child)).count() == 1

    # Removing the head while others remain is refused; change head first.
    response = post(client, f"/api/v1/households/{hid}/members/{head}/remove", {"reason": "死亡"})
    assert response.status_code == 409 and "变更户主" in response.json()["detail"]
    response = post(client, f"/api/v1/households/{hid}/head", {"new_head_id": spouse, "old_head_relation": "10"})
    assert response.status_code == 200 and response.json()["head_id"] == spouse
    response = post(client, f"/api/v1/households/{hid}/members/{head}/remove", {"reason": "死亡"})
    assert response.status_code == 200
    assert [m["person_id"] for m in response.json()["members"]] == [spouse]


@pytest.mark.parametrize("members,needle", [
    (lambda a, b: [{"person_id": a, "relation": "02"}, {"person_id": b, "relation": "02"}], "有且只有一名户主"),
    (lambda a, b: [{"person_id": a, "relation": "10"}], "有且只有一名户主"),
    (lambda a, b: [{"person_id": a, "relation": "02"}, {"person_id": b, "relation": "外星人"}], "GB/T 4761"),
    (lambda a, b: [{"person_id": a, "relation": "02"}, {"person_id": 999999, "relation": "20"}], "不存在"),
])
def test_household_validation(village_user, api_client, members, needle):
    client = api_client(village_user)
    a, b = create_person(client)["id"], create_person(client)["id"]
    response = post(client, "/api/v1/households", {"region_code": VILLAGE_A, "urban_rural": "rural",
                                                   "members": members(a, b)})
    assert response.status_code == 422
    assert any(needle in e["message"] for e in response.json()["errors"]), response.json()
    assert Household.objects.count() == 0 and Membership.objects.count() == 0


def test_person_cannot_be_active_in_two_households(village_user, api_client):
    client = api_client(village_user)
    a, b = create_person(client)["id"], create_person(client)["id"]
    assert post(client, "/api/v1/households", {"region_code": VILLAGE_A, "urban_rural": "rural",
                                               "members": [{"person_id": a, "relation": "02"}]}).status_code == 201
    response = post(client, "/api/v1/households", {"region_code": VILLAGE_A, "urban_rural": "rural",
                                                   "members": [{"person_id": b, "relation": "02"},
                                                               {"person_id": a, "relation": "10"}]})
    assert response.status_code == 422 and "在册成员" in response.json()["errors"][0]["message"]
    assert Household.objects.count() == 1


def test_database_enforces_one_active_household(village_user, api_client):
    from django.db import IntegrityError, transaction

    client = api_client(village_user)
    a = create_person(client)["id"]
    hid = post(client, "/api/v1/households", {"region_code": VILLAGE_A, "urban_rural": "rural",
                                              "members": [{"person_id": a, "relation": "02"}]}).json()["id"]
    other = Household.objects.create(region_id=VILLAGE_A, urban_rural="rural")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(household=other, person_id=a, relation="20", joined_on="2026-01-01")
    assert Membership.objects.filter(person_id=a, left_on__isnull=True).get().household_id == hid


def test_household_region_must_be_a_village(county_user, api_client):
    client = api_client(county_user)
    a = create_person(client, region_code=VILLAGE_A)["id"]
    response = post(client, "/api/v1/households", {"region_code": "330902001000", "urban_rural": "urban",
                                                   "members": [{"person_id": a, "relation": "02"}]})
    assert response.status_code == 422 and "村(社区)" in response.json()["errors"][0]["message"]


def test_unauthenticated_requests_are_refused(client):
    assert client.get("/api/v1/persons").status_code == 401
    bad = client.get("/api/v1/persons", HTTP_AUTHORIZATION="Bearer mzt_nope")
    assert bad.status_code == 401


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/persons" in paths and "/api/v1/households/{household_id}" in paths
