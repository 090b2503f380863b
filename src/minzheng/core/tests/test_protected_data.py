"""Ciphertexts bound to their rows, key rotation, backup and restore (issue 11, defects 3 and 14).

Each test runs with its own MINZHENG_HOME and key directory, so rotating keys here never touches other tests."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from conftest import PASSWORD, VILLAGE_A, make_id
from minzheng.benefits.models import Case, Entitlement
from minzheng.benefits.tests.factories import entitle
from minzheng.core import audit, backup, crypto, keys, keys_cli, protected
from minzheng.registry import services
from minzheng.registry.models import Person
from minzheng.registry.selectors import person_by_id_number
from minzheng.registry.tests.factories import make_family


@pytest.fixture
def own_keys(tmp_path, monkeypatch):
    # The audit key stays the session's: transactional tests reload the regions (audited) before this fixture runs.
    audit_key = keys.key("audit").hex()
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("MINZHENG_HOME", str(home))
    monkeypatch.setenv("MINZHENG_KEY_DIR", str(tmp_path / "keys"))
    for env, _size in keys.KEY_NAMES.values():
        if env != "MINZHENG_SECRET_KEY":
            monkeypatch.delenv(env, raising=False)
    monkeypatch.setenv("MINZHENG_AUDIT_KEY", audit_key)
    keys.reset()
    crypto.reset_caches()
    yield home
    monkeypatch.undo()
    keys.reset()
    crypto.reset_caches()


def _swap(table: str, column: str, a: int, b: int) -> None:
    q = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(f"SELECT {q(column)} FROM {q(table)} WHERE id = %s", [a])
        blob_a = bytes(cur.fetchone()[0])
        cur.execute(f"SELECT {q(column)} FROM {q(table)} WHERE id = %s", [b])
        blob_b = bytes(cur.fetchone()[0])
        cur.execute(f"UPDATE {q(table)} SET {q(column)} = %s WHERE id = %s", [blob_b, a])
        cur.execute(f"UPDATE {q(table)} SET {q(column)} = %s WHERE id = %s", [blob_a, b])


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_swapped_id_numbers_refuse_to_decrypt(own_keys, county_user, api_client, client):
    a = services.create_person(county_user, {"name": "甲", "id_number": make_id("19700101", "M"),
                                             "region_code": VILLAGE_A, "phone": "13800000001"})
    b = services.create_person(county_user, {"name": "乙", "id_number": make_id("19710202", "F"),
                                             "region_code": VILLAGE_A, "phone": "13800000002"})
    assert Person.objects.get(pk=a.pk).phone == "13800000001"
    _swap("registry_person", "id_number_enc", a.pk, b.pk)
    for pk in (a.pk, b.pk):
        with pytest.raises(crypto.CiphertextError, match="密文校验失败"):
            _ = Person.objects.get(pk=pk).id_number
    assert Person.objects.get(pk=a.pk).id_number_masked == "密文校验失败"
    response = api_client(county_user).get(f"/api/v1/persons/{a.pk}")
    assert response.status_code == 200 and response.json()["id_number"] == "密文校验失败"
    page = _login(client, county_user).get(reverse("person_detail", args=[b.pk]))
    assert page.status_code in (200, 409) and "密文校验失败" in page.content.decode()  # in its cell, not a 500


@pytest.mark.django_db
def test_swapped_bank_accounts_refuse_to_decrypt(own_keys, staff, api_client):
    household, (head, other) = make_family(staff["village"], [("丙", "19650101", "M"), ("丁", "19660101", "F")])
    one = entitle(household, head, account="6222020200001111111")
    two = entitle(household, other, program="tekun", person=other, account="6222020200002222222")
    assert Entitlement.objects.get(pk=one.pk).bank_account_masked.endswith("1111")
    blob_one = bytes(Entitlement.objects.get(pk=one.pk).bank_account_enc)
    _swap("benefits_entitlement", "bank_account_enc", one.pk, two.pk)
    for pk in (one.pk, two.pk):
        with pytest.raises(crypto.CiphertextError):
            protected.unseal(Entitlement.objects.get(pk=pk), "bank_account_enc")
        assert Entitlement.objects.get(pk=pk).bank_account_masked == "密文校验失败"  # shown as such, not a 500
    response = api_client(staff["county"]).get(f"/api/v1/entitlements/{one.pk}")
    assert response.status_code == 200 and response.json()["bank_account"] == "密文校验失败"
    # A payroll line's account is a copy of the entitlement's, bound to the entitlement: moved to a line of another
    # entitlement it fails too; the same value as a case's account (another column) fails as well.
    assert protected.open_value(Entitlement, "bank_account_enc", blob_one, one.pk) == "6222020200001111111"
    with pytest.raises(crypto.CiphertextError):
        protected.open_value(Entitlement, "bank_account_enc", blob_one, two.pk)
    with pytest.raises(crypto.CiphertextError):
        protected.open_value(Case, "bank_account_enc", blob_one, one.pk)


@pytest.mark.django_db
def test_changing_an_id_number_reseals_the_other_values(own_keys, county_user):
    p = services.create_person(county_user, {"name": "戊", "id_number": make_id("19800101", "M"),
                                             "region_code": VILLAGE_A, "phone": "13800000003"})
    new = make_id("19800102", "M")
    services.update_person(county_user, p.pk, {"id_number": new})
    fresh = Person.objects.get(pk=p.pk)
    assert fresh.id_number == new and fresh.phone == "13800000003"


def _legacy(plaintext: str) -> bytes:
    """A value as earlier releases wrote it: format 0x01, no associated data."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    nonce = os.urandom(12)
    enc = Cipher(algorithms.SM4(keys.key("sm4", 1)), modes.GCM(nonce)).encryptor()
    body = enc.update(plaintext.encode()) + enc.finalize()
    return b"\x01" + nonce + body + enc.tag


