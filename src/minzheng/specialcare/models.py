"""Records of special care (优抚): the register of entitled persons (a registry person, the category, a disabled
veteran's nature and grade, the certificate, the ID check), the annual certification (年度确认), and 光荣院
residents. Payments are the kernel's (benefits: cases, entitlements, payroll). Every table is scoped by the person's
region when registered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.specialcare import codes

VIEW, MANAGE, EXPORT = "specialcare.view", "specialcare.manage", "specialcare.export"


def _choices(table: dict[str, str]) -> list[tuple[str, str]]:
    return list(table.items())


class EntitledPerson(models.Model):
    """优抚对象: one registration of a person in one category. The ID number is the registry's (encrypted and
    blind-indexed there); `id_verified_on` records the check that the certificate's ID number is the person's."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name="人员")
    region_code = models.CharField("区划", max_length=12, db_index=True)
    category = models.CharField("优抚类别", max_length=24, choices=_choices(codes.CATEGORIES))
    nature = models.CharField("残疾性质", max_length=10, blank=True, default="", choices=_choices(codes.NATURES))
    grade = models.PositiveSmallIntegerField("残疾等级", null=True, blank=True)
    certificate_no = models.CharField("证件编号", max_length=40, blank=True, default="")
    id_verified_on = models.DateField("身份核验日期", null=True, blank=True)
    registered_on = models.DateField("登记日期")
    status = models.CharField("状态", max_length=10, choices=_choices(codes.STATUS), default="active")
    ended_on = models.DateField("注销日期", null=True, blank=True)
    end_reason = models.CharField("注销原因", max_length=20, blank=True, default="",
                                  choices=_choices(codes.END_REASONS))
    note = models.CharField("说明", max_length=500, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "优抚对象"
        ordering = ["region_code", "category", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "category"], condition=Q(status="active"),
                                    name="specialcare_one_active_registration"),
            models.CheckConstraint(
                condition=(Q(category="disabled_veteran", grade__gte=1, grade__lte=10) & ~Q(nature=""))
                | (~Q(category="disabled_veteran") & Q(grade__isnull=True, nature="")),
                name="specialcare_grade_only_for_disabled"),
        ]

    def __str__(self) -> str:
        return f"{codes.CATEGORIES.get(self.category, self.category)} #{self.person_id}"


class Certification(models.Model):
    """年度确认: the person was seen alive and still entitled in that year (a missing one shows on the inbox)."""

    entitled = models.ForeignKey(EntitledPerson, on_delete=models.PROTECT, related_name="certifications",
                                 verbose_name="优抚对象")
    region_code = models.CharField("区划", max_length=12, db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    certified_on = models.DateField("确认日期")
    method = models.CharField("方式", max_length=10, choices=_choices(codes.CERTIFICATION_METHODS))
    note = models.CharField("说明", max_length=300, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "年度确认"
        ordering = ["-year", "region_code", "id"]
        constraints = [models.UniqueConstraint(fields=["entitled", "year"], name="specialcare_certified_once")]

    def __str__(self) -> str:
        return f"{self.year} #{self.entitled_id}"


class GloryHomeResident(models.Model):
    """光荣院 resident: an entitled person living in the county's 光荣院 (集中供养)."""

    entitled = models.ForeignKey(EntitledPerson, on_delete=models.PROTECT, related_name="residences",
                                 verbose_name="优抚对象")
    region_code = models.CharField("区划", max_length=12, db_index=True)
    home = models.CharField("光荣院", max_length=100)
    admitted_on = models.DateField("入院日期")
    left_on = models.DateField("离院日期", null=True, blank=True)
    room = models.CharField("房间", max_length=20, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "光荣院在院人员"
        ordering = ["home", "-admitted_on", "id"]
        constraints = [models.UniqueConstraint(fields=["entitled"], condition=Q(left_on__isnull=True),
                                               name="specialcare_one_current_residence")]

    def __str__(self) -> str:
        return f"{self.home} #{self.entitled_id}"
