"""The kernel's part of the inbox (/inbox/, core's page fed by benefits.inbox): cases awaiting the user's role with
region names, overdue work first and marked, and its full list: the case list's 待我办理."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minzheng.benefits.services import cases
from minzheng.benefits.tests.factories import today
from minzheng.benefits.tests.pages import VISIT, apply_for_dibao, login, page, post_action
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db


def _case_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-case="(\d+)"', html)]


def test_inbox_marks_overdue_work_first(staff, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    village, township = login(staff["village"]), login(staff["township"])
    case = apply_for_dibao(village, poor_family)
    post_action(township, case.pk, "accept")
    today(monkeypatch, "2026-11-20")  # 3 working days to start the investigation have passed
    cases.refresh_deadlines()
    html = page(township, "/inbox/")
    row = re.search(rf'<tr class="([^"]*)" data-case="{case.pk}">', html)
    assert row and "table-danger" in row.group(1) and "已超期" in html


def test_inbox_rows_show_region_names_read_in_one_query(staff, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    village = login(staff["village"])
    first = apply_for_dibao(village, poor_family)
    household, people = make_family(staff["other_village"], [("赵敏", "19750101", "F")], region="330902001002")
    second = cases.create_case(staff["township"], {"program": "dibao", "household_id": household.pk,
                                           "applicant_id": people[0].pk, "channel": "family"})
    township = login(staff["township"])
    html = page(township, "/inbox/")
    assert set(_case_ids(html)) == {first.pk, second.pk}
    section = html.split('id="case-table"', 1)[1].split("</table>", 1)[0]
    assert '<span title="330902001001">甲社区</span>' in section
    assert '<span title="330902001002">乙社区</span>' in section
    assert "330902001001</td>" not in section  # never the bare code

    with CaptureQueriesContext(connection) as queries:
        page(township, "/inbox/")
    region_reads = [q["sql"] for q in queries if 'FROM "core_region"' in q["sql"]
                    and "330902001000" not in q["sql"]]  # the nav shows the signed-in user's own region
    assert len(region_reads) == 1  # one lookup for the section's codes, not one per row


def test_the_inbox_links_to_the_case_list_of_my_work_with_the_same_cases(staff, poor_family, demo_standards,
                                                                          monkeypatch):
    today(monkeypatch, "2026-11-02")
    case = apply_for_dibao(login(staff["village"]), poor_family)
    town, county = staff["township"], staff["county"]
    cases.act(town, case.pk, "accept", {})
    cases.act(town, case.pk, "record_home_visit", VISIT)
    cases.act(town, case.pk, "request_verification", {})
    county_client = login(county)
    inbox = page(county_client, "/inbox/")
    assert _case_ids(inbox) == [case.pk]  # the county's data check (核对)
    link = re.search(r'<a class="small" href="([^"]+)">查看全部</a>', inbox.split('id="inbox-cases"', 1)[1]).group(1)
    response = county_client.get(link)
    assert response.status_code == 302 and response["Location"] == "/benefits/cases/?mine=1"
    listed = page(county_client, response["Location"])
    rows = listed.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert f'/benefits/cases/{case.pk}/">#{case.pk}</a>' in rows
    assert '<span title="verification">县级核对</span>' in rows  # the county's task, as in the inbox
    # Not the county's work once the check is recorded: gone from both.
    cases.act(county, case.pk, "record_verification", {"result": "passed", "report_ref": "HD-2"})
    assert _case_ids(page(county_client, "/inbox/")) == []
    assert "没有符合条件的记录" in page(county_client, "/benefits/cases/?mine=1")
    assert f"#{case.pk}</a>" in page(county_client, "/benefits/cases/?mine=0")


# ---- the inbox kept a minute per user (core.inbox_cache) -------------------------------------------------------------

def _second_case(staff):
    """A case filed by someone else (a service call, not this user's request), as work sent to the township."""
    household, people = make_family(staff["other_village"], [("赵敏", "19750101", "F")], region="330902001002")
    return cases.create_case(staff["township"], {"program": "dibao", "household_id": household.pk,
                                                 "applicant_id": people[0].pk, "channel": "family"})


def _kept_inbox(staff, poor_family, monkeypatch, settings):
    """The inbox kept a minute; a case the village files for the poor family: (the case, the township's client)."""
    settings.MINZHENG_INBOX_SECONDS = 60
    cache.clear()
    today(monkeypatch, "2026-11-02")
    return apply_for_dibao(login(staff["village"]), poor_family), login(staff["township"])


def test_the_inbox_is_kept_a_minute_and_the_users_own_writes_show_at_once(staff, poor_family, demo_standards,
                                                                         monkeypatch, settings):
    first, township = _kept_inbox(staff, poor_family, monkeypatch, settings)
    html = page(township, "/inbox/")
    assert _case_ids(html) == [first.pk] and "立即刷新" in html and "60 秒内显示" in html
    second = _second_case(staff)
    with CaptureQueriesContext(connection) as queries:
        assert _case_ids(page(township, "/inbox/")) == [first.pk]  # as kept: the other's case shows within the minute
    assert len(queries) < 10  # the session, the user and the kept sections; no app's queries
    assert set(_case_ids(page(township, "/inbox/?refresh=1"))) == {first.pk, second.pk}  # 立即刷新 computes afresh

    third = _second_case(staff)
    assert third.pk not in _case_ids(page(township, "/inbox/"))
    post_action(township, first.pk, "accept")  # the user's own write forgets what was kept
    assert set(_case_ids(page(township, "/inbox/"))) == {first.pk, second.pk, third.pk}
    cache.clear()  # expiry
    assert set(_case_ids(page(township, "/inbox/"))) == {first.pk, second.pk, third.pk}


def test_the_kept_inbox_is_encrypted_and_a_changed_row_is_computed_again(staff, poor_family, demo_standards,
                                                                        monkeypatch, settings):
    import base64
    import pickle

    first, township = _kept_inbox(staff, poor_family, monkeypatch, settings)
    assert "王芳" in page(township, "/inbox/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM minzheng_cache WHERE cache_key LIKE %s", ["%minzheng:inbox:%"])
        rows = cursor.fetchall()
    assert len(rows) == 1 and f":{staff['township'].pk}:township:" in rows[0][0]
    stored = pickle.loads(base64.b64decode(rows[0][1]))  # Django's own layer: our ciphertext inside
    assert isinstance(stored, bytes) and "王芳".encode() not in stored and "王芳".encode("utf-16-le") not in stored

    # A row changed in the table (here: one bit of its tag) is refused, not unpickled: the sections are computed again.
    key = rows[0][0].split(":", 2)[2]  # the key without Django's prefix and version
    cache.set(key, b"\x02" + stored[1:-1] + bytes([stored[-1] ^ 1]), 60)
    assert _case_ids(page(township, "/inbox/")) == [first.pk]
