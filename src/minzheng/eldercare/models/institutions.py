"""养老机构: the profile that extends assistance's institution register (one row per institution, same primary key),
residents with admission and discharge, care workers and staff with certificates (of an institution or of a home-care
provider), GB/T 37276-2018 gradings, and 双随机 inspection rounds with their inspections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.assistance.models import Institution, Placement
from minzheng.core import crypto, protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.eldercare import codes
from minzheng.registry.models import Person

VIEW, EXPORT, MANAGE, RECORD = "eldercare.view", "eldercare.export", "eldercare.manage", "eldercare.record"


def _choices(table: dict) -> list[tuple]:
    return list(table.items())


class InstitutionProfile(models.Model):
    """What the 养老机构 register adds to assistance.Institution (name, kind, region, beds, operator, account):
    ownership, 备案/licence, capacity by bed type. `Institution.beds` is kept equal to the sum of the three."""

    institution = models.OneToOneField(Institution, on_delete=models.PROTECT, primary_key=True,
                                       related_name="eldercare_profile", verbose_name="机构")
    region_code = models.CharField("所在区划", max_length=12)  # the institution's (kept in step by the service)
    ownership = models.CharField("性质", max_length=20, choices=_choices(codes.OWNERSHIP))
    licence_kind = models.CharField("登记方式", max_length=10, choices=_choices(codes.LICENCE_KINDS))
    licence_no = models.CharField("备案回执/许可证号", max_length=60, blank=True, default="")
    licence_on = models.DateField("备案/许可日期", null=True, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, default="")
    beds_nursing = models.PositiveIntegerField("护理型床位", default=0)
    beds_dementia = models.PositiveIntegerField("认知症床位", default=0)
    beds_general = models.PositiveIntegerField("普通床位", default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "养老机构信息"
        constraints = [models.CheckConstraint(condition=Q(ownership__in=list(codes.OWNERSHIP)),
                                              name="eldercare_profile_ownership")]
        indexes = [models.Index(fields=["region_code"], name="eldercare_profile_scope")]

    def __str__(self) -> str:
        return f"养老机构信息 #{self.pk}"

    @property
    def beds_total(self) -> int:
        return self.beds_nursing + self.beds_dementia + self.beds_general


class Resident(models.Model):
    """An elder living in an institution from `admitted_on` until `discharged_on` (open: NULL), on a bed of a type,
    paid by a program. A 特困 resident is the person's open 集中供养 placement (assistance) in the same institution."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+", verbose_name="机构")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="入住老人")
    region_code = models.CharField("机构区划", max_length=12)  # the institution's: its supervisors see its residents
    home_region_code = models.CharField("户籍/居住地区划", max_length=12)  # the elder's village (indicators)
    bed_type = models.CharField("床位类型", max_length=10, choices=_choices(codes.BED_TYPES))
    room = models.CharField("房间/床位号", max_length=40, blank=True, default="")
    payer = models.CharField("费用来源", max_length=10, choices=_choices(codes.PAYERS))
    placement = models.OneToOneField(Placement, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name="集中供养安置")
    admitted_on = models.DateField("入住日期")
    discharged_on = models.DateField("离院日期", null=True, blank=True)
    discharge_reason = models.CharField("离院原因", max_length=200, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=RECORD, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "入住老人"
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(discharged_on__isnull=True),
                                    name="eldercare_resident_one_open"),
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | Q(discharged_on__gte=models.F("admitted_on")),
                name="eldercare_resident_period"),
        ]
        indexes = [models.Index(fields=["region_code", "discharged_on"], name="eldercare_resident_scope"),
                   models.Index(fields=["institution", "discharged_on"], name="eldercare_resident_inst")]

    def __str__(self) -> str:
        return f"入住 #{self.pk}"

    @property
    def open(self) -> bool:
        return self.discharged_on is None


