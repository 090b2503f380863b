"""Key rotation reaches the marriage and adoption records: SM4 rotation re-encrypts the parties' ID numbers (bound to
their blind index), index-key rotation recomputes the indexes, re-seals the values bound to them and rebuilds the
Spouse copies (AppConfig.index_rekey), so the duplicate-marriage check still finds a married person."""

from __future__ import annotations

import pytest

from conftest import ensure_regions
from minzheng.core import crypto, keys, keys_cli
from minzheng.marriage.models import Registration, Spouse
from minzheng.marriage.services import registrations
from minzheng.marriage.tests.factories import marriage, party, registry


@pytest.fixture
def own_keys(tmp_path, monkeypatch):
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


@pytest.mark.django_db(transaction=True)
def test_rotations_keep_the_register_working(own_keys, make_user, monkeypatch):
    from minzheng.core.errors import ValidationFailed

    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    ensure_regions()
    registry()
    clerk = make_user("county", "330902000000")
    a, b = party("卢一", "19900101", "M"), party("卢二", "19910101", "F")
    registrations.register(clerk, marriage(a, b))
    old = Registration.objects.get().id_a_index
    keys_cli.rotate_sm4()
    rekey = keys_cli.rotate_index()
    assert rekey["outside_database"]["minzheng.marriage.models.rebuild_spouses"] == {"spouses": 2}
    row = Registration.objects.get()
    assert row.id_a_index != old and row.id_a_index == crypto.blind_index(a["id_number"])
    assert row.id_a_masked.startswith("330902") and set(Spouse.objects.values_list("id_index", flat=True)) == {
        row.id_a_index, row.id_b_index}
    with pytest.raises(ValidationFailed) as refused:
        registrations.register(clerk, marriage(a, party("卢三", "19920101", "F")))
    assert "已有配偶" in refused.value.errors[0].message
