"""Records of the rescue station (救助管理站, 生活无着的流浪乞讨人员救助): the intake of a person who may be
unidentified (Intake: description, features, photo in core.filestore, where and by whom found), expenses of the stay
(meals, medical referral, clothing, escort: Decimal yuan), property kept for them, the missing-person reports the
station keeps (MissingPerson, the families' 寻人登记), the outcomes of family-search matches (MatchOutcome), the
escort home with the hand-over (Escort) and the long-stay settlement after the legal steps (Settlement).

Scoped by region_code: for an intake the region where the person was found (the station's county sees every one,
a township the people found in its area); for a missing-person report the family's region."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minzheng.core import protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.homeless import codes
from minzheng.registry.models import Person

VIEW, CHANGE = "homeless.view", "homeless.change"


def _choices(table: dict) -> list[tuple]:
    return list(table.items())


class Intake(models.Model):
    """A person received by the station (求助登记). Name, age and home may be unknown: they are estimated and
    corrected when family search identifies the person (`person`)."""

    name = models.CharField("姓名（自述或登记）", max_length=50, blank=True, default="")
    name_pinyin = models.CharField("姓名拼音", max_length=150, blank=True, default="", db_index=True)
    sex = models.CharField("性别", max_length=1, choices=_choices(codes.SEX))
    estimated_birth_year = models.PositiveSmallIntegerField("估计出生年份", null=True, blank=True)
    dialect_region = models.CharField("口音所属地区", max_length=12, blank=True, default="")  # a region code
    features = models.CharField("体貌特征", max_length=500, blank=True, default="")  # 、/，-separated features
    description = models.TextField("情况描述")
    found_on = models.DateField("发现日期")
    found_at = models.CharField("发现地点", max_length=200)
    found_by = models.CharField("发现/护送方式", max_length=10, choices=_choices(codes.FOUND_BY), default="other")
    found_by_name = models.CharField("护送人/报告人", max_length=100, blank=True, default="")
    region_code = models.CharField("发现地区划", max_length=12, db_index=True)
    admitted_on = models.DateField("入站日期")
    left_on = models.DateField("离站日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=_choices(codes.STATUS), default="in_station",
                              db_index=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="查明身份（人员）")
    photo_file = models.PositiveBigIntegerField("照片（加密文件）", null=True, blank=True)  # core StoredFile pk
    notice_published_on = models.DateField("寻亲公告发布日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "受助人员"
        indexes = [models.Index(fields=["region_code", "status"], name="homeless_intake_scope")]

    def __str__(self) -> str:
        return self.name or f"无名氏（#{self.pk}）"

    @property
    def shown_name(self) -> str:
        return self.name or f"无名氏 #{self.pk}"


class Expense(models.Model):
    """One cost of a stay: meals (quantity = meals), medical referral (provider = the hospital), clothing, escort."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="expenses")
    region_code = models.CharField("区划", max_length=12)
    kind = models.CharField("费用类别", max_length=10, choices=_choices(codes.EXPENSE_KINDS))
    on_date = models.DateField("日期")
    quantity = models.PositiveIntegerField("数量（餐次/天数）", default=1)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    provider = models.CharField("机构（如救治医院）", max_length=100, blank=True, default="")
    note = models.CharField("说明（如诊断）", max_length=200, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "救助费用"
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="homeless_expense_nonneg")]

    def __str__(self) -> str:
        return f"{codes.EXPENSE_KINDS.get(self.kind, self.kind)} {self.amount}"


