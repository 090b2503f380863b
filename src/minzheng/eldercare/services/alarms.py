"""Devices and alarms: register a device (its key generated here, shown once, stored SM4-encrypted and bound to the
device's serial), the signed intake (no user: the device's HMAC-SM3 signature is the authentication), acknowledge,
close, and the escalation of alarms left unacknowledged (the job / command `minzheng eldercare escalate`).

Dispatch: an alarm goes to the provider serving the elder's family care bed (or the device's own provider), else
to the elder's village; escalation moves it to the township, then the county (policy.alarms.ESCALATION)."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from minzheng.core import audit, protected, validation
from minzheng.core.errors import Conflict, ServiceError, ValidationFailed
from minzheng.eldercare import codes, selectors
from minzheng.eldercare.models import Alarm, Device
from minzheng.eldercare.policy import alarms as policy
from minzheng.eldercare.schemas import AlarmCloseIn, AlarmIn, DeviceIn
from minzheng.eldercare.services.common import require
from minzheng.registry.selectors import get_person

SERVE = "eldercare.serve"


class Unauthenticated(ServiceError):
    """A device request without a valid signature: 401, and nothing said about which part failed."""

    status = 401

    def __init__(self):
        super().__init__("设备签名无效或已过期")


def register_device(actor, data: dict[str, Any]) -> tuple[Device, str]:
    """(device, key in hex): the key is returned this once, to be loaded into the device; only its ciphertext is
    kept."""
    require(actor, "eldercare.manage", "智能设备由县级民政部门登记")
    d = validation.validate(DeviceIn, data)
    bed = person = provider = None
    if d.bed_id is not None:
        bed = selectors.beds_for(actor).filter(pk=d.bed_id, state="active").first()
        if bed is None:
            raise ValidationFailed.one("bed_id", "家庭养老床位不存在、已终止或不在您的辖区内")
        person, provider = bed.person, bed.provider
    if d.person_id is not None:
        person = get_person(actor, d.person_id)
    if d.provider_id is not None:
        provider = selectors.providers_for(actor).filter(pk=d.provider_id).first()
        if provider is None:
            raise ValidationFailed.one("provider_id", "服务组织不存在或不在您的辖区内")
    key = secrets.token_hex(32)
    try:
        with transaction.atomic():
            row = Device(serial=d.serial, kind=d.kind, region_code=person.region_id, person=person, bed=bed,
                         provider=provider, created_by=actor)
            row.key_enc = protected.seal(Device, "key_enc", key, d.serial)
            row.save()
            audit.record(actor, audit.Event("create", "eldercare_device", row.pk, row.region_code, {
                "serial": [None, d.serial], "kind": [None, codes.DEVICE_KINDS[d.kind]], "person": [None, person.pk],
                "bed": [None, bed.pk if bed else None], "provider": [None, provider.name if provider else None]}))
    except IntegrityError:
        raise Conflict(f"设备编号 {d.serial} 已登记") from None
    return row, key


def _header_int(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 12 else None


def receive(serial: str | None, timestamp: str | None, signature: str | None, body: bytes,
            now: dt.datetime | None = None) -> tuple[Alarm, bool]:
    """(alarm, created) for a device's signed post. Refused with 401 before the body is read when the device is
    unknown or inactive, the timestamp stale or the signature wrong; a replay of an event already received returns
    that alarm (created False)."""
    now = now or timezone.now()
    ts = _header_int(timestamp)
    device = selectors.device_by_serial(serial.strip()[:40]) if serial and serial.strip() else None
    if device is None or not device.active or ts is None or not policy.fresh(ts, now):
        raise Unauthenticated()
    key = bytes.fromhex(protected.unseal(device, "key_enc"))
    if not policy.signature_ok(key, ts, body, signature or ""):
        raise Unauthenticated()
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed.one("body", "请求体不是有效的 JSON") from None
    d = validation.validate(AlarmIn, data)
    occurred = d.occurred_at or now
    if timezone.is_naive(occurred):
        occurred = timezone.make_aware(occurred)
    if occurred > now + dt.timedelta(seconds=policy.SKEW) or occurred < now - dt.timedelta(days=1):
        raise ValidationFailed.one("occurred_at", "发生时间应在接收前一天之内")
    existing = Alarm.objects.filter(device=device, event_id=d.event_id).first()
    if existing is not None:
        return existing, False
    provider_id = device.bed.provider_id if device.bed_id else device.provider_id
    try:
        with transaction.atomic():
            alarm = Alarm.objects.create(device=device, event_id=d.event_id, kind=d.kind,
                                         region_code=device.region_code, person_id=device.person_id,
                                         provider_id=provider_id, target="provider" if provider_id else "village",
                                         occurred_at=occurred, received_at=now, lat=d.lat, lng=d.lng)
            Device.objects.filter(pk=device.pk).update(last_seen_at=now)
            audit.record(f"device:{device.serial}", audit.Event("create", "eldercare_alarm", alarm.pk,
                                                                alarm.region_code, {
                "device": [None, device.serial], "kind": [None, codes.ALARM_KINDS[d.kind]],
                "target": [None, codes.ALARM_TARGETS[alarm.target]]}))
    except IntegrityError:  # the same event posted twice at the same moment
        return Alarm.objects.get(device=device, event_id=d.event_id), False
    return alarm, True


def _alarm(actor, alarm):
    require(actor, SERVE, "您的角色不能处置告警")
    return alarm if isinstance(alarm, Alarm) else selectors.get_alarm(actor, alarm)


def acknowledge(actor, alarm: Alarm | int, data: dict[str, Any] | None = None) -> Alarm:
    alarm = _alarm(actor, alarm)
    with transaction.atomic():
        row = Alarm.objects.select_for_update().get(pk=alarm.pk)
        if row.state != "open":
            raise Conflict(f"告警当前为“{codes.ALARM_STATES[row.state]}”")
        now = timezone.now()
        row.state, row.acknowledged_at, row.acknowledged_by = "acknowledged", now, actor
        row.ack_seconds = policy.seconds_to_acknowledge(row.received_at, now)
        row.save(update_fields=["state", "acknowledged_at", "acknowledged_by", "ack_seconds"])
        audit.record(actor, audit.Event("update", "eldercare_alarm", row.pk, row.region_code, {
            "state": ["待响应", "已响应"], "ack_seconds": [None, row.ack_seconds]}))
    return row


def close(actor, alarm: Alarm | int, data: dict[str, Any]) -> Alarm:
    alarm = _alarm(actor, alarm)
    d = validation.validate(AlarmCloseIn, data)
    with transaction.atomic():
        row = Alarm.objects.select_for_update().get(pk=alarm.pk)
        if row.state != "acknowledged":
            raise Conflict("请先响应告警，处置后再填写处置结果" if row.state == "open" else "告警已处置")
        row.state, row.closed_at, row.closed_by = "closed", timezone.now(), actor
        row.outcome, row.action_taken = d.outcome, d.action_taken
        row.save(update_fields=["state", "closed_at", "closed_by", "outcome", "action_taken"])
        audit.record(actor, audit.Event("update", "eldercare_alarm", row.pk, row.region_code, {
            "state": ["已响应", "已处置"], "outcome": [None, codes.ALARM_OUTCOMES[d.outcome]],
            "action_taken": [None, d.action_taken]}))
    return row


def act(actor, alarm_id: int, data: dict[str, Any]) -> Alarm:
    require(actor, SERVE, "您的角色不能处置告警")
    alarm = selectors.get_alarm(actor, alarm_id)
    action = data.get("action") if isinstance(data, dict) else None
    if action == "acknowledge":
        return acknowledge(actor, alarm)
    if action == "close":
        return close(actor, alarm, data)
    raise ValidationFailed.one("action", "操作取值无效，应为：acknowledge（响应）、close（处置完成）")


def escalate(now: dt.datetime | None = None) -> dict:
    """Move every open alarm that has waited past a step to the step's target (set-based: one UPDATE per step);
    one audit entry per escalated alarm."""
    now = now or timezone.now()
    moved: dict[str, int] = {}
    events = []
    with transaction.atomic():
        for after, target in policy.ESCALATION:  # longest wait first: an alarm jumps straight to the highest step
            lower = [t for t, rank in policy.RANK.items() if rank < policy.RANK[target]]
            qs = Alarm.objects.filter(state="open", received_at__lte=now - after, target__in=lower)
            rows = list(qs.values_list("id", "region_code", "target"))
            if rows:
                Alarm.objects.filter(pk__in=[r[0] for r in rows]).update(target=target, escalated_at=now)
                events += [audit.Event("escalate", "eldercare_alarm", pk, region, {
                    "target": [codes.ALARM_TARGETS[old], codes.ALARM_TARGETS[target]]}) for pk, region, old in rows]
            moved[target] = len(rows)
        if events:
            audit.record_many("escalation", events)
    return moved