@pytest.mark.django_db(transaction=True)
def test_migration_binds_values_of_earlier_releases(own_keys, county_user):
    number = make_id("19550505", "F")
    p = services.create_person(county_user, {"name": "己", "id_number": number, "region_code": VILLAGE_A})
    Person.objects.filter(pk=p.pk).update(id_number_enc=_legacy(number))
    with pytest.raises(crypto.CiphertextError):  # unbound values are not accepted by ordinary reads
        _ = Person.objects.get(pk=p.pk).id_number
    done = protected.rewrap_all()
    assert done.per_column["registry_person.id_number_enc"] == 1
    fresh = Person.objects.get(pk=p.pk)
    assert fresh.id_number == number and bytes(fresh.id_number_enc)[:1] == b"\x02"
    assert protected.rewrap_all().changed == 0  # a rerun finds nothing left


@pytest.mark.django_db(transaction=True)
def test_rotation_reencrypts_everything_and_lookups_still_work(own_keys, staff, county_user, tmp_path):
    household, (head, _child) = make_family(staff["village"], [("庚", "19700303", "M"), ("辛", "20100404", "F")])
    ent = entitle(household, head, account="6222020200003333333")
    number = head.id_number
    stranger = make_id("19500101", "M")  # in a department file, not in the registry
    feed = tmp_path / "death.csv"
    feed.write_text(f"身份证号,死亡日期\n{number},2026-01-05\n{stranger},2026-01-06\n", encoding="utf-8")
    from minzheng.verification import feeds

    snap = feeds.load("death", feed, dt.date(2026, 1, 31))
    assert crypto.current_key_version() == 1

    result = keys_cli.rotate_sm4()
    assert result["new_version_created"] and result["version"] == 2
    assert result["values_still_on_old_versions"] == 0
    assert result["per_column"]["benefits_entitlement.bank_account_enc"] == 1
    assert result["per_column"]["registry_person.id_number_enc"] == 2
    for p in Person.objects.all():
        assert crypto.key_version(p.id_number_enc) == 2 and p.id_number
    assert Entitlement.objects.get(pk=ent.pk).bank_account_masked.endswith("3333")
    assert person_by_id_number(county_user, number).pk == head.pk
    again = keys_cli.rotate_sm4(resume=True)  # a second run is a no-op
    assert again["values_reencrypted"] == 0 and not again["new_version_created"]

    old_index = head.id_number_index
    rekey = keys_cli.rotate_index()
    assert rekey["version"] == 2 and rekey["rows_reindexed"] == 2
    moved = Person.objects.get(pk=head.pk)
    assert moved.id_number_index != old_index and moved.id_number == number
    assert person_by_id_number(county_user, number).pk == head.pk  # lookups by ID number use the new index
    lake = rekey["outside_database"]["minzheng.verification.rekey.rewrite_lake"]
    assert lake["rows_rekeyed"] == 1 and lake["rows_dropped_not_in_registry"] == 1
    import pyarrow.parquet as pq

    assert pq.read_table(snap["path"])["id_index"].to_pylist() == [crypto.blind_index(number)]
    assert keys_cli.rotate_index(resume=True)["seconds"] == 0  # nothing unfinished
    actions = list(audit.AuditEntry.objects.filter(action__in=["key_rotate", "index_rekey"])
                   .values_list("action", flat=True))
    assert actions == ["key_rotate", "index_rekey"]
    assert audit.verify().ok


