"""Records of special care (优抚): the register of entitled persons (a registry person, the category, a disabled
veteran's nature and grade, the certificate, the ID check), the annual certification (年度确认), and 光荣院
residents, medical claims (医疗补助: the share and the annual cap are kernel standards, the claim is paid as a
one-off kernel case), the 三难 campaign (cases found, help given, closed), and the exchange with 退役军人事务部门
(files exchanged, differences found). Payments are the kernel's (benefits: cases, entitlements, payroll). Every
table is scoped by the person's region when registered."""

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


class MedicalClaim(models.Model):
    """优抚对象医疗补助: one claim for the self-paid part of medical costs after 医保 (and 大病保险). The share paid
    and the annual cap are standards of the category (`special_medical.share_<category>`, `.cap_<category>`, kernel
    standards by region and date, their source cited); `subsidy` is what the rule gave when the claim was made and
    the kernel case (`case`, one-off) pays it."""

    entitled = models.ForeignKey(EntitledPerson, on_delete=models.PROTECT, related_name="medical_claims",
                                 verbose_name="优抚对象")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name="人员")
    region_code = models.CharField("区划", max_length=12, db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    treated_from = models.DateField("就医开始日期")
    treated_to = models.DateField("就医结束日期")
    hospital = models.CharField("医疗机构", max_length=100)
    total_cost = models.DecimalField("医疗费用总额（元）", max_digits=12, decimal_places=2)
    insurance_paid = models.DecimalField("医保等已报销（元）", max_digits=12, decimal_places=2)
    self_pay = models.DecimalField("个人负担（元）", max_digits=12, decimal_places=2)
    share = models.DecimalField("补助比例", max_digits=5, decimal_places=4)
    cap = models.DecimalField("年度封顶（元）", max_digits=12, decimal_places=2)
    used_before = models.DecimalField("本年已补助（元）", max_digits=12, decimal_places=2)
    subsidy = models.DecimalField("补助金额（元）", max_digits=12, decimal_places=2)
    rule = models.CharField("依据", max_length=300)
    case = models.OneToOneField("benefits.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="救助案件")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "优抚对象医疗补助"
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(self_pay__gte=0, subsidy__gte=0, insurance_paid__gte=0),
                                   name="specialcare_medical_nonnegative"),
            models.CheckConstraint(condition=Q(treated_to__gte=models.F("treated_from")),
                                   name="specialcare_medical_dates"),
        ]

    def __str__(self) -> str:
        return f"医疗补助 #{self.pk}"


class HardshipCase(models.Model):
    """"三难" 帮扶: a 生活难、住房难 or 看病难 found in an entitled person's family, the help given, and its closing."""

    entitled = models.ForeignKey(EntitledPerson, on_delete=models.PROTECT, related_name="hardships",
                                 verbose_name="优抚对象")
    region_code = models.CharField("区划", max_length=12, db_index=True)
    kind = models.CharField("困难类别", max_length=10, choices=_choices(codes.HARDSHIPS))
    found_on = models.DateField("发现日期")
    description = models.CharField("困难情况", max_length=500)
    status = models.CharField("状态", max_length=10, choices=_choices(codes.HARDSHIP_STATUS), default="open")
    closed_on = models.DateField("结案日期", null=True, blank=True)
    outcome = models.CharField("结案情况", max_length=500, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "三难帮扶"
        ordering = ["-found_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["entitled", "kind"], condition=~Q(status="closed"),
                                    name="specialcare_hardship_open_once"),
            models.CheckConstraint(condition=Q(status="closed", closed_on__isnull=False)
                                   | (~Q(status="closed") & Q(closed_on__isnull=True)),
                                   name="specialcare_hardship_closed_on"),
        ]

    def __str__(self) -> str:
        return f"{codes.HARDSHIPS.get(self.kind, self.kind)} #{self.entitled_id}"


class HardshipHelp(models.Model):
    """One help given in a 三难 case (money, goods, a referral, a repair …)."""

    hardship = models.ForeignKey(HardshipCase, on_delete=models.PROTECT, related_name="helps",
                                 verbose_name="三难帮扶")
    region_code = models.CharField("区划", max_length=12, db_index=True)
    helped_on = models.DateField("帮扶日期")
    measure = models.CharField("帮扶措施", max_length=12, choices=_choices(codes.HELP_MEASURES))
    amount = models.DecimalField("折合金额（元）", max_digits=12, decimal_places=2, default=0)
    note = models.CharField("说明", max_length=300, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "三难帮扶措施"
        ordering = ["helped_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="specialcare_help_amount")]

    def __str__(self) -> str:
        return f"{self.measure} #{self.hardship_id}"


class RegisterExchange(models.Model):
    """A register file exchanged with 退役军人事务部门: our export, or their file compared with our register (its
    digest: the same file twice is compared once)."""

    direction = models.CharField("方向", max_length=10, choices=_choices(codes.EXCHANGE_DIRECTIONS))
    region_code = models.CharField("区划", max_length=12, db_index=True)
    name = models.CharField("文件名", max_length=200)
    digest = models.CharField("摘要", max_length=64, db_index=True)
    rows = models.PositiveIntegerField("行数", default=0)
    matched = models.PositiveIntegerField("一致", default=0)
    differences = models.PositiveIntegerField("差异", default=0)
    file_id = models.BigIntegerField("文件", null=True, blank=True)  # core.StoredFile (encrypted) of an export
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="办理人")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "退役军人事务部门数据交换"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name


class RegisterDifference(models.Model):
    """One difference between their register and ours, found by an import (matched by the ID number's blind index,
    never by the plain number)."""

    exchange = models.ForeignKey(RegisterExchange, on_delete=models.CASCADE, related_name="found",
                                 verbose_name="数据交换")
    region_code = models.CharField("区划", max_length=12, db_index=True)
    kind = models.CharField("差异类别", max_length=16, choices=_choices(codes.DIFFERENCES))
    entitled = models.ForeignKey(EntitledPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="本系统优抚对象")
    name = models.CharField("姓名", max_length=50)
    id_masked = models.CharField("身份证号", max_length=18, blank=True, default="")
    ours = models.CharField("本系统", max_length=100, blank=True, default="")
    theirs = models.CharField("退役军人事务部门", max_length=100, blank=True, default="")
    row = models.PositiveIntegerField("文件行号", null=True, blank=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "名册差异"
        ordering = ["exchange_id", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.name}"
