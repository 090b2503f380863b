"""The payment rules (payroll.policy, pure, with worked examples as doctests) and the set-based generator agreeing
with them over several months: arrears for an entitlement confirmed late, the difference after a backdated raise,
back-pay after a survival-check suspension, recoveries of overpayments (death reported late, a stop recorded
late) deducted within the allowed share or tracked to repayment."""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest

from minzheng.benefits.models import Entitlement
from minzheng.benefits.services import entitlements as ents
from minzheng.benefits.tests.factories import entitle
from minzheng.payroll import policy, selectors
from minzheng.payroll.models import Payroll, PayrollLine, Recovery
from minzheng.payroll.services import generate as gen
from minzheng.payroll.tests.factories import T1, T2, D, lock_month
from minzheng.registry.models import Person
from minzheng.registry.tests.factories import person_household


def test_worked_examples():
    result = doctest.testmod(policy)
    assert result.attempted >= 12 and result.failed == 0


@pytest.mark.parametrize("regular, owed, share, expected", [
    (100000, 1000000, "0.5", 50000), (33333, 1000000, "0.3", 9999), (100000, 1234, "0.5", 1234),
    (100000, 0, "0.5", 0), (100000, 5000, "0", 0), (1, 100, "0.5", 0)])
def test_deduction_is_truncated_to_the_fen_and_never_exceeds_the_share_or_the_debt(regular, owed, share, expected):
    assert policy.deduction_fen(regular, owed, Decimal(share)) == expected
    assert policy.deduction_fen(regular, owed, Decimal(share)) <= regular * Decimal(share)


def test_expected_lines_never_pay_a_month_twice():
    april = D(2026, 4, 1)
    due = {D(2026, m, 1): 1000 for m in (1, 2, 3, 4)}
    lines = policy.expected_lines(due, april, paid={D(2026, 1, 1): 1000, D(2026, 3, 1): 1000},
                                 window_from=D(2026, 1, 1))
    assert lines == [("regular", april, 1000), ("arrears", D(2026, 2, 1), 1000)]
    assert policy.expected_lines(due, april, paid={april: 1000}, window_from=None) == []


@pytest.fixture
def months(make_user, monkeypatch, settings):
    """January to March 2026 paid and locked in 城东街道, then the late news of April."""
    settings.MINZHENG_RECOVERY_MAX_SHARE = "0.5"
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    clerk = make_user("village", "330902001001")
    township, county = make_user("township", T1), make_user("county", "330902000000")
    e = {}
    for key, program, amount in (("normal", "dibao", "500.00"), ("raised", "dibao", "500.00"),
                                 ("survival", "age_allowance", "100.00"), ("dead", "age_allowance", "300.00"),
                                 ("stopped_late", "dibao", "1000.00"), ("owes", "dibao", "1000.00")):
        h, p = person_household(clerk, key, "19400101")
        e[key] = entitle(h, p, program, amount, person=p if program == "age_allowance" else None)
    for m in (1, 2, 3):
        if m == 2:  # no survival check by February: suspended from February (NATIONAL_RULES §1.11)
            ents.act(county, e["survival"].pk, "suspend", {"effective_month": "2026-02", "reason": "未按时生存认证"})
        gen.generate(None, D(2026, m, 1))
        lock_month(D(2026, m, 1), township, county)
    # April news:
    h, p = person_household(clerk, "late", "19400101")
    e["late"] = entitle(h, p, "dibao", "700.00", start=D(2026, 1, 1))  # confirmed with effect from January
    ents.act(county, e["raised"].pk, "increase", {"new_amount": "600.00", "effective_month": "2026-02",
                                                  "reason": "补充核实后增发"})
    ents.act(county, e["survival"].pk, "resume", {"effective_month": "2026-02", "reason": "已补做生存认证，补发"})
    Person.objects.filter(pk=e["dead"].person_id).update(death_date=D(2026, 2, 10))  # reported in April
    Entitlement.objects.filter(pk=e["stopped_late"].pk).update(status="stopped", end_month=D(2026, 2, 1))
    manual = Recovery.objects.create(entitlement=e["owes"], program="dibao", region_code=e["owes"].region_code,
                                     household=e["owes"].household, payee=e["owes"].payee, from_month=D(2025, 12, 1),
                                     to_month=D(2025, 12, 1), amount_fen=70000, reason="核查发现多发",
                                     found_on=D(2026, 4, 1))
    return {"e": e, "township": township, "county": county, "manual": manual}


