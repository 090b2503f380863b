"""临时救助 paid exactly once, and a death reported by a department holding payment without waiting for anyone."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.benefits.models import Entitlement, PaymentHold
from minzheng.benefits.tests.factories import VISIT, act, open_case, today
from minzheng.payroll.models import Payroll, PayrollLine, Recovery
from minzheng.payroll.services import approval, bank_files
from minzheng.payroll.services import generate as gen
from minzheng.payroll.tests.factories import APRIL, T1, lines_by_entitlement, lock
from minzheng.verification import compare
from minzheng.verification import selectors as verification_selectors
from minzheng.verification import services as findings
from minzheng.verification.models import Finding
from minzheng.verification.tests.factories import load

pytestmark = pytest.mark.django_db
D = dt.date


def approved_temporary(staff, api_client, family, monkeypatch) -> Entitlement:
    """A 支出型临时救助 of 1,500 元, within the township's limit: approved by the township on 2026-11-10."""
    case = open_case(staff, api_client, family, monkeypatch, program="temporary", subtype="expense",
                     facts={"requested_amount": "1500.00"})
    town, county = api_client(staff["township"]), api_client(staff["county"])
    act(town, case["id"], "accept")
    act(town, case["id"], "record_home_visit", **VISIT)
    act(town, case["id"], "request_verification")
    act(county, case["id"], "record_verification", result="passed", report_ref="HD-1")
    act(town, case["id"], "initial_review", opinion="情况属实", recommend="approve")
    act(town, case["id"], "publish_notice")
    today(monkeypatch, "2026-11-10")
    act(town, case["id"], "submit")
    act(town, case["id"], "confirm")
    return Entitlement.objects.get(source_case_id=case["id"])


def test_temporary_assistance_is_paid_once_in_the_next_payroll_and_its_bank_file_and_never_again(
        staff, api_client, poor_family, demo_standards, monkeypatch, tmp_path):
    ent = approved_temporary(staff, api_client, poor_family, monkeypatch)
    month = ent.start_month
    town = Client()
    assert town.login(username=staff["township"].username, password=PASSWORD)
    letter = town.get(f"/benefits/cases/{ent.source_case_id}/print/decision/").content.decode()
    assert "您于 2026-11-02 申请的临时救助" in letter and "核定救助金额 1500.00 元，一次性发放" in letter
    assert "按月发放" not in letter
    gen.generate(None, month)
    gen.generate(None, month)  # regenerating the draft changes nothing
    lines = list(PayrollLine.objects.filter(entitlement=ent))
    assert [(x.kind, x.amount, x.for_month) for x in lines] == [("one_off", Decimal("1500.00"), month)]
    payroll = lines[0].payroll
    assert payroll.program == "temporary" and payroll.total == Decimal("1500.00")
    approval.act(staff["township"], payroll.pk, "check")
    approval.act(staff["county"], payroll.pk, "approve")
    out = tmp_path / "bank.csv"
    bank_files.export(staff["county"], payroll.pk, "csv", out)
    text = out.read_text(encoding="utf-8-sig")
    assert "1500.00" in text and "62220202000012345" in re.sub(r"\s", "", text)
    for later in (1, 2):  # the next months pay it no more
        next_month = dt.date(month.year + (month.month + later - 1) // 12, (month.month + later - 1) % 12 + 1, 1)
        today(monkeypatch, f"{next_month:%Y-%m}-05")
        gen.generate(None, next_month)
    assert PayrollLine.objects.filter(entitlement=ent).count() == 1


def generate_and_lock(world, month: str) -> None:
    gen.generate(None, month, program="dibao", region_code=T1)
    lock(world, Payroll.objects.get(program="dibao", region_code=T1, month=dt.date.fromisoformat(f"{month}-01")))


@pytest.fixture
def paid_in_march(world, tmp_path, monkeypatch):
    """`make_world`'s 低保 recipient 甲 (城东街道) paid for January–March in locked payrolls."""
    for month in ("2026-01", "2026-02", "2026-03"):
        monkeypatch.setenv("MINZHENG_TODAY", f"{month}-10")
        generate_and_lock(world, month)
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    return world["paid"]["dibao_a"][0]


def test_a_death_in_the_feed_holds_payment_at_once_and_confirming_recovers_what_was_paid_after(
        world, paid_in_march, tmp_path, monkeypatch):
    ent = paid_in_march
    load(tmp_path, "death", ["id_number", "death_date"], [(ent.payee.id_number, "2026-02-20")], as_of="2026-04-05")
    compare.run("2026-04")
    finding = Finding.objects.get(rule="death", entitlement=ent)
    hold = PaymentHold.objects.get(entitlement=ent)
    assert hold.from_month == D(2026, 3, 1) and hold.released_on is None
    # Nobody has confirmed anything: April does not pay him, and the rest of the township is paid as usual.
    gen.generate(None, "2026-04", program="dibao")
    april = lines_by_entitlement(APRIL)
    assert ent.pk not in april and world["paid"]["dibao_new"][0].pk in april
    # The township confirms the death: the registry records it, payment stops from March (the month after death)
    # and March, already paid, is recovered by the next generation.
    assert "death" in verification_selectors.outcomes_for(world["township"], finding)
    findings.confirm(world["township"], finding.pk, "death", {"reason": "公安死亡信息属实"})
    ent.refresh_from_db()
    assert ent.status == "stopped" and ent.end_month == D(2026, 2, 1) and ent.payee.death_date == D(2026, 2, 20)
    hold.refresh_from_db()
    assert hold.outcome == "confirmed" and hold.released_on is not None
    gen.generate(None, "2026-04", program="dibao")
    recovery = Recovery.objects.get(entitlement=ent)
    assert (recovery.from_month, recovery.to_month, recovery.amount_fen) == (D(2026, 3, 1), D(2026, 3, 1), 120000)
    assert ent.pk not in lines_by_entitlement(APRIL)


def test_a_dismissed_death_releases_the_hold_and_the_held_month_is_paid_as_arrears(
        world, paid_in_march, tmp_path, monkeypatch):
    ent = paid_in_march
    load(tmp_path, "death", ["id_number", "death_date"], [(ent.payee.id_number, "2026-03-20")], as_of="2026-04-05")
    compare.run("2026-04")
    generate_and_lock(world, "2026-04")
    assert ent.pk not in lines_by_entitlement(APRIL)  # held from April (died in March: March was due)
    finding = Finding.objects.get(rule="death", entitlement=ent)
    findings.dismiss(world["township"], finding.pk, "同名同姓，本人健在，已入户核实")
    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-10")
    gen.generate(None, "2026-05", program="dibao")
    may = [(x.kind, x.for_month, x.amount) for x in PayrollLine.objects.filter(entitlement=ent, month=D(2026, 5, 1))]
    assert sorted(may) == [("arrears", APRIL, Decimal("1200.00")), ("regular", D(2026, 5, 1), Decimal("1200.00"))]
    assert not Payroll.objects.filter(month=D(2026, 5, 1), program="temporary").exists()