class PropertyItem(models.Model):
    """随身物品 kept by the station, returned (to whom, when) when the person leaves."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="property")
    region_code = models.CharField("区划", max_length=12)
    description = models.CharField("物品", max_length=200)
    quantity = models.PositiveIntegerField("数量", default=1)
    kept_on = models.DateField("登记保管日期")
    returned_on = models.DateField("归还日期", null=True, blank=True)
    returned_to = models.CharField("归还给", max_length=100, blank=True, default="")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "代管物品"

    def __str__(self) -> str:
        return self.description


class MissingPerson(models.Model):
    """寻人登记: a family looking for a relative. Matched against intakes (and intakes against it) by family search;
    linked to the registry's person when the relative is on file. The family's phone is SM4-encrypted."""

    name = models.CharField("姓名", max_length=50)
    name_pinyin = models.CharField("姓名拼音", max_length=150, blank=True, default="", db_index=True)
    sex = models.CharField("性别", max_length=1, choices=_choices(codes.SEX))
    birth_year = models.PositiveSmallIntegerField("出生年份")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="统一库人员")
    region_code = models.CharField("家庭所在地", max_length=12, db_index=True)
    features = models.CharField("体貌特征", max_length=500, blank=True, default="")
    missing_since = models.DateField("走失日期")
    reported_by = models.CharField("报告人", max_length=50)
    contact_phone_enc = models.BinaryField("联系电话（密文）", null=True, blank=True)
    reported_on = models.DateField("登记日期")
    status = models.CharField("状态", max_length=8, choices=_choices(codes.MISSING_STATUS), default="open")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("contact_phone_enc", "id"),)

    class Meta:
        verbose_name = "寻人登记"
        indexes = [models.Index(fields=["status", "sex", "birth_year"], name="homeless_missing_block")]

    def __str__(self) -> str:
        return f"寻人：{self.name}"

    @property
    def contact_phone_masked(self) -> str:
        from minzheng.core import crypto

        return protected.masked(self, "contact_phone_enc", crypto.mask_phone)


class MatchOutcome(models.Model):
    """A family-search match a person decided: confirmed (the intake is that person) or rejected (not them)."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="outcomes")
    region_code = models.CharField("区划", max_length=12)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    missing = models.ForeignKey(MissingPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    score = models.PositiveSmallIntegerField("匹配分")
    reasons = models.JSONField("匹配理由", default=list)
    outcome = models.CharField("结果", max_length=10, choices=_choices(codes.MATCH_OUTCOMES))
    note = models.CharField("核实情况", max_length=500)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_on = models.DateField("核实日期")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "寻亲比对结果"

    def __str__(self) -> str:
        return f"{codes.MATCH_OUTCOMES.get(self.outcome, self.outcome)}（{self.score}分）"


class Escort(models.Model):
    """护送返乡: who escorted, the route, the hand-over (who received, signature), costs; the township's follow-up
    warning in monitoring (warning_id) when the person's household is on file."""

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="escort")
    region_code = models.CharField("区划", max_length=12)
    escorts = models.CharField("护送人员", max_length=200)
    route = models.CharField("护送路线", max_length=300)
    departed_on = models.DateField("出发日期")
    handed_over_on = models.DateField("交接日期")
    received_by = models.CharField("接收人", max_length=100)
    received_relation = models.CharField("接收人身份（亲属关系或单位）", max_length=100)
    handover_signed = models.CharField("交接签字（接收人签名）", max_length=100)
    township_code = models.CharField("户籍/居住地乡镇", max_length=12, blank=True, default="")
    cost = models.DecimalField("护送费用（元）", max_digits=12, decimal_places=2)
    warning_id = models.PositiveBigIntegerField("跟进预警", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "护送返乡"
        constraints = [models.CheckConstraint(condition=models.Q(cost__gte=0), name="homeless_escort_nonneg")]

    def __str__(self) -> str:
        return f"护送返乡 {self.handed_over_on}"


class Settlement(models.Model):
    """落户安置 of a long-stay person whose identity could not be found, after the legal steps: DNA sampled by the
    police, the 寻亲公告 published for the set period, the police identity check without result."""

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="settlement")
    region_code = models.CharField("区划", max_length=12)
    dna_sampled_on = models.DateField("公安采集DNA入库日期")
    police_checked_on = models.DateField("公安身份核查（无果）日期")
    notice_published_on = models.DateField("寻亲公告发布日期")
    settled_on = models.DateField("落户安置日期")
    placed_at = models.CharField("安置机构", max_length=200)
    hukou_note = models.CharField("户口登记情况", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=VIEW)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "落户安置"

    def __str__(self) -> str:
        return f"落户安置 {self.settled_on}"


class StationRule(models.Model):
    """The station's rules as data, by region and effective date (a bundled 示例 row marks itself as such): how far
    an estimated age may be off in family search, how long a 寻亲公告 must run before settlement, when a stay counts
    as long (长期滞留)."""

    region_code = models.CharField("区划", max_length=12)
    effective_from = models.DateField("生效日期")
    age_tolerance = models.PositiveSmallIntegerField("寻亲年龄容差（岁）")
    notice_days = models.PositiveSmallIntegerField("寻亲公告期（日）")
    long_stay_days = models.PositiveSmallIntegerField("长期滞留（日）")
    source = models.CharField("依据", max_length=300)

    class Meta:
        verbose_name = "救助管理规则"
        constraints = [models.UniqueConstraint(fields=["region_code", "effective_from"], name="homeless_rule_once")]

    def __str__(self) -> str:
        return f"救助管理规则 {self.region_code} {self.effective_from}"
