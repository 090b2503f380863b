"""Minors protection (未成年人保护): time limits as data, cases opened by a 强制报告 (reporter, channel, time) and
carried through emergency response → assessment → intervention → follow-up → closure, their steps, referrals to
other departments, the officers named on a restricted case, and the 未保中心's intakes and stays.

A restricted case (`restricted`) is seen only by the officers named on it (CaseOfficer), whatever their role or
region — the county head included. That is part of the scoping rule of these models: `visible_to` keeps the
region subtree and the role's permission (core.scoping) and then drops restricted cases the user is not named on,
so every read through a selector — lists, the case page, the inbox, stays, referrals — honours it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from minzheng.children import codes
from minzheng.core import crypto, protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.registry.models import Person

VIEW, HANDLE = "minors.view", "minors.handle"


def restriction(user, prefix: str = "") -> Q:
    """Rows of unrestricted cases, or of restricted cases naming `user` (`prefix` leads from a row to its case)."""
    named = CaseOfficer.objects.filter(case_id=OuterRef(f"{prefix}id"),
                                       user_id=user.pk)
    return Q(**{f"{prefix}restricted": False}) | Q(Exists(named))


class RestrictedQuerySet(ScopedQuerySet):
    """The scoping rule plus the restriction: see the module docstring. `case_path` leads from a row to its case."""

    case_path = ""

    def visible_to(self, user, action: str = "view"):
        qs = super().visible_to(user, action)
        if qs._denied_by == "role":
            return qs
        return qs.filter(restriction(user, self.case_path))


class _CaseRows(RestrictedQuerySet):
    case_path = "case__"


class TimeLimit(models.Model):
    """How many hours a step may take (counted from the previous step), by urgency (blank: both), region and date."""

    step = models.CharField("环节", max_length=20, choices=list(codes.LIMIT_STEPS.items()))
    urgency = models.CharField("紧急程度", max_length=10, blank=True, default="", choices=list(codes.URGENCY.items()))
    hours = models.PositiveIntegerField("时限（小时）")
    region_code = models.CharField("区划代码", max_length=12)
    effective_from = models.DateField("生效日期")
    source = models.CharField("依据", max_length=500)

    class Meta:
        verbose_name = "未成年人保护办理时限"
        ordering = ["region_code", "step", "urgency", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["step", "urgency", "region_code", "effective_from"],
                                               name="minors_limit_one_start"),
                       models.CheckConstraint(condition=Q(hours__gte=1) & Q(hours__lte=8760),
                                              name="minors_limit_hours")]

    def __str__(self) -> str:
        return f"{codes.LIMIT_STEPS.get(self.step, self.step)} {self.hours} 小时"


class ProtectionCase(models.Model):
    """A minors-protection case. The child may not be on the register (nor in the registry) when reported."""

    region_code = models.CharField("区划", max_length=12)  # where the child is (village or township)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="儿童（人员库）")
    child_name = models.CharField("儿童姓名", max_length=50)
    child_sex = models.CharField("性别", max_length=1, blank=True, default="")
    child_age = models.PositiveSmallIntegerField("年龄", null=True, blank=True)
    reporter_name = models.CharField("报告人", max_length=100)
    reporter_type = models.CharField("报告主体", max_length=20, choices=list(codes.REPORTER_TYPES.items()))
    reporter_phone_enc = models.BinaryField("报告人电话（密文）", null=True, blank=True)
    channel = models.CharField("报告渠道", max_length=20, choices=list(codes.CHANNELS.items()))
    reported_at = models.DateTimeField("报告时间")
    harm = models.CharField("侵害情形", max_length=20, choices=list(codes.HARMS.items()))
    urgency = models.CharField("紧急程度", max_length=10, choices=list(codes.URGENCY.items()))
    description = models.TextField("报告内容")
    state = models.CharField("状态", max_length=20, choices=list(codes.CASE_STATES.items()), default="reported")
    due_at = models.DateTimeField("当前环节期限", null=True, blank=True)  # the deadline of the step awaited
    responded_at = models.DateTimeField("应急处置时间", null=True, blank=True)
    response = models.TextField("应急处置情况", blank=True, default="")
    assessed_at = models.DateTimeField("评估时间", null=True, blank=True)
    risk_level = models.CharField("风险等级", max_length=10, blank=True, default="",
                                  choices=list(codes.RISK_LEVELS.items()))
    assessment = models.TextField("评估意见", blank=True, default="")
    intervention = models.CharField("干预措施", max_length=30, blank=True, default="",
                                    choices=list(codes.INTERVENTIONS.items()))
    intervened_at = models.DateTimeField("干预时间", null=True, blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)
    closure = models.TextField("结案情况", blank=True, default="")
    restricted = models.BooleanField("限制访问", default=False)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="接报人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=HANDLE, export=VIEW)
    objects = RestrictedQuerySet.as_manager()
    SEALED = (protected.Sealed("reporter_phone_enc", "id"),)

    class Meta:
        verbose_name = "未成年人保护个案"
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["region_code", "state"], name="minors_case_scope"),
                   models.Index(fields=["state", "due_at"], name="minors_case_due")]

    def __str__(self) -> str:
        return f"未保个案 #{self.pk}"

    @property
    def reporter_phone_masked(self) -> str:
        return protected.masked(self, "reporter_phone_enc", crypto.mask_phone)


class CaseOfficer(models.Model):
    """An officer named on a case: on a restricted case, the only people who see it."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="officers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name="经办人员")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    named_at = models.DateTimeField("指定时间", auto_now_add=True)

    scope = Scope("case__region_code", view=VIEW, change=HANDLE, export=VIEW)
    objects = _CaseRows.as_manager()

    class Meta:
        verbose_name = "个案经办人员"
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="minors_officer_once")]

    def __str__(self) -> str:
        return f"经办人员 #{self.pk}"