def _cli(args, env, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "minzheng", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.mark.django_db(transaction=True)
def test_backup_restore_into_a_fresh_home(own_keys, staff, tmp_path):
    household, (head,) = make_family(staff["village"], [("壬", "19720505", "F")])
    entitle(household, head, account="6222020200004444444")
    number = head.id_number
    (own_keys / "uploads").mkdir()
    (own_keys / "uploads" / "kept.bin").write_bytes(b"\x00stored file")
    (own_keys / "tmp").mkdir()
    (own_keys / "tmp" / "scratch").write_text("not backed up")
    out = tmp_path / "backup"
    made = backup.backup(out)
    assert made["keys_included"] is False and made["files"] >= 2
    names = {e["path"] for e in json.loads((out / "manifest.json").read_text())["files"]}
    assert "home/uploads/kept.bin" in names and not [n for n in names if "keys/" in n or "tmp/" in n]

    fresh = tmp_path / "fresh"
    env = {**os.environ, "MINZHENG_HOME": str(fresh), "MINZHENG_KEY_DIR": str(tmp_path / "keys"),
           "DJANGO_SETTINGS_MODULE": "minzheng.settings"}
    run = _cli(["restore", str(out)], env, tmp_path)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["ok"] and result["audit_entries_verified"] >= 1 and result["protected_values_sampled"] >= 2
    assert (fresh / "uploads" / "kept.bin").read_bytes() == b"\x00stored file"
    probe = ("import django; django.setup(); from minzheng.registry.models import Person; "
             "from minzheng.core import crypto; "
             f"p = Person.objects.get(id_number_index=crypto.blind_index('{number}')); print(p.id_number)")
    found = subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True,
                           timeout=300, check=False)
    assert found.stdout.strip() == number, found.stderr

    # Tampering is refused with a Chinese reason: a changed file, then a manifest edited to match it.
    kept = out / "home" / "uploads" / "kept.bin"
    kept.write_bytes(b"\x00stored filX")
    with pytest.raises(backup.BackupError, match="校验失败"):
        backup.verify_manifest(out)
    manifest = json.loads((out / "manifest.json").read_text())
    import hashlib

    for entry in manifest["files"]:
        if entry["path"] == "home/uploads/kept.bin":
            entry["sha256"] = hashlib.sha256(kept.read_bytes()).hexdigest()
    (out / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(backup.BackupError, match="签名不符"):
        backup.verify_manifest(out)
    again = _cli(["restore", str(out)], {**env, "MINZHENG_HOME": str(tmp_path / "fresh2")}, tmp_path)
    assert again.returncode == 2 and "签名不符" in again.stderr


def test_backup_refuses_a_used_directory(tmp_path):
    (tmp_path / "x").write_text("")
    with pytest.raises(backup.BackupError, match="不为空"):
        backup.backup(tmp_path)


def test_keys_never_in_backup_listing(tmp_path, monkeypatch):
    monkeypatch.setenv("MINZHENG_KEY_DIR", str(tmp_path / "keys"))
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "sm4.v1.key").write_text("00")
    (tmp_path / "lake").mkdir()
    (tmp_path / "lake" / "a.parquet").write_bytes(b"x")
    listed = [p.relative_to(tmp_path).as_posix() for p in backup._home_files(tmp_path, set())]
    assert listed == ["lake/a.parquet"]
    assert Path(keys.key_dir()) == tmp_path / "keys"
