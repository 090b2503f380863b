"""Tables of 社会组织: the register (社会团体, 社会服务机构, 基金会) with responsible persons, registration / change /
deregistration applications, annual reports and their two reviews, evaluations (民政部令第39号) with appeal and
sanctions, the abnormal list and the blacklist, 双随机 inspections, and the rules as data (report deadlines, grade
score bands, the appeal window) by region and effective date.

Every table carries the 12-digit code of the registry's region (the county bureau that registered the organisation)
for scoping (core.scoping)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.socialorgs import codes

VIEW, EXPORT, MANAGE, FILE, SUPERVISE = ("socialorgs.view", "socialorgs.export", "socialorgs.manage",
                                         "socialorgs.file", "socialorgs.supervise")
MONEY = {"max_digits": 14, "decimal_places": 2}


def _choices(table: dict) -> list[tuple]:
    return list(table.items())


class SocialOrg(models.Model):
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=12, choices=_choices(codes.KINDS))
    fundraising = models.CharField("基金会类型", max_length=8, blank=True, default="",
                                   choices=_choices(codes.FUNDRAISING))
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    domain = models.CharField("业务领域", max_length=20, choices=_choices(codes.DOMAINS))
    scope_text = models.CharField("业务范围", max_length=300, blank=True, default="")
    supervisor = models.CharField("业务主管单位", max_length=100, blank=True, default="")  # blank: 直接登记
    legal_rep = models.CharField("法定代表人", max_length=50)
    responsible = models.JSONField("负责人", default=list, blank=True)  # [{"name", "post"}]
    address = models.CharField("住所", max_length=200, blank=True, default="")
    region_code = models.CharField("所在区划", max_length=12)  # its 住所: the county, a township or a village
    registered_on = models.DateField("成立登记日期")
    status = models.CharField("状态", max_length=14, choices=_choices(codes.STATUS), default="active")
    deregistered_on = models.DateField("注销日期", null=True, blank=True)
    punished_on = models.DateField("最近一次行政处罚日期", null=True, blank=True)
    under_investigation = models.BooleanField("正在被有关机关调查", default=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "社会组织"
        constraints = [models.CheckConstraint(condition=Q(kind__in=list(codes.KINDS)), name="socialorgs_org_kind")]
        indexes = [models.Index(fields=["region_code", "status"], name="socialorgs_org_scope")]

    def __str__(self) -> str:
        return self.name

    @property
    def responsible_names(self) -> str:
        return "、".join(f"{r.get('name', '')}（{r['post']}）" if r.get("post") else r.get("name", "")
                        for r in self.responsible or [])


class Application(models.Model):
    """成立 / 变更 / 注销登记: what was asked (`data`), and the registry's decision. A registration approved makes
    the organisation; a change approved applies `data`; a deregistration approved ends it."""

    kind = models.CharField("申请类型", max_length=12, choices=_choices(codes.APPLICATION_KINDS))
    org = models.ForeignKey(SocialOrg, on_delete=models.PROTECT, null=True, blank=True, related_name="applications",
                            verbose_name="社会组织")
    name = models.CharField("组织名称", max_length=100)
    region_code = models.CharField("区划", max_length=12)
    data = models.JSONField("申请事项", default=dict)
    received_on = models.DateField("受理日期")
    state = models.CharField("状态", max_length=10, choices=_choices(codes.APPLICATION_STATES), default="submitted")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_note = models.CharField("决定说明", max_length=300, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # 成立登记: the materials checklist and the founding figures; every kind: the review before the decision.
    materials = models.JSONField("提交材料", default=list, blank=True)
    funds = models.DecimalField("注册资金（元）", **MONEY, null=True, blank=True)
    members = models.PositiveIntegerField("会员数", null=True, blank=True)
    due_on = models.DateField("决定期限", null=True, blank=True)
    review_decision = models.CharField("审查意见", max_length=8, blank=True, default="",
                                       choices=_choices(codes.REVIEW_DECISIONS))
    review_opinion = models.CharField("审查说明", max_length=300, blank=True, default="")
    reviewed_on = models.DateField("审查日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                    verbose_name="审查人")

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "登记申请"
        indexes = [models.Index(fields=["region_code", "state"], name="socialorgs_app_scope")]

    def __str__(self) -> str:
        return f"{codes.APPLICATION_KINDS.get(self.kind, self.kind)} #{self.pk}"

    @property
    def materials_text(self) -> str:
        return "、".join(codes.MATERIALS.get(m, m) for m in self.materials or [])

    @property
    def summary(self) -> str:
        """What was asked, in words (labels, not codes)."""
        data = self.data or {}
        if self.kind == "deregister":
            return f"注销原因：{data.get('reason', '')}"
        labels = {**codes.CHANGEABLE, "kind": "类型", "fundraising": "基金会类型", "uscc": "统一社会信用代码",
                  "domain": "业务领域", "scope_text": "业务范围"}
        tables = {"kind": codes.KINDS, "fundraising": codes.FUNDRAISING, "domain": codes.DOMAINS}
        parts = []
        for key, value in data.items():
            if key in ("name", "region_code", "responsible") or value in ("", None, []):
                continue
            shown = tables[key].get(value, value) if key in tables else value
            parts.append(f"{labels.get(key, key)}：{shown}")
        if data.get("responsible"):
            parts.append("负责人：" + "、".join(r.get("name", "") for r in data["responsible"]))
        if self.kind == "change" and data.get("name"):
            parts.insert(0, f"名称：{self.org.name if self.org_id else ''} → {data['name']}")
        return "；".join(parts)

    @property
    def number(self) -> str:
        """The decision document's number (民社登〔year〕id)."""
        return f"民社登〔{(self.decided_on or self.received_on).year}〕{self.pk}号"


