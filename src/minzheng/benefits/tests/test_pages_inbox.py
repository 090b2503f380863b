"""The kernel's part of the inbox (/inbox/, core's page fed by benefits.inbox): cases awaiting the user's role with
region names, overdue work first and marked, and its full list: the case list's 待我办理."""

from __future__ import annotations

import re

import pytest
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
