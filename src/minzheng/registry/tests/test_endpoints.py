"""Registry API: the contract other systems rely on, validation (422, Chinese, nothing written), households."""

import json

import pytest

from conftest import VILLAGE_A
from minzheng.core import idnumber
from minzheng.core.models import AuditEntry
from minzheng.registry.models import Household, Membership, Person
from minzheng.registry.tests.factories import make_id

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
    assert [p["id"] for p in listed["items"]] == [body["id"]] and listed["count"] == 1
    assert [p["id"] for p in client.get("/api/v1/persons", {"phone": "13800001234"}).json()["items"]] == [body["id"]]
    assert [p["id"] for p in client.get("/api/v1/persons", {"name": "李"}).json()["items"]] == [body["id"]]


def test_fifteen_digit_input_is_stored_as_eighteen(village_user, api_client):
    client = api_client(village_user)
    body = create_person(client, id_number="330902800101003")
    full = "33090219800101003" + idnumber.check_character("33090219800101003")
    assert Person.objects.get(pk=body["id"]).id_number == full
    assert body["id_number"] == "330902**********" + full[-2:]
    # Either form finds the person.
    assert [p["id"] for p in client.get("/api/v1/persons", {"id_number": full}).json()["items"]] == [body["id"]]
    assert [p["id"] for p in client.get("/api/v1/persons", {"id_number": "330902800101003"}).json()["items"]] == [
        body["id"]]


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
    response = client.patch(f"/api/v1/persons/{pid}",
                            json.dumps({"phone": "13900001111", "labour_capacity": "partial"}),
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
    response = post(client, f"/api/v1/persons/{child}/move",
                    {"to_household_id": h2, "relation": "10", "reason": "结婚"})
    assert response.status_code == 200, response.content
    assert client.get(f"/api/v1/persons/{child}").json()["household_id"] == h2
    old = client.get(f"/api/v1/households/{hid}").json()
    assert [m["person_id"] for m in old["members"]] == [head, spouse]
    left = next(m for m in old["history"] if m["person_id"] == child)
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


def test_openapi_document(api_client, county_user):
    response = api_client(county_user).get("/api/v1/openapi.json")  # the schema is for signed-in staff
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/persons" in paths and "/api/v1/households/{household_id}" in paths


# ---- lists: the pages' filters, one pagination style ------------------------------------------------------

@pytest.mark.parametrize("params,field,needle", [
    ({"id_number": "12345"}, "id_number", "格式不正确：应为 18 位"),
    ({"id_number": "330902198001010010"}, "id_number", "校验位"),
    ({"phone": "12345"}, "phone", "手机号码"),
    ({"sex": "X"}, "sex", "不是可选的值"),
    ({"alive": "maybe"}, "alive", "不是可选的值"),
    ({"region_code": "abc"}, "region_code", "格式不正确"),
    ({"region_code": "330903001001"}, "region_code", "不在您的管辖范围内"),
])
def test_a_bad_list_filter_is_a_422_in_chinese(village_user, api_client, params, field, needle):
    response = api_client(village_user).get("/api/v1/persons", params)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert len(errors) == 1 and errors[0]["field"] == field and needle in errors[0]["message"], errors


def test_lists_page_with_limit_and_offset(village_user, api_client):
    client = api_client(village_user)
    ids = [create_person(client, name=f"翻页{i}")["id"] for i in range(5)]
    page = client.get("/api/v1/persons", {"name": "翻页", "limit": 2, "offset": 2}).json()
    assert page["count"] == 5 and len(page["items"]) == 2
    assert {p["id"] for p in page["items"]} < set(ids)
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "x"}):
        assert client.get("/api/v1/persons", bad).status_code == 422, bad
    head = ids[0]
    hid = post(client, "/api/v1/households", {"region_code": VILLAGE_A, "urban_rural": "urban", "ref": "P-1",
                                              "members": [{"person_id": head, "relation": "户主"}]}).json()["id"]
    listed = client.get("/api/v1/households", {"ref": "P-1"}).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == hid
    assert listed["items"][0]["members"][0] | {"joined_on": None} == {
        "person_id": head, "name": "翻页0", "relation": "02", "relation_name": "户主", "joined_on": None,
        "join_reason": "建户", "left_on": None, "leave_reason": ""}
    assert client.get("/api/v1/households", {"urban_rural": "suburb"}).status_code == 422