class AnnualReport(models.Model):
    """The annual work report on `year` (年度工作报告 / 年检): filed by (or for) the organisation, reviewed by the
    业务主管单位 (skipped when registered directly), then concluded by the registry. A 基金会's accounts are checked
    against 基金会管理条例 第二十九条 when filed (`checks`)."""

    org = models.ForeignKey(SocialOrg, on_delete=models.PROTECT, related_name="reports", verbose_name="社会组织")
    region_code = models.CharField("区划", max_length=12)
    year = models.PositiveSmallIntegerField("年度")
    filed_on = models.DateField("报送日期")
    supervisor_due = models.DateField("报送业务主管单位期限")
    registry_due = models.DateField("报送登记管理机关期限")
    late = models.BooleanField("逾期报送", default=False)
    summary = models.TextField("年度工作情况", blank=True, default="")
    income = models.DecimalField("本年总收入", **MONEY)
    total_spending = models.DecimalField("本年总支出", **MONEY)
    mission_spending = models.DecimalField("公益事业支出", **MONEY, null=True, blank=True)
    pay_and_admin = models.DecimalField("工资福利和行政办公支出", **MONEY, null=True, blank=True)
    last_year_income = models.DecimalField("上年总收入", **MONEY, null=True, blank=True)
    last_year_fund_balance = models.DecimalField("上年基金余额", **MONEY, null=True, blank=True)
    net_assets = models.DecimalField("年末净资产", **MONEY)
    audited = models.BooleanField("附审计报告", default=False)
    checks = models.JSONField("支出比例检查", default=list, blank=True)
    checks_ok = models.BooleanField("支出比例符合规定", default=True)
    state = models.CharField("状态", max_length=12, choices=_choices(codes.REPORT_STATES), default="filed")
    supervisor_opinion = models.CharField("业务主管单位意见", max_length=300, blank=True, default="")
    supervised_on = models.DateField("初审日期", null=True, blank=True)
    supervised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                      related_name="+", verbose_name="初审人")
    result = models.CharField("年检结论", max_length=6, blank=True, default="", choices=_choices(codes.REPORT_RESULTS))
    registry_opinion = models.CharField("登记管理机关意见", max_length=300, blank=True, default="")
    concluded_on = models.DateField("结论日期", null=True, blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+", verbose_name="审查人")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                 verbose_name="报送人")

    scope = Scope("region_code", view=VIEW, change=FILE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "年度工作报告"
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="socialorgs_report_once")]
        indexes = [models.Index(fields=["region_code", "year", "state"], name="socialorgs_report_scope")]

    def __str__(self) -> str:
        return f"{self.year} 年度工作报告 #{self.pk}"


