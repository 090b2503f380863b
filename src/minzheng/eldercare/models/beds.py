"""家庭养老床位 (一床一人一码): an assessed elder at home + a provider + an agreement. `token` is the opaque code
printed in the bed's QR label (random, no personal data); a scan opens the bed's record for an authorised worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.eldercare import codes
from minzheng.eldercare.models.homecare import Provider
from minzheng.registry.models import Person


class FamilyBed(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="老人")
    region_code = models.CharField("村(社区)", max_length=12)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="beds", verbose_name="服务组织")
    agreement_no = models.CharField("服务协议编号", max_length=40)
    agreement_from = models.DateField("协议起始日期")
    agreement_to = models.DateField("协议终止日期", null=True, blank=True)
    assessed_level = models.PositiveSmallIntegerField("能力等级（建床时）")
    required_visits = models.PositiveSmallIntegerField("每月应服务次数")
    address = models.CharField("床位地址", max_length=200)
    token = models.CharField("床位码", max_length=40, unique=True)
    state = models.CharField("状态", max_length=10, choices=list(codes.BED_STATES.items()), default="active")
    ended_on = models.DateField("终止日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=200, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("建床时间", auto_now_add=True)

    scope = Scope("region_code", view="eldercare.view", change="eldercare.serve", export="eldercare.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "家庭养老床位"
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(state="active"), name="eldercare_bed_one_active"),
            models.CheckConstraint(condition=Q(assessed_level__lte=4), name="eldercare_bed_level"),
        ]
        indexes = [models.Index(fields=["region_code", "state"], name="eldercare_bed_scope")]

    def __str__(self) -> str:
        return f"家庭养老床位 #{self.pk}"
