"""Feed snapshots (the catalogue of the Parquet data lake), comparison runs, findings and verification reports.

The feed rows themselves live in Parquet under MINZHENG_HOME/lake (no plaintext ID number: the blind index
`crypto.blind_index`, the same value as Person.id_number_index). These tables hold what the database must answer:
which snapshots exist, what a run found, who handled a finding, the reports attached to cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minzheng.benefits.models import Case, Entitlement
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.registry.models import Household, Person
from minzheng.verification.codes import CONCLUSIONS, FEED_KINDS, FINDING_STATUS, RULES


class FeedSnapshot(models.Model):
    """One loaded department file: a dated Parquet snapshot of one kind. Loading the same content again is a no-op
    (unique on kind + content hash)."""

    kind = models.CharField("数据类别", max_length=20)
    as_of = models.DateField("数据日期")
    sha256 = models.CharField("文件摘要", max_length=64)
    path = models.CharField("快照文件", max_length=400)
    source_name = models.CharField("原文件名", max_length=200, blank=True, default="")
    rows = models.BigIntegerField("有效行数", default=0)
    rejected = models.BigIntegerField("拒绝行数", default=0)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    loaded_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "部门数据快照"
        constraints = [models.UniqueConstraint(fields=["kind", "sha256"], name="feed_snapshot_once")]
        indexes = [models.Index(fields=["kind", "as_of"], name="feed_kind_as_of")]

    def __str__(self) -> str:
        return f"{FEED_KINDS.get(self.kind, self.kind)} {self.as_of:%Y-%m-%d} #{self.pk}"


class ComparisonRun(models.Model):
    """One execution of the monthly comparison (history; findings are unique per month, not per run)."""

    month = models.DateField("比对月份")
    engine = models.CharField("引擎", max_length=10)
    region_code = models.CharField("区划", max_length=12, blank=True, default="")  # "" = every region
    recipients = models.BigIntegerField("比对对象人数", default=0)
    entitlements = models.BigIntegerField("比对待遇数", default=0)
    hits = models.BigIntegerField("命中数", default=0)
    created = models.BigIntegerField("新增疑点数", default=0)
    by_rule = models.JSONField("按规则", default=dict)
    skipped = models.JSONField("未执行的规则", default=dict)
    seconds = models.DecimalField("耗时（秒）", max_digits=10, decimal_places=2, default=0)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    started_at = models.DateTimeField("开始时间", auto_now_add=True)

    class Meta:
        verbose_name = "比对批次"

    def __str__(self) -> str:
        return f"比对批次 #{self.pk}（{self.month:%Y-%m}，{self.engine}）"


class Finding(models.Model):
    """A comparison hit (比对疑点) routed to the township for checking (核实) by `due_on`."""

    month = models.DateField("比对月份")
    rule = models.CharField("规则", max_length=30)
    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="+", verbose_name="待遇")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="涉及人员")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+", verbose_name="家庭")
    program = models.CharField("救助项目", max_length=30)
    region_code = models.CharField("区划", max_length=12)  # the entitlement's village (scoping)
    evidence = models.JSONField("比对依据", default=dict)
    amount_at_stake = models.DecimalField("涉及月金额", max_digits=12, decimal_places=2)
    status = models.CharField("状态", max_length=10, choices=list(FINDING_STATUS.items()), default="open")
    due_on = models.DateField("核实期限")
    due_provisional = models.BooleanField("期限为暂定", default=False)
    run = models.ForeignKey(ComparisonRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    outcome = models.CharField("处理结果", max_length=10, blank=True, default="")
    outcome_note = models.TextField("核实情况/排除理由", blank=True, default="")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_on = models.DateField("办理日期", null=True, blank=True)
    created_at = models.DateTimeField("发现时间", auto_now_add=True)

    scope = Scope("region_code", view="verification.view")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "比对疑点"
        constraints = [models.UniqueConstraint(fields=["month", "rule", "entitlement", "person"],
                                               name="finding_once_per_month")]
        indexes = [models.Index(fields=["region_code", "status", "due_on"], name="finding_inbox"),
                   models.Index(fields=["month", "rule"], name="finding_month_rule")]

    def __str__(self) -> str:
        return f"比对疑点 #{self.pk}：{RULES.get(self.rule, self.rule)}"


class VerificationReport(models.Model):
    """核对报告: what every feed says about each household member, compared with the declared figures and the
    program's limits, with a conclusion. The JSON is the report; the page prints it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+", verbose_name="案件")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField("区划", max_length=12)
    month = models.DateField("核对月份")
    conclusion = models.CharField("结论", max_length=12, choices=list(CONCLUSIONS.items()))
    reasons = models.JSONField("理由", default=list)
    data = models.JSONField("核对内容", default=dict)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    scope = Scope("region_code", view="verification.view")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "核对报告"
        indexes = [models.Index(fields=["case", "created_at"], name="report_case")]

    def __str__(self) -> str:
        return f"核对报告 #{self.pk}"
