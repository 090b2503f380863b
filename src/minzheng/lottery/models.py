"""Records of the welfare-lottery public-welfare fund: receipts by year, projects funded (program area, amount,
implementing body, progress, acceptance, disclosure) and the minimum elderly-care share as data (ShareRule). Scoped
by the region whose fund it is (county or city)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.lottery import codes

VIEW, MANAGE, EXPORT = "lottery.view", "lottery.manage", "lottery.export"


def _choices(table: dict[str, str]) -> list[tuple[str, str]]:
    return list(table.items())


class FundReceipt(models.Model):
    region_code = models.CharField("区划", max_length=12, db_index=True)
    year = models.PositiveSmallIntegerField("资金年度")
    received_on = models.DateField("到账日期")
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    source = models.CharField("来源", max_length=10, choices=_choices(codes.SOURCES))
    document_no = models.CharField("文号", max_length=100, blank=True, default="")
    note = models.CharField("说明", max_length=300, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "福彩公益金收入"
        ordering = ["-year", "-received_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="lottery_receipt_positive")]

    def __str__(self) -> str:
        return f"{self.year} {self.amount}"


class Project(models.Model):
    region_code = models.CharField("区划", max_length=12, db_index=True)
    year = models.PositiveSmallIntegerField("资金年度")
    name = models.CharField("项目名称", max_length=200)
    area = models.CharField("资助领域", max_length=20, choices=_choices(codes.AREAS))
    amount = models.DecimalField("安排金额（元）", max_digits=14, decimal_places=2)
    implementer = models.CharField("实施单位", max_length=200)
    progress = models.CharField("进度", max_length=12, choices=_choices(codes.PROGRESS), default="planned")
    progress_note = models.CharField("进度说明", max_length=500, blank=True, default="")
    accepted_on = models.DateField("验收日期", null=True, blank=True)
    acceptance_note = models.CharField("验收意见", max_length=500, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "福彩公益金资助项目"
        ordering = ["-year", "area", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="lottery_project_positive"),
                       models.CheckConstraint(condition=~Q(progress="accepted") | Q(accepted_on__isnull=False),
                                              name="lottery_accepted_has_date")]

    def __str__(self) -> str:
        return self.name


class ShareRule(models.Model):
    """A region's minimum elderly-care share from a date (a local rule may be higher than the national 55 %)."""

    region_code = models.CharField("区划", max_length=12)
    min_share = models.DecimalField("养老服务最低比例", max_digits=5, decimal_places=4)
    effective_from = models.DateField("生效日期")
    source = models.CharField("依据", max_length=300)

    class Meta:
        verbose_name = "养老服务使用比例要求"
        constraints = [models.UniqueConstraint(fields=["region_code", "effective_from"], name="lottery_rule_once"),
                       models.CheckConstraint(condition=Q(min_share__gte=0) & Q(min_share__lte=1),
                                              name="lottery_rule_ratio")]

    def __str__(self) -> str:
        return f"{self.region_code} ≥ {self.min_share}"
