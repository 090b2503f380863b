"""惠民殡葬: the waiver rules as data (WaiverScheme by region and effective date, with its items), funeral homes and
their cremation records, each death's waiver (one per death) and the monthly settlement with a funeral home."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.funeral import codes
from minzheng.funeral.models.deaths import SCOPE, DeathRegistration

RULES_SCOPE = Scope("region_code", view="funeral.view", change="funeral.manage", export="funeral.export")


class WaiverScheme(models.Model):
    """The 惠民殡葬 rule of a region from a date (the row in force: latest effective_from ≤ the death date, most
    specific region first). Caps per group; `special_programs` lists the kernel programs whose recipients count as
    the special group (低保 dibao, 特困 tekun …); residence (户籍) and place-of-cremation rules."""

    region_code = models.CharField("区划", max_length=12)
    effective_from = models.DateField("生效日期")
    name = models.CharField("名称", max_length=100)
    document = models.CharField("依据文件", max_length=200, blank=True, default="")
    sample = models.BooleanField("示例数据", default=False)
    hukou_required = models.BooleanField("限本地户籍", default=True)
    cremation_place = models.CharField("火化地规则", max_length=10, choices=list(codes.CREMATION_PLACES.items()),
                                       default="local")
    cap_general = models.DecimalField("减免上限（基本）", max_digits=10, decimal_places=2)
    cap_special = models.DecimalField("减免上限（特殊群体）", max_digits=10, decimal_places=2)
    special_programs = models.CharField("特殊群体（救助项目代码，逗号分隔）", max_length=200, blank=True, default="")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = RULES_SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "惠民殡葬减免标准"
        constraints = [models.UniqueConstraint(fields=["region_code", "effective_from"], name="funeral_scheme_once"),
                       models.CheckConstraint(condition=Q(cap_general__gte=0) & Q(cap_special__gte=0),
                                              name="funeral_scheme_caps")]

    def __str__(self) -> str:
        return f"{self.name}（{self.effective_from} 起）"

    @property
    def programs(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.special_programs.split(",") if p.strip())


class WaiverItem(models.Model):
    scheme = models.ForeignKey(WaiverScheme, on_delete=models.CASCADE, related_name="items", verbose_name="标准")
    item = models.CharField("项目", max_length=20, choices=list(codes.WAIVER_ITEMS.items()))
    unit = models.CharField("计价单位", max_length=10, choices=list(codes.WAIVER_UNITS.items()))
    amount = models.DecimalField("单价（减免额）", max_digits=10, decimal_places=2)
    max_units = models.PositiveIntegerField("最多计", null=True, blank=True)  # e.g. 3 days, 12 months; NULL = 1
    special_only = models.BooleanField("仅特殊群体", default=False)

    class Meta:
        verbose_name = "惠民殡葬减免项目"
        constraints = [models.UniqueConstraint(fields=["scheme", "item"], name="funeral_scheme_item_once"),
                       models.CheckConstraint(condition=Q(amount__gte=0), name="funeral_item_amount")]

    def __str__(self) -> str:
        return f"{codes.WAIVER_ITEMS.get(self.item, self.item)} {self.amount}{codes.WAIVER_UNITS.get(self.unit, '')}"


class FuneralHome(models.Model):
    name = models.CharField("殡仪馆名称", max_length=100)
    region_code = models.CharField("所在区划", max_length=12)
    address = models.CharField("地址", max_length=200, blank=True, default="")
    phone = models.CharField("服务电话", max_length=30, blank=True, default="")
    active = models.BooleanField("在用", default=True)

    scope = RULES_SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "殡仪馆"
        constraints = [models.UniqueConstraint(fields=["region_code", "name"], name="funeral_home_name_once")]

    def __str__(self) -> str:
        return self.name


class CremationRecord(models.Model):
    """火化记录: the services actually used (the waiver is computed from these)."""

    death = models.OneToOneField(DeathRegistration, on_delete=models.CASCADE, related_name="cremation",
                                 verbose_name="死亡登记")
    funeral_home = models.ForeignKey(FuneralHome, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="cremations", verbose_name="殡仪馆")
    outside_region = models.CharField("异地火化地", max_length=12, blank=True, default="")  # 异地火化: the region
    region_code = models.CharField("逝者村(社区)", max_length=12)
    cremated_on = models.DateField("火化日期")
    certificate_no = models.CharField("火化证明编号", max_length=40, blank=True, default="")
    storage_days = models.PositiveSmallIntegerField("暂存天数", default=0)
    ash_storage_months = models.PositiveSmallIntegerField("骨灰寄存月数", default=0)
    transport_km = models.PositiveSmallIntegerField("接运公里数", default=0)

    scope = SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "火化记录"
        indexes = [models.Index(fields=["region_code", "cremated_on"], name="funeral_cremation_scope")]

    def __str__(self) -> str:
        return f"火化记录 #{self.pk}"


class Settlement(models.Model):
    """The monthly statement of a funeral home's waived services (直接减免): paid to the funeral home as a purchase of
    basic funeral services. One per home and month; a waiver joins one settlement only (conditional UPDATE)."""

    funeral_home = models.ForeignKey(FuneralHome, on_delete=models.PROTECT, related_name="settlements",
                                     verbose_name="殡仪馆")
    region_code = models.CharField("区划", max_length=12)
    month = models.DateField("结算月份")
    count = models.PositiveIntegerField("减免具数", default=0)
    total = models.DecimalField("结算金额", max_digits=14, decimal_places=2, default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="结算人")
    created_at = models.DateTimeField("结算时间", auto_now_add=True)

    scope = Scope("region_code", view="funeral.view", change="funeral.manage", export="funeral.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "殡仪馆减免结算"
        constraints = [models.UniqueConstraint(fields=["funeral_home", "month"], name="funeral_settlement_once")]

    def __str__(self) -> str:
        return f"减免结算 {self.funeral_home_id} {self.month:%Y-%m}"


class Waiver(models.Model):
    """A death's 惠民殡葬 waiver: one per death (never paid twice), its lines as computed by policy.waiver, paid to
    the funeral home (a settlement) or reimbursed to the family (a kernel one-off case, `case_id`)."""

    death = models.OneToOneField(DeathRegistration, on_delete=models.PROTECT, related_name="waiver",
                                 verbose_name="死亡登记")
    scheme = models.ForeignKey(WaiverScheme, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="适用标准")
    region_code = models.CharField("村(社区)", max_length=12)
    group = models.CharField("减免对象", max_length=10, choices=list(codes.WAIVER_GROUPS.items()), default="general")
    lines = models.JSONField("减免明细", default=list)
    total = models.DecimalField("减免金额", max_digits=10, decimal_places=2, default=0)
    payee = models.CharField("支付方式", max_length=15, choices=list(codes.WAIVER_PAYEES.items()))
    funeral_home = models.ForeignKey(FuneralHome, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name="殡仪馆")
    status = models.CharField("状态", max_length=12, choices=list(codes.WAIVER_STATUS.items()))
    reasons = models.JSONField("说明", default=list)
    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="waivers", verbose_name="结算单")
    case_id = models.BigIntegerField("报销案件", null=True, blank=True)
    created_on = models.DateField("核定日期")

    scope = SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "惠民殡葬减免"
        constraints = [models.CheckConstraint(condition=Q(total__gte=0), name="funeral_waiver_total")]
        indexes = [models.Index(fields=["funeral_home", "status"], name="funeral_waiver_settle")]

    def __str__(self) -> str:
        return f"惠民殡葬减免 #{self.pk}"
