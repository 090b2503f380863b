"""The informant's account of a family report: kept sealed on the pending registration, paid to when the certificate
completes 身后一件事, corrected by an account given with the certificate; a bad account is a Chinese 422 that writes
nothing; the audit and the record hold the masked form only."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.benefits.models import Case, Entitlement
from minzheng.core import crypto, protected
from minzheng.core.models import AuditEntry
from minzheng.funeral.models import DeathRegistration
from minzheng.funeral.tests import factories
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db
FAMILY = "6222020200001234567"
CORRECTED = "6217000099998887777"
RULE = "银行账号应为 6–32 位数字"


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _report(father, daughter, **extra) -> dict:
    return {"person_id": father.pk, "death_date": "2026-03-02", "source": "family", "informant_id": daughter.pk,
            "informant_relation": "女", "bank_account": "6222 0202 0000 1234 567", "bank_name": "工商银行定海支行",
            **extra}


def _no_plaintext_in_audit(*accounts: str) -> None:
    for entry in AuditEntry.objects.all():
        text = json.dumps(entry.changes, ensure_ascii=False, default=str)
        assert not any(a in text for a in accounts), (entry.action, entry.object_type, text)


@pytest.fixture
def pending(staff, api_client, funeral_rules, monkeypatch):
    """A family report with the daughter's account, no certificate: pending, the account sealed on the row."""
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-10")
    _, father, daughter, _ = factories.recipient_family(staff["village"])
    town = api_client(staff["township"])
    made = _post(town, "/api/v1/funeral/deaths", _report(father, daughter))
    assert made.status_code == 201, made.content.decode()
    return town, DeathRegistration.objects.get(pk=made.json()["id"]), daughter


def test_the_family_account_is_kept_sealed_and_paid_on_confirmation(pending):
    town, reg, daughter = pending
    assert reg.status == "pending" and reg.bank_name == "工商银行定海支行"
    assert FAMILY.encode() not in bytes(reg.bank_account_enc)  # spaces dropped, then sealed to the row
    assert crypto.decrypt(reg.bank_account_enc,
                          crypto.aad("funeral_deathregistration", "bank_account_enc", reg.pk)) == FAMILY
    row = DeathRegistration.objects.filter(pk=reg.pk).values().get()  # every column as stored
    assert not any(FAMILY.encode() in (bytes(v) if isinstance(v, (bytes, memoryview)) else str(v).encode())
                   for v in row.values())
    assert (DeathRegistration, protected.Sealed("bank_account_enc", "id")) in list(protected.columns())
    record = town.get(f"/api/v1/funeral/deaths/{reg.pk}").json()
    assert record["bank_account"] == crypto.mask_account(FAMILY) and FAMILY not in json.dumps(record)

    done = _post(town, f"/api/v1/funeral/deaths/{reg.pk}/certificate", {"certificate_no": "Z2026-0040"})
    assert done.status_code == 200, done.content.decode()
    paid = {p["kind"]: p for p in done.json()["paid"]}
    case = Case.objects.get(program="funeral_subsidy")
    ent = Entitlement.objects.get(pk=paid["subsidy"]["entitlement_id"])
    assert (ent.payee_id, case.pk) == (daughter.pk, paid["subsidy"]["case_id"])
    assert protected.unseal(case, "bank_account_enc") == FAMILY and case.bank_name == "工商银行定海支行"
    assert protected.unseal(ent, "bank_account_enc") == FAMILY and ent.bank_name == "工商银行定海支行"
    created = AuditEntry.objects.get(object_type="death_registration", action="create")
    assert created.changes["bank_account"] == [None, crypto.mask_account(FAMILY)]
    _no_plaintext_in_audit(FAMILY)
    assert FAMILY not in json.dumps(DeathRegistration.objects.get(pk=reg.pk).outcome)


def test_an_account_given_with_the_certificate_replaces_the_family_one(pending):
    town, reg, _ = pending
    done = _post(town, f"/api/v1/funeral/deaths/{reg.pk}/certificate",
                 {"certificate_no": "Z2026-0040", "source": "police", "bank_account": CORRECTED,
                  "bank_name": "农业银行定海支行"})
    assert done.status_code == 200, done.content.decode()
    assert done.json()["bank_account"] == crypto.mask_account(CORRECTED)
    ent = Entitlement.objects.get(program="funeral_subsidy")
    assert protected.unseal(ent, "bank_account_enc") == CORRECTED and ent.bank_name == "农业银行定海支行"
    reg.refresh_from_db()
    assert protected.unseal(reg, "bank_account_enc") == CORRECTED and reg.source == "police"
    update = AuditEntry.objects.get(object_type="death_registration", action="update")
    assert update.changes["bank_account"] == [crypto.mask_account(FAMILY), crypto.mask_account(CORRECTED)]
    assert update.changes["certificate_no"] == ["", "Z2026-0040"]
    _no_plaintext_in_audit(FAMILY, CORRECTED)


