"""Bank disbursement files (layouts: CSV UTF-8, CSV GBK, fixed-width GBK, XLSX; control line; accounts decrypted
only here; audited) and bank returns (paid, failed, unknown, duplicate, already settled, wrong amount; never applied
twice), the failed-payment work list, account correction and reissue."""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import pytest

from minzheng import cli
from minzheng.benefits.tests.factories import account_for
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.core.models import AuditEntry
from minzheng.payroll.models import BankReturn, Payroll, PayrollLine
from minzheng.payroll.services import bank_files, bank_returns
from minzheng.payroll.tests.factories import ACCOUNT, T1, accounts, refs, write_return

pytestmark = pytest.mark.django_db


def test_csv_export_has_decrypted_accounts_a_control_line_and_is_audited(world, locked, tmp_path, capsys):
    out = tmp_path / "bank.csv"
    assert cli.main(["payroll", "export", str(locked.pk), str(out), "--format", "csv",
                     "--user", world["county"].username]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["rows"], summary["total"], summary["missing_account"]) == (4, "3650.50", 0)
    text = out.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(text.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["流水号", "户名", "账号", "金额", "开户行", "摘要"]
    assert rows[-1] == ["合计", "4", "3650.50"]
    body = {r[0]: r for r in rows[1:-1]}
    assert set(body) == set(refs(world, locked).values())
    own = accounts(world, locked)  # every row carries its own payee's decrypted account, never another's
    assert {ref: r[2] for ref, r in body.items()} == own and len(set(own.values())) == 4
    assert sum(Decimal(r[3]) for r in body.values()) == locked.total == Decimal("3650.50")
    assert body[refs(world, locked)["dibao_a"]][5] == "2026年04月最低生活保障"
    locked.refresh_from_db()
    assert (locked.status, locked.export_count) == ("exported", 1)
    entry = AuditEntry.objects.get(action="export", object_type="payroll", object_id=str(locked.pk))
    assert entry.actor_name == world["county"].username and entry.changes["total"] == [None, "3650.50"]
    assert not any(a in json.dumps(entry.changes) for a in own.values())


def test_fixed_width_gbk_and_xlsx_layouts(world, locked, tmp_path):
    txt = tmp_path / "bank.txt"
    bank_files.export(world["county"], locked.pk, "txt", txt, layout="fixed_gbk")
    lines = txt.read_bytes().split(b"\r\n")[:-1]
    assert lines[0] == b"H" + b"0000000004" + b"365050".rjust(18, b"0")
    assert all(len(line) == 24 + 32 + 20 + 15 + 40 for line in lines[1:]) and len(lines) == 5
    first = lines[1]
    assert first[24:56].decode("gbk").strip() == account_for(world["paid"]["dibao_a"][0].payee)
    assert "甲" in first[56:76].decode("gbk") and first[76:91] == b"000000000120000"
    gbk = tmp_path / "bank_gbk.csv"
    bank_files.export(world["county"], locked.pk, "csv", gbk, layout="gbk_csv")
    rows = list(csv.reader(gbk.read_bytes().decode("gbk").splitlines()))
    assert rows[0] == ["总笔数", "4", "总金额", "3650.50"] and rows[1][2] == "身份证号"
    assert all(len(r[2]) == 18 for r in rows[2:])
    from openpyxl import load_workbook

    xlsx = tmp_path / "bank.xlsx"
    bank_files.export(world["county"], locked.pk, "xlsx", xlsx)
    values = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert values[0][0] == "流水号" and values[-1] == ("合计", "4", "3650.50", None, None, None)
    assert len(values) == 6
    assert PayrollLine.objects.filter(payroll=locked, status="pending").count() == 4


def test_export_rules(world, locked, tmp_path):
    draft = Payroll.objects.get(program="age_allowance", region_code=T1)
    with pytest.raises(Conflict, match="尚未经县级审批"):
        bank_files.export(world["county"], draft.pk, "csv", tmp_path / "x.csv")
    with pytest.raises(Forbidden):
        bank_files.export(world["township"], locked.pk, "csv", tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_reconcile_paid_failed_unknown_duplicate_and_wrong_amount_never_twice(world, locked, tmp_path, capsys):
    bank_files.export(world["county"], locked.pk, "csv", tmp_path / "bank.csv")
    r = refs(world, locked)
    path = write_return(tmp_path / "ret.csv", [
        [r["dibao_a"], ACCOUNT, "1200.00", "成功", ""],
        [r["dibao_new"], ACCOUNT, "850.50", "失败", "账户已销户"],
        [r["dibao_a"], ACCOUNT, "1200.00", "成功", ""],
        ["999999-1", ACCOUNT, "10.00", "成功", ""],
        [f"{locked.pk}-999999", ACCOUNT, "10.00", "成功", ""],
        [r["gradual_exit"], ACCOUNT, "499.00", "成功", ""],
        ["合计", "", "3759.50", "", ""]])
    assert cli.main(["payroll", "reconcile", str(locked.pk), str(path), "--user", world["county"].username]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert {k: out[k] for k in ("rows", "paid", "failed", "unknown", "duplicate", "amount_mismatch", "already")} == {
        "rows": 6, "paid": 1, "failed": 1, "unknown": 2, "duplicate": 1, "amount_mismatch": 1, "already": 0}
    assert "第 4 行 [" in captured.err and "重复" in captured.err and "金额" in captured.err
    status = dict(PayrollLine.objects.filter(payroll=locked).values_list("entitlement_id", "status"))
    ids = {k: world["paid"][k][0].pk for k in r}
    assert [status[ids[k]] for k in ("dibao_a", "dibao_new", "gradual_exit", "raised")] == [
        "paid", "failed", "pending", "pending"]
    assert PayrollLine.objects.get(payroll=locked, entitlement_id=ids["dibao_new"]).bank_reason == "账户已销户"
    locked.refresh_from_db()
    assert locked.status == "exported"
    # The same file again: nothing is applied twice.
    again = bank_returns.reconcile(world["county"], locked.pk, path)
    assert (again["paid"], again["failed"], again["already"], again["duplicate"]) == (0, 0, 2, 1)
    assert dict(PayrollLine.objects.filter(payroll=locked).values_list("entitlement_id", "status")) == status
    # The rest arrives: the payroll is reconciled.
    rest = write_return(tmp_path / "ret2.csv", [[r["gradual_exit"], ACCOUNT, "500.00", "0", ""],
                                                [r["raised"], ACCOUNT, "1100.00", "成功", ""]])
    assert bank_returns.reconcile(world["county"], locked.pk, rest)["paid"] == 2
    locked.refresh_from_db()
    assert locked.status == "reconciled" and BankReturn.objects.filter(payroll=locked).count() == 3
    with pytest.raises(Forbidden):
        bank_returns.reconcile(world["township"], locked.pk, rest)


def test_failed_payment_work_list_account_fix_and_reissue(world, locked, tmp_path, api_client):
    bank_files.export(world["county"], locked.pk, "csv", tmp_path / "bank.csv")
    r = refs(world, locked)
    write_return(tmp_path / "ret.csv", [[r["dibao_new"], ACCOUNT, "850.50", "失败", "户名与账号不符"]]
                 + [[r[k], ACCOUNT, a, "成功", ""] for k, a in (("dibao_a", "1200.00"), ("gradual_exit", "500.00"),
                                                               ("raised", "1100.00"))])
    bank_returns.reconcile(world["county"], locked.pk, tmp_path / "ret.csv")
    township = api_client(world["township"])
    work = township.get("/api/v1/payroll-lines/failed").json()["items"]
    ent = world["paid"]["dibao_new"][0]
    assert [(w["entitlement_id"], w["amount"], w["bank_reason"]) for w in work] == [
        (ent.pk, "850.50", "户名与账号不符")]
    assert api_client(world["township2"]).get("/api/v1/payroll-lines/failed").json()["count"] == 0
    bad = township.post(f"/api/v1/payrolls/{locked.pk}/fix-account", {"entitlement_id": ent.pk, "account": "12ab"},
                        content_type="application/json")
    assert bad.status_code == 422
    ok = township.post(f"/api/v1/payrolls/{locked.pk}/fix-account",
                       {"entitlement_id": ent.pk, "account": "6217 0000 1111 2222", "bank_name": "建设银行"},
                       content_type="application/json")
    assert ok.status_code == 200 and ok.json()["account"] == "6217********2222"
    ent.refresh_from_db()
    assert ent.bank_account_masked == "6217********2222"  # later months use it
    out = bank_files.export(world["county"], locked.pk, "csv", tmp_path / "reissue.csv", reissue=True)
    assert (out["rows"], out["total"]) == (1, "850.50")
    rows = list(csv.reader((tmp_path / "reissue.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1][0] == r["dibao_new"] and rows[1][2] == "6217000011112222"
    write_return(tmp_path / "ret3.csv", [[r["dibao_new"], "6217000011112222", "850.50", "成功", ""]])
    assert bank_returns.reconcile(world["county"], locked.pk, tmp_path / "ret3.csv")["paid"] == 1
    assert not PayrollLine.objects.filter(payroll=locked).exclude(status="paid").exists()
    with pytest.raises(Conflict):
        bank_files.export(world["county"], locked.pk, "csv", tmp_path / "again.csv")


def test_a_payee_without_an_account_goes_to_the_work_list_and_is_paid_once_fixed(world, tmp_path, api_client):
    """Issue 12: such a line stayed pending forever, was not on the work list, could not be fixed, and the payroll
    could never be reconciled."""
    from minzheng.benefits.tests.factories import entitle
    from minzheng.payroll.services import generate as gen
    from minzheng.payroll.tests.factories import lock
    from minzheng.registry.tests.factories import person_household

    household, payee = person_household(world["village"], "无账号", "19600101")
    ent = entitle(household, payee, amount="700.00", account=None)
    gen.generate(None, "2026-04")
    roll = Payroll.objects.get(program="dibao", region_code=T1)
    lock(world, roll)
    out = bank_files.export(world["county"], roll.pk, "csv", tmp_path / "bank.csv")
    assert out["rows"] == 4 and out["missing_account"] == 1
    township = api_client(world["township"])
    work = township.get("/api/v1/payroll-lines/failed").json()["items"]
    assert [(w["entitlement_id"], w["amount"]) for w in work] == [(ent.pk, "700.00")]
    assert "缺少银行账号" in work[0]["bank_reason"]
    r = refs(world, roll)
    write_return(tmp_path / "ret.csv", [[ref, acc, amount, "成功", ""] for ref, acc, amount in [
        (r["dibao_a"], ACCOUNT, "1200.00"), (r["dibao_new"], ACCOUNT, "850.50"),
        (r["gradual_exit"], ACCOUNT, "500.00"), (r["raised"], ACCOUNT, "1100.00")]])
    bank_returns.reconcile(world["county"], roll.pk, tmp_path / "ret.csv")
    fixed = township.post(f"/api/v1/payrolls/{roll.pk}/fix-account",
                          {"entitlement_id": ent.pk, "account": "6217000033334444"}, content_type="application/json")
    assert fixed.status_code == 200, fixed.content
    again = bank_files.export(world["county"], roll.pk, "csv", tmp_path / "reissue.csv", reissue=True)
    assert (again["rows"], again["total"]) == (1, "700.00")
    write_return(tmp_path / "ret2.csv", [[f"{roll.pk}-{ent.pk}", "6217000033334444", "700.00", "成功", ""]])
    bank_returns.reconcile(world["county"], roll.pk, tmp_path / "ret2.csv")
    roll.refresh_from_db()
    assert roll.status == "reconciled" and not PayrollLine.objects.filter(payroll=roll).exclude(status="paid").exists()


def test_a_name_gbk_cannot_write_is_never_a_question_mark(world, locked, tmp_path):
    """王𠮷: GB18030 where the layout allows it (the same bytes for every GBK character); otherwise the export stops
    and names the rows — it never writes "?"."""
    ent = world["paid"]["dibao_a"][0]
    Person = type(ent.payee)
    Person.objects.filter(pk=ent.payee_id).update(name="王𠮷")
    with pytest.raises(ValidationFailed) as refused:
        bank_files.export(world["county"], locked.pk, "txt", tmp_path / "fixed.txt", layout="fixed_gbk")
    assert f"第 {locked.pk}-{ent.pk} 笔领取人姓名“王𠮷”中的“𠮷”" in refused.value.errors[0].message
    assert not (tmp_path / "fixed.txt").exists()
    locked.refresh_from_db()
    assert locked.status == "approved"  # nothing happened
    out = tmp_path / "gb18030.csv"
    bank_files.export(world["county"], locked.pk, "csv", out, layout="gbk_csv")
    data = out.read_bytes()
    assert b"?" not in data and "王𠮷" in data.decode("gb18030")
    assert data.decode("gb18030").count("王𠮷") == 1
