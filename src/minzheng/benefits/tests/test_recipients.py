"""Existing recipients (存量对象) import and the entitlements listing."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal

import pytest

from minzheng import cli
from minzheng.benefits.models import Case, CaseEvent, Entitlement, Review
from minzheng.benefits.services import recipients
from minzheng.benefits.tests.factories import items
from minzheng.core import protected
from minzheng.core.models import AuditEntry
from minzheng.core.spreadsheets import write_rows
from minzheng.registry.tests.factories import make_family, make_id

pytestmark = pytest.mark.django_db
HEADER = ["身份证号", "项目", "月保障金额", "起始月份", "账号", "开户行"]


@pytest.fixture
def roll(make_user, monkeypatch):
    """Two households in 甲社区 and one in 普陀区 (another county)."""
    monkeypatch.setenv("MINZHENG_TODAY", "2026-11-23")
    clerk = make_user("village", "330902001001")
    dibao_home, (mother, child) = make_family(clerk, [("赵敏", "19820202", "F"), ("赵小", "20140505", "M")])
    _, (old,) = make_family(clerk, [("钱老", "19400404", "M")])
    other_clerk = make_user("village", "330903001001")
    _, (far,) = make_family(other_clerk, [("孙远", "19700707", "M")], region="330903001001")
    ids = {p.pk: p.id_number for p in (mother, child, old, far)}
    return {"mother": mother, "child": child, "old": old, "far": far, "ids": ids, "dibao_home": dibao_home,
            "county": make_user("county", "330902000000"), "township": make_user("township", "330902001000")}


def write(path, rows, header=HEADER):
    if path.suffix == ".xlsx":
        return write_rows(path, header, rows)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def good_rows(roll):
    ids = roll["ids"]
    return [
        [ids[roll["mother"].pk], "低保", "1200.00", "2024-03", "6222 0212 3456 7890 123", "工商银行定海支行"],
        [ids[roll["old"].pk], "tekun", "1680", "2023-01", "6217000011112222", "建设银行"],
        [ids[roll["old"].pk], "高龄津贴", "100", "2020/05", "", ""],
    ]


def test_import_creates_confirmed_cases_and_active_entitlements(roll, tmp_path):
    path = write(tmp_path / "roll.csv", good_rows(roll))
    summary = recipients.import_recipients(path, report_path=tmp_path / "report.csv")
    assert summary.as_dict() | {"report": ""} == {"rows": 3, "cases_created": 3, "entitlements_created": 3,
                                                   "unchanged": 0, "rejected_rows": 0, "report": ""}
    dibao = Entitlement.objects.get(program="dibao")
    assert (dibao.household_id, dibao.person_id, dibao.payee_id) == (roll["dibao_home"].pk, None, roll["mother"].pk)
    assert (dibao.monthly_amount, dibao.start_month, dibao.status) == (Decimal("1200.00"), dt.date(2024, 3, 1),
                                                                       "active")
    assert dibao.bank_account_masked == "6222***********0123" and dibao.bank_name == "工商银行定海支行"
    assert protected.unseal(dibao, "bank_account_enc") == "6222021234567890123"
    assert b"6222" not in bytes(dibao.bank_account_enc)
    case = dibao.source_case
    assert (case.state, case.channel, case.decision, case.decided_on) == ("granted", "migration", "approved",
                                                                          dt.date(2024, 2, 29))
    assert case.import_key == f"dibao:{roll['mother'].pk}:2024-03"
    assert CaseEvent.objects.get(case=case).action == "migrate"
    assert Review.objects.get(entitlement=dibao).due_on == dt.date(2027, 3, 1)  # next yearly anniversary
    tekun = Entitlement.objects.get(program="tekun")
    assert tekun.person_id == roll["old"].pk and tekun.source_case.subtype == "dispersed"
    assert Entitlement.objects.get(program="age_allowance").start_month == dt.date(2020, 5, 1)
    assert AuditEntry.objects.filter(object_type="entitlement").count() == 3
    assert AuditEntry.objects.filter(action="import", object_type="recipient_file").exists()


def test_import_is_idempotent(roll, tmp_path):
    path = write(tmp_path / "roll.xlsx", good_rows(roll))
    first = recipients.import_recipients(path, report_path=tmp_path / "r1.xlsx")
    again = recipients.import_recipients(path, report_path=tmp_path / "r2.xlsx")
    assert first.entitlements_created == 3
    assert (again.cases_created, again.entitlements_created, again.unchanged, again.rejected_rows) == (0, 0, 3, 0)
    assert Case.objects.count() == Entitlement.objects.count() == 3
    moved = write(tmp_path / "moved.csv", [[roll["ids"][roll["mother"].pk], "dibao", "1300", "2025-01", "", ""]])
    clash = recipients.import_recipients(moved, report_path=tmp_path / "r3.csv")
    assert clash.rejected_rows == 1 and "已有有效的最低生活保障待遇" in clash.errors[0].reason


@pytest.mark.parametrize("row,column,needle", [
    ([make_id("19900101"), "dibao", "500", "2024-01", "", ""], "身份证号", "不在人员库中"),
    (["330902199001010000", "dibao", "500", "2024-01", "", ""], "身份证号", "校验"),
    (["{mother}", "welfare", "500", "2024-01", "", ""], "项目", "项目“welfare”无效"),
    (["{mother}", "dibao", "0", "2024-01", "", ""], "月保障金额", "应大于 0"),
    (["{mother}", "dibao", "-5", "2024-01", "", ""], "月保障金额", "十进制数"),
    (["{mother}", "dibao", "abc", "2024-01", "", ""], "月保障金额", "十进制数"),
    (["{mother}", "dibao", "12.345", "2024-01", "", ""], "月保障金额", "两位小数"),
    (["{mother}", "dibao", "500", "2024-13", "", ""], "起始月份", "格式不正确"),
    (["{mother}", "dibao", "500", "2024-01-15", "", ""], "起始月份", "格式不正确"),
    (["{mother}", "dibao", "500", "2027-05", "", ""], "起始月份", "2026-12"),
    (["{mother}", "dibao", "500", "2024-01", "12AB", ""], "账号", "6–32 位数字"),
    (["{mother}", "", "500", "2024-01", "", ""], "项目", "不能为空"),
    (["{mother}", "临时救助", "500", "2024-01", "", ""], "项目", "无效"),
])
def test_rejected_rows_are_reported_in_chinese(roll, tmp_path, row, column, needle):
    row = [c.format(mother=roll["ids"][roll["mother"].pk]) for c in row]
    path = write(tmp_path / "bad.csv", [row, good_rows(roll)[1]])
    summary = recipients.import_recipients(path, report_path=tmp_path / "report.csv")
    assert summary.rejected_rows == 1 and summary.entitlements_created == 1
    error = summary.errors[0]
    assert (error.row, error.column) == (2, column) and needle in error.reason, error
    with (tmp_path / "report.csv").open(encoding="utf-8-sig") as fh:
        report = list(csv.reader(fh))
    assert report[0] == ["行号", "列", "原值", "原因"] and report[1][0] == "2"


def test_duplicate_rows_and_scope(roll, tmp_path):
    ids = roll["ids"]
    rows = [[ids[roll["mother"].pk], "dibao", "1200", "2024-03", "", ""],
            [ids[roll["child"].pk], "低保", "1200", "2024-03", "", ""],  # same household, same program
            [ids[roll["far"].pk], "dibao", "900", "2024-03", "", ""]]
    path = write(tmp_path / "dup.csv", rows)
    summary = recipients.import_recipients(path, actor=roll["county"], report_path=tmp_path / "r.csv")
    reasons = {e.row: e.reason for e in summary.errors}
    assert reasons == {3: "与第 2 行重复（同一家庭的该项目）", 4: "该人员的家庭不在您的管辖范围内"}
    assert summary.entitlements_created == 1
    with pytest.raises(Exception, match="只有县级民政部门"):
        recipients.import_recipients(path, actor=roll["township"])


def test_beneficiary_column_for_a_child(roll, tmp_path):
    ids = roll["ids"]
    header = [*HEADER, "保障对象身份证号", "类别"]
    path = write(tmp_path / "child.csv", [[ids[roll["mother"].pk], "事实无人抚养儿童", "1100", "2025-01", "", "",
                                           ids[roll["child"].pk], "散居"]], header)
    assert recipients.import_recipients(path, report_path=tmp_path / "r.csv").entitlements_created == 1
    ent = Entitlement.objects.get()
    assert (ent.program, ent.person_id, ent.payee_id) == ("unsupported_child", roll["child"].pk, roll["mother"].pk)


def test_cli_and_the_entitlements_api(roll, tmp_path, capsys, api_client):
    path = write(tmp_path / "roll.csv", [*good_rows(roll), ["x", "dibao", "1", "2024-01", "", ""]])
    assert cli.main(["import", "recipients", str(path), "--report", str(tmp_path / "r.xlsx")]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["entitlements_created"] == 3 and out["rejected_rows"] == 1 and "第 5 行 [身份证号]" in captured.err
    assert cli.main(["import", "recipients", str(tmp_path / "none.csv")]) == 2
    client = api_client(roll["township"])
    rows = items(client.get("/api/v1/entitlements"))
    assert len(rows) == 3
    assert set(rows[0]) >= {"id", "program", "person_id", "household_id", "monthly_amount", "start_month",
                            "end_month", "status"}
    dibao = items(client.get("/api/v1/entitlements", {"program": "dibao", "status": "active",
                                                 "region_code": "330902001001"}))
    assert [(r["monthly_amount"], r["start_month"], r["end_month"], r["person_id"]) for r in dibao] == [
        ("1200.00", "2024-03", None, None)]
    assert dibao[0]["bank_account"].startswith("6222") and "*" in dibao[0]["bank_account"]
    assert items(client.get("/api/v1/entitlements", {"region_code": "330902002001"})) == []
    assert client.get("/api/v1/entitlements", {"status": "bogus"}).status_code == 422
    assert items(client.get("/api/v1/entitlements", {"program": "tekun"}))[0]["person_id"] == roll["old"].pk
