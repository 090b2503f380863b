"""Region scoping and role rules, through the API and the UI: 404 outside scope, 403 for what a role may not do."""

import json

import pytest

from conftest import PASSWORD, VILLAGE_A, VILLAGE_B, VILLAGE_OTHER_COUNTY
from minzheng.core.models import AuditEntry
from minzheng.registry import services
from minzheng.registry.models import Person
from minzheng.registry.tests.factories import make_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    """One person in village A, one in village B (same township), one in another county."""
    county = make_user("county", "330902000000")
    other_county = make_user("county", "330903000000")
    a = services.create_person(county, {"name": "甲村人", "id_number": make_id(), "phone": "13811112222",
                                        "region_code": VILLAGE_A})
    b = services.create_person(county, {"name": "乙村人", "id_number": make_id(), "phone": "13833334444",
                                        "region_code": VILLAGE_B})
    c = services.create_person(other_county, {"name": "普陀人", "id_number": make_id(address="330903"),
                                              "region_code": VILLAGE_OTHER_COUNTY})
    return a, b, c


def test_village_user_cannot_read_search_or_change_another_village_via_api(make_user, api_client, people):
    a, b, _ = people
    client = api_client(make_user("village", VILLAGE_A))
    assert client.get(f"/api/v1/persons/{a.pk}").status_code == 200
    assert client.get(f"/api/v1/persons/{b.pk}").status_code == 404
    assert client.get("/api/v1/persons", {"id_number": b.id_number}).json() == {"items": [], "count": 0}
    assert client.get("/api/v1/persons", {"phone": "13833334444"}).json() == {"items": [], "count": 0}
    assert [p["id"] for p in client.get("/api/v1/persons").json()["items"]] == [a.pk]
    # A region outside the user's own is a wrong filter (422, the page's message), not a silently empty list.
    response = client.get("/api/v1/persons", {"region_code": VILLAGE_B})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "region_code", "message": f"区划“{VILLAGE_B}”不在您的管辖范围内"}]
    response = client.patch(f"/api/v1/persons/{b.pk}", json.dumps({"name": "改名"}), content_type="application/json")
    assert response.status_code == 404
    b.refresh_from_db()
    assert b.name == "乙村人"
    # Nor can it put its own people into the other village.
    response = client.patch(f"/api/v1/persons/{a.pk}", json.dumps({"region_code": VILLAGE_B}),
                            content_type="application/json")
    assert response.status_code == 422


def test_county_sees_its_villages_but_not_other_counties(make_user, api_client, people):
    a, b, c = people
    client = api_client(make_user("county", "330902000000"))
    ids = {p["id"] for p in client.get("/api/v1/persons").json()["items"]}
    assert ids == {a.pk, b.pk}
    assert client.get(f"/api/v1/persons/{c.pk}").status_code == 404


def test_city_reads_but_may_not_write(make_user, api_client, people):
    a, b, c = people
    client = api_client(make_user("city", "330900000000"))
    assert {p["id"] for p in client.get("/api/v1/persons").json()["items"]} == {a.pk, b.pk, c.pk}
    response = client.patch(f"/api/v1/persons/{a.pk}", json.dumps({"name": "x"}), content_type="application/json")
    assert response.status_code == 403
    response = client.post("/api/v1/persons", json.dumps({"name": "x", "id_number": make_id(),
                                                          "region_code": VILLAGE_A}), content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditor"])
def test_administrators_see_no_people(make_user, api_client, people, role):
    a, _, _ = people
    client = api_client(make_user(role, "330900000000"))
    assert client.get("/api/v1/persons").status_code == 403
    assert client.get(f"/api/v1/persons/{a.pk}").status_code == 403
    assert Person.objects.visible_to(make_user(role, "330000000000")).count() == 0


def test_village_user_ui_scoping(make_user, client, people):
    a, b, _ = people
    make_user("village", VILLAGE_A, username="clerk_a")
    assert client.login(username="clerk_a", password=PASSWORD)
    assert client.get(f"/registry/persons/{a.pk}/").status_code == 200
    assert client.get(f"/registry/persons/{b.pk}/").status_code == 404
    assert client.get(f"/registry/persons/{b.pk}/edit/").status_code == 404
    listing = client.get("/registry/persons/").content.decode()
    assert "甲村人" in listing and "乙村人" not in listing
    search = client.get("/registry/persons/", {"id_number": b.id_number}).content.decode()
    assert "乙村人" not in search
    response = client.post(f"/registry/persons/{b.pk}/edit/", {"name": "改名", "region_code": VILLAGE_B})
    assert response.status_code == 404
    b.refresh_from_db()
    assert b.name == "乙村人"


def test_sysadmin_ui_has_no_people_pages(make_user, client, people):
    make_user("sysadmin", "330902000000", username="root_admin")
    assert client.login(username="root_admin", password=PASSWORD)
    assert client.get("/registry/persons/").status_code == 403
    assert client.get(f"/registry/persons/{people[0].pk}/").status_code == 403
    assert "甲村人" not in client.get("/").content.decode()


def test_unmask_needs_the_grant_and_is_audited(make_user, api_client, people):
    a, _, _ = people
    plain = api_client(make_user("county", "330902000000"))
    assert plain.get(f"/api/v1/persons/{a.pk}", {"unmask": "true"}).status_code == 403
    granted = api_client(make_user("county", "330902000000", can_unmask=True))
    body = granted.get(f"/api/v1/persons/{a.pk}", {"unmask": "true"}).json()
    assert body["id_number"] == a.id_number and body["phone"] == "13811112222"
    assert AuditEntry.objects.filter(action="unmask", object_id=str(a.pk)).count() == 2
    # A village clerk cannot hold the right even if the flag were set directly.
    clerk = api_client(make_user("village", VILLAGE_A, can_unmask=True))
    assert clerk.get(f"/api/v1/persons/{a.pk}", {"unmask": "true"}).status_code == 403
