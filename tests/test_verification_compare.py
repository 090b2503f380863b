"""The monthly comparison (全量比对): every rule with a planted case (found) and near-misses (not found), re-runs
add nothing, findings are scoped, and their outcomes change the entitlement."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from minzheng import cli
from minzheng.benefits.models import Case, Entitlement, EntitlementChange
from minzheng.core.models import AuditEntry
from minzheng.core.spreadsheets import write_rows
from minzheng.verification import compare, feeds, findings
from minzheng.verification.models import Finding
from tests.test_assistance_workflow import demo_standards  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
MONTH = "2026-11"
OTHER_COUNTY_VILLAGE = "330903001001"


def grant(program, household, person=None, payee=None, region=None, amount="500.00", start=dt.date(2025, 1, 1)):
    payee = payee or person or household.head
    case = Case.objects.create(program=program, household=household, applicant=payee, beneficiary=person,
                               region_code=region or household.region_id, state="granted", channel="clerk",
                               applied_on=start - dt.timedelta(days=40), decision="approved")
    return Entitlement.objects.create(program=program, household=household, person=person, payee=payee,
                                      region_code=region or household.region_id, monthly_amount=Decimal(amount),
                                      start_month=start, status="active", source_case=case)


def load(tmp_path, kind, header, rows, as_of="2026-11-20"):
    path = write_rows(tmp_path / f"{kind}-{len(rows)}.csv", header, rows)
    return feeds.load(kind, path, dt.date.fromisoformat(as_of))


@pytest.fixture
def world(make_user, monkeypatch, demo_standards, tmp_path):  # noqa: F811
    """Recipients in 定海区 (330902) and one in 普陀区 (330903); feeds with one planted case per rule and
    near-misses. Zhoushan demo standards: line 14000 元/人/年, deposits 24 months, one car ≤ 50000, one home,
    business capital ≤ 100000."""
    from tests.test_assistance_workflow import make_family

    monkeypatch.setenv("MINZHENG_TODAY", "2026-11-23")
    clerk = make_user("county", "330902000000")
    ha, (a1, a2, a3) = make_family(clerk, [("甲一", "19800101", "M"), ("甲二", "19820202", "F"),
                                           ("甲三", "20120303", "M")])
    hb, (b1,) = make_family(clerk, [("乙一", "19750505", "M")])
    hc, (c1,) = make_family(clerk, [("丙一", "19500606", "F")])
    hd, (d1,) = make_family(clerk, [("丁一", "20080501", "M")])
    he, (d2,) = make_family(clerk, [("丁二", "20090101", "F")])
    hf, (d3,) = make_family(clerk, [("丁三", "20070101", "M")])
    hg, (g1,) = make_family(clerk, [("戊一", "19400707", "M")])
    hh, (h1, h2) = make_family(clerk, [("己一", "19600808", "M"), ("己二", "19620909", "F")], region="330902002001")
    _, (n1,) = make_family(clerk, [("庚一", "19900101", "M")])  # not a recipient
    e = {
        "A": grant("dibao", ha, payee=a1), "B": grant("dibao", hb, payee=b1),
        "X": grant("dibao", hb, person=b1, region=OTHER_COUNTY_VILLAGE),
        "C": grant("tekun", hc, person=c1), "D1": grant("orphan", hd, person=d1), "D2": grant("orphan", he, person=d2),
        "D3": grant("orphan", hf, person=d3), "D3T": grant("tekun", hf, person=d3),
        "G": grant("age_allowance", hg, person=g1), "H": grant("dibao", hh, payee=h1),
        "HT": grant("tekun", hh, person=h2), "H1": grant("age_allowance", hh, person=h1, region=OTHER_COUNTY_VILLAGE),
    }
    Entitlement.objects.filter(pk=e["G"].pk).update(status="suspended")  # not paid: not compared
    g_paid = grant("age_allowance", hg, person=g1, amount="100.00")
    ids = {k: p.id_number for k, p in dict(a1=a1, a2=a2, a3=a3, b1=b1, c1=c1, d1=d1, d2=d2, d3=d3, g1=g1, h1=h1,
                                            h2=h2, n1=n1).items()}
    load(tmp_path, "death", ["id_number", "death_date"],
         [(ids["a1"], "2026-10-05"), (ids["a2"], "2026-12-03"), (ids["n1"], "2026-09-09")])
    load(tmp_path, "hukou_move", ["id_number", "event", "date", "to_region"],
         [(ids["c1"], "迁出", "2026-08-01", OTHER_COUNTY_VILLAGE), (ids["g1"], "迁出", "2026-08-01", "330902002001"),
          (ids["a3"], "迁入", "2026-08-01", ""), (ids["a2"], "迁出", "2024-06-01", "330903001001")])
    load(tmp_path, "social_insurance", ["id_number", "month", "employer", "contribution_base"],
         [(ids["a2"], MONTH, "某公司", "3000.00"), (ids["b1"], MONTH, "某厂", "1166.66"),
          (ids["c1"], "2026-10", "某公司", "9000.00")])
    load(tmp_path, "pension", ["id_number", "month", "amount"], [(ids["a1"], MONTH, "500.01")])
    load(tmp_path, "vehicle", ["id_number", "plate", "vehicle_type", "register_date", "value"],
         [(ids["a2"], "浙L12345", "小型轿车", "2025-03-01", "80000"), (ids["b1"], "浙L00001", "摩托车", "2024-01-01",
                                                                         "90000"),
          (ids["b1"], "浙L00002", "小型轿车", "2020-01-01", "50000")])
    load(tmp_path, "real_estate", ["id_number", "property_id", "usage", "area", "region"],
         [(ids["c1"], "P1", "住宅", "80", "330902001001"), (ids["c1"], "P2", "住宅", "60.5", "330902001001"),
          (ids["b1"], "P3", "住宅", "70", ""), (ids["b1"], "P4", "商业", "30", "")])
    load(tmp_path, "business", ["id_number", "entity_name", "role", "registered_capital", "status"],
         [(ids["a1"], "甲商贸有限公司", "法定代表人", "200000", "存续"),
          (ids["b1"], "乙合伙企业", "股东", "100000", "存续"), (ids["c1"], "丙公司", "股东", "500000", "注销")])
    load(tmp_path, "public_employee", ["id_number", "employer"],
         [(ids["b1"], "某局"), (ids["g1"], "某中学（退休）"), (ids["n1"], "某局")])
    load(tmp_path, "deposit", ["id_number", "balance", "as_of"],
         [(ids["c1"], "28000.01", "2026-10-31"), (ids["a1"], "30000", "2026-10-31"), (ids["a2"], "30000", "2026-10-31")])
    load(tmp_path, "schooling", ["id_number", "school", "level", "start", "end"],
         [(ids["d3"], "某大学", "本科", "2025-09-01", ""), (ids["d1"], "某中学", "高中", "2023-09-01", "2026-06-30")])
    expected = {
        ("death", e["A"].pk, a1.pk), ("moved_out", e["C"].pk, c1.pk), ("income_above_line", e["A"].pk, a1.pk),
        ("vehicle", e["A"].pk, a2.pk), ("property", e["C"].pk, c1.pk), ("business", e["A"].pk, a1.pk),
        ("public_employee", e["B"].pk, b1.pk), ("public_employee", e["X"].pk, b1.pk),
        ("deposit", e["C"].pk, c1.pk), ("double_tekun_dibao", e["H"].pk, h2.pk),
        ("double_orphan_tekun", e["D3T"].pk, d3.pk), ("two_counties", e["B"].pk, b1.pk),
        ("two_counties", e["X"].pk, b1.pk), ("child_out_of_school", e["D1"].pk, d1.pk),
    }
    return {"e": e, "expected": expected, "g_paid": g_paid, "people": {"a1": a1, "b1": b1, "c1": c1, "d1": d1}}


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
    mine = set(findings.findings_for(township).values_list("region_code", flat=True))
    assert mine == {"330902001001"}
    assert set(findings.findings_for(other_county).values_list("rule", flat=True)) == {"public_employee",
                                                                                       "two_counties"}
    assert list(findings.pending_findings(village)) == []
    pending = list(findings.pending_findings(township))
    assert pending and all(f.status == "open" for f in pending)
    assert [f.due_on for f in pending] == sorted(f.due_on for f in pending)
    r = api_client(township).get(f"/api/v1/findings?month={MONTH}&rule=death")
    assert r.status_code == 200
    body = r.json()
    assert [f["rule"] for f in body] == ["death"]
    assert set(body[0]) >= {"id", "month", "rule", "person_id", "household_id", "entitlement_id", "evidence", "status"}
    assert api_client(other_county).get(f"/api/v1/findings?month={MONTH}&rule=death").json() == []
    assert api_client(village).get(f"/api/v1/findings?month={MONTH}").status_code == 403
    assert api_client(township).get("/api/v1/findings?month=2026-99").status_code == 422


def test_confirm_suspends_the_entitlement_and_dismiss_needs_a_reason(world, make_user, api_client):
    from minzheng.benefits import entitlements

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
    r = api_client(county).post(f"/api/v1/findings/{moved.pk}/confirm",
                                json.dumps({"outcome": "stop", "effective_month": "2026-12", "notice_on": "2026-11-23"}),
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
