"""The case list and the entitlement list on the generic list block: filters (a bad value is a 422 with its
Chinese message), names and labels instead of codes, Excel/CSV export that is audited and needs people.export."""

from __future__ import annotations

import csv
import datetime as dt
import html as htmllib
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from minzheng.benefits.services import cases
from minzheng.benefits.tests.factories import entitle, today
from minzheng.benefits.tests.pages import apply_for_dibao, login, page
from minzheng.core.models import AuditEntry
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db

D = dt.date


def drain(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def table_rows(html: str) -> list[str]:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("</tr>")[:-1]


def filter_error(response) -> str:
    text = htmllib.unescape(response.content.decode())
    return text.split('id="filter-errors"', 1)[1].split("</div>", 1)[0]


def last_export() -> AuditEntry:
    return AuditEntry.objects.filter(action="export").order_by("-seq").first()


@pytest.fixture
def two_cases(staff, poor_family, demo_standards, monkeypatch):
    """A 低保 case in 甲社区 (accepted) and a 临时救助 case in 乙社区 (just applied)."""
    today(monkeypatch, "2026-11-02")
    dibao = apply_for_dibao(login(staff["village"]), poor_family)
    cases.act(staff["township"], dibao.pk, "accept", {})
    household, people = make_family(staff["other_village"], [("赵敏", "19750101", "F")], region="330902001002")
    temporary = cases.create_case(staff["township"], {
        "program": "temporary", "subtype": "expense", "household_id": household.pk, "applicant_id": people[0].pk,
        "channel": "family", "facts": {"requested_amount": "500"}})
    return dibao, temporary, household


def test_the_case_list_filters_by_program_state_region_household_and_overdue(staff, two_cases, monkeypatch):
    dibao, temporary, household = two_cases
    county = login(staff["county"])

    def listed(query: str) -> set[int]:
        html = page(county, f"/benefits/cases/?{query}")
        return {c.pk for c in (dibao, temporary) if f'/benefits/cases/{c.pk}/">#{c.pk}</a>' in html}

    assert listed("") == {dibao.pk, temporary.pk}
    assert listed("program=dibao") == {dibao.pk}
    assert listed("state=accepted") == {dibao.pk}
    assert listed("region_code=330902001002") == {temporary.pk}
    assert listed(f"household_id={household.pk}") == {temporary.pk}
    assert listed("overdue=1") == set()
    today(monkeypatch, "2026-11-20")  # the investigation should have started within 3 working days
    cases.refresh_deadlines()
    assert listed("overdue=1") == {dibao.pk} and listed("overdue=0") == {temporary.pk}  # no deadline before 受理
    assert listed("mine=1") == set()  # nothing awaits the county


def test_case_rows_show_names_and_labels(staff, two_cases):
    dibao, _, _ = two_cases
    html = page(login(staff["county"]), "/benefits/cases/")
    row = next(r for r in table_rows(html) if f"#{dibao.pk}</a>" in r)
    assert '<span title="330902001001">甲社区</span>' in row
    assert '<span title="dibao">最低生活保障</span>' in row
    assert '<span title="accepted">已受理待调查</span>' in row and "王芳" in row
    assert '<span title="start_investigation">启动调查</span>' in row and "2026-11-05" in row


@pytest.mark.parametrize(("query", "message"), [
    ("state=lost", "“lost”不是可选的值"),
    ("program=nothing", "“nothing”不是可选的值"),
    ("region_code=12345", "区划代码“12345”格式不正确"),
    ("region_code=330903001001", "不在您的管辖范围内"),
    ("household_id=abc", "编号格式不正确"),
    ("household_id=99999999999999999999", "编号格式不正确"),
    ("overdue=maybe", "不是可选的值：应为 是 或 否"),
    ("mine=yes", "不是可选的值：应为 是 或 否"),
])
def test_a_bad_case_filter_is_a_422_with_its_chinese_message(staff, two_cases, query, message):
    response = login(staff["county"]).get(f"/benefits/cases/?{query}")
    assert response.status_code == 422
    assert message in filter_error(response)
    assert "<tbody>" not in response.content.decode()  # no table of a misread filter


def test_the_case_export_has_region_names_and_program_labels_and_is_audited(staff, two_cases):
    dibao, _, _ = two_cases
    county = login(staff["county"])
    response = county.get("/benefits/cases/?region_code=330902001000&program=dibao&export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(drain(response))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["编号", "救助项目", "申请人", "区划", "状态", "申请日期", "待办事项", "期限", "已超期"]
    assert len(values) == 2
    assert values[1][:5] == [dibao.pk, "最低生活保障", "王芳", "甲社区", "已受理待调查"]
    assert values[1][5].date() == D(2026, 11, 2) and values[1][6:] == ["启动调查", values[1][7], "否"]
    assert values[1][7].date() == D(2026, 11, 5)
    csv_rows = list(csv.reader(io.StringIO(drain(county.get("/benefits/cases/?export=csv")).decode("utf-8-sig"))))
    assert {r[3] for r in csv_rows[1:]} == {"甲社区", "乙社区"} and {r[1] for r in csv_rows[1:]} == {
        "最低生活保障", "临时救助"}
    audited = last_export()
    assert (audited.object_type, audited.actor_id) == ("case", staff["county"].pk)
    assert audited.changes == {"rows": 2, "format": "csv", "filters": {}}
    xlsx = AuditEntry.objects.filter(action="export", object_type="case").order_by("seq").first()
    assert xlsx.changes == {"rows": 1, "format": "xlsx",
                            "filters": {"region_code": "330902001000", "program": "dibao"}}


def test_a_role_without_people_export_cannot_export_the_case_list(staff, two_cases):
    village = login(staff["village"])
    assert village.get("/benefits/cases/").status_code == 200
    before = AuditEntry.objects.filter(action="export").count()
    assert village.get("/benefits/cases/?export=csv").status_code == 403
    assert village.get("/benefits/cases/?export=xlsx").status_code == 403
    assert 'id="export-xlsx"' not in page(village, "/benefits/cases/")
    assert AuditEntry.objects.filter(action="export").count() == before


# ---- entitlements ---------------------------------------------------------------------------------------------------


@pytest.fixture
def rolls(staff, poor_family):
    household, people = poor_family
    other, (widow,) = make_family(staff["other_village"], [("孙兰", "19500101", "F")], region="330902001002")
    far, (man,) = make_family(staff["other_township"], [("周强", "19600101", "M")], region="330902002001")
    return {
        "dibao": entitle(household, people[0], amount="1234.50", start=D(2026, 1, 1)),
        "tekun": entitle(other, widow, program="tekun", amount="1500.00", start=D(2025, 6, 1), end=D(2026, 3, 1),
                         status="stopped", person=widow),
        "far": entitle(far, man, amount="800.00", start=D(2026, 5, 1), status="suspended"),
    }


def test_the_entitlement_list_filters_by_program_status_region_and_month(staff, rolls):
    county = login(staff["county"])

    def listed(query: str) -> set[str]:
        html = page(county, f"/benefits/entitlements/?{query}")
        return {k for k, e in rolls.items() if f'/benefits/cases/{e.source_case_id}/">#{e.pk}</a>' in html}

    assert listed("") == {"dibao", "tekun", "far"}
    assert listed("program=tekun") == {"tekun"}
    assert listed("status=suspended") == {"far"}
    assert listed("region_code=330902001000") == {"dibao", "tekun"}
    assert listed("month=2026-02") == {"dibao", "tekun"}  # tekun ended with March
    assert listed("month=2026-04") == {"dibao"}
    assert listed("month=2026-05") == {"dibao", "far"}
    # A township sees its own subtree only.
    assert "周强" not in page(login(staff["township"]), "/benefits/entitlements/")


def test_entitlement_rows_show_money_names_and_labels(staff, rolls):
    html = page(login(staff["county"]), "/benefits/entitlements/?program=tekun")
    (row,) = table_rows(html)
    assert "特困人员救助供养" in row and "孙兰" in row and '<span title="330902001002">乙社区</span>' in row
    assert "1,500.00" in row and "2025-06" in row and "2026-03" in row and "已停发" in row


@pytest.mark.parametrize(("query", "message"), [
    ("month=2026-13", "月份“2026-13”格式不正确"),
    ("status=gone", "“gone”不是可选的值"),
    ("program=x", "“x”不是可选的值"),
    ("region_code=33", "不在您的管辖范围内"),
])
def test_a_bad_entitlement_filter_is_a_422_with_its_chinese_message(staff, rolls, query, message):
    response = login(staff["county"]).get(f"/benefits/entitlements/?{query}")
    assert response.status_code == 422 and message in filter_error(response)


def test_the_entitlement_export_is_typed_named_audited_and_needs_people_export(staff, rolls):
    county = login(staff["county"])
    response = county.get("/benefits/entitlements/?month=2026-02&export=csv")
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(drain(response).decode("utf-8-sig"))))
    assert table[0] == ["编号", "救助项目", "家庭", "救助对象", "领取人", "区划", "月金额（元）", "起始月份",
                        "终止月份", "状态"]
    rows = {r[1]: r for r in table[1:]}
    assert set(rows) == {"最低生活保障", "特困人员救助供养"}
    assert rows["最低生活保障"][4:] == ["王芳", "甲社区", "1234.50", "2026-01", "", "正常发放"]
    audited = last_export()
    assert audited.object_type == "entitlement" and audited.changes["rows"] == 2
    assert audited.changes["filters"] == {"month": "2026-02"}

    sheet = load_workbook(io.BytesIO(drain(county.get("/benefits/entitlements/?export=xlsx")))).active
    amounts = {row[4].value: row[6] for row in sheet.iter_rows(min_row=2)}
    assert amounts["王芳"].value == Decimal("1234.5") and amounts["王芳"].data_type == "n"

    assert login(staff["village"]).get("/benefits/entitlements/?export=xlsx").status_code == 403


def test_the_nav_has_the_entitlement_list(staff):
    html = page(login(staff["township"]), "/")
    assert 'href="/benefits/entitlements/">救助待遇</a>' in html
