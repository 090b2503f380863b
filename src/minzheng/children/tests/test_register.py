"""The child register: registration (under 18, in the actor's region, tiers valid for the category where the child
lives), the workers responsible by default, category moves with history, benefits read from the kernel, the list
and API by category and village (422 on a bad value), export by village."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.benefits.tests.factories import entitle
from minzheng.children.models import CategoryChange, Child
from minzheng.children.selectors import register as selectors
from minzheng.children.services import register
from minzheng.children.tests import factories
from minzheng.core.errors import Conflict, NotFound, ValidationFailed
from minzheng.core.models import AuditEntry
from minzheng.registry.models import Membership
from minzheng.registry.tests.factories import make_family, make_person

pytestmark = pytest.mark.django_db
D = dt.date


def test_register_assigns_village_director_and_township_supervisor(make_user, examples, april):
    county, clerk = make_user("county", "330902000000"), make_user("village", "330902001001")
    director = factories.worker(county, "director", "330902001001", "张主任")
    supervisor = factories.worker(county, "supervisor", "330902001000", "李督导")
    factories.worker(county, "director", "330902001002", "别村主任")
    child = factories.child(clerk, "hardship", tier="1", schooling="primary", school="甲社区小学", health="chronic")
    assert (child.director, child.supervisor) == (director, supervisor)
    assert child.region_code == "330902001001" and child.tier == "1"
    first = CategoryChange.objects.get(child=child)
    assert (first.from_category, first.to_category, first.reason) == ("", "hardship", "登记")
    assert AuditEntry.objects.filter(object_type="child", object_id=str(child.pk), action="create").exists()


def test_register_refuses_adults_unknown_tiers_duplicates_and_other_regions(make_user, examples, april):
    clerk = make_user("village", "330902001001")
    adult = make_person(clerk, name="成年人", region="330902001001")  # born 1980
    with pytest.raises(ValidationFailed) as exc:
        register.register_child(clerk, {"person_id": adult.pk, "category": "orphan", "registered_on": "2026-01-05"})
    assert "已满十八周岁" in exc.value.errors[0].message
    with pytest.raises(ValidationFailed) as exc:
        factories.child(clerk, "hardship", tier="9")
    assert exc.value.errors[0].field == "tier" and "一级" in exc.value.errors[0].message
    child = factories.child(clerk, "orphan")
    with pytest.raises(Conflict):
        register.register_child(clerk, {"person_id": child.person_id, "category": "orphan",
                                        "registered_on": "2026-01-05"})
    elsewhere = make_user("village", "330902001002")
    with pytest.raises(NotFound):
        register.register_child(elsewhere, {"person_id": child.person_id, "category": "orphan",
                                            "registered_on": "2026-01-05"})
    assert Child.objects.count() == 1


def test_category_moves_keep_history_and_leaving_exits(make_user, examples, april):
    clerk = make_user("village", "330902001001")
    child = factories.child(clerk, "left_behind", tier="B")
    register.change_category(clerk, child, {"category": "left_behind", "tier": "A", "changed_on": "2026-02-01",
                                            "reason": "祖父母患病，监护能力弱"})
    register.change_category(clerk, child, {"category": "hardship", "tier": "2", "changed_on": "2026-03-01",
                                            "reason": "父亲重残"})
    with pytest.raises(ValidationFailed):
        register.change_category(clerk, child, {"category": "hardship", "tier": "2", "changed_on": "2026-03-02",
                                                "reason": "无变化"})
    register.change_category(clerk, child, {"category": "", "changed_on": "2026-04-01", "reason": "父母返乡"})
    child.refresh_from_db()
    assert child.category == "hardship" and child.exited_on == D(2026, 4, 1)
    history = list(selectors.changes_of(clerk, child).values_list("from_category", "to_category", "to_tier"))
    assert history == [("hardship", "", ""), ("left_behind", "hardship", "2"), ("left_behind", "left_behind", "A"),
                       ("", "left_behind", "B")]
    with pytest.raises(Conflict):
        register.change_category(clerk, child, {"category": "orphan", "changed_on": "2026-04-02", "reason": "x"})


def test_benefits_come_from_the_kernels_entitlements(make_user, examples, april):
    clerk = make_user("village", "330902001001")
    household, (head, kid) = make_family(clerk, [("户主", "19800101", "M"), ("孩子", "20150101", "F")])
    entitle(household, head, "dibao", "800.00")
    entitle(household, head, "orphan", "1200.00", person=kid)
    assert Membership.objects.filter(person=kid).exists()
    row = register.register_child(clerk, {"person_id": kid.pk, "category": "orphan", "registered_on": "2026-01-05"})
    assert sorted(selectors.benefits_of([kid.pk])[kid.pk]) == sorted(["孤儿基本生活费", "最低生活保障"])
    page = selectors.child_page(clerk, row.pk)
    assert "孤儿基本生活费" in page["benefits"]


def test_api_lists_by_category_and_village_and_refuses_bad_values(make_user, api_client, examples, april):
    county = make_user("county", "330902000000")
    a = factories.child(county, "left_behind", region="330902001001")
    factories.child(county, "orphan", region="330902001001")
    factories.child(county, "left_behind", region="330902001002")
    client = api_client(county)
    body = client.get("/api/v1/children?category=left_behind&village=330902001001").json()
    assert body["count"] == 1 and body["items"][0]["id"] == a.pk
    assert body["items"][0]["category_label"] == "农村留守儿童" and "*" in body["items"][0]["id_number"]
    assert client.get("/api/v1/children?category=left_behind").json()["count"] == 2
    bad = client.get("/api/v1/children?category=nobody")
    assert bad.status_code == 422 and "不是可选的值" in bad.json()["errors"][0]["message"]
    assert client.get("/api/v1/children?village=12x").status_code == 422
    assert client.get(f"/api/v1/children/{a.pk}").json()["name"] == a.person.name
    other = make_user("village", "330903001001")
    assert api_client(other).get(f"/api/v1/children/{a.pk}").status_code == 404
    assert api_client(make_user("auditor", "330902000000")).get("/api/v1/children").status_code == 403


def test_list_page_exports_a_village(make_user, client, examples, april):
    township = make_user("township", "330902001000")
    factories.child(township, "left_behind", region="330902001001", name="甲村娃")
    factories.child(township, "left_behind", region="330902001002", name="乙村娃")
    client.force_login(township)
    page = client.get("/children/?region_code=330902001001")
    assert page.status_code == 200 and "甲村娃" in page.text and "乙村娃" not in page.text
    export = client.get("/children/?region_code=330902001001&export=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "甲村娃" in text and "乙村娃" not in text and "农村留守儿童" in text and "甲社区" in text
    assert AuditEntry.objects.filter(action="export", object_type="child").exists()
