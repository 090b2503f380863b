"""Cemeteries and columbaria (公墓、骨灰堂) with their plots or niches, holders, fees, renewal dates and transfers;
eco-burial (生态安葬) with its reward; 清明 tomb-sweeping slots with a capacity and their bookings (QR check-in)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.funeral import codes
from minzheng.funeral.models.deaths import SCOPE, DeathRegistration
from minzheng.registry.models import Person

SITE_SCOPE = Scope("region_code", view="funeral.view", change="funeral.manage", export="funeral.export")


class Cemetery(models.Model):
    name = models.CharField("公墓名称", max_length=100)
    region_code = models.CharField("所在区划", max_length=12)
    kind = models.CharField("类型", max_length=12, choices=list(codes.CEMETERY_KINDS.items()))
    address = models.CharField("地址", max_length=200, blank=True, default="")
    operator = models.CharField("经营管理单位", max_length=100, blank=True, default="")

    scope = SITE_SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "公墓"
        constraints = [models.UniqueConstraint(fields=["region_code", "name"], name="funeral_cemetery_name_once")]

    def __str__(self) -> str:
        return self.name


class Plot(models.Model):
    """A grave, niche or eco-burial place: who holds it (墓穴使用权人), who lies there, the fee and until when the
    use (or the 骨灰寄存/管理费) is paid — the renewal date."""

    cemetery = models.ForeignKey(Cemetery, on_delete=models.PROTECT, related_name="plots", verbose_name="公墓")
    region_code = models.CharField("所在区划", max_length=12)  # the cemetery's
    code = models.CharField("编号（区-排-号）", max_length=30)
    kind = models.CharField("类型", max_length=10, choices=list(codes.PLOT_KINDS.items()))
    status = models.CharField("状态", max_length=10, choices=list(codes.PLOT_STATUS.items()), default="free")
    holder_name = models.CharField("使用权人", max_length=50, blank=True, default="")
    holder = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="使用权人（在册人员）")
    occupant = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="安葬人")
    fee = models.DecimalField("收费（元）", max_digits=10, decimal_places=2, default=0)
    paid_until = models.DateField("续费到期日", null=True, blank=True)

    scope = SITE_SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "墓穴（格位）"
        constraints = [models.UniqueConstraint(fields=["cemetery", "code"], name="funeral_plot_code_once"),
                       models.CheckConstraint(condition=Q(fee__gte=0), name="funeral_plot_fee")]
        indexes = [models.Index(fields=["region_code", "status"], name="funeral_plot_scope"),
                   models.Index(fields=["paid_until"], name="funeral_plot_renewal")]

    def __str__(self) -> str:
        return f"{self.code}"


class PlotTransfer(models.Model):
    """使用权变更 (transfer to an heir or relative), with the reason: the history of holders."""

    plot = models.ForeignKey(Plot, on_delete=models.CASCADE, related_name="transfers", verbose_name="墓穴（格位）")
    region_code = models.CharField("所在区划", max_length=12)
    from_name = models.CharField("原使用权人", max_length=50)
    to_name = models.CharField("新使用权人", max_length=50)
    on = models.DateField("变更日期")
    reason = models.CharField("变更原因", max_length=200)

    scope = SITE_SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "使用权变更"

    def __str__(self) -> str:
        return f"使用权变更 #{self.pk}"


class EcoBurial(models.Model):
    """生态安葬 (sea, tree, flower, lawn …): one per death; its reward is a kernel one-off payment (case_id)."""

    death = models.OneToOneField(DeathRegistration, on_delete=models.PROTECT, related_name="eco_burial",
                                 verbose_name="死亡登记")
    region_code = models.CharField("逝者村(社区)", max_length=12)
    kind = models.CharField("安葬方式", max_length=10, choices=list(codes.ECO_KINDS.items()))
    buried_on = models.DateField("安葬日期")
    place = models.CharField("安葬地点", max_length=100, blank=True, default="")
    plot = models.ForeignKey(Plot, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="葬位")
    reward = models.DecimalField("奖补金额", max_digits=10, decimal_places=2, default=0)
    status = models.CharField("状态", max_length=10, choices=list(codes.ECO_STATUS.items()), default="recorded")
    case_id = models.BigIntegerField("奖补案件", null=True, blank=True)

    scope = SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "生态安葬"
        indexes = [models.Index(fields=["region_code", "buried_on"], name="funeral_eco_scope")]

    def __str__(self) -> str:
        return f"生态安葬 #{self.pk}"


class SweepSlot(models.Model):
    """A 清明 tomb-sweeping time slot of a cemetery with its capacity; `booked` is kept by a conditional UPDATE
    (booked = booked + n WHERE booked + n <= capacity), so it can never pass the capacity, whatever runs at once."""

    cemetery = models.ForeignKey(Cemetery, on_delete=models.PROTECT, related_name="slots", verbose_name="公墓")
    region_code = models.CharField("所在区划", max_length=12)
    day = models.DateField("日期")
    starts = models.TimeField("开始时间")
    ends = models.TimeField("结束时间")
    capacity = models.PositiveIntegerField("可预约人数")
    booked = models.PositiveIntegerField("已预约人数", default=0)

    scope = SITE_SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "祭扫时段"
        constraints = [models.UniqueConstraint(fields=["cemetery", "day", "starts"], name="funeral_slot_once"),
                       models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="funeral_slot_capacity"),
                       models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="funeral_slot_period")]

    def __str__(self) -> str:
        return f"{self.day} {self.starts:%H:%M}-{self.ends:%H:%M}"

    @property
    def starts_text(self) -> str:
        return f"{self.starts:%H:%M}"

    @property
    def ends_text(self) -> str:
        return f"{self.ends:%H:%M}"


class SweepBooking(models.Model):
    """A booking: the visitor's name and party size (no ID number, no phone); `token` is the opaque code in the QR
    shown at the gate."""

    slot = models.ForeignKey(SweepSlot, on_delete=models.PROTECT, related_name="bookings", verbose_name="时段")
    region_code = models.CharField("所在区划", max_length=12)
    visitor_name = models.CharField("预约人", max_length=50)
    party_size = models.PositiveSmallIntegerField("人数")
    token = models.CharField("预约码", max_length=40, unique=True)
    status = models.CharField("状态", max_length=12, choices=list(codes.BOOKING_STATUS.items()), default="booked")
    checked_in_at = models.DateTimeField("入园时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("预约时间", auto_now_add=True)

    scope = SITE_SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "祭扫预约"
        constraints = [models.CheckConstraint(condition=Q(party_size__gte=1), name="funeral_booking_party")]

    def __str__(self) -> str:
        return f"祭扫预约 #{self.pk}"
