"""Records of the elderly-care app: GB/T 42195-2022 capability assessments (raw item scores and the standard's
version kept so a result can be re-scored; a new one supersedes the current one, history kept; a dispute leads to a
复评), the elderly register's stored facts (ElderlyProfile: what the registry does not know), contacts and guardians
(phone SM4-encrypted, bound to the row), and the 高龄津贴 survival checks (生存认证). Writes in services/, reads in
selectors. Every table is scoped (core.scoping): assessments and checks by the person's village when recorded,
profiles and contacts through the person's current region."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core import crypto, protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.elderly import codes
from minzheng.elderly.policy.capability import STANDARD
from minzheng.registry.models import Person

VIEW, EXPORT = "people.view", "people.export"


class Assessment(models.Model):
    """老年人能力评估 (GB/T 42195-2022): form A facts (reason, diagnoses, care-risk events, coma), form B raw item
    scores, form C result (part totals, preliminary level, level after the adjustments and why), two assessors."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="评估对象")
    region_code = models.CharField("区划", max_length=12)  # the person's village when assessed
    assessed_on = models.DateField("评估基准日期")
    reason = models.CharField("评估原因", max_length=20, choices=list(codes.REASONS.items()))
    standard = models.CharField("评估标准", max_length=40, default=STANDARD)
    item_scores = models.JSONField("各项得分")  # {"B.1.1": 4, …}: the raw scores, re-scorable
    coma = models.BooleanField("昏迷", default=False)
    diagnoses = models.JSONField("疾病诊断（ICD-10）", default=list)
    risk_events_30d = models.PositiveSmallIntegerField("近30天照护风险事件次数", default=0)
    parts = models.JSONField("一级指标得分")  # {"B.1": 32, …}
    total = models.PositiveSmallIntegerField("总分")
    preliminary_level = models.PositiveSmallIntegerField("初步等级")
    level = models.PositiveSmallIntegerField("能力等级", choices=[(int(k), v) for k, v in codes.LEVELS.items()])
    adjustments = models.JSONField("等级变更依据", default=list)
    dementia = models.BooleanField("痴呆诊断", default=False)  # any F00–F03 among the diagnoses (失智 in the register)
    assessor_1 = models.CharField("评估员（一）", max_length=50)
    assessor_2 = models.CharField("评估员（二）", max_length=50)
    agency = models.CharField("评估机构", max_length=100, blank=True, default="")
    informant = models.CharField("信息提供者", max_length=50, blank=True, default="")
    note = models.TextField("说明", blank=True, default="")
    reassess_due = models.DateField("下次常规评估日期", null=True, blank=True)
    review_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reviews",
                                  verbose_name="复评的评估")
    disputed_on = models.DateField("提出异议日期", null=True, blank=True)
    dispute_reason = models.CharField("异议理由", max_length=500, blank=True, default="")
    superseded_by = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="supersedes", verbose_name="被以下评估取代")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change="elderly.assess", export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "老年人能力评估"
        ordering = ["person_id", "-assessed_on", "-id"]
        constraints = [
            # One current assessment per person: the service marks the previous one superseded in the same transaction.
            models.UniqueConstraint(fields=["person"], condition=Q(superseded_by__isnull=True),
                                    name="elderly_assessment_one_current"),
            models.CheckConstraint(condition=Q(level__lte=4) & Q(preliminary_level__lte=4) & Q(total__lte=90),
                                   name="elderly_assessment_ranges"),
            models.CheckConstraint(condition=~Q(assessor_1=models.F("assessor_2")),
                                   name="elderly_assessment_two_assessors"),
        ]
        indexes = [models.Index(fields=["region_code", "assessed_on"], name="elderly_assessment_scope"),
                   models.Index(fields=["reassess_due"], name="elderly_assessment_due"),
                   # The few disputed current assessments (the 待办's 复评), found without scanning them all.
                   models.Index(fields=["disputed_on", "id"], name="elderly_assessment_disputed",
                                condition=Q(disputed_on__isnull=False, superseded_by__isnull=True))]

    def __str__(self) -> str:
        return f"能力评估 #{self.pk}（{self.assessed_on}）"

    @property
    def current(self) -> bool:
        return self.superseded_by_id is None

    @property
    def level_name(self) -> str:
        return codes.LEVELS[str(self.level)]

    @property
    def disputed(self) -> bool:
        return self.disputed_on is not None

    @property
    def adjusted_from(self) -> int | None:
        return self.preliminary_level if self.level != self.preliminary_level else None

    @property
    def adjusted_text(self) -> str:
        if self.adjusted_from is None:
            return ""
        return f"由{self.adjusted_from}级调整为{self.level}级：" + "；".join(self.adjustments)

    @property
    def assessors_text(self) -> str:
        return f"{self.assessor_1}、{self.assessor_2}"

    @property
    def report_text(self) -> str:
        return "评估报告"


