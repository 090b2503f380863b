"""Audit chain: every change is recorded; `minzheng audit verify` detects edits, deletions, reordering, truncation."""

import pytest
from django.db import connection

from conftest import VILLAGE_A, make_id
from minzheng import cli
from minzheng.core import audit
from minzheng.core.models import AuditEntry
from minzheng.registry import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(county_user):
    for i in range(4):
        services.create_person(county_user, {"name": f"人{i}", "id_number": make_id(), "region_code": VILLAGE_A})
    assert audit.verify().ok
    return list(AuditEntry.objects.order_by("seq"))


def _sql(statement, params=()):
    with connection.cursor() as cur:
        cur.execute(statement, params)


def test_entries_record_actor_action_and_masked_changes(county_user, chain):
    entry = next(e for e in chain if e.object_type == "person")
    assert entry.actor_name == county_user.username and entry.action == "create"
    assert entry.changes["id_number"][1].count("*") == 10
    assert entry.region_code == VILLAGE_A


def test_verify_passes_then_cli_exit_codes(chain, capsys):
    assert cli.main(["audit", "verify"]) == 0
    assert '"ok": true' in capsys.readouterr().out
    victim = chain[2]
    _sql("UPDATE core_auditentry SET changes = %s WHERE seq = %s", ('{"name": [null, "篡改"]}', victim.seq))
    assert cli.main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f'"first_bad_seq": {victim.seq}' in out and "篡改" in out


def test_editing_a_field_is_detected(chain):
    victim = chain[1]
    _sql("UPDATE core_auditentry SET actor_name = %s WHERE seq = %s", ("someone_else", victim.seq))
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == victim.seq


def test_deleting_an_entry_is_detected(chain):
    victim = chain[2]
    _sql("DELETE FROM core_auditentry WHERE seq = %s", (victim.seq,))
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == victim.seq


def test_reordering_entries_is_detected(chain):
    a, b = chain[1], chain[2]
    # Swap the two rows' sequence numbers (via a temporary value to respect the unique constraint).
    _sql("UPDATE core_auditentry SET seq = -1 WHERE seq = %s", (a.seq,))
    _sql("UPDATE core_auditentry SET seq = %s WHERE seq = %s", (a.seq, b.seq))
    _sql("UPDATE core_auditentry SET seq = %s WHERE seq = -1", (b.seq,))
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == a.seq


def test_truncating_the_tail_is_detected(chain):
    _sql("DELETE FROM core_auditentry WHERE seq = %s", (chain[-1].seq,))
    result = audit.verify()
    assert not result.ok and "链尾" in result.reason


def test_orm_refuses_to_change_entries(chain):
    entry = chain[0]
    entry.actor_name = "x"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_bulk_append_keeps_the_chain(county_user):
    audit.record_many(county_user, [audit.Event("export", "person", str(i)) for i in range(1200)], batch_size=500)
    assert audit.verify().ok


def test_auditor_views_and_filters_the_log_others_may_not(make_user, client, chain):
    from conftest import PASSWORD

    make_user("auditor", "330902000000", username="aud")
    assert client.login(username="aud", password=PASSWORD)
    page = client.get("/audit/", {"action": "create", "object_type": "person"}).content.decode()
    assert page.count("<tr><td") == 4  # the four persons created by the fixture
    assert "新增" in page and "登录成功</td>" not in page
    bad = client.get("/audit/", {"at_from": "bad-date"})
    assert bad.status_code == 422 and "日期格式不正确" in bad.content.decode()  # a clear message, not an empty page
    assert client.get("/registry/persons/").status_code == 403  # the auditor sees no people
    make_user("county", "330902000000", username="cnty")
    client.logout()
    client.login(username="cnty", password=PASSWORD)
    assert client.get("/audit/").status_code == 403


