"""Standards (救助标准): every amount, threshold and ratio a bureau sets, keyed by program, item, region, area and
the date it takes effect. Rows are never edited: a new value is a new row, and the row it replaces is closed the
day before (effective_to). See standards.py for the writes and the resolution rule."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from minzheng.assistance import items


class Standard(models.Model):
    PROGRAM_CHOICES = list(items.PROGRAMS.items())
    AREA_CHOICES = list(items.AREAS.items())

    program = models.CharField("救助项目", max_length=30, choices=PROGRAM_CHOICES)
    item = models.CharField("标准项", max_length=60)
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    area = models.CharField("城乡", max_length=5, choices=AREA_CHOICES)
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
    unit = models.CharField("单位", max_length=20)
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("终止日期", null=True, blank=True)
    source = models.CharField("依据", max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        verbose_name = "救助标准"
        ordering = ["program", "item", "region_code", "area", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["program", "item", "region_code", "area", "effective_from"],
                                    name="assistance_standard_one_start"),
            models.CheckConstraint(condition=models.Q(effective_to__isnull=True)
                                   | models.Q(effective_to__gte=models.F("effective_from")),
                                   name="assistance_standard_period"),
            models.CheckConstraint(condition=models.Q(area__in=list(items.AREAS)), name="assistance_standard_area"),
        ]
        indexes = [models.Index(fields=["region_code", "effective_from"], name="assistance_std_region_from")]

    def __str__(self) -> str:
        return f"{self.program}.{self.item} {self.region_code} {self.area} {self.effective_from}: {self.value}"

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.program, self.item, self.region_code, self.area)


# The case workflow's tables live in models_case.py (cases, timeline, entitlements, changes, reviews, registers).
from minzheng.assistance.models_case import (  # noqa: E402,F401
    Case, CaseDocument, CaseEvent, ConflictRegister, Delegation, Entitlement, EntitlementChange, MissingItemsNotice, Objection,
    Review,
)
