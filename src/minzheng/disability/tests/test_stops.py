"""Stops through the kernel only: a death stops the subsidy (entitlements.record_death), an expired 残联 certificate
holds it (PaymentHold) until someone decides — stop (EntitlementChange) or renewed (hold released); the annual
review's "stop" stops it too; the 残联 reconciliation file says what differs."""

from __future__ import annotations

import pytest

from minzheng.benefits.models import Entitlement, PaymentHold
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.disability import selectors, services

pytestmark = pytest.mark.django_db


def test_sweep_stops_the_dead_and_holds_the_expired(planted, staff):
    p = planted["people"]
    result = services.sweep(staff["county"])
    assert result["deaths"] == 1 and result["stopped"] >= 1 and result["held"] == 1
    dead = Entitlement.objects.get(person=p["f"], program="disability_care")
    assert dead.status == "stopped" and dead.end_month.isoformat() == "2026-02-01"
    hold = PaymentHold.objects.get(entitlement__person=p["e"])
    assert hold.from_month.isoformat() == "2026-02-01" and "2026-01-31" in hold.reason
    assert services.sweep(staff["county"])["held"] == 0  # one hold per certificate
    with pytest.raises(Forbidden):
        services.sweep(staff["township"])
    with pytest.raises(ValidationFailed):
        services.decide_hold(staff["county"], hold.pk, {"decision": "stop"})
    services.decide_hold(staff["county"], hold.pk, {"decision": "stop", "note": "残联确认未换证"})
    ent = Entitlement.objects.get(person=p["e"], program="disability_care")
    hold.refresh_from_db()
    assert ent.status == "stopped" and hold.outcome == "confirmed"
    with pytest.raises(Conflict):
        services.decide_hold(staff["county"], hold.pk, {"decision": "renewed", "note": "x"})


def test_renewed_certificate_releases_the_hold(planted, staff):
    services.sweep(staff["county"])
    hold = PaymentHold.objects.get(entitlement__person=planted["people"]["e"])
    services.decide_hold(staff["township"], hold.pk, {"decision": "renewed", "note": "已换领新证"})
    hold.refresh_from_db()
    assert hold.outcome == "released" and hold.entitlement.status == "active"


def test_annual_review_stop_goes_through_the_kernel(planted, staff):
    g = planted["people"]["g"]
    due = {pid for pid, _, _ in selectors.reviews_due(staff["county"], 2026)}
    assert g.pk in due
    with pytest.raises(ValidationFailed):
        services.record_review(staff["county"], {"person_id": g.pk, "year": 2026, "certificate_valid": False,
                                                 "outcome": "continue", "note": "证已失效"})
    services.record_review(staff["county"], {"person_id": g.pk, "year": 2026, "certificate_valid": True,
                                             "outcome": "stop", "note": "已迁出本县"})
    assert Entitlement.objects.get(person=g, program="disability_care").status == "stopped"
    assert g.pk not in {pid for pid, _, _ in selectors.reviews_due(staff["county"], 2026)}
    with pytest.raises(Conflict):
        services.record_review(staff["county"], {"person_id": g.pk, "year": 2026, "certificate_valid": True,
                                                 "outcome": "continue", "note": "再次"})


def test_reconciliation_rows(planted, staff):
    rows = {(r[1], r[3]): r for r in selectors.reconciliation(staff["county"])}
    assert rows[("乙残", "重度残疾人护理补贴")][-1] == "一致"
    assert rows[("戊残", "重度残疾人护理补贴")][-1] == "残疾人证已过期"
    assert rows[("辛残", "困难残疾人生活补贴")][-1] == "残联数据中无此证"
    assert "*" in rows[("乙残", "重度残疾人护理补贴")][2]  # ID numbers masked
