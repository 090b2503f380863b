"""Adoption registration (收养登记, 民法典第1093条起): the application with the adopter's conditions as declared and as
checked (第1098条), the assessment report (收养评估, 第1105条), registration with a certificate number, refusal,
and dissolution (解除收养关系登记, 第1116条). The child is a registry Person (the children app's register links to the
same person); adopters' ID numbers are SM4-encrypted, bound to the row through their blind index."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minzheng.adoption import codes
from minzheng.core import idnumber, protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.registry.models import Person


def _c(table: dict) -> list[tuple]:
    return list(table.items())


class Adoption(models.Model):
    region_code = models.CharField("登记机关所在区划", max_length=12)  # the registering 民政部门 (county or above)
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="被收养人")
    child_category = models.CharField("被收养人情形", max_length=20, choices=_c(codes.CHILD_CATEGORIES))
    child_disabled = models.BooleanField("残疾未成年人", default=False)
    child_in_institution = models.BooleanField("儿童福利机构抚养", default=False)
    child_consents = models.BooleanField("被收养人同意（八周岁以上）", default=False)
    adopter_name = models.CharField("收养人姓名", max_length=50)
    adopter_sex = models.CharField("收养人性别", max_length=1)
    adopter_birth = models.DateField("收养人出生日期")
    adopter_id_enc = models.BinaryField("收养人身份证号（密文）")
    adopter_id_index = models.CharField(max_length=64, db_index=True)
    spouse_name = models.CharField("配偶姓名", max_length=50, blank=True, default="")
    spouse_id_enc = models.BinaryField("配偶身份证号（密文）", null=True, blank=True)
    spouse_id_index = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 (NULL: no spouse)
    married = models.BooleanField("有配偶", default=False)
    children = models.PositiveSmallIntegerField("收养人现有子女数", default=0)
    adopted_before = models.PositiveSmallIntegerField("此前已收养子女数", default=0)
    declared = models.JSONField("声明符合的条件", default=list)
    checked_failed = models.JSONField("核查不符合的条件", default=list)
    check_note = models.CharField("核查说明", max_length=500, blank=True, default="")
    applied_on = models.DateField("申请日期")
    status = models.CharField("状态", max_length=12, choices=_c(codes.STATUS), default="applied")
    assessed_on = models.DateField("评估日期", null=True, blank=True)
    assessor = models.CharField("评估机构/人员", max_length=100, blank=True, default="")
    assessment_result = models.CharField("评估结论", max_length=12, blank=True, default="",
                                         choices=_c(codes.ASSESSMENT_RESULTS))
    assessment_report = models.TextField("评估报告", blank=True, default="")
    registered_on = models.DateField("登记日期", null=True, blank=True)
    certificate_no = models.CharField("收养登记证字号", max_length=40, null=True, blank=True, unique=True)
    refusal_reasons = models.JSONField("不予登记理由", default=list)
    dissolved_on = models.DateField("解除日期", null=True, blank=True)
    dissolution_kind = models.CharField("解除方式", max_length=12, blank=True, default="",
                                        choices=_c(codes.DISSOLUTION_KINDS))
    dissolution_reason = models.CharField("解除理由", max_length=500, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = Scope("region_code", view="adoption.view", change="adoption.register", export="adoption.export")
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("adopter_id_enc", "adopter_id_index"),
              protected.Sealed("spouse_id_enc", "spouse_id_index"))
    BLIND_INDEXES = (protected.BlindIndex("adopter_id_index", "adopter_id_enc"),
                     protected.BlindIndex("spouse_id_index", "spouse_id_enc"))

    class Meta:
        verbose_name = "收养登记"
        indexes = [models.Index(fields=["region_code", "applied_on"], name="adoption_scope")]

    def __str__(self) -> str:
        return f"收养登记 #{self.pk}（{self.adopter_name} 收养 {self.child.name}）"

    @property
    def adopter_id_masked(self) -> str:
        return protected.masked(self, "adopter_id_enc", idnumber.mask)

    @property
    def spouse_id_masked(self) -> str:
        return protected.masked(self, "spouse_id_enc", idnumber.mask)

    @property
    def refusal_text(self) -> str:
        return "；".join(self.refusal_reasons)


class AdoptionCounter(models.Model):
    region_code = models.CharField(max_length=12)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region_code", "year"], name="adoption_counter_unique")]

    def __str__(self) -> str:
        return f"{self.region_code} {self.year} {self.last}"
