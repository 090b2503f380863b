"""Visit plans as data (a category — and optionally a tier — is visited or contacted every N days/weeks/months in a
region from a date: the most specific region's plan in force wins) and the visit records of the children."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minzheng.children import codes
from minzheng.children.models.register import Child
from minzheng.core.scoping import Scope, ScopedQuerySet


class VisitPlan(models.Model):
    category = models.CharField("儿童类别", max_length=20, choices=list(codes.CATEGORIES.items()))
    tier = models.CharField("分级", max_length=20, blank=True, default="")  # blank: every tier of the category
    kind = models.CharField("方式", max_length=10, choices=list(codes.PLAN_KINDS.items()))
    every = models.PositiveSmallIntegerField("周期")
    unit = models.CharField("周期单位", max_length=10, choices=list(codes.PLAN_UNITS.items()))
    region_code = models.CharField("区划代码", max_length=12)
    effective_from = models.DateField("生效日期")
    source = models.CharField("依据", max_length=500)

    class Meta:
        verbose_name = "儿童走访计划"
        ordering = ["region_code", "category", "tier", "kind", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["category", "tier", "kind", "region_code", "effective_from"],
                                               name="children_plan_one_start"),
                       models.CheckConstraint(condition=models.Q(every__gte=1) & models.Q(every__lte=366),
                                              name="children_plan_every")]

    def __str__(self) -> str:
        return (f"{codes.CATEGORIES.get(self.category, self.category)} 每{self.every}"
                f"{codes.PLAN_UNITS.get(self.unit, self.unit)}{codes.PLAN_KINDS.get(self.kind, self.kind)}")


class Visit(models.Model):
    """A home visit or a contact: who visited or called, whom they saw, what they found, whether a risk was found."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="visits", verbose_name="儿童")
    region_code = models.CharField("区划", max_length=12)
    visited_on = models.DateField("走访日期")
    kind = models.CharField("方式", max_length=10, choices=list(codes.VISIT_KINDS.items()))
    visitor = models.CharField("走访人", max_length=100)
    seen = models.CharField("见到或联系的人", max_length=200)
    findings = models.TextField("走访情况")
    concern = models.BooleanField("发现风险", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = Scope("region_code", view="people.view", change="children.visit", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "儿童走访记录"
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["region_code", "visited_on"], name="children_visit_scope"),
                   models.Index(fields=["child", "visited_on"], name="children_visit_child")]

    def __str__(self) -> str:
        return f"走访记录 #{self.pk}"
