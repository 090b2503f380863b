"""Family care beds (an assessed elder, an opaque label token, visits per month) and device alarms (signed intake,
replay, dispatch to the bed's provider or the village, acknowledge, close, escalation)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from minzheng.core import protected
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.core.models import AuditEntry
from minzheng.eldercare import selectors
from minzheng.eldercare.models import Alarm, Device
from minzheng.eldercare.policy.alarms import sign
from minzheng.eldercare.services import alarms, beds
from minzheng.eldercare.tests.factories import bed, device, elder, provider, served_order

pytestmark = pytest.mark.usefixtures("today")


def test_a_bed_needs_an_assessed_elder_and_its_token_names_nothing(staff, village_user, levels):
    county = staff["county"]
    prov, _, _ = provider(county)
    person = elder(village_user, name="床位老人")
    with pytest.raises(Conflict, match="没有有效的老年人能力评估"):
        beds.open_bed(village_user, {"person_id": person.pk, "provider_id": prov.pk, "agreement_no": "A1",
                                     "agreement_from": "2026-04-01", "address": "幸福路1号"})
    row = bed(village_user, person, prov, levels, level=3)
    assert (row.assessed_level, row.required_visits) == (3, 8)
    from minzheng.core import protected as prot

    number = prot.unseal(person, "id_number_enc")
    assert len(row.token) == 32 and row.token.isascii() and number[-6:] not in row.token
    assert beds.new_token() != beds.new_token()
    with pytest.raises(Conflict, match="已有服务中的家庭养老床位"):
        bed(village_user, person, prov, levels)
    assert beds.scan(village_user, row.token).pk == row.pk
    assert AuditEntry.objects.filter(action="scan", object_type="eldercare_bed", object_id=str(row.pk)).exists()
    with pytest.raises(NotFound):
        beds.scan(village_user, "x" * 32)


def test_scanning_needs_the_role_and_the_region(staff, village_user, levels, make_user):
    prov, _, _ = provider(staff["county"])
    row = bed(village_user, elder(village_user), prov, levels)
    with pytest.raises(NotFound):
        beds.scan(make_user("village", "330903001001"), row.token)  # another county's clerk
    with pytest.raises(Forbidden):
        beds.scan(make_user("sysadmin", "330902000000"), row.token)


def test_visits_per_month_are_counted_from_the_beds_orders(staff, village_user, levels):
    county = staff["county"]
    prov, item, worker = provider(county)
    person = elder(village_user)
    row = bed(village_user, person, prov, levels, level=1)  # 4 visits a month
    for _ in range(3):
        served_order(village_user, county, person, item, worker, bed=row)
    month = dt.date(2026, 4, 1)
    got = selectors.beds_for(county, month).get(pk=row.pk)
    assert (got.visits, got.required_visits) == (3, 4)
    assert [b.pk for b in selectors.beds_short_of_visits(county, month)] == [row.pk]
    served_order(village_user, county, person, item, worker, bed=row)
    assert not selectors.beds_short_of_visits(county, month).exists()
    beds.end_bed(village_user, row.pk, {"on": "2026-04-19", "reason": "入住机构"})
    with pytest.raises(Conflict, match="已于"):
        beds.end_bed(village_user, row.pk, {"on": "2026-04-19", "reason": "x"})


def _post(dev_serial: str, key: str, payload: dict, ts: int | None = None, now=None):
    body = json.dumps(payload).encode()
    ts = ts if ts is not None else int((now or timezone.now()).timestamp())
    return alarms.receive(dev_serial, str(ts), sign(bytes.fromhex(key), ts, body), body, now=now)


def test_device_keys_are_sealed_to_their_row(staff, village_user, levels):
    county = staff["county"]
    person = elder(village_user)
    dev, key = device(county, person=person)
    assert len(key) == 64 and key.encode() not in bytes(dev.key_enc)
    assert protected.unseal(dev, "key_enc") == key
    other, _ = device(county, person=person, serial="DEV-0002")
    Device.objects.filter(pk=other.pk).update(key_enc=dev.key_enc)  # a key copied to another device's row …
    other.refresh_from_db()
    with pytest.raises(Conflict, match="密文校验失败"):  # … does not decrypt there
        protected.unseal(other, "key_enc")


def test_signed_intake_dispatch_replay_and_refusals(staff, village_user, levels):
    county = staff["county"]
    prov, _, _ = provider(county)
    person = elder(village_user)
    at_home, key = device(county, person=person)
    alarm, created = _post(at_home.serial, key, {"event_id": "e-1", "kind": "fall"})
    assert created and (alarm.target, alarm.provider_id, alarm.state) == ("village", None, "open")
    again, created = _post(at_home.serial, key, {"event_id": "e-1", "kind": "fall"})
    assert not created and again.pk == alarm.pk  # a replayed event makes nothing new

    row = bed(village_user, elder(village_user, "床位老人"), prov, levels)
    on_bed, bed_key = device(county, bed_row=row, serial="BED-1", kind="bed_mat")
    alarm2, _ = _post(on_bed.serial, bed_key, {"event_id": "e-1", "kind": "inactivity"})
    assert (alarm2.target, alarm2.provider_id, alarm2.person_id) == ("provider", prov.pk, row.person_id)

    with pytest.raises(alarms.Unauthenticated):  # wrong key
        _post(at_home.serial, bed_key, {"event_id": "e-2", "kind": "sos"})
    with pytest.raises(alarms.Unauthenticated):  # stale timestamp
        _post(at_home.serial, key, {"event_id": "e-3", "kind": "sos"}, ts=int(timezone.now().timestamp()) - 301)
    with pytest.raises(alarms.Unauthenticated):  # unknown device
        _post("NOPE", key, {"event_id": "e-4", "kind": "sos"})
    body = b'{"event_id": "e-5", "kind": "sos"}'
    ts = int(timezone.now().timestamp())
    with pytest.raises(alarms.Unauthenticated):  # the body changed after signing
        alarms.receive(at_home.serial, str(ts), sign(bytes.fromhex(key), ts, body), body + b" ")
    with pytest.raises(ValidationFailed, match="告警类型取值无效"):
        _post(at_home.serial, key, {"event_id": "e-6", "kind": "flood"})
    assert Alarm.objects.count() == 2


def test_acknowledge_close_and_time_to_acknowledge(staff, village_user, levels):
    county = staff["county"]
    dev, key = device(county, person=elder(village_user))
    received = timezone.now() - dt.timedelta(seconds=95)
    alarm, _ = _post(dev.serial, key, {"event_id": "e-1", "kind": "sos"}, now=received)
    with pytest.raises(Conflict, match="请先响应告警"):
        alarms.close(village_user, alarm.pk, {"outcome": "visited", "action_taken": "上门查看"})
    row = alarms.acknowledge(village_user, alarm.pk)
    assert row.state == "acknowledged" and 95 <= row.ack_seconds <= 100
    with pytest.raises(ValidationFailed):
        alarms.close(village_user, alarm.pk, {"outcome": "visited", "action_taken": ""})
    row = alarms.close(village_user, alarm.pk, {"outcome": "helped", "action_taken": "扶起老人，联系家属"})
    assert row.state == "closed" and row.closed_by == village_user
    with pytest.raises(Forbidden):
        alarms.acknowledge(staff["city"], alarm.pk)


def test_unacknowledged_alarms_escalate(staff, village_user, levels):
    county = staff["county"]
    dev, key = device(county, person=elder(village_user))
    now = timezone.now()
    _fresh, _ = _post(dev.serial, key, {"event_id": "a", "kind": "sos"}, now=now - dt.timedelta(minutes=2))
    _waiting, _ = _post(dev.serial, key, {"event_id": "b", "kind": "fall"}, now=now - dt.timedelta(minutes=6))
    _long, _ = _post(dev.serial, key, {"event_id": "c", "kind": "smoke"}, now=now - dt.timedelta(minutes=20))
    handled, _ = _post(dev.serial, key, {"event_id": "d", "kind": "sos"}, now=now - dt.timedelta(minutes=20))
    alarms.acknowledge(village_user, handled.pk)
    assert alarms.escalate(now) == {"county": 1, "township": 1}
    targets = dict(Alarm.objects.values_list("event_id", "target"))
    assert targets == {"a": "village", "b": "township", "c": "county", "d": "village"}
    assert alarms.escalate(now) == {"county": 0, "township": 0}  # nothing moves twice
    assert AuditEntry.objects.filter(action="escalate").count() == 2
