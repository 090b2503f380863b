"""Key provider and ciphertext format (issue 11, defects 3 and 14): environment first, generated once and stable,
owner-only files, never regenerated over existing data, production keys outside MINZHENG_HOME, key versions."""

import os
import stat

import pytest

from minzheng.core import crypto, keys


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """A fresh MINZHENG_HOME and key directory for the process-wide provider; restored afterwards."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("MINZHENG_HOME", str(home))
    monkeypatch.delenv("MINZHENG_KEY_DIR", raising=False)
    monkeypatch.delenv("MINZHENG_PROFILE", raising=False)
    for env, _size in keys.KEY_NAMES.values():
        monkeypatch.delenv(env, raising=False)
    keys.reset()
    crypto.reset_caches()
    yield home
    monkeypatch.undo()
    keys.reset()
    crypto.reset_caches()


def test_environment_comes_first(isolated, monkeypatch):
    provider = keys.FileProvider(isolated / "keys", isolated)
    provider.current_version("sm4")  # a key file exists …
    monkeypatch.setenv("MINZHENG_SM4_KEY", "11" * 16)
    keys.reset()
    assert keys.key("sm4") == bytes.fromhex("11" * 16)  # … but the environment wins
    monkeypatch.setenv("MINZHENG_SM4_KEY", "abc")
    keys.reset()
    with pytest.raises(keys.KeyError_, match="十六进制"):
        keys.key("sm4")


def test_generated_once_stable_and_private(isolated):
    first = keys.key("sm4")
    keys.reset()
    assert keys.key("sm4") == first  # read back, not regenerated
    directory = isolated / "keys"
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    files = sorted(p.name for p in directory.iterdir())
    assert "sm4.v1.key" in files and not [f for f in files if f.endswith(".tmp")]
    for path in directory.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert bytes.fromhex((directory / "sm4.v1.key").read_text()) == first


def test_a_lost_key_file_is_a_loud_error_not_a_new_key(isolated):
    blob = crypto.encrypt("33090219800101001X", b"t.c#1")
    (isolated / "keys" / "sm4.v1.key").unlink()
    keys.reset()
    crypto.reset_caches()
    with pytest.raises(keys.KeyMissing, match="不会生成新密钥"):
        crypto.decrypt(blob, b"t.c#1")
    with pytest.raises(keys.KeyMissing):
        crypto.encrypt("x")  # nor for new values
    assert not (isolated / "keys" / "sm4.v1.key").exists()


def test_a_different_key_is_refused(isolated, monkeypatch):
    keys.key("index")
    monkeypatch.setenv("MINZHENG_INDEX_KEY", "22" * 32)
    keys.reset()
    with pytest.raises(keys.KeyMismatch, match="指纹不一致"):
        keys.key("index")


def test_legacy_keys_json_is_version_one(isolated):
    directory = isolated / "keys"
    directory.mkdir()
    (directory / "keys.json").write_text('{"sm4": "%s"}' % ("33" * 16))
    assert keys.key("sm4") == bytes.fromhex("33" * 16)
    assert keys.current_version("sm4") == 1


def test_production_keeps_keys_outside_home(isolated, monkeypatch, tmp_path):
    monkeypatch.setenv("MINZHENG_PROFILE", "production")
    assert keys.key_dir() == keys.Path(keys.PRODUCTION_KEY_DIR)
    monkeypatch.setenv("MINZHENG_KEY_DIR", str(isolated / "keys"))
    keys.reset()
    with pytest.raises(keys.KeyError_, match="位于数据目录"):
        keys.key("sm4")
    outside = tmp_path / "etc-keys"
    monkeypatch.setenv("MINZHENG_KEY_DIR", str(outside))
    keys.reset()
    assert len(keys.key("sm4")) == 16
    assert (outside / "sm4.v1.key").exists() and not (isolated / "keys").exists()


def test_key_versions_and_old_format(isolated):
    old = crypto.encrypt_bytes(b"account", b"t.c#7")
    assert crypto.key_version(old) == 1 and not crypto.needs_rewrap(old)
    version = keys.create_version("sm4")
    crypto.reset_caches()
    assert version == 2 and crypto.current_key_version() == 2
    assert crypto.needs_rewrap(old)
    assert crypto.decrypt_bytes(old, b"t.c#7") == b"account"  # old versions still decrypt
    new = crypto.encrypt_bytes(b"account", b"t.c#7")
    assert new[:3] == b"\x02\x00\x02" and not crypto.needs_rewrap(new)
    # Format 0x01 of earlier releases: no key-version field, key version 1.
    nonce = os.urandom(12)
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    enc = Cipher(algorithms.SM4(keys.key("sm4", 1)), modes.GCM(nonce)).encryptor()
    body = enc.update(b"legacy") + enc.finalize()
    legacy = b"\x01" + nonce + body + enc.tag
    assert crypto.key_version(legacy) == 1 and crypto.decrypt_bytes(legacy) == b"legacy"
    with pytest.raises(keys.KeyError_, match="不支持轮换"):
        keys.create_version("audit")


def test_a_version_rotated_by_another_process_is_noticed_within_a_second(isolated, monkeypatch):
    provider = keys.FileProvider()
    provider.current_version("sm4")  # creates version 1
    assert provider.versions("sm4") == [1]
    other = keys.FileProvider()  # `minzheng keys rotate` in another process: its own provider, same directory
    assert other.create_version("sm4") == 2
    monkeypatch.setattr(keys, "STAT_SECONDS", 3600.0)
    assert provider.versions("sm4") == [1]  # within the interval: the cached look, no stat per seal
    monkeypatch.setattr(keys, "STAT_SECONDS", 0.0)
    assert provider.versions("sm4") == [1, 2] and provider.current_version("sm4") == 2


def test_associated_data_binds_the_value(isolated):
    blob = crypto.encrypt("6222020200001234567", crypto.aad("benefits_entitlement", "bank_account_enc", 1))
    assert crypto.decrypt(blob, crypto.aad("benefits_entitlement", "bank_account_enc", 1)) == "6222020200001234567"
    for wrong in (crypto.aad("benefits_entitlement", "bank_account_enc", 2), crypto.aad("benefits_case",
                                                                                          "bank_account_enc", 1), b""):
        with pytest.raises(crypto.CiphertextError, match="密文校验失败"):
            crypto.decrypt(blob, wrong)
