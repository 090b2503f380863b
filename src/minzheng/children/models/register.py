"""The child register: tiers as data (by category, region and date), the child-welfare workers (儿童督导员 of a
township, 儿童主任 of a village), the registered children (one row per child: category, tier, school, health, the
workers responsible), their guardians (phone SM4-encrypted, bound to the row) and every move between categories."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minzheng.children import codes
from minzheng.core import crypto, protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.registry.models import Person

VIEW, EXPORT = "people.view", "people.export"


class Tier(models.Model):
    """A tier (分级) of a category, e.g. 困境儿童 一级/二级/三级; the most specific region's tiers in force apply."""

    category = models.CharField("类别", max_length=20, choices=list(codes.CATEGORIES.items()))
    code = models.CharField("分级代码", max_length=20)
    name = models.CharField("分级名称", max_length=50)
    rank = models.PositiveSmallIntegerField("顺序", default=1)  # 1 = the most serious
    region_code = models.CharField("区划代码", max_length=12)
    effective_from = models.DateField("生效日期")
    source = models.CharField("依据", max_length=500)

    class Meta:
        verbose_name = "儿童分级"
        ordering = ["category", "rank", "code"]
        constraints = [models.UniqueConstraint(fields=["category", "code", "region_code", "effective_from"],
                                               name="children_tier_one_start")]

    def __str__(self) -> str:
        return f"{codes.CATEGORIES.get(self.category, self.category)} {self.name}"


class Worker(models.Model):
    """A 儿童主任 (village) or 儿童督导员 (township); `user` when the worker signs in to the platform."""

    kind = models.CharField("类别", max_length=20, choices=list(codes.WORKER_KINDS.items()))
    name = models.CharField("姓名", max_length=50)
    region_code = models.CharField("区划", max_length=12)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name="平台账号")
    phone = models.CharField("工作电话", max_length=20, blank=True, default="")  # a work number, not personal data
    active = models.BooleanField("在岗", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change="children.manage", export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "儿童福利工作人员"
        ordering = ["region_code", "kind", "name"]
        indexes = [models.Index(fields=["region_code", "kind", "active"], name="children_worker_scope")]

    def __str__(self) -> str:
        return f"{codes.WORKER_KINDS[self.kind][:4]} {self.name}"


class Child(models.Model):
    """A child on the register: one category at a time (moves are CategoryChange rows), the village where the child
    lives (the scope), school and health, the 儿童主任 and 儿童督导员 responsible; `exited_on` when the child leaves
    the register (18, parents back home …)."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="+", verbose_name="儿童")
    region_code = models.CharField("村(社区)", max_length=12)
    category = models.CharField("类别", max_length=20, choices=list(codes.CATEGORIES.items()))
    tier = models.CharField("分级", max_length=20, blank=True, default="")
    registered_on = models.DateField("登记日期")
    schooling = models.CharField("就学情况", max_length=20, blank=True, default="",
                                 choices=list(codes.SCHOOLING.items()))
    school = models.CharField("学校", max_length=100, blank=True, default="")
    grade = models.CharField("年级", max_length=20, blank=True, default="")
    health = models.CharField("健康状况", max_length=20, blank=True, default="", choices=list(codes.HEALTH.items()))
    health_note = models.CharField("健康情况说明", max_length=200, blank=True, default="")
    care_note = models.CharField("监护照料情况", max_length=500, blank=True, default="")
    director = models.ForeignKey(Worker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name="儿童主任")
    supervisor = models.ForeignKey(Worker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="儿童督导员")
    exited_on = models.DateField("退出日期", null=True, blank=True)
    exit_reason = models.CharField("退出原因", max_length=200, blank=True, default="")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = Scope("region_code", view=VIEW, change="children.change", export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "儿童"
        ordering = ["region_code", "category", "id"]
        indexes = [models.Index(fields=["region_code", "category"], name="children_child_scope"),
                   models.Index(fields=["director", "exited_on"], name="children_child_director")]

    def __str__(self) -> str:
        return self.person.name

    @property
    def current(self) -> bool:
        return self.exited_on is None


class Guardian(models.Model):
    """A guardian, an entrusted carer, a parent working away or another contact of a child."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="guardians", verbose_name="儿童")
    name = models.CharField("姓名", max_length=50)
    relation = models.CharField("关系", max_length=20, choices=list(codes.GUARDIAN_RELATIONS.items()))
    role = models.CharField("身份", max_length=20, choices=list(codes.GUARDIAN_ROLES.items()))
    phone_enc = models.BinaryField("联系电话（密文）", null=True, blank=True)
    works_in = models.CharField("务工地或所在地", max_length=100, blank=True, default="")
    able = models.BooleanField("有监护能力", default=True)
    ended_on = models.DateField("解除日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("child__region_code", view=VIEW, change="children.change", export=EXPORT)
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("phone_enc", "id"),)  # bound to the guardian's id

    class Meta:
        verbose_name = "儿童监护人和联系人"
        ordering = ["child_id", "role", "id"]

    def __str__(self) -> str:
        return f"{codes.GUARDIAN_ROLES.get(self.role, self.role)} {self.name}"

    @property
    def phone_masked(self) -> str:
        return protected.masked(self, "phone_enc", crypto.mask_phone)


class CategoryChange(models.Model):
    """A move of a child between categories or tiers (登记 is the first move, from nothing), with the reason."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="changes", verbose_name="儿童")
    region_code = models.CharField("区划", max_length=12)
    from_category = models.CharField("原类别", max_length=20, blank=True, default="")
    from_tier = models.CharField("原分级", max_length=20, blank=True, default="")
    to_category = models.CharField("新类别", max_length=20, blank=True, default="")  # blank: left the register
    to_tier = models.CharField("新分级", max_length=20, blank=True, default="")
    changed_on = models.DateField("变更日期")
    reason = models.CharField("变更原因", max_length=500)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="经办人")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change="children.change", export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "儿童类别变更"
        ordering = ["child_id", "-changed_on", "-id"]

    def __str__(self) -> str:
        return f"类别变更 #{self.pk}"
