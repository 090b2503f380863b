"""Records of the social-work app: employers, social workers (certificate level and number, post grade), township
social-work stations (社工站) with the "六有" checklist, post grades with pay bands by region and date (data), training
hours, and resident population by region and year (the denominator of the per-10,000 indicators). Scoped by region
code (core.scoping)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.socialwork import codes

VIEW, CHANGE, EXPORT = "socialwork.view", "socialwork.manage", "socialwork.view"


class Employer(models.Model):
    name = models.CharField("单位名称", max_length=200)
    kind = models.CharField("单位类型", max_length=20, choices=list(codes.EMPLOYER_KINDS.items()))
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, default="")
    region_code = models.CharField("所在区划", max_length=12)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "社会工作用人单位"

    def __str__(self) -> str:
        return self.name


class SocialWorker(models.Model):
    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, choices=list(codes.SEX.items()))
    region_code = models.CharField("工作区划", max_length=12)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, null=True, blank=True, related_name="workers",
                                 verbose_name="用人单位")
    level = models.CharField("职业资格", max_length=20, choices=list(codes.LEVELS.items()), default="none")
    certificate_no = models.CharField("证书编号", max_length=50, blank=True, default="")
    certified_on = models.DateField("取得资格日期", null=True, blank=True)
    post_grade = models.CharField("岗位等级", max_length=20, blank=True, default="")
    status = models.CharField("状态", max_length=10, choices=list(codes.STATUS.items()), default="active")
    started_on = models.DateField("入职日期", null=True, blank=True)
    left_on = models.DateField("离岗日期", null=True, blank=True)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "社会工作者"
        indexes = [models.Index(fields=["region_code", "level", "status"], name="sw_worker_scope")]

    def __str__(self) -> str:
        return self.name


class Station(models.Model):
    """乡镇（街道）社工站: one per township; the "六有" checklist and its floor area."""

    region_code = models.CharField("乡镇（街道）", max_length=12, unique=True)
    name = models.CharField("站点名称", max_length=200)
    opened_on = models.DateField("建站日期", null=True, blank=True)
    floor_area = models.DecimalField("场地面积（平方米）", max_digits=8, decimal_places=2, null=True, blank=True)
    has_site = models.BooleanField("有场地", default=False)
    has_equipment = models.BooleanField("有设备", default=False)
    has_staff = models.BooleanField("有人员", default=False)
    has_funding = models.BooleanField("有经费", default=False)
    has_rules = models.BooleanField("有制度", default=False)
    has_services = models.BooleanField("有服务", default=False)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="运营机构")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "乡镇（街道）社工站"

    def __str__(self) -> str:
        return self.name

    @property
    def haves(self) -> int:
        return sum(bool(getattr(self, f)) for f in codes.SIX_HAVES)

    @property
    def missing(self) -> str:
        return "、".join(label for f, label in codes.SIX_HAVES.items() if not getattr(self, f)) or "无"


class PostGrade(models.Model):
    """A step of the post-grade sequence with its monthly pay band, by region and effective date (data)."""

    region_code = models.CharField("适用区划", max_length=12, blank=True, default="")
    effective_from = models.DateField("生效日期")
    code = models.CharField("等级代码", max_length=20)
    name = models.CharField("岗位等级", max_length=50)
    sequence = models.PositiveSmallIntegerField("序列")
    required_level = models.CharField("要求职业资格", max_length=20, choices=list(codes.LEVELS.items()))
    pay_low = models.DecimalField("月薪下限（元）", max_digits=9, decimal_places=2)
    pay_high = models.DecimalField("月薪上限（元）", max_digits=9, decimal_places=2)
    source = models.CharField("依据", max_length=200)

    class Meta:
        verbose_name = "社会工作岗位等级"
        constraints = [models.UniqueConstraint(fields=["region_code", "effective_from", "code"],
                                               name="sw_post_grade_once"),
                       models.CheckConstraint(condition=Q(pay_high__gte=models.F("pay_low")), name="sw_pay_band")]

    def __str__(self) -> str:
        return self.name


class Training(models.Model):
    worker = models.ForeignKey(SocialWorker, on_delete=models.PROTECT, related_name="trainings",
                               verbose_name="社会工作者")
    region_code = models.CharField("区划", max_length=12)
    trained_on = models.DateField("培训日期")
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    topic = models.CharField("培训内容", max_length=200)
    provider = models.CharField("培训机构", max_length=200, blank=True, default="")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "社会工作者培训"
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="sw_training_hours")]

    def __str__(self) -> str:
        return self.topic


class Population(models.Model):
    """常住人口 of a region in a year (statistics bureau figure): the denominator of the per-10,000 indicators."""

    region_code = models.CharField("区划", max_length=12)
    year = models.PositiveSmallIntegerField("年份")
    residents = models.PositiveIntegerField("常住人口")
    source = models.CharField("来源", max_length=200, blank=True, default="")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "常住人口"
        constraints = [models.UniqueConstraint(fields=["region_code", "year"], name="sw_population_once")]

    def __str__(self) -> str:
        return f"{self.region_code} {self.year}"