def reference(ent, month):
    """policy.expected_lines for one entitlement from its history and the lines already in payrolls."""
    ent.refresh_from_db()
    changes = list(ent.changes.all())
    ben = Person.objects.get(pk=ent.person_id).death_date if ent.person_id else None
    payee = Person.objects.get(pk=ent.payee_id).death_date
    due = {}
    for m in range(1, month.month + 1):
        day = D(2026, m, 1)
        amount = ents.amount_in_month(ent, day, changes)
        due[day] = policy.month_due_fen({day: int(amount * 100)}, day, ben, payee)
    paid = {}
    earlier = PayrollLine.objects.filter(entitlement=ent, month__lt=month).exclude(kind="deduction")
    for line in earlier:
        paid[line.for_month] = paid.get(line.for_month, 0) + line.amount_fen
    base = set(earlier.filter(kind__in=("regular", "arrears")).values_list("for_month", flat=True))
    return sorted(policy.expected_lines(due, month, paid, D(2026, 1, 1), base), key=lambda x: (x[0], x[1]))


@pytest.mark.django_db
def test_april_pays_arrears_differences_and_back_pay_exactly_as_the_rules_say(months):
    e = months["e"]
    april = D(2026, 4, 1)
    out = gen.generate(None, "2026-04")
    assert out["recoveries_found"] == 2
    for key, ent in e.items():
        lines = PayrollLine.objects.filter(entitlement=ent, month=april).exclude(kind="deduction")
        got = sorted((x.kind, x.for_month, x.amount_fen) for x in lines)
        assert got == reference(ent, april), key
    fen = {k: sorted((x.kind, x.for_month.month, x.amount_fen) for x in
                     PayrollLine.objects.filter(entitlement=ent, month=april)) for k, ent in e.items()}
    assert fen["late"] == [("arrears", 1, 70000), ("arrears", 2, 70000), ("arrears", 3, 70000), ("regular", 4, 70000)]
    assert fen["raised"] == [("difference", 2, 10000), ("difference", 3, 10000), ("regular", 4, 60000)]
    assert fen["survival"] == [("arrears", 2, 10000), ("arrears", 3, 10000), ("regular", 4, 10000)]
    assert fen["dead"] == [] and fen["stopped_late"] == []
    assert fen["owes"] == [("deduction", 4, -50000), ("regular", 4, 100000)]  # at most half of the month
    total = sum(p.total for p in Payroll.objects.filter(month=april))
    assert total == Decimal(500) + 2100 + 700 + 200 + 600 + 200 + 100 + 1000 - 500
    # The arrears months are now paid: the next month has no arrears, and nothing can pay them again.
    lock_month(april, months["township"], months["county"])
    gen.generate(None, "2026-05")
    assert not PayrollLine.objects.filter(month=D(2026, 5, 1), kind__in=("arrears", "difference")).exists()
    assert PayrollLine.objects.get(entitlement=e["owes"], month=D(2026, 5, 1), kind="deduction").amount_fen == -20000


