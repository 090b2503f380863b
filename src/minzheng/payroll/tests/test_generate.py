"""Payroll generation: totals equal the entitlements due, nobody dead, stopped, suspended or not yet started is
paid, one payroll per program/township/month, idempotent reruns (drafts regenerated with the difference), locked
payrolls never change, the database refuses a second payment, scoping, and a process killed halfway."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from minzheng import cli
from minzheng.benefits.models import Entitlement
from minzheng.benefits.tests.factories import account_for, change
from minzheng.core import protected
from minzheng.core.errors import NotFound
from minzheng.payroll.models import Payroll, PayrollLine
from minzheng.payroll.services import approval
from minzheng.payroll.services import generate as gen
from minzheng.payroll.tests.factories import APRIL, T1, T2, D, lines_by_entitlement


@pytest.mark.django_db
def test_one_payroll_per_program_and_township_with_exactly_the_amounts_due(world, capsys):
    assert cli.main(["payroll", "generate", "--month", "2026-04"]) == 0
    out = json.loads(capsys.readouterr().out)
    expected = sum(Decimal(a) for _, a in world["paid"].values())
    assert (out["payrolls"], out["lines"], out["total"]) == (4, len(world["paid"]), str(expected))
    assert isinstance(out["total"], str) and out["total"] == "5850.49"
    assert {(p.program, p.region_code) for p in Payroll.objects.all()} == {
        ("dibao", T1), ("age_allowance", T1), ("dibao", T2), ("dibao", "330903001000")}
    lines = lines_by_entitlement()
    for key, (ent, amount) in world["paid"].items():
        (line,) = lines[ent.pk]
        got = (line.kind, line.amount, line.for_month, line.status)
        assert got == ("regular", Decimal(amount), APRIL, "pending"), key
        assert line.payee_id == ent.payee_id and line.household_id == ent.household_id
        assert protected.unseal(line, "account_enc") == account_for(ent.payee)  # frozen copy of its own, encrypted
        assert isinstance(line.amount, Decimal)
    for p in Payroll.objects.all():
        assert p.total == sum((line.amount for line in p.lines.all()), Decimal("0.00"))
        assert p.line_count == p.lines.count() and p.status == "draft"


@pytest.mark.django_db
def test_nobody_dead_stopped_suspended_or_not_yet_started_is_paid(world):
    gen.generate(None, "2026-04")
    lines = lines_by_entitlement()
    for key, ent in world["unpaid"].items():
        assert ent.pk not in lines, key
    assert world["paid"]["died_in_april"][0].pk in lines  # the month of death is paid (次月起停发)


@pytest.mark.django_db
def test_rerun_returns_locked_payrolls_and_regenerates_drafts_showing_the_difference(world):
    first = gen.generate(None, "2026-04")
    assert len(first["created"]) == 4
    again = gen.generate(None, "2026-04")
    assert again["created"] == [] and sorted(again["regenerated"]) == sorted(first["created"])
    assert (again["payrolls"], again["lines"], again["total"]) == (first["payrolls"], first["lines"], first["total"])
    assert all(d["added"] == d["removed"] == d["changed"] == 0 for d in again["difference"])
    assert PayrollLine.objects.count() == first["lines"]
    # A raise recorded before the draft is checked shows up as a changed line.
    ent = world["paid"]["dibao_a"][0]
    change(ent, "increase", APRIL, old="1200.00", new="1300.00")
    third = gen.generate(None, "2026-04", program="dibao")
    (diff,) = [d for d in third["difference"] if d["changed"]]
    assert diff["total_after"] == str(Decimal(diff["total_before"]) + 100)
    assert diff["examples"][0] | {"payroll_id": 0} == {
        "entitlement_id": ent.pk, "kind": "regular", "for_month": "2026-04", "change": "changed", "before": "1200.00",
        "amount": "1300.00", "payroll_id": 0}
    assert Payroll.objects.get(pk=diff["payroll_id"]).generations == 3


@pytest.mark.django_db
def test_a_locked_payroll_never_changes(world):
    gen.generate(None, "2026-04")
    p = Payroll.objects.get(program="dibao", region_code=T1)
    approval.act(world["township"], p.pk, "check")
    approval.act(world["county"], p.pk, "approve")
    before = sorted(PayrollLine.objects.filter(payroll=p).values_list("entitlement_id", "kind", "amount_fen"))
    ent = world["paid"]["dibao_a"][0]
    change(ent, "increase", APRIL, old="1200.00", new="1500.00")
    Entitlement.objects.filter(pk=world["unpaid"]["future"].pk).update(start_month=APRIL)
    out = gen.generate(None, "2026-04")
    assert p.pk in out["unchanged"]
    p.refresh_from_db()
    assert p.status == "approved" and p.generations == 1
    assert sorted(PayrollLine.objects.filter(payroll=p).values_list("entitlement_id", "kind", "amount_fen")) == before
    # The raise is paid next month, as a difference for April.
    p.status = "approved"
    may = gen.generate(None, "2026-05", program="dibao")
    assert may["lines"] > 0
    diff = PayrollLine.objects.get(entitlement=ent, month=D(2026, 5, 1), kind="difference")
    assert (diff.for_month, diff.amount) == (APRIL, Decimal("300.00"))
    late = PayrollLine.objects.get(entitlement=world["unpaid"]["future"], month=D(2026, 5, 1), kind="arrears")
    assert (late.for_month, late.amount) == (APRIL, Decimal("900.00"))


@pytest.mark.django_db
def test_a_paid_entitlement_or_payroll_cannot_be_deleted(world):
    """The line's keys are Django's (ADR 0016: the database checks none of them, for speed): deleting what a line
    points at is still refused."""
    from django.db.models import ProtectedError

    gen.generate(None, "2026-04")
    line = PayrollLine.objects.first()
    for target in (line.entitlement, line.payroll):
        with pytest.raises(ProtectedError), transaction.atomic():
            target.delete()
    assert PayrollLine.objects.filter(pk=line.pk, entitlement_id=line.entitlement_id,
                                      payroll_id=line.payroll_id).exists()


@pytest.mark.django_db
def test_the_database_refuses_a_second_payment_of_the_same_month(world):
    gen.generate(None, "2026-04")
    line = PayrollLine.objects.filter(kind="regular").first()
    other = Payroll.objects.exclude(pk=line.payroll_id).first()
    for kind in ("regular", "arrears"):
        clone = PayrollLine(**{f.attname: getattr(line, f.attname) for f in PayrollLine._meta.concrete_fields
                               if f.attname != "id"})
        clone.payroll_id, clone.kind, clone.month = other.pk, kind, D(2026, 5, 1)
        with pytest.raises(IntegrityError), transaction.atomic():
            clone.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Payroll.objects.create(program=other.program, region_code=other.region_code, month=other.month,
                               generated_at=other.generated_at)


@pytest.mark.django_db
def test_scoping_of_generation_and_reads(world, api_client):
    out = gen.generate(world["township"], "2026-04")
    assert {p.region_code for p in Payroll.objects.all()} == {T1}
    assert out["payrolls"] == 2
    with pytest.raises(NotFound):
        gen.generate(world["township"], "2026-04", region_code="330902002")
    gen.generate(world["county"], "2026-04")
    assert {p.region_code for p in Payroll.objects.all()} == {T1, T2}  # not 普陀区
    gen.generate(None, "2026-04")
    township = api_client(world["township"])
    rows = township.get("/api/v1/payrolls?month=2026-04").json()["items"]
    assert {r["region_code"] for r in rows} == {T1} and len(rows) == 2
    other = Payroll.objects.get(region_code=T2)
    assert township.get(f"/api/v1/payrolls/{other.pk}/lines").status_code == 404
    assert api_client(world["village"]).get("/api/v1/payrolls?month=2026-04").status_code == 403  # not an empty list
    assert api_client(world["county"]).get("/api/v1/payrolls?month=2026-04").json()["count"] == 3
    assert api_client(world["city"]).get("/api/v1/payrolls?month=2026-04").json()["count"] == 4
    mine = Payroll.objects.get(region_code=T1, program="dibao")
    lines = township.get(f"/api/v1/payrolls/{mine.pk}/lines").json()["items"]
    assert {(r["entitlement_id"], r["amount"], r["kind"], r["status"]) for r in lines} == {
        (world["paid"][k][0].pk, world["paid"][k][1], "regular", "pending")
        for k in ("dibao_a", "dibao_new", "gradual_exit", "raised")}
    assert all(set(r) >= {"person_id", "entitlement_id", "amount", "kind", "status"} for r in lines)
    assert all("*" in r["account"] for r in lines)  # masked in reads


def _child_env() -> dict:
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    else:
        url = f"sqlite:///{s['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "minzheng.settings",
            "MINZHENG_TODAY": "2026-04-10"}


@pytest.mark.django_db(transaction=True)
def test_a_process_killed_halfway_then_rerun_gives_one_complete_payroll_each(world):
    expected = sum(Decimal(a) for _, a in world["paid"].values())
    env = _child_env() | {gen.CRASH_ENV: "1"}  # die inside the second township's transaction
    cmd = [sys.executable, "-m", "minzheng", "payroll", "generate", "--month", "2026-04"]
    killed = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert killed.returncode == -9, killed.stderr
    done = list(Payroll.objects.all())
    assert {p.region_code for p in done} == {T1}  # the first township committed, the second rolled back
    assert all(p.line_count == p.lines.count() > 0 for p in done)
    env.pop(gen.CRASH_ENV)
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert rerun.returncode == 0, rerun.stderr
    out = json.loads(rerun.stdout)
    assert (out["payrolls"], out["lines"], out["total"]) == (4, len(world["paid"]), str(expected))
    assert Payroll.objects.count() == 4 and PayrollLine.objects.count() == len(world["paid"])
    assert sum(p.total for p in Payroll.objects.all()) == expected
    assert PayrollLine.objects.values("entitlement_id", "for_month").distinct().count() == len(world["paid"])
