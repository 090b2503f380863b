"""Disasters: damage reports by village with their deadlines, affected households handed over to monitoring, and the
relief programs decided and paid by the kernel — the one-off paid once, the transitional assistance monthly for its
period and then no more."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.benefits.models import Entitlement
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.relief import selectors
from minzheng.relief.services import disasters
from minzheng.relief.tests.factories import event, family, granted, on

D = dt.date
VILLAGE = "330902001001"


def _report(user, ev, stage, day, **figures):
    return disasters.record_report(user, {"event_id": ev.pk, "region_code": VILLAGE, "stage": stage,
                                          "reported_on": day, "reporter": "张信息员", **figures})


def test_reports_follow_the_stages_with_their_deadlines(staff, report_rules):
    ev = event(staff["county"], started_on="2026-07-01")
    village = staff["village"]
    with pytest.raises(Conflict, match="初报"):
        _report(village, ev, "update", "2026-07-01")
    first = _report(village, ev, "initial", "2026-07-01", affected_persons=120, relocated_persons=30,
                    houses_collapsed=2)
    assert first.due_on == D(2026, 7, 1) and not first.late
    late = _report(village, ev, "update", "2026-07-04", affected_persons=150, relocated_persons=40,
                   houses_collapsed=3, crop_affected="12.50")
    assert late.due_on == D(2026, 7, 2) and late.late  # 续报 due the day after the previous report
    with pytest.raises(Conflict, match="稳定"):
        _report(village, ev, "final", "2026-07-05")
    disasters.end_event(staff["county"], ev.pk, {"ended_on": "2026-07-06"})
    final = _report(village, ev, "final", "2026-07-09", affected_persons=148, relocated_persons=40,
                    houses_collapsed=3, houses_severe=5, crop_affected="12.50", crop_failed="3",
                    direct_loss="86.4")
    assert final.due_on == D(2026, 7, 11) and not final.late
    with pytest.raises(Conflict, match="已核报"):
        _report(village, ev, "update", "2026-07-10")
    totals = selectors.damage_totals(staff["county"], ev)
    assert (totals["affected_persons"], totals["houses_severe"], totals["late_reports"]) == (148, 5, 1)
    assert totals["direct_loss"] == Decimal("86.40")


def test_report_input_is_checked(staff, report_rules):
    ev = event(staff["county"])
    with pytest.raises(ValidationFailed) as exc:
        _report(staff["village"], ev, "initial", "2026-07-01", affected_persons=5, relocated_persons=9,
                crop_affected="1", crop_failed="2")
    assert {e.field for e in exc.value.errors} == {"affected_persons", "crop_failed"}
    with pytest.raises(ValidationFailed, match="村级"):
        disasters.record_report(staff["township"], {"event_id": ev.pk, "region_code": "330902001000",
                                                    "stage": "initial", "reporter": "张"})
    with pytest.raises(Forbidden):
        disasters.create_event(staff["township"], {"name": "x", "kind": "flood", "region_code": "330902001000",
                                                   "started_on": "2026-07-01"})


def test_an_affected_household_is_handed_over_to_monitoring(staff):
    from minzheng.monitoring.models import Warning

    ev = event(staff["county"])
    household, _ = family(staff["village"])
    affected = disasters.register_affected(staff["village"], {"event_id": ev.pk, "household_id": household.pk,
                                                              "house_damage": "collapsed", "note": "房屋全倒"})
    warning = Warning.objects.get(pk=affected.warning_id)
    assert warning.household_id == household.pk and warning.source == "relief"
    assert warning.signals == ["disaster_affected"] and "房屋全倒" in warning.reasons[0]
    assert affected.persons == 3
    with pytest.raises(Conflict):
        disasters.register_affected(staff["village"], {"event_id": ev.pk, "household_id": household.pk})


def _payroll(monkeypatch, month: str):
    from minzheng.payroll.services import generate

    on(monkeypatch, f"{month}-05")
    generate.generate(None, month)


def _lines(ent):
    from minzheng.payroll.models import PayrollLine

    return sorted((f"{line.for_month:%Y-%m}", line.kind, line.amount_fen)
                  for line in PayrollLine.objects.filter(entitlement=ent))


def test_emergency_assistance_is_paid_once_and_transitional_stops_after_its_period(staff, relief_standards,
                                                                                     monkeypatch):
    on(monkeypatch, "2026-07-02")
    ev = event(staff["county"])
    household, _ = family(staff["village"])
    affected = disasters.register_affected(staff["village"], {"event_id": ev.pk, "household_id": household.pk,
                                                              "house_damage": "collapsed"})
    emergency = granted(staff, affected, "disaster_emergency", monkeypatch)
    transition = granted(staff, affected, "disaster_transition", monkeypatch)
    assert (emergency.amount, transition.amount) == (Decimal("900.00"), Decimal("1800.00"))  # 3 people
    e_ent = Entitlement.objects.get(source_case=emergency)
    t_ent = Entitlement.objects.get(source_case=transition)
    assert (t_ent.start_month, t_ent.end_month) == (D(2026, 8, 1), D(2026, 10, 1))
    for month in ("2026-08", "2026-09", "2026-10", "2026-11", "2026-12"):
        _payroll(monkeypatch, month)
    assert _lines(e_ent) == [("2026-08", "one_off", 90000)]
    assert _lines(t_ent) == [("2026-08", "regular", 180000), ("2026-09", "regular", 180000),
                             ("2026-10", "regular", 180000)]  # nothing from November: the period is over


def test_house_programs_need_an_uninhabitable_house(staff, relief_standards, monkeypatch):
    on(monkeypatch, "2026-07-02")
    ev = event(staff["county"])
    household, _ = family(staff["village"])
    affected = disasters.register_affected(staff["village"], {"event_id": ev.pk, "household_id": household.pk,
                                                              "house_damage": "general"})
    with pytest.raises(ValidationFailed, match="倒塌或严重损坏"):
        disasters.apply_assistance(staff["village"], {"affected_id": affected.pk, "program": "disaster_rebuild"})
    winter = granted(staff, affected, "disaster_winter", monkeypatch, day="2026-12-01")
    assert winter.amount == Decimal("1500.00")