def test_household_list_costs_a_fixed_number_of_queries(village_user, api_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client(village_user)

    def households(n):
        for _ in range(n):
            a, b = create_person(client)["id"], create_person(client)["id"]
            post(client, "/api/v1/households", {"region_code": VILLAGE_A, "urban_rural": "rural", "members": [
                {"person_id": a, "relation": "02"}, {"person_id": b, "relation": "10"}]})
        with CaptureQueriesContext(connection) as ctx:
            body = client.get("/api/v1/households", {"limit": 100}).json()
        return body["count"], len(ctx.captured_queries)

    count, few = households(1)
    count, many = households(6)
    assert count == 7 and many == few


# ---- PATCH: only what is sent changes -----------------------------------------------------------------------

def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_patch_changes_only_the_fields_sent_and_refuses_null_where_a_value_is_required(village_user, api_client):
    client = api_client(village_user)
    person = create_person(client, illness_kind="", labour_capacity="full", hukou_region_code=VILLAGE_A)
    url = f"/api/v1/persons/{person['id']}"
    body = patch(client, url, {"illness_kind": "尿毒症", "serious_illness": True}).json()
    assert (body["illness_kind"], body["serious_illness"]) == ("尿毒症", True)
    assert body["phone"] == person["phone"] and body["labour_capacity"] == "full" and body["name"] == "张三"
    for field, needle in (("name", "姓名不能为空"), ("id_number", "身份证号不能为空"),
                          ("region_code", "区划代码应为文本"), ("serious_illness", "应为 true 或 false")):
        response = patch(client, url, {field: None, "illness_kind": "不应保存"})
        assert response.status_code == 422, (field, response.content)
        assert any(e["field"] == field and needle in e["message"] for e in response.json()["errors"]), response.json()
    assert client.get(url).json()["illness_kind"] == "尿毒症"  # nothing written by the refused requests
    # null clears what may be empty.
    body = patch(client, url, {"phone": None, "hukou_region_code": None, "labour_capacity": None}).json()
    assert (body["phone"], body["hukou_region_code"], body["labour_capacity"]) == ("", None, "")
    assert Person.objects.get(pk=person["id"]).phone_index is None


# ---- hostile input: 4xx, never a 500 ------------------------------------------------------------------------

@pytest.mark.parametrize("body,field", [
    ([{"name": "x"}], "body"),  # a list where an object belongs: refused whole, nothing of it is read
    ({"name": ["张三"], "id_number": make_id(), "region_code": VILLAGE_A}, "name"),
    ({"name": "张三", "id_number": make_id(), "region_code": 3.3}, "region_code"),
    ({"name": "张三", "id_number": make_id(), "region_code": VILLAGE_A, "disability_grade": 10**30,
      "disability_category": "4"}, "disability_grade"),
    ({"name": "张" * 51, "id_number": make_id(), "region_code": VILLAGE_A}, "name"),
    ({"name": "张三", "id_number": make_id(), "region_code": VILLAGE_A, "serious_illness": "yes"}, "serious_illness"),
    ({"name": "张三", "id_number": make_id(), "region_code": VILLAGE_A, "death_date": "2099-13-01"}, "death_date"),
])
def test_hostile_person_bodies_are_refused(village_user, api_client, body, field):
    response = post(api_client(village_user), "/api/v1/persons", body)
    assert response.status_code == 422, response.content
    assert any(e["field"] == field for e in response.json()["errors"]), response.json()
    assert Person.objects.count() == 0


def test_hostile_ids_and_household_bodies(village_user, api_client):
    client = api_client(village_user)
    for url in (f"/api/v1/persons/{10**30}", "/api/v1/persons/-1", "/api/v1/persons/abc",
                f"/api/v1/households/{2**63}"):
        response = client.get(url)
        assert response.status_code == 422
        assert response.json()["errors"][0]["message"] in ("编号超出范围", "应为整数编号")
    a = create_person(client)["id"]
    for members in ({"person_id": a}, [a], [{"person_id": 1.5, "relation": "02"}],
                    [{"person_id": 2**64, "relation": "02"}]):
        response = post(client, "/api/v1/households",
                        {"region_code": VILLAGE_A, "urban_rural": "rural", "members": members})
        assert response.status_code == 422, (members, response.content)
    response = post(client, f"/api/v1/persons/{a}/move", {"to_household_id": 10**40, "relation": "20", "reason": "x"})
    assert response.status_code == 422
    assert Household.objects.count() == 0


def test_a_formula_in_a_name_is_stored_as_text_and_exported_defused(make_user, api_client, client):
    from conftest import PASSWORD

    clerk = make_user("township", "330902001000", username="formula_clerk")
    person = post(api_client(clerk), "/api/v1/persons", {"name": "=HYPERLINK(\"x\")", "id_number": make_id(),
                                                         "region_code": VILLAGE_A}).json()
    assert person["name"] == "=HYPERLINK(\"x\")"
    assert client.login(username="formula_clerk", password=PASSWORD)
    text = b"".join(client.get("/registry/persons/", {"export": "csv"}).streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_openapi_shows_the_schemas_and_error_responses(api_client, county_user):
    doc = api_client(county_user).get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert {"PersonIn", "PersonPatch", "PersonOut", "PagedPersonOut", "HouseholdIn", "HouseholdOut",
            "PagedHouseholdOut", "MoveMemberIn", "ChangeHeadIn", "CodeTables", "ValidationErrorOut"} <= set(schemas)
    persons = doc["paths"]["/api/v1/persons"]
    assert {"201", "401", "403", "404", "409", "422"} <= set(persons["post"]["responses"])
    params = {p["name"] for p in persons["get"]["parameters"]}
    assert {"name", "id_number", "phone", "region_code", "sex", "limit", "offset"} <= params
    assert schemas["PersonIn"]["properties"]["region_code"]["title"] == "经常居住地"
