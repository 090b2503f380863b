"""ListPage: permission, filters (Chinese field errors with 422, region subtree picked by name, ID number through
the blind index), pagination, ordering, set-based region names."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, VILLAGE_OTHER_COUNTY, make_id
from minzheng.core import crypto, idnumber, roles
from minzheng.core.errors import ValidationFailed
from minzheng.core.models import AuditEntry
from minzheng.core.pages.filters import filter_errors_to_validation
from minzheng.core.tests.helpers import COUNTY, TOWNSHIP, URLS, body_rows, client_for, entry, local
from minzheng.core.tests.pages_urls import EntryFilters, entries_for

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]


@pytest.fixture
def county(make_user):
    return make_user(roles.COUNTY, COUNTY)


def test_anonymous_is_sent_to_login_and_a_role_without_the_permission_gets_403(make_user):
    assert Client().get("/t/entries/").status_code == 302
    response = client_for(make_user(roles.AUDITOR, COUNTY)).get("/t/entries/")
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_rows_show_names_and_labels_with_codes_in_the_title(county):
    entry(VILLAGE_A, "李四", "member_add", amount="1234.5")
    html = client_for(county).get("/t/entries/").content.decode()
    row = body_rows(html)[0]
    assert f'<span title="{VILLAGE_A}">甲社区</span>' in row
    assert '<span title="member_add">添加成员</span>' in row
    assert "1,234.50" in row
    assert "共 1 条" in html


@pytest.mark.parametrize(("query", "message"), [
    ("region=12345", "区划代码“12345”格式不正确"),
    ("region=" + "9" * 1000, "区划代码格式不正确"),
    (f"region={VILLAGE_OTHER_COUNTY}", "不在您的管辖范围内"),
    ("region=330902009000", "不存在"),
    ("id_number=330902198001011234", "身份证号格式不正确"),
    ("id_number=" + "1" * 5000, "身份证号格式不正确"),
    ("month=2026-13", "月份“2026-13”格式不正确"),
    ("at_from=2026-02-30", "日期格式不正确"),
    ("at_from=0001-01-01", "超出范围"),
    ("at_from=2026-03-01&at_to=2026-02-01", "起始日期不能晚于截止日期"),
    ("action=drop_table", "不是可选的值"),
    ("actor=" + "长" * 101, "内容过长"),
])
def test_a_bad_filter_value_is_a_chinese_field_error_with_422_and_no_table(county, query, message):
    entry(VILLAGE_A)
    response = client_for(county).get(f"/t/entries/?{query}")
    html = htmllib.unescape(response.content.decode())
    assert response.status_code == 422
    assert 'id="filter-errors"' in html
    alert = html.split('id="filter-errors"', 1)[1].split("</div>", 1)[0]
    assert message in alert
    form = html.split('id="filters"', 1)[1].split("</form>", 1)[0]
    assert message in form  # at the field as well
    assert "<table" not in html


def test_filter_errors_become_the_api_validation_error(county):
    filterset = EntryFilters({"region": "123", "month": "x"}, queryset=entries_for(county), user=county)
    assert not filterset.is_valid()
    exc = filter_errors_to_validation(filterset)
    assert isinstance(exc, ValidationFailed) and exc.status == 422
    fields = {e.field: e.message for e in exc.errors}
    assert set(fields) == {"region", "month"}
    assert "格式不正确" in fields["region"] and "YYYY-MM" in fields["month"]


def test_region_subtree_filter_keeps_only_rows_under_the_chosen_region(county):
    for region, actor in ((VILLAGE_A, "甲"), (VILLAGE_B, "乙"), (VILLAGE_C, "丙"), (COUNTY, "县")):
        entry(region, actor)
    client = client_for(county)
    township = body_rows(client.get(f"/t/entries/?region={TOWNSHIP}").content.decode())
    assert sorted(re.findall(r"<td >(甲|乙|丙|县)</td>", "".join(township))) == ["乙", "甲"]
    village = body_rows(client.get(f"/t/entries/?region={VILLAGE_C[:9]}").content.decode())
    assert len(village) == 1 and "丙社区" in village[0]


def options(html: str) -> dict[str, str]:
    """label -> value of the options of the region picker's selects."""
    return {label: value for value, label in re.findall(r'<option value="(\d{12})"[^>]*>([^<]+)</option>', html)}


