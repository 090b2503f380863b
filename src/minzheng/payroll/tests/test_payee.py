"""A household's payee dies while the household keeps its 低保: the payroll holds the money back (no payment to the
dead), the township finds the entitlement on its work list, records a new payee, and the next payroll pays the
held-back month as arrears — once."""

from __future__ import annotations

import pytest

from minzheng.benefits.selectors import payee_deceased
from minzheng.benefits.services import entitlements as ents
from minzheng.benefits.tests.factories import entitle
from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.payroll.models import PayrollLine
from minzheng.payroll.services import generate as gen
from minzheng.payroll.tests.factories import T1, D, lock_month
from minzheng.registry.models import Person
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db


def test_a_new_payee_after_the_payee_died_gets_the_held_back_month(make_user, monkeypatch):
    clerk, township, county = (make_user("village", "330902001001"), make_user("township", T1),
                               make_user("county", "330902000000"))
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-10")
    household, (mother, son) = make_family(clerk, [("李母", "19500101", "F"), ("李子", "19800101", "M")])
    ent = entitle(household, mother, amount="900.00", start=D(2026, 1, 1))
    gen.generate(None, "2026-03")
    lock_month(D(2026, 3, 1), township, county)

    Person.objects.filter(pk=mother.pk).update(death_date=D(2026, 3, 20))  # the payee died; the son still lives there
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    gen.generate(None, "2026-04")
    assert not PayrollLine.objects.filter(entitlement=ent, month=D(2026, 4, 1)).exists()  # held back
    assert [e.pk for e in payee_deceased(township)] == [ent.pk]
    lock_month(D(2026, 4, 1), township, county)

    with pytest.raises(Forbidden):
        ents.act(clerk, ent.pk, "change_payee", {"payee_id": son.pk, "bank_account": "6222000011112222",
                                                 "reason": "原领取人去世"})
    with pytest.raises(ValidationFailed) as exc:
        ents.act(township, ent.pk, "change_payee", {"payee_id": mother.pk, "reason": "x"})
    fields = {e.field for e in exc.value.errors}
    assert {"payee_id", "bank_account"} <= fields
    ents.act(township, ent.pk, "change_payee", {"payee_id": son.pk, "bank_account": "6222 0000 1111 2222",
                                                "bank_name": "农商银行", "reason": "原领取人去世"})
    ent.refresh_from_db()
    assert ent.payee_id == son.pk and ent.bank_account_masked.endswith("2222")
    assert list(payee_deceased(township)) == []

    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-10")
    gen.generate(None, "2026-05")
    may = sorted((x.kind, x.for_month.month, x.amount_fen, x.payee_id)
                 for x in PayrollLine.objects.filter(entitlement=ent, month=D(2026, 5, 1)))
    assert may == [("arrears", 4, 90000, son.pk), ("regular", 5, 90000, son.pk)]
    lock_month(D(2026, 5, 1), township, county)
    gen.generate(None, "2026-06")
    assert not PayrollLine.objects.filter(entitlement=ent, month=D(2026, 6, 1), kind="arrears").exists()


def test_the_case_page_changes_the_payee(make_user, monkeypatch):
    from django.test import Client

    from conftest import PASSWORD

    clerk, township = make_user("village", "330902001001"), make_user("township", T1)
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    household, (mother, son) = make_family(clerk, [("王母", "19500101", "F"), ("王子", "19800101", "M")])
    ent = entitle(household, mother, amount="900.00", start=D(2026, 1, 1))
    Person.objects.filter(pk=mother.pk).update(death_date=D(2026, 3, 20))
    client = Client()
    client.post("/login/", {"username": township.username, "password": PASSWORD})
    inbox = client.get("/inbox/").content.decode()
    assert f'/benefits/cases/{ent.source_case_id}/#entitlements' in inbox
    url = f"/benefits/cases/{ent.source_case_id}/entitlements/{ent.pk}/payee/"
    client.post(url, {"payee_id": str(son.pk), "bank_account": "12", "reason": "去世"})  # account too short
    ent.refresh_from_db()
    assert ent.payee_id == mother.pk
    client.post(url, {"payee_id": str(son.pk), "bank_account": "6222000011112222", "reason": "原领取人去世"})
    ent.refresh_from_db()
    assert ent.payee_id == son.pk
