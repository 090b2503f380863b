"""Concurrency (issue 11, defect 15): real threads, each with its own database connection, doing the same thing at
the same moment — on SQLite (IMMEDIATE transactions) and on PostgreSQL (SELECT … FOR UPDATE) alike, as `make test`
runs the suite on both. Each must have exactly one effect: the audit chain still verifies with gap-free sequence
numbers; two payroll generations of a month make one payroll per township; two reconciliations of the same bank
return apply it once; two officers confirming the same case make one decision and one entitlement."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from minzheng.core import audit
from minzheng.core.errors import ServiceError
from minzheng.core.models import AuditEntry


def _together(count: int, work: Callable[[int], object]) -> list:
    """Run work(i) in `count` threads released at once; each result or the exception it raised."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # reported to the test, which decides what is acceptable
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return results


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_the_audit_chain_whole():
    before = AuditEntry.objects.count()

    def write(i: int) -> int:
        for n in range(10):
            audit.record(None, audit.Event("login", "user", f"{i}-{n}", "", {"writer": i, "n": n}))
        return i

    results = _together(4, write)
    assert results == [0, 1, 2, 3], results
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert len(seqs) == before + 40
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # no gap, no repeat
    assert audit.verify().ok


@pytest.mark.django_db(transaction=True)
def test_two_generations_of_the_same_month_make_one_payroll_each(make_user, monkeypatch):
    from decimal import Decimal

    from minzheng.payroll.models import Payroll, PayrollLine
    from minzheng.payroll.services import generate
    from minzheng.payroll.tests.factories import make_world

    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    world = make_world(make_user)
    results = _together(2, lambda i: generate.generate(None, "2026-04"))
    assert all(not isinstance(r, Exception) or isinstance(r, ServiceError) for r in results), results
    assert any(not isinstance(r, Exception) for r in results)
    assert Payroll.objects.count() == 4  # one per program and township, not two
    assert PayrollLine.objects.count() == len(world["paid"])
    assert PayrollLine.objects.values("entitlement_id", "for_month").distinct().count() == len(world["paid"])
    assert sum(p.total for p in Payroll.objects.all()) == sum(Decimal(a) for _, a in world["paid"].values())


@pytest.mark.django_db(transaction=True)
def test_two_reconciliations_of_the_same_return_file_apply_it_once(make_user, monkeypatch, tmp_path):
    from minzheng.payroll.models import BankReturn, Payroll, PayrollLine
    from minzheng.payroll.services import bank_files, bank_returns, generate
    from minzheng.payroll.tests.factories import ACCOUNT, T1, lock, make_world, refs, write_return

    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    world = make_world(make_user)
    generate.generate(None, "2026-04")
    payroll = Payroll.objects.get(program="dibao", region_code=T1)
    lock(world, payroll)
    bank_files.export(world["county"], payroll.pk, "csv", tmp_path / "bank.csv")
    r = refs(world, payroll)
    path = write_return(tmp_path / "ret.csv", [[r["dibao_a"], ACCOUNT, "1200.00", "成功", ""],
                                               [r["dibao_new"], ACCOUNT, "850.50", "失败", "账户已销户"]])
    results = _together(2, lambda i: bank_returns.reconcile(world["county"], payroll.pk, path))
    assert all(not isinstance(r, Exception) or isinstance(r, ServiceError) for r in results), results
    applied = [r for r in results if isinstance(r, dict)]
    assert sum(r["paid"] + r["failed"] for r in applied) == 2  # each row applied by exactly one of them
    status = dict(PayrollLine.objects.filter(payroll=payroll).values_list("entitlement_id", "status"))
    assert status[world["paid"]["dibao_a"][0].pk] == "paid"
    assert status[world["paid"]["dibao_new"][0].pk] == "failed"
    assert BankReturn.objects.filter(payroll=payroll).count() >= 1
    assert audit.verify().ok
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.django_db(transaction=True)
def test_two_officers_confirming_the_same_case_make_one_decision(staff, api_client, poor_family, demo_standards,
                                                                 monkeypatch, make_user):
    from minzheng.benefits.models import Case, Entitlement
    from minzheng.benefits.services import cases
    from minzheng.benefits.tests.factories import to_submitted

    case = to_submitted(staff, api_client, poor_family, monkeypatch)
    officers = [staff["county"], make_user("county", "330902000000")]
    payee = poor_family[1][0].pk
    results = _together(2, lambda i: cases.act(officers[i], case["id"], "confirm", {"payee_id": payee}))
    done = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(done) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], ServiceError) and refused[0].status == 409, refused
    assert Case.objects.get(pk=case["id"]).state == "approved"
    assert Entitlement.objects.filter(source_case_id=case["id"]).count() == 1
    confirmations = [e for e in AuditEntry.objects.filter(object_type="case", object_id=str(case["id"]))
                     if (e.changes.get("action") or [None, None])[1] == "confirm"]
    assert len(confirmations) == 1
    assert audit.verify().ok