def test_region_is_picked_by_name_level_by_level(county):
    entry(VILLAGE_A, "甲")
    entry(VILLAGE_B, "乙")
    client = client_for(county)
    page = client.get("/t/entries/").content.decode()
    assert '<input type="hidden" name="region" id="id_region" value="">' in page
    assert "定海区" in page  # the user's own region, by name
    township = options(page)["城东街道"]  # the county's townships, by name

    level = client.get("/regions/picker/", {"name": "region", "field_id": "id_region", "parent": COUNTY,
                                            "code": township})
    text = level.content.decode()
    assert level.status_code == 200
    assert f'<input type="hidden" name="region" id="id_region" value="{township}" hx-swap-oob="true">' in text
    assert set(options(text)) == {"全部", "甲社区", "乙社区"}

    village = options(text)["乙社区"]
    rows = body_rows(client.get(f"/t/entries/?region={village}").content.decode())
    assert len(rows) == 1 and "乙社区" in rows[0]

    # Coming back with ?region=CODE shows the chain of selects with the chosen names selected.
    again = client.get(f"/t/entries/?region={village}").content.decode()
    assert re.search(rf'<option value="{TOWNSHIP}" selected>城东街道</option>', again)
    assert re.search(rf'<option value="{village}" selected>乙社区</option>', again)


def test_region_picker_lists_nothing_outside_the_users_subtree(make_user):
    client = client_for(make_user(roles.TOWNSHIP, TOWNSHIP))
    base = {"name": "region", "field_id": "id_region"}
    assert client.get("/regions/picker/", {**base, "parent": COUNTY, "code": "330902002000"}).status_code == 404
    assert client.get("/regions/picker/", {**base, "parent": TOWNSHIP, "code": VILLAGE_OTHER_COUNTY}).status_code == 404
    assert client.get("/regions/picker/", {**base, "parent": TOWNSHIP, "code": "12x"}).status_code == 400
    assert client.get("/regions/picker/", {**base, "name": "<script>", "parent": TOWNSHIP,
                                           "code": TOWNSHIP}).status_code == 400
    ok = client.get("/regions/picker/", {**base, "parent": TOWNSHIP, "code": VILLAGE_A})
    assert ok.status_code == 200 and "<select" not in ok.content.decode()  # a village has no children
    page = client.get("/t/entries/").content.decode()
    assert set(options(page)) == {"全部", "甲社区", "乙社区"}  # a township clerk starts at their own township


def test_id_number_filter_finds_by_blind_index_also_from_the_old_15_digit_form(county):
    number = idnumber.parse("330902800101123").number  # the 15-digit card of someone born 1980-01-01
    entry(VILLAGE_A, "持证人", object_id=crypto.blind_index(number))
    entry(VILLAGE_A, "他人", object_id=crypto.blind_index(make_id()))
    client = client_for(county)
    for query in (number, "330902800101123", number.lower()):
        rows = body_rows(client.get("/t/entries/", {"id_number": query}).content.decode())
        assert len(rows) == 1 and "持证人" in rows[0]
    nobody = client.get("/t/entries/", {"id_number": make_id()})
    assert nobody.status_code == 200 and "没有符合条件的记录" in nobody.content.decode()


def test_date_range_and_month_filters_use_local_days(county):
    entry(VILLAGE_A, "十月末", at=local(2026, 10, 31, 23))
    entry(VILLAGE_A, "十一月初", at=local(2026, 11, 1, 0))
    entry(VILLAGE_A, "十一月末", at=local(2026, 11, 30, 23))
    client = client_for(county)

    def actors(query):
        return re.findall(r"<td >(十月末|十一月初|十一月末)</td>", client.get(f"/t/entries/?{query}").content.decode())

    assert actors("month=2026-11") == ["十一月初", "十一月末"]
    assert actors("at_from=2026-10-31&at_to=2026-10-31") == ["十月末"]
    assert actors("at_to=2026-11-01") == ["十月末", "十一月初"]
    html = client.get("/t/entries/?month=2026-11").content.decode()
    assert ">2026-11-01</td>" in html and ">2026-11</td>" in html


def test_thirty_rows_a_page_with_a_chinese_pager_that_keeps_the_filters(county):
    for i in range(65):
        entry(VILLAGE_A, f"经办{i:02d}", object_type="household")
    entry(VILLAGE_A, "别的对象", object_type="person")
    client = client_for(county)
    first = client.get("/t/entries/?object_type=household").content.decode()
    assert len(body_rows(first)) == 30
    assert "共 65 条" in first and "第 1 / 3 页" in first
    next_link = htmllib.unescape(re.search(r'href="([^"]+)" rel="next"', first)[1])
    assert "object_type=household" in next_link and "page=2" in next_link
    last = client.get("/t/entries/?object_type=household&page=3").content.decode()
    assert len(body_rows(last)) == 5 and 'rel="prev"' in last and 'rel="next"' not in last
    # Hostile page numbers are clamped, never a 500.
    for page in ("abc", "-1", "9" * 40):
        assert client.get(f"/t/entries/?page={page}").status_code == 200