class CaseStep(models.Model):
    """What happened on a case, in order: the report, each step, referrals, restriction, intake and discharge."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("环节", max_length=20, choices=list(codes.CASE_ACTIONS.items()))
    at = models.DateTimeField("时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name="经办人")
    note = models.TextField("情况", blank=True, default="")
    due_at = models.DateTimeField("期限", null=True, blank=True)  # the step's deadline, when it had one
    late = models.BooleanField("超时", default=False)

    scope = Scope("case__region_code", view=VIEW, change=HANDLE, export=VIEW)
    objects = _CaseRows.as_manager()

    class Meta:
        verbose_name = "个案办理记录"
        ordering = ["case_id", "at", "id"]

    def __str__(self) -> str:
        return f"办理记录 #{self.pk}"


class Referral(models.Model):
    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="referrals")
    to = models.CharField("转介部门", max_length=20, choices=list(codes.REFERRAL_TO.items()))
    body = models.CharField("接收单位", max_length=200)
    sent_on = models.DateField("转介日期")
    note = models.TextField("转介事项")
    answer = models.TextField("接收单位反馈", blank=True, default="")
    answered_on = models.DateField("反馈日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    scope = Scope("case__region_code", view=VIEW, change=HANDLE, export=VIEW)
    objects = _CaseRows.as_manager()

    class Meta:
        verbose_name = "个案转介"
        ordering = ["case_id", "sent_on", "id"]

    def __str__(self) -> str:
        return f"转介 #{self.pk}"


class Stay(models.Model):
    """A stay in the 未成年人救助保护中心 (临时监护): intake with the reason, and how the child left."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.PROTECT, related_name="stays")
    centre = models.CharField("未保中心", max_length=100)
    admitted_on = models.DateField("入住日期")
    reason = models.CharField("入住原因", max_length=500)
    left_on = models.DateField("离开日期", null=True, blank=True)
    outcome = models.CharField("去向", max_length=20, blank=True, default="", choices=list(codes.STAY_OUTCOMES.items()))
    outcome_note = models.CharField("去向说明", max_length=500, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    scope = Scope("case__region_code", view=VIEW, change=HANDLE, export=VIEW)
    objects = _CaseRows.as_manager()

    class Meta:
        verbose_name = "未保中心入住"
        ordering = ["-admitted_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F(
            "admitted_on")), name="minors_stay_period")]

    def __str__(self) -> str:
        return f"未保中心入住 #{self.pk}"

    @property
    def days(self) -> int | None:
        from minzheng.core import clock

        return ((self.left_on or clock.today()) - self.admitted_on).days