@pytest.mark.parametrize("account", ["6222abc0001234", "6" * 33, "12345"])
def test_a_bad_account_is_refused_in_chinese_and_writes_nothing(pending, staff, account):
    town, reg, _ = pending
    before = AuditEntry.objects.count()
    bad = _post(town, f"/api/v1/funeral/deaths/{reg.pk}/certificate",
                {"certificate_no": "Z2026-0040", "bank_account": account})
    assert bad.status_code == 422
    assert [(e["field"], e["message"]) for e in bad.json()["errors"]] == [("bank_account", RULE)]
    reg.refresh_from_db()
    assert (reg.status, reg.certificate_no) == ("pending", "")
    assert protected.unseal(reg, "bank_account_enc") == FAMILY
    assert not Case.objects.filter(program="funeral_subsidy").exists() and AuditEntry.objects.count() == before
    # … and with the report itself: no registration at all
    _, (mother, son) = make_family(staff["village"], [("周大娘", "19380101", "F"), ("周建国", "19650505", "M")])
    again = _post(town, "/api/v1/funeral/deaths", _report(mother, son, bank_account=account))
    assert again.status_code == 422 and again.json()["errors"][0]["message"] == RULE
    assert DeathRegistration.objects.count() == 1


def test_the_certificate_page_shows_the_account_masked_and_completes(pending, staff):
    _, reg, _ = pending
    town = Client()
    assert town.login(username=staff["township"].username, password=PASSWORD)
    record = town.get(f"/funeral/deaths/{reg.pk}/").content.decode()
    assert f"/funeral/deaths/{reg.pk}/certificate/" in record and "补交死亡证明" in record
    assert f"{crypto.mask_account(FAMILY)}（工商银行定海支行）" in record and FAMILY not in record
    form = town.get(f"/funeral/deaths/{reg.pk}/certificate/").content.decode()
    assert crypto.mask_account(FAMILY) in form and FAMILY not in form and "工商银行定海支行" in form
    body = {"certificate_no": "Z2026-0041", "source": "hospital", "bank_account": "62-17", "bank_name": ""}
    bad = town.post(f"/funeral/deaths/{reg.pk}/certificate/", {**body, "_confirm_step": "1",
                                                                "confirm_comment": "家属补交证明"})
    assert bad.status_code == 422 and RULE in bad.content.decode()
    body["bank_account"] = CORRECTED
    step = town.post(f"/funeral/deaths/{reg.pk}/certificate/", body)
    assert step.status_code == 200 and "确认办理说明" in step.content.decode()
    # The summary to check shows the typed account masked; only the hidden input that re-posts it holds it whole.
    shown = step.content.decode().split('<dl class="row mz-pairs">')[1].split("</dl>")[0]
    assert crypto.mask_account(CORRECTED) in shown and CORRECTED not in shown
    done = town.post(f"/funeral/deaths/{reg.pk}/certificate/", {**body, "_confirm_step": "1",
                                                                 "confirm_comment": "家属补交证明"})
    assert done.status_code == 302, done.content.decode()[:2000]
    reg.refresh_from_db()
    assert reg.status == "completed" and reg.certificate_no == "Z2026-0041"
    ent = Entitlement.objects.get(program="funeral_subsidy")
    assert protected.unseal(ent, "bank_account_enc") == CORRECTED and ent.bank_name == "工商银行定海支行"
    assert AuditEntry.objects.get(object_type="death_registration", action="update").changes["comment"] == [
        None, "家属补交证明"]
    completed = town.get(f"/funeral/deaths/{reg.pk}/").content.decode()
    assert "补交死亡证明" not in completed and CORRECTED not in completed
    _no_plaintext_in_audit(FAMILY, CORRECTED)


def test_a_later_eco_burial_reward_is_paid_to_the_account_kept_at_registration(staff, api_client, funeral_rules,
                                                                                monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-03-10")
    _, father, daughter, _ = factories.recipient_family(staff["village"])
    town = api_client(staff["township"])
    made = _post(town, "/api/v1/funeral/deaths", _report(father, daughter, source="police"))  # completed at once
    assert made.status_code == 201 and made.json()["status"] == "completed", made.content.decode()
    eco = _post(town, "/api/v1/funeral/eco-burials", {"death_id": made.json()["id"], "kind": "sea",
                                                      "buried_on": "2026-03-08"})
    assert eco.status_code == 201, eco.content.decode()
    reward = Entitlement.objects.get(program="eco_burial_reward")
    assert reward.payee_id == daughter.pk
    assert protected.unseal(reward, "bank_account_enc") == FAMILY and reward.bank_name == "工商银行定海支行"
    _no_plaintext_in_audit(FAMILY)