class CareWorker(models.Model):
    """A care worker or staff member of an institution or of a home-care provider (exactly one), with the
    certificate held; phone SM4-encrypted, bound to the row."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="机构")
    provider = models.ForeignKey("eldercare.Provider", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="workers", verbose_name="服务组织")
    region_code = models.CharField("区划", max_length=12)
    name = models.CharField("姓名", max_length=50)
    role = models.CharField("岗位", max_length=20, choices=_choices(codes.STAFF_ROLES))
    certificate = models.CharField("证书", max_length=20, choices=_choices(codes.CERTIFICATES), default="none")
    certificate_no = models.CharField("证书编号", max_length=40, blank=True, default="")
    phone_enc = models.BinaryField("联系电话（密文）", null=True, blank=True)
    hired_on = models.DateField("入职日期")
    left_on = models.DateField("离职日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=RECORD, export=EXPORT)
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("phone_enc", "id"),)

    class Meta:
        verbose_name = "护理员/工作人员"
        constraints = [models.CheckConstraint(
            condition=(Q(institution__isnull=False) & Q(provider__isnull=True))
            | (Q(institution__isnull=True) & Q(provider__isnull=False)), name="eldercare_worker_one_employer")]
        indexes = [models.Index(fields=["region_code", "left_on"], name="eldercare_worker_scope")]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_masked(self) -> str:
        return protected.masked(self, "phone_enc", crypto.mask_phone)

    @property
    def active(self) -> bool:
        return self.left_on is None


class Grading(models.Model):
    """A GB/T 37276-2018 grading: the four part scores and veto conditions as assessed, the level they give
    (eldercare.policy.grading) and the standard's version, so a grading can be recomputed."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+", verbose_name="机构")
    region_code = models.CharField("区划", max_length=12)
    assessed_on = models.DateField("评定日期")
    environment = models.DecimalField("环境（120）", max_digits=5, decimal_places=1)
    facilities = models.DecimalField("设施设备（130）", max_digits=5, decimal_places=1)
    management = models.DecimalField("运营管理（150）", max_digits=5, decimal_places=1)
    service = models.DecimalField("服务（600）", max_digits=5, decimal_places=1)
    total = models.DecimalField("总分", max_digits=6, decimal_places=1)
    vetoes = models.JSONField("否决项", default=list, blank=True)
    level = models.PositiveSmallIntegerField("等级")
    standard = models.CharField("标准", max_length=30)
    assessors = models.CharField("评定人员", max_length=200)
    note = models.TextField("说明", blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "等级评定"
        indexes = [models.Index(fields=["institution", "-assessed_on"], name="eldercare_grading_latest"),
                   models.Index(fields=["region_code"], name="eldercare_grading_scope")]

    def __str__(self) -> str:
        return f"等级评定 #{self.pk}"


class InspectionRound(models.Model):
    """A 双随机 draw: which institutions (of the county's register) and which inspectors, from a stored seed."""

    region_code = models.CharField("区划", max_length=12)  # the county that drew
    title = models.CharField("检查任务", max_length=100)
    drawn_on = models.DateField("抽取日期")
    seed = models.BigIntegerField("随机种子")
    institutions_asked = models.PositiveIntegerField("抽取机构数")
    team_size = models.PositiveSmallIntegerField("每组检查人员数")
    pool_size = models.PositiveIntegerField("名录机构数")
    inspector_pool = models.JSONField("检查人员库（用户ID）", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="抽取人")
    created_at = models.DateTimeField("抽取时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "双随机检查任务"
        indexes = [models.Index(fields=["region_code", "-drawn_on"], name="eldercare_round_scope")]

    def __str__(self) -> str:
        return self.title


class Inspection(models.Model):
    """One institution drawn in a round: its team, the findings and the rectification deadline."""

    round = models.ForeignKey(InspectionRound, on_delete=models.PROTECT, related_name="inspections",
                              verbose_name="检查任务")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+", verbose_name="机构")
    region_code = models.CharField("区划", max_length=12)  # the institution's
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", verbose_name="检查人员")
    inspector_names = models.CharField("检查人员", max_length=200)
    inspected_on = models.DateField("检查日期", null=True, blank=True)
    result = models.CharField("检查结果", max_length=10, blank=True, default="",
                              choices=_choices(codes.INSPECTION_RESULTS))
    findings = models.TextField("发现问题", blank=True, default="")
    veto_found = models.BooleanField("发现否决项情形", default=False)
    rectify_by = models.DateField("整改期限", null=True, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    rectification_note = models.TextField("整改情况", blank=True, default="")

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "检查记录"
        constraints = [models.UniqueConstraint(fields=["round", "institution"], name="eldercare_inspection_once")]
        indexes = [models.Index(fields=["region_code", "rectify_by"], name="eldercare_inspection_scope"),
                   models.Index(fields=["institution", "inspected_on"], name="eldercare_inspection_inst")]

    def __str__(self) -> str:
        return f"检查记录 #{self.pk}"
