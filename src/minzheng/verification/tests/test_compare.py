"""The monthly comparison (全量比对): every rule with a planted case (found) and near-misses (not found), re-runs
add nothing, findings are scoped, and their outcomes change the entitlement."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from minzheng import cli
from minzheng.benefits.models import Entitlement, EntitlementChange
from minzheng.core.models import AuditEntry
from minzheng.verification import compare, selectors
from minzheng.verification.models import Finding
from minzheng.verification.tests.factories import MONTH

pytestmark = pytest.mark.django_db


def found(month=MONTH):
    return set(Finding.objects.filter(month=dt.date(2026, 11, 1)).values_list("rule", "entitlement_id", "person_id"))


def test_every_planted_case_is_found_and_nothing_else(world):
    summary = compare.run(MONTH)
    assert found() == world["expected"]
    assert summary["findings"] == summary["created"] == len(world["expected"])
    assert summary["by_rule"]["two_counties"] == 2 and summary["by_rule"]["death"] == 1
    assert set(summary["by_rule"]) == {r for r, _, _ in world["expected"]}
    assert summary["skipped"] == {}
    assert summary["entitlements"] == 12  # 13 granted; the suspended one is not paid this month
    income = Finding.objects.get(rule="income_above_line")
    assert income.evidence["monthly_income"] == "3500.01" and income.evidence["members"] == 3
    assert income.amount_at_stake == Decimal("500.00")
    vehicle = Finding.objects.get(rule="vehicle")
    assert vehicle.evidence["plate"] == "浙L12345" and vehicle.evidence["max_value"] == "80000.00"
    assert Finding.objects.get(rule="death").evidence["death_date"] == "2026-10-05"
    moved = Finding.objects.get(rule="moved_out").evidence  # places by name in the text, the code kept
    assert moved["to_region"] == "330903001001" and "户籍迁出至 丁社区" in moved["text"]
    assert {f.evidence["text"] for f in Finding.objects.filter(rule="two_counties")} >= {
        f"同一人同一项目在 普陀区 另有待遇 #{world['e']['X'].pk}"}
    # Deadline: 15 working days after 2026-11-23 (Monday) on the State Council calendar.
    assert Finding.objects.get(rule="death").due_on == dt.date(2026, 12, 14)


def test_rerun_adds_nothing_and_is_audited(world, capsys):
    compare.run(MONTH)
    before = AuditEntry.objects.filter(action="finding_create").count()
    assert before == len(world["expected"])
    assert cli.main(["compare", "run", "--month", MONTH]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["findings"] == len(world["expected"]) and out["created"] == 0
    assert set(out) >= {"month", "recipients", "findings", "by_rule", "seconds"}
    assert Finding.objects.count() == len(world["expected"])
    assert AuditEntry.objects.filter(action="finding_create").count() == before
    assert AuditEntry.objects.filter(action="compare_run").count() == 2


def test_missing_threshold_skips_the_rule_there(world):
    from minzheng.benefits.models import Standard

    Standard.objects.filter(item="business_capital_limit").delete()
    summary = compare.run(MONTH)
    assert "business" not in summary["by_rule"] and "business" in summary["skipped"]
    assert "未设置" in summary["skipped"]["business"]


def test_bad_month_is_refused(capsys, db):
    assert cli.main(["compare", "run", "--month", "2026-13"]) == 2
    assert "月份格式不正确" in capsys.readouterr().err


def test_findings_are_scoped_and_listed_by_the_api(world, make_user, api_client):
    compare.run(MONTH)
    township = make_user("township", "330902001000")
    other_county = make_user("county", "330903000000")
    village = make_user("village", "330902001001")
    mine = set(selectors.findings_for(township).values_list("region_code", flat=True))
    assert mine == {"330902001001"}
    assert set(selectors.findings_for(other_county).values_list("rule", flat=True)) == {"public_employee",
                                                                                       "two_counties"}
    assert list(selectors.pending_findings(village)) == []
    pending = list(selectors.pending_findings(township))
    assert pending and all(f.status == "open" for f in pending)
    assert [f.due_on for f in pending] == sorted(f.due_on for f in pending)
    r = api_client(township).get(f"/api/v1/findings?month={MONTH}&rule=death")
    assert r.status_code == 200
    body = r.json()["items"]
    assert [f["rule"] for f in body] == ["death"]
    assert set(body[0]) >= {"id", "month", "rule", "person_id", "household_id", "entitlement_id", "evidence", "status"}
    assert api_client(other_county).get(f"/api/v1/findings?month={MONTH}&rule=death").json()["count"] == 0
    assert api_client(village).get(f"/api/v1/findings?month={MONTH}").status_code == 403
    assert api_client(township).get("/api/v1/findings?month=2026-99").status_code == 422


def test_confirm_suspends_the_entitlement_and_dismiss_needs_a_reason(world, make_user, api_client):
    from minzheng.benefits.services import entitlements

    compare.run(MONTH)
    township = make_user("township", "330902001000")
    county = make_user("county", "330902000000")
    death = Finding.objects.get(rule="death")
    client = api_client(township)
    r = client.post(f"/api/v1/findings/{death.pk}/confirm",
                    json.dumps({"outcome": "suspend", "effective_month": "2026-12", "reason": "核实属实，暂停发放"}),
                    content_type="application/json")
    assert r.status_code == 200, r.content
    ent = Entitlement.objects.get(pk=death.entitlement_id)
    assert ent.status == "suspended"
    assert entitlements.amount_in_month(ent, dt.date(2026, 12, 1)) == Decimal("0.00")
    assert EntitlementChange.objects.filter(entitlement=ent, kind="suspend").exists()
    death.refresh_from_db()
    assert death.status == "confirmed" and death.outcome == "suspend" and death.decided_by == township
    assert client.post(f"/api/v1/findings/{death.pk}/dismiss", json.dumps({"reason": "x"}),
                       content_type="application/json").status_code == 409
    # 停发 is the confirming level's decision (county here: confirmation is not delegated).
    moved = Finding.objects.get(rule="moved_out")
    r = client.post(f"/api/v1/findings/{moved.pk}/confirm", json.dumps({"outcome": "stop", "notice_on": "2026-11-23"}),
                    content_type="application/json")
    assert r.status_code == 403
    body = {"outcome": "stop", "effective_month": "2026-12", "notice_on": "2026-11-23"}
    r = api_client(county).post(f"/api/v1/findings/{moved.pk}/confirm", json.dumps(body),
                                content_type="application/json")
    assert r.status_code == 200, r.content
    ent = Entitlement.objects.get(pk=moved.entitlement_id)
    assert ent.status == "stopped" and ent.end_month == dt.date(2026, 11, 1)
    vehicle = Finding.objects.get(rule="public_employee", entitlement=world["e"]["B"])
    r = client.post(f"/api/v1/findings/{vehicle.pk}/dismiss", json.dumps({"reason": ""}),
                    content_type="application/json")
    assert r.status_code == 422
    r = client.post(f"/api/v1/findings/{vehicle.pk}/dismiss", json.dumps({"reason": "同名人员，非本人"}),
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "dismissed"
    assert Entitlement.objects.get(pk=vehicle.entitlement_id).status == "active"
    assert AuditEntry.objects.filter(action__in=["finding_confirm", "finding_dismiss"]).count() == 3
    # Handled findings stay handled when the month is compared again.
    compare.run(MONTH)
    assert Finding.objects.get(pk=vehicle.pk).status == "dismissed"
