"""The low-income monitoring records: the monitored population (one row per person, layer and period in it, with
entry and exit dates: the history), the signal rules (data by region and date, like the standards), monitoring runs,
warnings and their referrals, proactive discoveries, visit plans and visit records.

Every table holding people's data carries the village code it belongs to (scoping is a range on that column)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.benefits.models import Case
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.monitoring import codes
from minzheng.registry.models import Household, Person

VIEW = "monitoring.view"


class MonitoredPerson(models.Model):
    """A person in one layer of the monitored population for one period (exited_on NULL = still in it). Derived from
    recognitions and the 防返贫 feed by population.sync; the 其他困难人员 layer is added by a township with a reason."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="人员")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="家庭")
    region_code = models.CharField("区划", max_length=12)
    layer = models.CharField("监测类别", max_length=20, choices=list(codes.LAYERS.items()))
    source = models.CharField("来源", max_length=12, choices=list(codes.LAYER_SOURCES.items()))
    source_ref = models.CharField("来源记录", max_length=40, blank=True, default="")  # e.g. entitlement:12
    reason = models.CharField("纳入理由", max_length=500, blank=True, default="")
    tags = models.JSONField("标签", default=list, blank=True)
    entered_on = models.DateField("纳入日期")
    exited_on = models.DateField("退出日期", null=True, blank=True)
    exit_reason = models.CharField("退出原因", max_length=500, blank=True, default="")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")

    scope = Scope("region_code", view=VIEW, change="monitoring.add", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "监测对象"
        constraints = [models.UniqueConstraint(fields=["person", "layer"], condition=Q(exited_on__isnull=True),
                                               name="monitored_once_per_layer")]
        indexes = [models.Index(fields=["region_code", "layer", "exited_on"], name="monitored_scope"),
                   models.Index(fields=["household", "exited_on"], name="monitored_household")]

    def __str__(self) -> str:
        return f"监测对象 #{self.pk}（{codes.LAYERS.get(self.layer, self.layer)}）"


class SignalRule(models.Model):
    """One signal's parameters for a region from a date (the most specific region in force wins, as for standards):
    window (months), threshold, weight in the household score, the layers it watches. Level cut-offs are rows of
    the level_* codes (threshold = the lowest score of the level)."""

    code = models.CharField("信号", max_length=20, choices=list(codes.RULE_CODES.items()))
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("终止日期", null=True, blank=True)
    window_months = models.PositiveSmallIntegerField("观察期（月）", default=1)
    threshold = models.DecimalField("阈值", max_digits=14, decimal_places=4, null=True, blank=True)
    weight = models.PositiveSmallIntegerField("权重", default=0)
    layers = models.JSONField("监测类别", default=list, blank=True)
    enabled = models.BooleanField("启用", default=True)
    source = models.CharField("依据", max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "预警规则"
        constraints = [models.UniqueConstraint(fields=["code", "region_code", "effective_from"],
                                               name="signal_rule_one_start")]

    def __str__(self) -> str:
        return f"预警规则 {codes.RULE_CODES.get(self.code, self.code)} {self.region_code} {self.effective_from}"


class MonitorRun(models.Model):
    month = models.DateField("监测月份")
    engine = models.CharField("引擎", max_length=10)
    summary = models.JSONField("结果", default=dict)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    started_at = models.DateTimeField("运行时间", auto_now_add=True)

    class Meta:
        verbose_name = "监测批次"

    def __str__(self) -> str:
        return f"监测批次 #{self.pk}（{self.month:%Y-%m}）"


class Warning(models.Model):
    """A household's risk warning for one month, routed to its township for a visit by due_on."""

    month = models.DateField("监测月份")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+", verbose_name="家庭")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="涉及人员")
    region_code = models.CharField("区划", max_length=12)
    level = models.CharField("预警等级", max_length=6, choices=list(codes.LEVELS.items()))
    score = models.PositiveIntegerField("风险分值")
    signals = models.JSONField("触发信号", default=list)
    reasons = models.JSONField("预警理由", default=list)
    status = models.CharField("状态", max_length=10, choices=list(codes.WARNING_STATUS.items()), default="open")
    due_on = models.DateField("核实期限")
    due_provisional = models.BooleanField("期限为暂定", default=False)
    last_month = models.DateField("最近触发月份")  # later runs that find the open warning again say so here
    run = models.ForeignKey(MonitorRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # "run" = the monthly score; otherwise the app that handed the household over (homeless: escorted home …).
    source = models.CharField("来源", max_length=20, default="run")
    outcome = models.CharField("处理结果", max_length=10, blank=True, default="", choices=list(codes.OUTCOMES.items()))
    outcome_note = models.TextField("处理说明", blank=True, default="")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="救助申请")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_on = models.DateField("办理日期", null=True, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change="warnings.handle", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "预警"
        constraints = [
            models.UniqueConstraint(fields=["household", "month"], condition=Q(source="run"),
                                    name="warning_once_per_month"),
            # A re-run never opens a second warning while one is open for the household.
            models.UniqueConstraint(fields=["household"], condition=Q(status="open"), name="warning_one_open"),
        ]
        indexes = [models.Index(fields=["region_code", "status", "due_on"], name="warning_inbox"),
                   models.Index(fields=["month", "level"], name="warning_month_level")]

    def __str__(self) -> str:
        return f"预警 #{self.pk}（{codes.LEVELS.get(self.level, self.level)}）"


class Referral(models.Model):
    """A warning referred to a 专项救助 department or a charity, with the receiving body and its answer."""

    warning = models.ForeignKey(Warning, on_delete=models.PROTECT, related_name="referrals")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField("区划", max_length=12)
    referral_to = models.CharField("转介事项", max_length=12, choices=list(codes.REFERRAL_TO.items()))
    receiving_body = models.CharField("接收单位", max_length=200)
    note = models.TextField("转介说明", blank=True, default="")
    referred_on = models.DateField("转介日期")
    status = models.CharField("状态", max_length=10, choices=list(codes.REFERRAL_STATUS.items()), default="sent")
    answer = models.TextField("接收单位答复", blank=True, default="")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    scope = Scope("region_code", view=VIEW, change="warnings.handle", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "转介"

    def __str__(self) -> str:
        return f"转介 #{self.pk}（{codes.REFERRAL_TO.get(self.referral_to, self.referral_to)}）"


class Discovery(models.Model):
    """政策找人: a household receiving nothing whose data suggest eligibility, as a task for its township."""

    month = models.DateField("发现月份")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+", verbose_name="家庭")
    region_code = models.CharField("区划", max_length=12)
    programs = models.JSONField("可能符合的项目", default=list)
    estimated_monthly_amount = models.DecimalField("估算月金额", max_digits=12, decimal_places=2)
    reasons = models.JSONField("理由", default=list)
    unknowns = models.JSONField("尚需核实", default=list)
    rank = models.PositiveIntegerField("排序")
    status = models.CharField("状态", max_length=10, choices=list(codes.DISCOVERY_STATUS.items()), default="open")
    created_at = models.DateTimeField("发现时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change="warnings.handle", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "主动发现"
        constraints = [models.UniqueConstraint(fields=["household", "month"], name="discovery_once_per_month")]
        indexes = [models.Index(fields=["region_code", "month"], name="discovery_scope"),
                   # The 待办's first ten open discoveries, in its order, without sorting a county's 100,000.
                   models.Index(fields=["-month", "rank", "id"], name="discovery_open_order",
                                condition=models.Q(status="open"))]

    def __str__(self) -> str:
        return f"主动发现 #{self.pk}"


class VisitPlan(models.Model):
    """Routine visits as data: a group is visited every `every_months` months in a region from a date."""

    group = models.CharField("走访对象", max_length=30, choices=list(codes.VISIT_GROUPS.items()))
    region_code = models.CharField("区划代码", max_length=12)
    every_months = models.PositiveSmallIntegerField("走访周期（月）")
    effective_from = models.DateField("生效日期")
    source = models.CharField("依据", max_length=500)

    class Meta:
        verbose_name = "走访计划"
        constraints = [models.UniqueConstraint(fields=["group", "region_code", "effective_from"],
                                               name="visit_plan_one_start")]

    def __str__(self) -> str:
        return f"走访计划 {codes.VISIT_GROUPS.get(self.group, self.group)} 每 {self.every_months} 个月"


class Visit(models.Model):
    """A visit record: who visited whom, who was seen, what was found; a photo in the encrypted file store."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="走访对象")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    region_code = models.CharField("区划", max_length=12)
    visited_on = models.DateField("走访日期")
    visitor = models.CharField("走访人", max_length=100)
    seen = models.CharField("见到的人", max_length=200)
    findings = models.TextField("走访情况")
    photo_key = models.CharField("照片", max_length=80, blank=True, default="")
    warning = models.ForeignKey(Warning, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change="visits.record", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "走访记录"
        indexes = [models.Index(fields=["person", "visited_on"], name="visit_person_day")]

    def __str__(self) -> str:
        return f"走访记录 #{self.pk}"
