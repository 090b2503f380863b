"""Devices and their alarms. A device's key is SM4-encrypted and bound to the device's serial (its unique natural
key: the intake looks the device up by serial before it knows anything else); an alarm goes to the bed's provider
or the elder's village, is acknowledged (time to acknowledge kept), escalated while it waits, and closed with what
was done."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core import protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.eldercare import codes
from minzheng.eldercare.models.beds import FamilyBed
from minzheng.eldercare.models.homecare import Provider
from minzheng.registry.models import Person

SCOPE = {"view": "eldercare.view", "change": "eldercare.serve", "export": "eldercare.export"}


class Device(models.Model):
    serial = models.CharField("设备编号", max_length=40, unique=True)
    kind = models.CharField("设备类型", max_length=10, choices=list(codes.DEVICE_KINDS.items()))
    region_code = models.CharField("安装地村(社区)", max_length=12)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="老人")
    bed = models.ForeignKey(FamilyBed, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name="家庭养老床位")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="响应服务组织")
    key_enc = models.BinaryField("设备密钥（密文）")
    active = models.BooleanField("在用", default=True)
    last_seen_at = models.DateTimeField("最近上报", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", **SCOPE)
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("key_enc", "serial"),)

    class Meta:
        verbose_name = "智能设备"
        indexes = [models.Index(fields=["region_code"], name="eldercare_device_scope")]

    def __str__(self) -> str:
        return self.serial


class Alarm(models.Model):
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="alarms", verbose_name="设备")
    event_id = models.CharField("设备事件号", max_length=64)
    kind = models.CharField("告警类型", max_length=12, choices=list(codes.ALARM_KINDS.items()))
    region_code = models.CharField("村(社区)", max_length=12)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="老人")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="响应服务组织")
    target = models.CharField("派送至", max_length=10, choices=list(codes.ALARM_TARGETS.items()))
    occurred_at = models.DateTimeField("发生时间")
    received_at = models.DateTimeField("接收时间")
    lat = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    state = models.CharField("状态", max_length=12, choices=list(codes.ALARM_STATES.items()), default="open")
    escalated_at = models.DateTimeField("升级时间", null=True, blank=True)
    acknowledged_at = models.DateTimeField("响应时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name="响应人")
    ack_seconds = models.PositiveIntegerField("响应用时（秒）", null=True, blank=True)
    closed_at = models.DateTimeField("处置完成时间", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name="处置人")
    outcome = models.CharField("处置结果", max_length=12, blank=True, default="",
                               choices=list(codes.ALARM_OUTCOMES.items()))
    action_taken = models.CharField("处置情况", max_length=500, blank=True, default="")

    scope = Scope("region_code", **SCOPE)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "告警"
        constraints = [models.UniqueConstraint(fields=["device", "event_id"], name="eldercare_alarm_event_once"),
                       models.CheckConstraint(condition=Q(state__in=list(codes.ALARM_STATES)),
                                              name="eldercare_alarm_state")]
        indexes = [models.Index(fields=["state", "received_at"], name="eldercare_alarm_open"),
                   models.Index(fields=["region_code", "state"], name="eldercare_alarm_scope")]

    def __str__(self) -> str:
        return f"告警 #{self.pk}"
