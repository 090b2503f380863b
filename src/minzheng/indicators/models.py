"""Plan indicators as data (指标), their values by region and period, and the values entered by hand for indicators
no app can compute (with evidence and approval)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.indicators import codes

VIEW = "indicators.view"


def _choices(table: dict) -> list[tuple[str, str]]:
    return list(table.items())


class Indicator(models.Model):
    """One indicator of a plan: what it measures (a formula over data elements, or entered by hand), its attribute
    (约束性/预期性), its baseline and its targets by year, and where the plan states it."""

    code = models.CharField("指标代码", max_length=40, unique=True)
    plan = models.CharField("规划", max_length=20, choices=_choices(codes.PLANS))
    number = models.CharField("序号", max_length=10, blank=True, default="")
    name = models.CharField("指标名称", max_length=200)
    unit = models.CharField("单位", max_length=20, blank=True, default="")
    kind = models.CharField("计算方式", max_length=10, choices=_choices(codes.KINDS))
    numerator = models.CharField("分子（数据元）", max_length=60, blank=True, default="")
    denominator = models.CharField("分母（数据元）", max_length=60, blank=True, default="")
    multiplier = models.DecimalField("乘数", max_digits=10, decimal_places=4, default=1)
    binding = models.BooleanField("约束性", default=False)
    direction = models.CharField("方向", max_length=4, choices=_choices(codes.DIRECTIONS), default="up")
    baseline_year = models.PositiveSmallIntegerField("基期年份", null=True, blank=True)
    baseline_value = models.DecimalField("基期值", max_digits=20, decimal_places=4, null=True, blank=True)
    targets = models.JSONField("目标值（年份 → 值）", default=dict, blank=True)
    source = models.CharField("出处", max_length=500)
    note = models.CharField("说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "规划指标"
        ordering = ("plan", "id")

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """An indicator's value for a region (12-digit code, any level) and a period (2026, 2026Q4, 2026-11)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    region_code = models.CharField("区划", max_length=12)
    period = models.CharField("统计期", max_length=8)
    period_end = models.DateField("统计期末")
    value = models.DecimalField("指标值", max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField("分子", max_digits=24, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField("分母", max_digits=24, decimal_places=4, null=True, blank=True)
    target = models.DecimalField("进度目标", max_digits=20, decimal_places=4, null=True, blank=True)
    status = models.CharField("进度", max_length=10, choices=_choices(codes.STATUS))
    source = models.CharField("来源", max_length=10, choices=_choices(codes.VALUE_SOURCES), default="computed")
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    scope = Scope("region_code", view=VIEW, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "指标值"
        constraints = [models.UniqueConstraint(fields=["indicator", "region_code", "period"],
                                               name="indicator_value_once")]
        indexes = [models.Index(fields=["period", "region_code"], name="indicator_value_period")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_code} {self.period}"


class ManualValue(models.Model):
    """A value entered by hand (a fact no app holds), with its evidence; it counts once the county approves it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="manual_values")
    region_code = models.CharField("区划", max_length=12)
    period = models.CharField("统计期", max_length=8)
    value = models.DecimalField("填报值", max_digits=20, decimal_places=4)
    note = models.TextField("填报说明", blank=True, default="")
    evidence_key = models.CharField("佐证材料", max_length=80, blank=True, default="")
    status = models.CharField("状态", max_length=10, choices=_choices(codes.MANUAL_STATUS), default="submitted")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="填报人")
    entered_at = models.DateTimeField("填报时间", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="审核人")
    decision_note = models.CharField("审核意见", max_length=500, blank=True, default="")

    scope = Scope("region_code", view=VIEW, change="indicators.enter", export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "人工填报指标值"
        indexes = [models.Index(fields=["region_code", "period"], name="manual_value_scope")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_code} {self.period}（填报）"


class StatReturn(models.Model):
    """A periodic statistical return (民政统计季报) of a region: its lines frozen when generated, locked once submitted;
    each line carries the change against the previous period's submitted return (the difference check)."""

    region_code = models.CharField("填报单位区划", max_length=12)
    period = models.CharField("统计期", max_length=8)
    lines = models.JSONField("报表内容", default=list)  # [{code, section, name, unit, value, previous, change}]
    status = models.CharField("状态", max_length=10, choices=_choices(codes.RETURN_STATUS), default="draft")
    generated_at = models.DateTimeField("生成时间", auto_now=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="生成人")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="报送人")
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    explanation = models.TextField("差异说明", blank=True, default="")

    scope = Scope("region_code", view=VIEW, change="indicators.report", export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "统计报表"
        constraints = [models.UniqueConstraint(fields=["region_code", "period"], name="stat_return_once")]

    def __str__(self) -> str:
        return f"统计报表 {self.region_code} {self.period}"