class Evaluation(models.Model):
    """One application for evaluation and what became of it: refused (with reasons), or scored and voted by the
    committee (grade 5A–1A valid five years, or no grade); then possibly appealed, downgraded or cancelled."""

    org = models.ForeignKey(SocialOrg, on_delete=models.PROTECT, related_name="evaluations", verbose_name="社会组织")
    region_code = models.CharField("区划", max_length=12)
    kind = models.CharField("评估类型", max_length=16, choices=_choices(codes.EVALUATION_KINDS))
    applied_on = models.DateField("申请日期")
    state = models.CharField("状态", max_length=12, choices=_choices(codes.EVALUATION_STATES))
    reasons = models.JSONField("不予受理原因", default=list, blank=True)
    score = models.DecimalField("评估得分", max_digits=6, decimal_places=1, null=True, blank=True)
    committee_size = models.PositiveSmallIntegerField("评估委员会人数", null=True, blank=True)
    present = models.PositiveSmallIntegerField("出席委员", null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField("同意票", null=True, blank=True)
    grade = models.PositiveSmallIntegerField("评估等级", null=True, blank=True)
    awarded_on = models.DateField("评定日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    appeal_by = models.DateField("复核申请截止", null=True, blank=True)
    appeal_state = models.CharField("复核", max_length=8, blank=True, default="", choices=_choices(codes.APPEAL_STATES))
    appeal_reason = models.CharField("复核理由", max_length=300, blank=True, default="")
    appealed_on = models.DateField("申请复核日期", null=True, blank=True)
    appeal_due = models.DateField("复核答复期限", null=True, blank=True)
    appeal_decided_on = models.DateField("复核结论日期", null=True, blank=True)
    sanction = models.CharField("处理", max_length=10, blank=True, default="", choices=_choices(codes.SANCTIONS))
    sanction_on = models.DateField("处理日期", null=True, blank=True)
    sanction_reason = models.CharField("处理原因", max_length=300, blank=True, default="")
    return_due = models.DateField("证书牌匾交回期限", null=True, blank=True)
    returned_on = models.DateField("证书牌匾交回日期", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "社会组织评估"
        indexes = [models.Index(fields=["region_code", "state"], name="socialorgs_eval_scope"),
                   models.Index(fields=["org", "-applied_on"], name="socialorgs_eval_org")]

    def __str__(self) -> str:
        return f"评估 #{self.pk}"

    @property
    def reasons_text(self) -> str:
        return "；".join(self.reasons or [])

    @property
    def committee_text(self) -> str:
        if self.committee_size is None:
            return ""
        return f"委员 {self.committee_size} 人，出席 {self.present} 人，同意 {self.votes_for} 票"


class ListEntry(models.Model):
    """An organisation on the 活动异常名录 or the 严重违法失信名单 from `listed_on` until `removed_on`."""

    org = models.ForeignKey(SocialOrg, on_delete=models.PROTECT, related_name="list_entries",
                            verbose_name="社会组织")
    region_code = models.CharField("区划", max_length=12)
    list = models.CharField("名单", max_length=10, choices=_choices(codes.LISTS))
    reason = models.CharField("列入事由", max_length=12, choices=_choices(codes.LIST_REASONS))
    detail = models.CharField("说明", max_length=300, blank=True, default="")
    listed_on = models.DateField("列入日期")
    removed_on = models.DateField("移出日期", null=True, blank=True)
    removal_reason = models.CharField("移出原因", max_length=300, blank=True, default="")
    # The blacklist entry made by the daily job from an abnormal-list entry two years old (services.oversight).
    moved_from = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="moved_to", verbose_name="由活动异常名录转入")
    automatic = models.BooleanField("系统自动列入", default=False)

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "名录名单"
        constraints = [models.UniqueConstraint(fields=["org", "list"], condition=Q(removed_on__isnull=True),
                                               name="socialorgs_list_once")]
        indexes = [models.Index(fields=["region_code", "removed_on"], name="socialorgs_list_scope")]

    def __str__(self) -> str:
        return f"{codes.LISTS.get(self.list, self.list)} #{self.pk}"


class InspectionRound(models.Model):
    region_code = models.CharField("区划", max_length=12)
    title = models.CharField("检查任务", max_length=100)
    drawn_on = models.DateField("抽取日期")
    seed = models.BigIntegerField("随机种子")
    pool_size = models.PositiveIntegerField("名录社会组织数")
    inspector_pool = models.JSONField("检查人员库（用户ID）", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "双随机抽查任务"

    def __str__(self) -> str:
        return self.title


class Inspection(models.Model):
    round = models.ForeignKey(InspectionRound, on_delete=models.PROTECT, related_name="inspections",
                              verbose_name="检查任务")
    org = models.ForeignKey(SocialOrg, on_delete=models.PROTECT, related_name="+", verbose_name="社会组织")
    region_code = models.CharField("区划", max_length=12)
    inspector_names = models.CharField("检查人员", max_length=200)
    inspected_on = models.DateField("检查日期", null=True, blank=True)
    result = models.CharField("检查结果", max_length=8, blank=True, default="",
                              choices=_choices(codes.INSPECTION_RESULTS))
    findings = models.TextField("发现问题", blank=True, default="")

    scope = Scope("region_code", view=VIEW, change=MANAGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "抽查记录"
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="socialorgs_inspection_once")]

    def __str__(self) -> str:
        return f"抽查记录 #{self.pk}"


class Rule(models.Model):
    """A rule as data: `key` (codes.RULE_KEYS), the organisation kind it applies to ("" = all), the region and the
    day it takes effect; the most specific region and latest date in force wins. `sample` marks the bundled 示例
    rows (to be replaced by the province's own)."""

    key = models.CharField("规则", max_length=16, choices=_choices(codes.RULE_KEYS))
    kind = models.CharField("组织类型", max_length=12, blank=True, default="")
    region_code = models.CharField("区划", max_length=12)
    effective_from = models.DateField("生效日期")
    value = models.JSONField("取值")
    sample = models.BooleanField("示例数据", default=False)
    source = models.CharField("依据", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "社会组织规则"
        constraints = [models.UniqueConstraint(fields=["key", "kind", "region_code", "effective_from"],
                                               name="socialorgs_rule_once")]

    def __str__(self) -> str:
        return f"{self.key} {self.region_code} {self.effective_from}"
