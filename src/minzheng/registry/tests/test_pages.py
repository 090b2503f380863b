"""Registry pages on the generic blocks: lists with filters (a wrong value is a 422 with the reason) and masked,
audited exports; detail pages with names and labels instead of codes; forms that call the services (errors on
their fields); member changes that end a membership only after a confirmation with a comment."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_OTHER_COUNTY
from minzheng.core import idnumber
from minzheng.core.models import AuditEntry, Job
from minzheng.registry import services
from minzheng.registry.models import Household, Membership, Person
from minzheng.registry.tests.factories import make_id, make_person

pytestmark = pytest.mark.django_db

CONFIRM = {"_confirm_step": "1", "confirm_comment": "已核实户籍证明"}


def html(response) -> str:
    return response.content.decode()


def export_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# ---- persons ----------------------------------------------------------------------------------------------

def test_the_name_filter_finds_the_text_not_just_its_characters(login, county):
    """姓名 contains the typed text. On PostgreSQL the rows are first narrowed by the characters they hold (a GIN
    index); a name holding the same characters in another order, or only some of them, is not a match."""
    for name in ("王建国", "国建王", "建设", "王小明", "欧阳建国"):
        make_person(county, name, region=VILLAGE_A)
    clerk = login("village", VILLAGE_A)

    def found(text):
        response = clerk.get("/registry/persons/", {"name": text})
        assert response.status_code == 200
        return {n for n in ("王建国", "国建王", "建设", "王小明", "欧阳建国") if f">{n}<" in html(response)}

    assert found("建国") == {"王建国", "欧阳建国"}
    assert found("王") == {"王建国", "国建王", "王小明"}
    assert found("国建") == {"国建王"}
    assert found("建建") == set()  # a repeated character is still the text, not the set {建}
    assert found("李") == set()
    with connection.cursor() as cursor:  # the index the filter is written for, on PostgreSQL only
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'person_name_chars'")
            assert "regexp_split_to_array" in cursor.fetchone()[0]


def test_person_list_filters(login, family, county):
    head, _, son = family[1]
    make_person(county, "乙村人", region=VILLAGE_B)
    clerk = login("village", VILLAGE_A)
    page = html(clerk.get("/registry/persons/"))
    assert all(name in page for name in ("王建国", "李秀英", "王小明")) and "乙村人" not in page
    assert idnumber.mask(head.id_number) in page and head.id_number not in page and "138****1111" in page
    assert ">甲社区</span>" in page and ">女</span>" in page  # names and labels, the code on hover

    def names(**params):
        response = clerk.get("/registry/persons/", params)
        assert response.status_code == 200, html(response)[:2000]
        return {n for n in ("王建国", "李秀英", "王小明") if n in html(response)}

    assert names(id_number=son.id_number) == {"王小明"}
    assert names(phone="+86 138-0000-1111") == {"王建国"}
    assert names(name="王") == {"王建国", "王小明"}
    assert names(sex="F") == {"李秀英"}
    assert names(alive="no") == set() and names(alive="yes") == {"王建国", "李秀英", "王小明"}
    assert names(disability="yes") == set()
    assert names(region_code=VILLAGE_A) == {"王建国", "李秀英", "王小明"}
    # Wrong values are a 422 with the reason at the filter, never a silently empty list.
    for params, reason in (({"id_number": "330902198001010010"}, "校验位"),
                           ({"id_number": "12345"}, "格式不正确：应为 18 位"), ({"phone": "12345"}, "手机号码"),
                           ({"sex": "X"}, "不是可选的值"),
                           ({"region_code": VILLAGE_OTHER_COUNTY}, "不在您的管辖范围内"),
                           ({"region_code": "abc"}, "格式不正确")):
        response = clerk.get("/registry/persons/", params)
        assert response.status_code == 422 and reason in html(response), (params, html(response)[:3000])


def test_person_export_is_masked_filtered_and_audited(login, family):
    head = family[1][0]
    officer = login("township", "330902001000")
    response = officer.get("/registry/persons/", {"name": "王建", "export": "csv"})
    assert response.status_code == 200
    rows = export_rows(response)
    assert [r["姓名"] for r in rows] == ["王建国"]
    assert rows[0]["身份证号"] == idnumber.mask(head.id_number) and rows[0]["联系电话"] == "138****1111"
    assert rows[0]["经常居住地"] == "甲社区" and rows[0]["性别"] == "男"
    entry = AuditEntry.objects.filter(action="export", object_type="person").get()
    assert entry.actor_name == officer.user.username and entry.changes["rows"] == 1
    assert login("village", VILLAGE_A).get("/registry/persons/", {"export": "csv"}).status_code == 403


def test_a_large_person_export_is_a_job_with_the_same_masked_rows(login, family, county, settings):
    head = family[1][0]
    make_person(county, "乙村人", region=VILLAGE_B)
    officer = login("township", "330902001000")
    query = {"sort": "-name", "alive": "yes", "export": "csv"}
    direct = export_rows(officer.get("/registry/persons/", query))
    settings.MINZHENG_EXPORT_INLINE_ROWS = 2  # four people are "many" now
    response = officer.get("/registry/persons/", query)
    job = Job.objects.get(kind="list_export")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/" and job.status == "done"
    download = officer.get(f"/jobs/{job.pk}/export/")
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows == direct and sorted(r["姓名"] for r in rows) == sorted(["王建国", "王小明", "李秀英", "乙村人"])
    assert rows[0]["姓名"] == "王建国"  # name descending, as asked
    assert rows[0]["身份证号"] == idnumber.mask(head.id_number) and rows[0]["联系电话"] == "138****1111"
    assert head.id_number not in text and "13800001111" not in text  # masked in the job's file too
    assert login("township", "330902001000").get(f"/jobs/{job.pk}/export/").status_code == 404


def test_person_list_costs_a_fixed_number_of_queries(login, county):
    clerk = login("village", VILLAGE_A)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert clerk.get("/registry/persons/").status_code == 200
        return len(ctx.captured_queries)

    for i in range(31):  # a full first page: its rows and a COUNT(*)
        make_person(county, f"人员{i}", phone=f"139{i:08d}")
    few = queries()
    for i in range(31, 80):
        make_person(county, f"人员{i}", phone=f"139{i:08d}")
    assert queries() == few


def test_person_detail_shows_names_and_reveals_only_with_the_right(login, family, make_user):
    head = family[1][0]
    clerk = login("village", VILLAGE_A)
    page = html(clerk.get(f"/registry/persons/{head.pk}/"))
    assert "城东街道甲社区</span>" in page and f"王建国户（#{family[0].pk}）" in page
    assert ">户主</span>" in page and ">已婚" not in page  # relation label; no marital status recorded
    assert "查看明文" not in page and head.id_number not in page
    assert clerk.post(f"/registry/persons/{head.pk}/reveal/id_number/").status_code == 403
    officer = login("county", "330902000000", can_unmask=True)
    assert "查看明文" in html(officer.get(f"/registry/persons/{head.pk}/"))
    response = officer.post(f"/registry/persons/{head.pk}/reveal/id_number/")
    assert response.status_code == 200 and head.id_number in html(response)
    assert AuditEntry.objects.filter(action="unmask", object_id=str(head.pk)).count() == 1
    assert officer.post(f"/registry/persons/{head.pk}/reveal/password/").status_code == 404


def test_register_and_correct_a_person_on_the_page(login, county):
    clerk = login("village", VILLAGE_A)
    form = html(clerk.get("/registry/persons/new/"))
    assert 'name="region_code"' in form and f'value="{VILLAGE_A}"' in form and "甲社区" in form  # picked, not typed
    number = make_id("19800101", "M")
    base = {"name": "赵六", "id_number": number, "region_code": VILLAGE_A, "phone": "13912345678",
            "disability_category": "", "disability_grade": ""}
    bad = clerk.post("/registry/persons/new/", {**base, "id_number": number[:-1] + ("0" if number[-1] != "0" else "1")})
    assert bad.status_code == 422 and "校验位" in html(bad)
    outside = clerk.post("/registry/persons/new/", {**base, "region_code": VILLAGE_B})
    assert outside.status_code == 422 and "不在您的管辖范围内" in html(outside)
    half = clerk.post("/registry/persons/new/", {**base, "disability_category": "4"})
    assert half.status_code == 422 and "同时填写" in html(half)
    assert not Person.objects.filter(name="赵六").exists()
    response = clerk.post("/registry/persons/new/", base)
    person = Person.objects.get(name="赵六")
    assert response.status_code == 302 and response.url == f"/registry/persons/{person.pk}/"
    assert person.region_id == VILLAGE_A and person.phone == "13912345678"
    # Editing: empty sensitive fields keep their values; the rest is saved.
    edit = f"/registry/persons/{person.pk}/edit/"
    assert clerk.get(edit).status_code == 200
    response = clerk.post(edit, {"name": "赵六六", "region_code": VILLAGE_A, "disability_category": "4",
                                 "disability_grade": "2", "labour_capacity": "partial"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.id_number, person.phone) == ("赵六六", number, "13912345678")
    assert (person.disability_category, person.disability_grade, person.labour_capacity) == ("4", 2, "partial")


def test_editing_keeps_a_registered_residence_outside_the_clerks_region(login, county):
    person = make_person(county, "人户分离", hukou_region_code=VILLAGE_OTHER_COUNTY)
    clerk = login("village", VILLAGE_A)
    edit = f"/registry/persons/{person.pk}/edit/"
    assert 'name="hukou_region_code"' not in html(clerk.get(edit))
    assert clerk.post(edit, {"name": "人户分离", "region_code": VILLAGE_A}).status_code == 302
    person.refresh_from_db()
    assert person.hukou_region_id == VILLAGE_OTHER_COUNTY


# ---- households -------------------------------------------------------------------------------------------

def test_household_list_filters_export_and_roster_link(login, family, county):
    household = family[0]
    other = make_person(county, "乙户主", region=VILLAGE_B)
    services.create_household(county, {"region_code": VILLAGE_B, "urban_rural": "urban",
                                       "members": [{"person_id": other.pk, "relation": "02"}]})
    officer = login("township", "330902001000")
    page = html(officer.get("/registry/households/"))
    assert "王建国" in page and "乙户主" in page and ">农村</span>" in page and ">甲社区</span>" in page

    def heads(**params):
        response = officer.get("/registry/households/", params)
        assert response.status_code == 200, html(response)[:2000]
        return {n for n in ("王建国", "乙户主") if n in html(response)}

    assert heads(head_name="王") == {"王建国"}
    assert heads(ref="FAM-1") == {"王建国"}
    assert heads(urban_rural="urban") == {"乙户主"}
    assert heads(region_code=VILLAGE_B) == {"乙户主"}
    response = officer.get("/registry/households/", {"region_code": "330902002001"})  # another township
    assert response.status_code == 422 and "不在您的管辖范围内" in html(response)
    # The roster export (one row per member) follows the region filter.
    page = html(officer.get("/registry/households/", {"region_code": VILLAGE_A}))
    assert f"/registry/export/households/?region_code={VILLAGE_A}" in page
    rows = export_rows(officer.get("/registry/households/", {"region_code": VILLAGE_A, "export": "csv"}))
    assert [(r["家庭编号"], r["户主"], r["所在村(社区)"], r["城乡属性"]) for r in rows] == [
        (str(household.pk), "王建国", "甲社区", "农村")]
    roster = export_rows(officer.get("/registry/export/households/", {"region_code": VILLAGE_A}))
    assert sorted(r["姓名"] for r in roster) == ["李秀英", "王小明", "王建国"]
    assert officer.get("/registry/export/households/", {"region_code": "../x"}).status_code == 422


def test_household_detail_shows_members_by_name_and_label(login, family):
    household, (head, spouse, son) = family
    clerk = login("village", VILLAGE_A)
    page = html(clerk.get(f"/registry/households/{household.pk}/"))
    assert f"家庭 #{household.pk}：王建国户" in page and 'id="apply-button"' in page
    assert "城东街道甲社区</span>" in page and ">农村</span>" in page
    for person, relation in ((head, "户主"), (spouse, "配偶"), (son, "子")):
        assert f"/registry/persons/{person.pk}/" in page and f">{relation}</span>" in page
    officer = login("city", "330900000000")
    page = html(officer.get(f"/registry/households/{household.pk}/"))
    assert "王小明" in page and "移出成员" not in page and 'id="apply-button"' not in page
    assert login("village", VILLAGE_B).get(f"/registry/households/{household.pk}/").status_code == 404


def test_set_up_a_household_on_the_page(login, county):
    a, b = make_person(county, "户主甲"), make_person(county, "配偶乙")
    clerk = login("village", VILLAGE_A)
    data = {"region_code": VILLAGE_A, "urban_rural": "rural", "address": "甲社区 9 号",
            "members": f"{a.id_number} 户主\n{make_id()} 配偶"}
    response = clerk.post("/registry/households/new/", data)
    assert response.status_code == 422 and "第 2 行" in html(response) and "未登记" in html(response)
    response = clerk.post("/registry/households/new/", {**data, "members": "只有一列"})
    assert response.status_code == 422 and "第 1 行应为" in html(response)
    response = clerk.post("/registry/households/new/", {**data, "region_code": "330902001000"})
    assert response.status_code == 422 and "不在您的管辖范围内" in html(response)  # the clerk's picker ends at A
    assert Household.objects.count() == 0
    response = clerk.post("/registry/households/new/", {**data, "members": f"{a.id_number} 户主\n{b.id_number}，配偶"})
    household = Household.objects.get()
    assert response.status_code == 302 and response.url == f"/registry/households/{household.pk}/"
    assert household.head_id == a.pk and household.active_memberships().count() == 2


def test_add_remove_and_head_change_with_confirmation(login, family, county):
    household, (head, spouse, son) = family
    newcomer = make_person(county, "新成员")
    clerk = login("village", VILLAGE_A)
    base = f"/registry/households/{household.pk}"
    response = clerk.post(f"{base}/members/add/", {"id_number": make_id(), "relation": "30"})
    assert response.status_code == 422 and "未登记" in html(response)
    response = clerk.post(f"{base}/members/add/", {"id_number": newcomer.id_number, "relation": "30",
                                                   "reason": "收养"})
    assert response.status_code == 302
    assert Membership.objects.get(person=newcomer, left_on__isnull=True).household_id == household.pk

    # Removing a member ends a membership: the first POST asks for a confirmation with a comment.
    remove = f"{base}/members/{son.pk}/remove/"
    assert f'<option value="{son.pk}" selected>' in html(clerk.get(remove))
    step = clerk.post(remove, {"person_id": son.pk, "reason": "分户"})
    assert step.status_code == 200 and "确认办理说明" in html(step) and "王小明（子）" in html(step)
    assert clerk.post(remove, {"person_id": son.pk, "reason": "分户", **CONFIRM, "confirm_comment": ""}
                      ).status_code == 422
    assert Membership.objects.get(person=son).left_on is None
    assert clerk.post(remove, {"person_id": son.pk, "reason": "分户", **CONFIRM}).status_code == 302
    assert Membership.objects.get(person=son).left_on is not None
    entry = AuditEntry.objects.get(action="member_remove", object_id=str(household.pk))
    assert entry.changes["comment"] == "已核实户籍证明" and entry.changes["reason"] == "分户"
    # The head cannot leave while others remain: the service's refusal shows on the page (409).
    response = clerk.post(f"{base}/members/remove/", {"person_id": head.pk, "reason": "死亡", **CONFIRM})
    assert response.status_code == 409 and "变更户主" in html(response)

    head_page = f"{base}/head/"
    offered = re.search(r'<select name="new_head_id".*?</select>', html(clerk.get(head_page)), re.S).group(0)
    assert f'value="{head.pk}"' not in offered  # the head is not offered as the new head (ids may equal a code)
    assert f'value="{spouse.pk}"' in offered
    assert clerk.post(head_page, {"new_head_id": spouse.pk, "old_head_relation": "10"}).status_code == 200
    assert clerk.post(head_page, {"new_head_id": spouse.pk, "old_head_relation": "10", **CONFIRM}).status_code == 302
    household.refresh_from_db()
    assert household.head_id == spouse.pk
    assert Membership.objects.get(person=head, left_on__isnull=True).relation == "10"


def test_move_a_member_to_another_household(login, family, county):
    son = family[1][2]
    other_head = make_person(county, "另一户主")
    target = services.create_household(county, {"region_code": VILLAGE_A, "urban_rural": "rural",
                                                "members": [{"person_id": other_head.pk, "relation": "02"}]})
    clerk = login("village", VILLAGE_A)
    move = f"/registry/persons/{son.pk}/move/"
    data = {"to_household_id": target.pk, "relation": "28", "reason": "结婚"}
    assert "确认办理说明" in html(clerk.post(move, data))
    response = clerk.post(move, {**data, **CONFIRM})
    assert response.status_code == 302 and response.url == f"/registry/households/{target.pk}/"
    assert Membership.objects.get(person=son, left_on__isnull=True).household_id == target.pk
    response = clerk.post(move, {**data, "to_household_id": 2**70, **CONFIRM})
    assert response.status_code == 422


def test_form_pages_need_the_change_right(login, family):
    household, people = family
    city = login("city", "330900000000")
    for url in ("/registry/persons/new/", f"/registry/persons/{people[0].pk}/edit/", "/registry/households/new/",
                f"/registry/households/{household.pk}/members/add/", f"/registry/households/{household.pk}/head/",
                "/registry/import/", "/registry/duplicates/scan/"):
        assert city.get(url).status_code == 403, url
