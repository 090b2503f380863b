"""身后一件事: one death stops three programs in one step, updates the registry and household, records the pension
notification, grants the waiver and pays the funeral subsidy once — a second submission pays nothing more."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from minzheng.benefits.models import Case, Entitlement, PaymentHold
from minzheng.funeral.models import DeathRegistration, PensionNotice, Settlement, Waiver
from minzheng.funeral.services import waivers
from minzheng.funeral.tests import factories
from minzheng.payroll.models import PayrollLine
from minzheng.payroll.services import generate
from minzheng.registry.models import Membership, Person

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _death(person, informant, home, **extra) -> dict:
    return {"person_id": person.pk, "death_date": "2026-03-02", "source": "hospital", "certificate_no": "Z2026-0031",
            "place": "定海区人民医院", "informant_id": informant.pk, "informant_relation": "女",
            "bank_account": "6222020200001234567", "bank_name": "工商银行定海支行",
            "cremation": {"funeral_home_id": home.pk, "cremated_on": "2026-03-05", "storage_days": 4,
                          "ash_storage_months": 12}, **extra}


def test_a_death_stops_three_programs_in_one_step_and_pays_once(staff, api_client, funeral_rules, home,
                                                                 monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-10")
    household, father, daughter, ents = factories.recipient_family(staff["village"])
    town = api_client(staff["township"])

    response = _post(town, "/api/v1/funeral/deaths", _death(father, daughter, home))
    assert response.status_code == 201, response.content.decode()
    record = response.json()

    # Stopped: the three programs, from the month after the death (March is the last month paid).
    assert sorted(s["program"] for s in record["stopped"]) == ["age_allowance", "care_subsidy", "tekun"]
    assert {s["last_month"] for s in record["stopped"]} == {"2026-03"}
    for ent in Entitlement.objects.filter(pk__in=[e.pk for e in ents]):
        assert (ent.status, ent.end_month) == ("stopped", dt.date(2026, 3, 1))
    # … through the kernel's death hold, placed and released as confirmed in the same step.
    holds = PaymentHold.objects.filter(source=f"death:{record['id']}")
    assert holds.count() == 3 and set(holds.values_list("outcome", flat=True)) == {"confirmed"}
    assert all(h.from_month == dt.date(2026, 4, 1) for h in holds)

    # Changed: the registry (death date), the household (he leaves, his daughter becomes head), the pension notice.
    father.refresh_from_db()
    household.refresh_from_db()
    assert father.death_date == dt.date(2026, 3, 2)
    assert not Membership.objects.filter(person=father, left_on__isnull=True).exists()
    assert household.head_id == daughter.pk
    assert PensionNotice.objects.filter(death_id=record["id"], status="pending").count() == 1
    kinds = [c["kind"] for c in record["changed"]]
    assert "registry" in kinds and "pension" in kinds and kinds.count("household") == 2

    # Paid: the waiver under the rule in force on the day of death (示例 2025-06-01; 特困 → special group:
    # 接运 200 + 暂存 3×100 + 火化 240 + 寄存 12×5 + 纸棺 180 + 骨灰盒 200 = 1180, under the cap of 1500) to the
    # funeral home, and the funeral subsidy (1000, kernel one-off case confirmed by the delegated township).
    waiver = record["waiver"]
    assert (waiver["group"], waiver["total"], waiver["payee"]) == ("special", "1180.00", "funeral_home")
    assert [line["units"] for line in waiver["lines"] if line["item"] == "storage"] == [3]  # 4 days, 3 waived
    paid = {p["kind"]: p for p in record["paid"]}
    assert paid["waiver"]["amount"] == "1180.00" and paid["waiver"]["to"] == "定海区殡仪馆"
    assert paid["subsidy"]["amount"] == "1000.00" and paid["subsidy"]["to"] == daughter.name
    subsidy = Entitlement.objects.get(pk=paid["subsidy"]["entitlement_id"])
    assert (subsidy.program, subsidy.payee_id, subsidy.monthly_amount) == ("funeral_subsidy", daughter.pk,
                                                                         Decimal("1000.00"))
    assert record["todo"] and record["status"] == "completed"

    # Re-submitting the same death: 409, nothing stopped, changed or paid again.
    again = _post(town, "/api/v1/funeral/deaths", _death(father, daughter, home))
    assert again.status_code == 409 and "不重复" in again.json()["detail"]
    assert DeathRegistration.objects.count() == 1 and Waiver.objects.count() == 1
    assert Case.objects.filter(program="funeral_subsidy").count() == 1
    assert PaymentHold.objects.count() == 3

    # The waiver is settled with the funeral home once, however often the settlement runs.
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-02")
    county = staff["county"]
    first = waivers.settle(county, {"month": "2026-03"})
    assert [(s.count, s.total) for s in first] == [(1, Decimal("1180.00"))]
    assert waivers.settle(county, {"month": "2026-03"}) == []
    assert Settlement.objects.count() == 1 and Waiver.objects.get().status == "settled"

    # The subsidy is paid once by the payroll's one-off path, however often April's payroll is regenerated.
    generate.generate(None, "2026-04")
    generate.generate(None, "2026-04")
    lines = PayrollLine.objects.filter(program="funeral_subsidy")
    assert [(line.kind, line.amount_fen, line.payee_id) for line in lines] == [("one_off", 100000, daughter.pk)]
    assert not PayrollLine.objects.filter(entitlement__in=ents, month=dt.date(2026, 4, 1)).exists()


def test_a_family_report_holds_payments_until_the_certificate(staff, api_client, funeral_rules, home, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-10")
    _, father, daughter, _ = factories.recipient_family(staff["village"])
    town = api_client(staff["township"])
    body = _death(father, daughter, home, source="family", certificate_no="")
    record = _post(town, "/api/v1/funeral/deaths", body).json()
    assert record["status"] == "pending" and len(record["held"]) == 3 and record["stopped"] == []
    assert PaymentHold.objects.filter(released_on__isnull=True).count() == 3
    assert Entitlement.objects.filter(status="stopped").count() == 0
    assert Person.objects.get(pk=father.pk).death_date is None
    assert "死亡证明" in record["todo"][0]

    done = _post(town, f"/api/v1/funeral/deaths/{record['id']}/certificate",
                 {"certificate_no": "Z2026-0040", "source": "hospital"})
    assert done.status_code == 200, done.content.decode()
    out = done.json()
    assert out["status"] == "completed" and len(out["stopped"]) == 3 and out["held"] == []
    assert out["waiver"]["total"] == "1180.00"
    assert PaymentHold.objects.filter(released_on__isnull=True).count() == 0
    again = _post(town, f"/api/v1/funeral/deaths/{record['id']}/certificate", {"certificate_no": "Z2026-0040"})
    assert again.status_code == 409


def test_cremation_elsewhere_is_reimbursed_to_the_family_through_the_kernel(staff, api_client, funeral_rules,
                                                                            home, monkeypatch):
    """The 2023 示例 rule reimburses 异地火化 (the 2025 one waives only cremations at a local funeral home)."""
    monkeypatch.setenv("MINZHENG_TODAY", "2025-03-10")
    _, father, daughter, _ = factories.recipient_family(staff["village"], programs=("age_allowance",))
    body = _death(father, daughter, home, death_date="2025-03-02",
                  cremation={"outside_region": "330903000000", "cremated_on": "2025-03-04", "storage_days": 1})
    record = _post(api_client(staff["township"]), "/api/v1/funeral/deaths", body).json()
    # Not a special group (高龄津贴 only): the general items, 200 + 110 + 190 = 500; no funeral subsidy.
    assert record["waiver"]["group"] == "general" and record["waiver"]["payee"] == "family"
    paid = {p["kind"]: p for p in record["paid"]}
    assert set(paid) == {"reimbursement"} and paid["reimbursement"]["amount"] == "500.00"
    ent = Entitlement.objects.get(pk=paid["reimbursement"]["entitlement_id"])
    assert (ent.program, ent.monthly_amount, ent.payee_id) == ("funeral_reimburse", Decimal("500.00"), daughter.pk)
    assert "逐项核定" in ent.source_case.override_reason

    # Under the 2025 rule the same cremation elsewhere is not waived at all.
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-10")
    _, mother, son, _ = factories.recipient_family(staff["village"], programs=("age_allowance",))
    body = _death(mother, son, home, cremation={"outside_region": "330903000000", "cremated_on": "2026-03-04"})
    refused = _post(api_client(staff["township"]), "/api/v1/funeral/deaths", body).json()
    assert refused["waiver"]["status"] == "refused" and "异地火化不予减免" in refused["waiver"]["reasons"][0]
    assert refused["paid"] == []


def test_who_may_register_and_bad_input(staff, api_client, funeral_rules, home, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-10")
    _, father, daughter, _ = factories.recipient_family(staff["village"])
    body = _death(father, daughter, home)
    assert _post(api_client(staff["village"]), "/api/v1/funeral/deaths", body).status_code == 403
    assert _post(api_client(staff["other_township"]), "/api/v1/funeral/deaths", body).status_code == 404
    bad = _post(api_client(staff["township"]), "/api/v1/funeral/deaths",
                {**body, "death_date": "2026-03-11", "informant_id": father.pk})
    assert bad.status_code == 422
    assert _post(api_client(staff["township"]), "/api/v1/funeral/deaths", [1, 2]).status_code == 422
    wrong = _post(api_client(staff["township"]), "/api/v1/funeral/deaths", {**body, "informant_id": 987654})
    assert wrong.status_code == 422
    assert DeathRegistration.objects.count() == 0 and Entitlement.objects.filter(status="stopped").count() == 0