@pytest.mark.django_db
def test_overpayments_become_recoveries_once_and_are_tracked_to_repayment(months, api_client):
    e = months["e"]
    gen.generate(None, "2026-04")
    gen.generate(None, "2026-04")  # found once
    dead = Recovery.objects.get(entitlement=e["dead"])
    assert (dead.from_month, dead.to_month, dead.amount_fen) == (D(2026, 3, 1), D(2026, 3, 1), 30000)
    assert "死亡" in dead.reason and "多发 300.00 元" in dead.reason
    stopped = Recovery.objects.get(entitlement=e["stopped_late"])
    assert (stopped.from_month, stopped.amount_fen) == (D(2026, 3, 1), 100000)
    assert Recovery.objects.count() == 3
    # Nothing more is paid to these entitlements, so they are repaid instead.
    out = selectors.get_recovery(months["township"], dead.pk)
    assert (out.outstanding_fen, out.deducted_fen, out.status) == (30000, 0, "open")
    client = api_client(months["township"])
    assert client.post(f"/api/v1/recoveries/{dead.pk}/repay", {"amount": "400"},
                       content_type="application/json").status_code == 422
    r = client.post(f"/api/v1/recoveries/{dead.pk}/repay", {"amount": "300.00"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "settled" and r.json()["outstanding"] == "0.00"
    listed = client.get("/api/v1/recoveries").json()
    assert {x["id"] for x in listed["items"]} == {dead.pk, stopped.pk, months["manual"].pk} and listed["count"] == 3
    assert client.get("/api/v1/recoveries?status=open").json()["count"] == 2


@pytest.mark.django_db
def test_deductions_settle_the_recovery_when_locked(months, monkeypatch):
    manual = months["manual"]
    for m in (4, 5):
        monkeypatch.setenv("MINZHENG_TODAY", f"2026-{m:02d}-10")  # a payroll is made in its month (or the one before)
        gen.generate(None, D(2026, m, 1))
        lock_month(D(2026, m, 1), months["township"], months["county"])
    manual.refresh_from_db()
    assert manual.status == "settled" and selectors.deducted_fen(manual) == 70000
    listed = selectors.get_recovery(months["county"], manual.pk)  # the list's figures, computed in the query
    assert (listed.deducted_fen, listed.outstanding_fen) == (70000, 0)
    monkeypatch.setenv("MINZHENG_TODAY", "2026-06-10")
    gen.generate(None, "2026-06")
    assert not PayrollLine.objects.filter(month=D(2026, 6, 1), kind="deduction").exists()


@pytest.mark.django_db
def test_an_entitlement_moved_to_another_township_is_paid_there_without_paying_a_month_twice(make_user, monkeypatch):
    """The next month's candidates are read from this township's own payrolls of last month: an entitlement paid in
    城东街道 until March and moved to 昌国街道 in April (one raised from February) is examined there, paid its
    April and the raise's differences in 昌国街道, and never its earlier months again."""
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    county = make_user("county", "330902000000")
    east, chang = make_user("village", "330902001001"), make_user("village", "330902002001")
    e = {}
    for key, clerk, amount in (("moved", east, "500.00"), ("raised", east, "500.00"), ("stays", chang, "400.00")):
        h, p = person_household(clerk, key, "19400101", region=clerk.region_id)
        e[key] = entitle(h, p, "dibao", amount)
    for m in (1, 2, 3):
        gen.generate(None, D(2026, m, 1))
        Payroll.objects.filter(month=D(2026, m, 1)).update(status="approved")  # locked (approval is tested apart)
    ents.act(county, e["raised"].pk, "increase", {"new_amount": "600.00", "effective_month": "2026-02",
                                                  "reason": "补充核实后增发"})
    Entitlement.objects.filter(pk__in=[e["moved"].pk, e["raised"].pk]).update(region_code="330902002001")
    april = D(2026, 4, 1)
    gen.generate(None, "2026-04")
    for key, ent in e.items():
        lines = PayrollLine.objects.filter(entitlement=ent, month=april)
        assert sorted((x.kind, x.for_month, x.amount_fen) for x in lines) == reference(ent, april), key
        assert {x.payroll.region_code for x in lines} == {T2}, key
    fen = {k: sorted((x.kind, x.for_month.month, x.amount_fen) for x in
                     PayrollLine.objects.filter(entitlement=ent, month=april)) for k, ent in e.items()}
    assert fen["moved"] == [("regular", 4, 50000)]
    assert fen["raised"] == [("difference", 2, 10000), ("difference", 3, 10000), ("regular", 4, 60000)]
    assert fen["stays"] == [("regular", 4, 40000)]