def test_a_long_list_counts_only_up_to_the_cap(county, monkeypatch):
    """A county's million people are not counted on every page: beyond COUNT_CAP the pager says "N+" (the count
    query stops at the cap + 1), and paging still works up to it."""
    from minzheng.core.pages import lists

    monkeypatch.setattr(lists, "COUNT_CAP", 40)
    for i in range(65):
        entry(VILLAGE_A, f"经办{i:02d}", object_type="household")
    client = client_for(county)
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/t/entries/?object_type=household").content.decode()
    assert "共 40+ 条" in first and "第 1 / 2+ 页" in first  # the last page is not known either
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 41" in sql for sql in counts), counts
    second = client.get("/t/entries/?object_type=household&page=2").content.decode()
    assert len(body_rows(second)) == 11 and 'rel="next"' not in second  # rows 31–41: the cap bounds the pages


def test_clicking_a_header_orders_by_that_column_and_again_reverses(county):
    for name in ("王五", "赵六", "钱七"):
        entry(VILLAGE_A, name)
    client = client_for(county)
    html = client.get("/t/entries/").content.decode()
    link = htmllib.unescape(re.search(r'<a class="mz-sort" href="([^"]+)" title="按操作人排序"', html)[1])
    assert "sort=actor_name" in link
    ascending = client.get(link).content.decode()
    names = re.findall(r"<td >(王五|赵六|钱七)</td>", ascending)
    assert names == sorted(names) and len(names) == 3
    assert 'aria-sort="ascending"' in ascending
    back = htmllib.unescape(re.search(r'<a class="mz-sort" href="([^"]+)" title="按操作人排序"', ascending)[1])
    assert "sort=-actor_name" in back
    assert re.findall(r"<td >(王五|赵六|钱七)</td>", client.get(back).content.decode()) == sorted(names, reverse=True)
    # Masked and computed columns have no sort link; unknown or unorderable sort keys fall back to the default.
    assert 'title="按身份证号排序"' not in html and 'title="按金额排序"' not in html
    for key in ("masked", "-amount", "changes", "no_such_column", "__class__"):
        assert client.get(f"/t/entries/?sort={key}").status_code == 200


def test_region_names_cost_one_query_per_page_not_one_per_row(county):
    client = client_for(county)
    entry(VILLAGE_A)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/t/entries/").status_code == 200
        return len(ctx.captured_queries)

    one_row = queries()
    for region in [VILLAGE_A, VILLAGE_B, VILLAGE_C, COUNTY, TOWNSHIP] * 6:
        entry(region)
    assert AuditEntry.objects.filter(object_type="person").count() == 31
    assert queries() == one_row + 1  # the COUNT(*) of a full first page; the names are still one query


def test_a_first_page_with_room_to_spare_is_not_counted_and_a_full_one_is_read_once(county):
    client = client_for(county)

    def statements() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/t/entries/").status_code == 200
        return [q["sql"] for q in ctx.captured_queries if "core_auditentry" in q["sql"]]

    for _ in range(3):
        entry(VILLAGE_A)
    few = statements()
    assert len(few) == 1 and "COUNT(" not in few[0]
    assert "共 3 条" in client.get("/t/entries/").content.decode()
    for _ in range(40):
        entry(VILLAGE_B)
    full = statements()
    assert sum("COUNT(" in q for q in full) == 1 and len(full) == 2  # counted once, the rows read once
    html = client.get("/t/entries/").content.decode()
    assert "共 43 条" in html and "?page=2" in html
    assert "共 43 条" in client.get("/t/entries/?page=2").content.decode()


def test_user_list_region_foreign_key_names_without_a_query_per_row(make_user):
    county = make_user(roles.COUNTY, COUNTY)
    client = client_for(county)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/t/users/").content.decode()
        assert "定海区" in html
        return len(ctx.captured_queries)

    few = queries()
    for region in (VILLAGE_A, VILLAGE_B, VILLAGE_C, TOWNSHIP) * 3:
        make_user(roles.VILLAGE, region)
    html = client.get("/t/users/").content.decode()
    assert "乙社区" in html and "村/社区协理员" in html and "<td >是</td>" in html
    assert queries() == few


def test_page_actions_and_export_buttons_follow_the_users_permissions(make_user):
    county_html = client_for(make_user(roles.COUNTY, COUNTY)).get("/t/users/").content.decode()
    assert "发放" in county_html and "新建用户" not in county_html  # users.manage is the sysadmin's
    entries = client_for(make_user(roles.COUNTY, COUNTY)).get("/t/entries/").content.decode()
    assert 'id="export-xlsx"' in entries and 'id="export-csv"' in entries
    village = client_for(make_user(roles.VILLAGE, VILLAGE_A))
    assert 'id="export-xlsx"' not in village.get("/t/entries/").content.decode()
    assert 'id="export-csv"' not in client_for(make_user(roles.COUNTY, COUNTY)).get(
        "/t/entries-no-export/").content.decode()