def test_the_audit_page_reads_in_chinese_links_each_record_and_verifies_the_chain(make_user, client, chain):
    """Issue 12: Chinese field names and object names (linked to every entry about the record), export, and a
    chain check the auditor starts from the page."""
    from openpyxl import load_workbook

    from conftest import PASSWORD
    from minzheng.core.models import Job

    make_user("auditor", "330902000000", username="aud2")
    assert client.login(username="aud2", password=PASSWORD)
    page = client.get("/audit/", {"action": "create", "object_type": "person"}).content.decode()
    person = next(e for e in chain if e.object_type == "person").object_id
    assert f'?object_type=person&amp;object_id={person}' in page and f"人员 #{person}" in page
    assert "姓名：（已隐去）" in page and "身份证号" in page  # the model's Chinese field names; values hidden
    assert "id_number：" not in page and "name：" not in page
    rows = list(load_workbook(__import__("io").BytesIO(b"".join(
        client.get("/audit/?action=create&object_type=person&export=xlsx").streaming_content))).active.values)
    assert rows[0][5] == "对象" and rows[1][5].startswith("人员 #")
    assert "校验审计链" in page
    r = client.post("/audit/verify/", {})
    assert r.status_code == 302
    job = Job.objects.latest("id")
    assert job.kind == "audit_verify" and job.status == "done" and job.result["ok"] is True
    assert job.result["checked"] >= len(chain)
    assert AuditEntry.objects.filter(action="chain_verify").exists()
    _sql("UPDATE core_auditentry SET changes = %s WHERE seq = %s", ('{"name": [null, "篡改"]}', chain[1].seq))
    client.post("/audit/verify/", {})
    broken = Job.objects.latest("id")
    assert broken.result["ok"] is False and broken.result["first_bad_seq"] == chain[1].seq
    assert "不完整" in client.get(f"/jobs/{broken.pk}/").content.decode()
    make_user("county", "330902000000", username="cnty2")
    client.logout()
    client.login(username="cnty2", password=PASSWORD)
    assert client.post("/audit/verify/", {}).status_code == 403


def test_changes_are_stored_as_plain_json_values_whatever_their_python_types():
    """audit._plain: scalars as they are (also inside containers, the fast path), dates as ISO text, Decimal and
    anything else as exact text (never float), keys as text, tuples as lists, str subclasses kept."""
    import datetime as dt
    import enum
    from decimal import Decimal

    class Kind(enum.StrEnum):
        A = "a"

    value = {"n": [None, 3], 7: (True, "x"), "d": {"at": dt.date(2026, 1, 2), "fen": Decimal("1.10"), "f": 2.5},
             "deep": [[{"k": [dt.datetime(2026, 1, 2, 3, 4, 5)]}]], "kind": Kind.A}
    assert audit._plain(value) == {"n": [None, 3], "7": [True, "x"],
                                   "d": {"at": "2026-01-02", "fen": "1.10", "f": "2.5"},
                                   "deep": [[{"k": ["2026-01-02T03:04:05"]}]], "kind": Kind.A}
    assert audit._plain(Decimal("0.10")) == "0.10" and audit._plain((1, 2)) == [1, 2]


def test_events_serialised_once_verify_and_read_back_as_recorded(county_user):
    """record_many serialises each event's changes once, for the row and for the chain's hash (audit._digest_text);
    an event marked `plain` skips the walk. verify() recomputes every hash from the stored JSON with audit._digest,
    so the two serialisations must agree — with nested lists, non-ASCII text and keys out of order."""
    import datetime as dt

    members = [{"relation": "02", "name": "张大", "person": 7, "id_number": "330902**********1X"},
               {"relation": "10", "name": "李\u4e8c\"引号\"", "person": 8, "id_number": "330902**********22"}]
    first, last = audit.record_many(county_user, [
        audit.Event("create", "household", 1, "330902001001", {"z": [None, "户"], "members": [None, members]},
                    plain=True),
        audit.Event("update", "person", 2, "330902001001", {"born": [dt.date(2000, 1, 2), dt.date(2000, 2, 1)]}),
    ])
    assert audit.verify().ok
    rows = {e.seq: e.changes for e in AuditEntry.objects.filter(seq__in=[first, last])}
    assert rows[first] == {"z": [None, "户"], "members": [None, members]}
    assert rows[last] == {"born": ["2000-01-02", "2000-02-01"]}
    assert audit._digest_text(1, "t", None, "a", "ip", "x", "o", "1", "r", '{"a":[1,"二"]}', "p") == audit._digest(
        1, "t", None, "a", "ip", "x", "o", "1", "r", {"a": [1, "二"]}, "p")
