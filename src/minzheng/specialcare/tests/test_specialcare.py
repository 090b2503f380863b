"""Special care: registration by ID number, pensions by category and grade paid by the kernel, the annual raise
back-paid once to every entitled person, 义务兵家庭优待金 once a year, certification, 光荣院, the end of a
registration stopping the payment, and the timely-payment rate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.benefits.models import Entitlement
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.payroll.models import PayrollLine
from minzheng.specialcare import selectors, services
from minzheng.specialcare.tests.factories import granted, person, registered, standards

D = dt.date


def on(monkeypatch, day: str) -> None:
    monkeypatch.setenv("MINZHENG_TODAY", day)


def _payroll(monkeypatch, month: str):
    from minzheng.payroll.services import generate

    on(monkeypatch, f"{month}-05")
    generate.generate(None, month)


def _lines(ent, month=None):
    qs = PayrollLine.objects.filter(entitlement=ent)
    if month:
        qs = qs.filter(month=month)
    return sorted((f"{line.for_month:%Y-%m}", line.kind, line.amount_fen) for line in qs)


def test_registration_checks_the_id_number(staff):
    p, number = person(staff["village"], "张卫国")
    with pytest.raises(ValidationFailed, match="格式"):
        services.register(staff["township"], {"id_number": "330902195001011234", "category": "martyr_family"})
    with pytest.raises(ValidationFailed) as exc:
        services.register(staff["township"], {"id_number": number, "category": "disabled_veteran"})
    assert {e.field for e in exc.value.errors} == {"nature", "grade"}
    row = services.register(staff["township"], {"id_number": number, "category": "disabled_veteran",
                                                "nature": "war", "grade": 1})
    assert row.person_id == p.pk and row.id_verified_on is not None
    with pytest.raises(Conflict):
        services.register(staff["township"], {"id_number": number, "category": "disabled_veteran",
                                              "nature": "war", "grade": 2})
    with pytest.raises(Forbidden):
        services.register(staff["village"], {"id_number": number, "category": "martyr_family"})


def test_the_annual_raise_back_pays_every_entitled_person_once(staff, monkeypatch):
    on(monkeypatch, "2025-12-10")
    standards(staff["county"])
    people = [registered(staff, "烈属甲", "martyr_family"),
              registered(staff, "伤残乙", "disabled_veteran", nature="war", grade=1),
              registered(staff, "复员丙", "demobilized_veteran")]
    ents = [Entitlement.objects.get(source_case=granted(staff, e)) for e in people]
    assert [e.monthly_amount for e in ents] == [Decimal("2000.00"), Decimal("5000.00"), Decimal("1000.00")]
    assert all(e.start_month == D(2026, 1, 1) for e in ents)
    for month in ("2026-01", "2026-02", "2026-03"):
        _payroll(monkeypatch, month)
    on(monkeypatch, "2026-04-02")
    standards(staff["county"], {("special_pension", "martyr_family"): "2200",
                                ("special_pension", "disabled_war_1"): "5500",
                                ("special_subsidy", "demobilized_veteran"): "1100"}, effective_from="2026-01-01")
    out = services.adjust(staff["county"], {"effective_month": "2026-01", "reason": "2026年度优抚标准调整"})
    assert (out["examined"], out["raised"], out["errors"]) == (3, 3, [])
    _payroll(monkeypatch, "2026-04")
    _payroll(monkeypatch, "2026-04")  # regenerating the draft changes nothing
    for ent, raise_fen, new_fen in zip(ents, (20000, 50000, 10000), (220000, 550000, 110000), strict=True):
        assert _lines(ent, D(2026, 4, 1)) == [("2026-01", "difference", raise_fen),
                                              ("2026-02", "difference", raise_fen),
                                              ("2026-03", "difference", raise_fen), ("2026-04", "regular", new_fen)]
    again = services.adjust(staff["county"], {"effective_month": "2026-01", "reason": "重复执行"})
    assert (again["raised"], again["unchanged"]) == (0, 3)
    _payroll(monkeypatch, "2026-05")
    for ent, new_fen in zip(ents, (220000, 550000, 110000), strict=True):
        assert _lines(ent, D(2026, 5, 1)) == [("2026-05", "regular", new_fen)]  # back-paid once, not again
    for role in ("township", "city"):  # the city supervises; it decides no entitlement
        with pytest.raises(Forbidden, match="县级民政部门"):
            services.adjust(staff[role], {"effective_month": "2026-01", "reason": "x"})


def test_conscript_allowance_is_paid_once(staff, monkeypatch):
    on(monkeypatch, "2026-03-10")
    standards(staff["county"])
    family = registered(staff, "义务兵家属丁", "conscript_family")
    ent = Entitlement.objects.get(source_case=granted(staff, family))
    for month in ("2026-04", "2026-05"):
        _payroll(monkeypatch, month)
    assert _lines(ent) == [("2026-04", "one_off", 1200000)]


def test_a_member_not_in_the_register_is_refused_by_the_policy(staff, monkeypatch):
    from minzheng.benefits.services import cases

    on(monkeypatch, "2026-03-10")
    standards(staff["county"])
    e = registered(staff, "参战戊", "war_participant")
    services.end(staff["township"], e.pk, {"ended_on": "2026-03-01", "reason": "moved"})
    with pytest.raises(Conflict):
        services.apply(staff["township"], {"entitled_id": e.pk})
    case = granted(staff, registered(staff, "参战己", "war_participant"))
    assert case.amount == Decimal("600.00")
    with pytest.raises(ValidationFailed):  # no case for a person outside the register
        cases.create_case(staff["township"], {"program": "special_subsidy", "household_id": case.household_id,
                                              "applicant_id": case.applicant_id, "beneficiary_id": 10 ** 12})


def test_end_of_registration_stops_the_pension(staff, monkeypatch):
    on(monkeypatch, "2026-01-10")
    standards(staff["county"])
    e = registered(staff, "病故军人遗属庚", "illness_death_family")
    standards_missing = granted  # the item is not set: the county cannot confirm without the standard
    with pytest.raises(Exception, match="缺少标准"):
        standards_missing(staff, e)
    e2 = registered(staff, "伤残辛", "disabled_veteran", nature="illness", grade=6)
    ent = Entitlement.objects.get(source_case=granted(staff, e2))
    on(monkeypatch, "2026-03-10")
    with pytest.raises(Forbidden, match="停发"):  # stopping a payment is the county's decision (kernel rule)
        services.end(staff["township"], e2.pk, {"ended_on": "2026-03-05", "reason": "death"})
    e2.refresh_from_db()
    assert e2.status == "active"  # nothing half-written
    services.end(staff["county"], e2.pk, {"ended_on": "2026-03-05", "reason": "death"})
    ent.refresh_from_db()
    assert ent.status == "stopped" and ent.end_month == D(2026, 3, 1)


def test_certification_glory_home_and_timely_rate(staff, monkeypatch):
    on(monkeypatch, "2025-12-10")
    standards(staff["county"])
    a = registered(staff, "烈属壬", "martyr_family")
    b = registered(staff, "复员癸", "demobilized_veteran")
    for e in (a, b):
        granted(staff, e)
    on(monkeypatch, "2026-02-10")
    services.certify(staff["township"], {"entitled_id": a.pk, "year": 2026, "method": "visit"})
    with pytest.raises(Conflict):
        services.certify(staff["township"], {"entitled_id": a.pk, "year": 2026, "method": "visit"})
    assert [e.pk for e in selectors.uncertified(staff["county"], 2026)] == [b.pk]
    services.admit(staff["county"], {"entitled_id": b.pk, "home": "定海区光荣院", "admitted_on": "2026-02-01"})
    assert selectors.residents_for(staff["county"]).count() == 1
    _lock_months(monkeypatch, ("2026-01", "2026-02"))
    rate = selectors.timely(staff["county"], 2026)
    assert (rate["due"], rate["paid_on_time"], rate["rate"]) == (4, 3, "75.0")


def _lock_months(monkeypatch, months):
    """Generate, lock, and mark the bank's answer: every line paid except February's second one (failed)."""
    from minzheng.payroll.models import Payroll

    for month in months:
        _payroll(monkeypatch, month)
    Payroll.objects.update(status="approved")
    lines = list(PayrollLine.objects.order_by("for_month", "entitlement_id"))
    PayrollLine.objects.filter(pk__in=[line.pk for line in lines[:-1]]).update(status="paid")
    PayrollLine.objects.filter(pk=lines[-1].pk).update(status="failed")