class ElderlyProfile(models.Model):
    """The elderly register's stored facts about one person, where the registry does not know them: how they live
    (blank: judged from the household), 留守, 失智 (also taken from a dementia diagnosis in the latest assessment),
    计划生育特殊家庭, the care arrangement."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="+", verbose_name="老年人")
    living = models.CharField("居住情况", max_length=20, blank=True, default="", choices=list(codes.LIVING.items()))
    left_behind = models.BooleanField("留守老年人（子女外出）", default=False)
    dementia = models.BooleanField("失智（认知障碍）", default=False)
    family_planning = models.BooleanField("计划生育特殊家庭", default=False)
    care_arrangement = models.CharField("养老方式", max_length=20, blank=True, default="",
                                        choices=list(codes.CARE_ARRANGEMENTS.items()))
    note = models.TextField("说明", blank=True, default="")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = Scope("person__region__code", view=VIEW, change="people.change", export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "老年人情况"

    def __str__(self) -> str:
        return f"老年人情况 #{self.pk}"


class Contact(models.Model):
    """A contact or guardian of an elder (name, relationship, phone — encrypted, bound to the row)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="老年人")
    name = models.CharField("姓名", max_length=50)
    relation = models.CharField("关系", max_length=20, choices=list(codes.CONTACT_RELATIONS.items()))
    phone_enc = models.BinaryField("联系电话（密文）", null=True, blank=True)
    guardian = models.BooleanField("监护人", default=False)
    emergency = models.BooleanField("紧急联系人", default=False)
    note = models.CharField("说明", max_length=200, blank=True, default="")
    ended_on = models.DateField("解除日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("person__region__code", view=VIEW, change="people.change", export=EXPORT)
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("phone_enc", "id"),)  # bound to the contact's id

    class Meta:
        verbose_name = "联系人和监护人"
        ordering = ["person_id", "-guardian", "id"]
        indexes = [models.Index(fields=["person", "ended_on"], name="elderly_contact_person")]

    def __str__(self) -> str:
        return f"联系人 {self.name}"

    @property
    def phone_masked(self) -> str:
        return protected.masked(self, "phone_enc", crypto.mask_phone)


class SurvivalCheck(models.Model):
    """生存认证 of a 高龄津贴 recipient: seen alive on `checked_on` by a village clerk, or matched in a feed. A check
    after a suspension for a missed one resumes the allowance with the months held back paid as arrears."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="老年人")
    region_code = models.CharField("区划", max_length=12)
    checked_on = models.DateField("认证日期")
    method = models.CharField("认证方式", max_length=10, choices=list(codes.SURVIVAL_METHODS.items()))
    source = models.CharField("数据来源", max_length=100, blank=True, default="")
    note = models.CharField("说明", max_length=200, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change="elderly.survival", export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "生存认证"
        ordering = ["person_id", "-checked_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["person", "checked_on", "method"],
                                               name="elderly_survival_once_a_day")]
        indexes = [models.Index(fields=["region_code", "checked_on"], name="elderly_survival_scope"),
                   models.Index(fields=["person", "checked_on"], name="elderly_survival_person")]

    def __str__(self) -> str:
        return f"生存认证 #{self.pk}（{self.checked_on}）"
