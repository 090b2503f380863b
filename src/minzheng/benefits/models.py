"""The benefits kernel's records: standards (救助标准, data by program, item, region, area and date), cases
(申请审核确认) with their timeline, documents, objections and missing-items notices, entitlements (what the payroll
pays) with their changes and periodic reviews, and the two registers the workflow reads: delegation of confirmation
and the conflict-of-interest register. Programs are declared by the line-of-business apps (benefits.programs), so
program fields take their choices from the declarations (a callable: a new program needs no migration).

The workflow rules are in workflow.py (pure); the writes in services/ (cases, entitlements, registers, standards,
documents, recipients); the reads in selectors.py. Every table that holds people's data carries the region code of
the household (a village) so that scoping is a range on an indexed column (core.scoping)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from minzheng.benefits import catalogue, programs, workflow
from minzheng.benefits.codes import CHANGE_KINDS, ENTITLEMENT_STATUS, SUBTYPES
from minzheng.core import crypto, protected
from minzheng.core.periods import PeriodQuerySet
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.registry.models import Household, Person

STATE_CHOICES = list(workflow.STATES.items())
CHANNEL_CHOICES = list(workflow.CHANNELS.items())


class Standard(models.Model):
    program = models.CharField("救助项目", max_length=30, choices=programs.choices)
    item = models.CharField("标准项", max_length=60)
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    area = models.CharField("城乡", max_length=5, choices=list(catalogue.AREAS.items()))
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
    unit = models.CharField("单位", max_length=20)
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("终止日期", null=True, blank=True)
    source = models.CharField("依据", max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "救助标准"
        ordering = ["program", "item", "region_code", "area", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["program", "item", "region_code", "area", "effective_from"],
                                    name="assistance_standard_one_start"),
            models.CheckConstraint(condition=models.Q(effective_to__isnull=True)
                                   | models.Q(effective_to__gte=models.F("effective_from")),
                                   name="assistance_standard_period"),
            models.CheckConstraint(condition=models.Q(area__in=list(catalogue.AREAS)), name="assistance_standard_area"),
        ]
        indexes = [models.Index(fields=["region_code", "effective_from"], name="assistance_std_region_from")]

    def __str__(self) -> str:
        return f"{self.program}.{self.item} {self.region_code} {self.area} {self.effective_from}: {self.value}"

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.program, self.item, self.region_code, self.area)



class Case(models.Model):
    """One application for one program by one household (household programs) or for one person (person programs)."""

    program = models.CharField("救助项目", max_length=30, choices=programs.choices)
    subtype = models.CharField("类别", max_length=20, blank=True, default="", choices=list(SUBTYPES.items()))
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+", verbose_name="申请家庭")
    applicant = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="申请人")
    beneficiary = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="救助对象")  # person programs
    region_code = models.CharField("区划", max_length=12)  # the household's village
    state = models.CharField("状态", max_length=20, choices=STATE_CHOICES)
    channel = models.CharField("申请方式", max_length=10, choices=CHANNEL_CHOICES)
    proxy_document = models.CharField("委托书", max_length=200, blank=True, default="")
    # Workflow flags (workflow.CaseFacts).
    delegated = models.BooleanField("审核确认委托乡镇", default=False)
    conflict_of_interest = models.BooleanField("近亲属备案", default=False)
    special_case = models.BooleanField("人户分离等特殊情况", default=False)
    complaint = models.BooleanField("有投诉举报", default=False)
    spot_check_required = models.BooleanField("抽中县级抽查", default=False)
    irregular_income = models.BooleanField("收入不固定", default=False)
    # Facts for the policy engine that the registry does not hold (assets, support payer, member facts …), in the
    # evaluation input's JSON shape (docs/assistance.md). Never sensitive identifiers.
    facts = models.JSONField("调查核实情况", default=dict, blank=True)
    # Workflow dates (workflow.CaseFacts).
    applied_on = models.DateField("申请日期")
    missing_requested_on = models.DateField("一次性告知日期", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    investigation_started_on = models.DateField("启动调查日期", null=True, blank=True)
    last_home_visit_on = models.DateField("最近入户调查日期", null=True, blank=True)
    verification_requested_on = models.DateField("提请核对日期", null=True, blank=True)
    verification_started_on = models.DateField("核对日期", null=True, blank=True)
    initial_review_on = models.DateField("初审日期", null=True, blank=True)
    notice_start_on = models.DateField("公示开始日期", null=True, blank=True)
    objection_on = models.DateField("异议日期", null=True, blank=True)
    community_review_on = models.DateField("民主评议日期", null=True, blank=True)
    submitted_on = models.DateField("报送审核确认日期", null=True, blank=True)
    county_visit_on = models.DateField("县级入户调查日期", null=True, blank=True)
    spot_check_on = models.DateField("县级抽查日期", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision = models.CharField("决定", max_length=10, blank=True, default="")  # approved | refused
    refusal_notified_on = models.DateField("书面告知日期", null=True, blank=True)
    decision_issued_on = models.DateField("决定送达日期", null=True, blank=True)
    # Decision.
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="决定人")
    amount = models.DecimalField("核定月金额", max_digits=12, decimal_places=2, null=True, blank=True)
    policy_amount = models.DecimalField("测算月金额", max_digits=12, decimal_places=2, null=True, blank=True)
    policy_result = models.JSONField("测算结果", default=dict, blank=True)
    override_reason = models.TextField("调整金额理由", blank=True, default="")
    # 急难型 先行救助: paid in cash from the township's 备用金 before the decision (assistance.reserve); the payroll
    # pays only what the decision grants beyond it.
    advance_paid = models.DecimalField("先行救助已支付", max_digits=12, decimal_places=2, default=0)
    refusal_reason = models.TextField("不予确认理由", blank=True, default="")
    # Payment details collected with the application (copied to the entitlement). Account encrypted (core.crypto).
    bank_account_enc = models.BinaryField("银行账号（密文）", null=True, blank=True)
    bank_name = models.CharField("开户行", max_length=100, blank=True, default="")
    # Inbox support, recomputed after every action (workflow.awaiting / next_due).
    awaiting_role = models.CharField("待办角色", max_length=10, blank=True, default="")
    due_on = models.DateField("最近期限", null=True, blank=True)
    due_code = models.CharField("最近期限事项", max_length=30, blank=True, default="")
    due_provisional = models.BooleanField("期限为暂定", default=False)
    verification_due_on = models.DateField("县级核对期限", null=True, blank=True)
    import_key = models.CharField("迁移键", max_length=80, null=True, blank=True, unique=True)  # program:person:start
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = Scope("region_code", view="people.view", change="people.change", export="people.export")
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("bank_account_enc", "id"),)  # bound to the case's id

    class Meta:
        verbose_name = "救助申请"
        constraints = [
            # One open application per household and program (per beneficiary for person programs): the service
            # checks first with a Chinese reason; this catches two clerks submitting at the same moment.
            models.UniqueConstraint(models.F("program"), models.F("household"), Coalesce("beneficiary", Value(0)),
                                    condition=~Q(state__in=sorted(workflow.FINAL)), name="one_open_case_per_subject"),
        ]
        indexes = [models.Index(fields=["region_code", "state"], name="case_region_state"),
                   models.Index(fields=["awaiting_role", "region_code", "due_on"], name="case_inbox"),
                   models.Index(fields=["household", "program"], name="case_household_program")]

    def __str__(self) -> str:
        return f"{programs.name(self.program)}申请 #{self.pk}"

    def facts_view(self) -> workflow.CaseFacts:
        return workflow.CaseFacts(**{f: getattr(self, f) for f in workflow.FACT_FIELDS})

    @property
    def bank_account_masked(self) -> str:
        return protected.masked(self, "bank_account_enc", crypto.mask_account)


class CaseEvent(models.Model):
    """The case timeline: one row per action (who, when, what, with the action's data)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("动作", max_length=30)
    state_from = models.CharField("原状态", max_length=20, blank=True, default="")
    state_to = models.CharField("新状态", max_length=20, blank=True, default="")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_name = models.CharField("办理人", max_length=150, blank=True, default="")
    actor_role = models.CharField("角色", max_length=10, blank=True, default="")
    on_date = models.DateField("办理日期")  # the business date (core.clock.today)
    at = models.DateTimeField("记录时间")
    data = models.JSONField("内容", default=dict, blank=True)
    signed_by = models.JSONField("签字人", default=list, blank=True)  # home visits: investigators and the member

    scope = Scope("case__region_code", view="people.view", change="people.change", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "办理记录"
        ordering = ["case_id", "id"]
        indexes = [models.Index(fields=["actor", "at"], name="caseevent_actor_at")]

    def __str__(self) -> str:
        return f"办理记录 #{self.pk} {self.action}（申请 #{self.case_id}）"


class CaseDocument(models.Model):
    """An uploaded file of a case (application form, ID copies, income proofs, visit photos …). The bytes are kept
    SM4-encrypted under MINZHENG_HOME/documents (assistance.documents); the row holds what the case page lists."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    event = models.ForeignKey(CaseEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField("材料名称", max_length=200)
    filename = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    storage_key = models.CharField("存储键", max_length=80, unique=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    scope = Scope("case__region_code", view="people.view", change="people.change", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "案件材料"
        ordering = ["case_id", "id"]

    def __str__(self) -> str:
        return f"案件材料 #{self.pk}（申请 #{self.case_id}）"


class MissingItemsNotice(models.Model):
    """The one-time list of missing materials (57号 第十条): at most one per case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="missing_notice")
    items = models.JSONField("需补齐材料", default=list)
    issued_on = models.DateField("告知日期")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    supplied_on = models.DateField("补齐日期", null=True, blank=True)

    scope = Scope("case__region_code", view="people.view", change="people.change", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "一次性告知书"

    def __str__(self) -> str:
        return f"一次性告知书 #{self.pk}（申请 #{self.case_id}）"


class Objection(models.Model):
    """An objection to the public notice and how it was resolved (重新调查 / 民主评议)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="objections")
    raised_on = models.DateField("提出日期")
    raised_by = models.CharField("异议人", max_length=100, blank=True, default="")
    content = models.TextField("异议内容")
    resolution = models.CharField("处理方式", max_length=20, blank=True, default="")  # reinvestigate | community_review
    resolved_on = models.DateField("处理日期", null=True, blank=True)
    outcome = models.TextField("处理结果", blank=True, default="")

    scope = Scope("case__region_code", view="people.view", change="people.change", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "公示异议"

    def __str__(self) -> str:
        return f"公示异议 #{self.pk}（申请 #{self.case_id}）"


class Entitlement(models.Model):
    """What the payroll pays: a program's monthly amount for a household (or a person) from start_month to
    end_month (NULL = open). Months are stored as their first day. The amount of a past month is found through
    EntitlementChange (services.entitlements.amount_in_month)."""

    program = models.CharField("救助项目", max_length=30, choices=programs.choices)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+", verbose_name="家庭")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="救助对象")  # person programs and 单人户; NULL = the whole household
    payee = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="领取人")
    region_code = models.CharField("区划", max_length=12)
    monthly_amount = models.DecimalField("月保障金额", max_digits=12, decimal_places=2)
    advance_paid = models.DecimalField("先行支付金额", max_digits=12, decimal_places=2, default=0)  # from Case
    start_month = models.DateField("起始月份")
    end_month = models.DateField("终止月份", null=True, blank=True)  # last month paid
    status = models.CharField("状态", max_length=12, choices=list(ENTITLEMENT_STATUS.items()), default="active")
    source_case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="entitlements",
                                    verbose_name="来源案件")
    bank_account_enc = models.BinaryField("银行账号（密文）", null=True, blank=True)
    bank_name = models.CharField("开户行", max_length=100, blank=True, default="")
    # 户名 of an account that is not the payee's own (a 集中供养 特困 person's amount paid to the institution,
    # services.entitlements.set_payment_account); blank = the payee's name. Payroll lines carry a copy.
    account_name = models.CharField("户名", max_length=100, blank=True, default="")
    review_months = models.PositiveSmallIntegerField("核查周期（月）", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = Scope("region_code", view="people.view", change="people.change", export="people.export")
    objects = ScopedQuerySet.as_manager()
    # Bound to the entitlement's id; payroll lines carry copies of it, still bound to the entitlement.
    SEALED = (protected.Sealed("bank_account_enc", "id"),)

    class Meta:
        verbose_name = "救助待遇"
        indexes = [models.Index(fields=["region_code", "program", "status"], name="entitlement_scope"),
                   models.Index(fields=["household", "program", "status"], name="entitlement_household"),
                   models.Index(fields=["person", "status"], name="entitlement_person"),
                   # The list's order (views.lists.EntitlementList): its first page reads 30 rows, not a township's
                   # whole first (village, program) group joined to people and sorted (28 → 1 ms at 1,000,000).
                   models.Index(fields=["region_code", "program", "id"], name="entitlement_list")]
        constraints = [models.CheckConstraint(condition=Q(monthly_amount__gte=0), name="entitlement_amount_nonneg"),
                       models.CheckConstraint(condition=Q(end_month__isnull=True) | Q(end_month__gte=models.F(
                           "start_month")) | Q(status="stopped"), name="entitlement_period")]

    def __str__(self) -> str:
        return f"{self.program}待遇 #{self.pk}"

    @property
    def bank_account_masked(self) -> str:
        return protected.masked(self, "bank_account_enc", crypto.mask_account)


class PaymentHold(models.Model):
    """暂停支付 placed by the system, not by a person: the entitlement is not paid from `from_month` while a fact that
    may end it is checked — a death reported by an authoritative department (民发〔2021〕57号 第三十二条; payment
    stops the month after death, 43号 第二十五条). Released when the finding is decided: `confirmed` (the
    entitlement's own change — 停发、减发 — takes over and any month paid after the death is recovered) or `released`
    (a namesake: the months held are paid as arrears by the next payroll)."""

    entitlement = models.ForeignKey(Entitlement, on_delete=models.CASCADE, related_name="holds")
    region_code = models.CharField("区划", max_length=12)
    from_month = models.DateField("暂停支付起始月份")
    reason = models.CharField("原因", max_length=200)
    source = models.CharField("来源", max_length=40)  # e.g. "finding:123"
    placed_on = models.DateField("暂停日期")
    released_on = models.DateField("解除日期", null=True, blank=True)
    outcome = models.CharField("处理结果", max_length=10, blank=True, default="")  # confirmed | released

    scope = Scope("region_code", view="people.view")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "自动暂停支付"
        constraints = [models.UniqueConstraint(fields=["entitlement", "source"], name="paymenthold_once")]
        indexes = [models.Index(fields=["entitlement", "released_on"], name="paymenthold_active")]

    def __str__(self) -> str:
        return f"暂停支付 #{self.pk}（待遇 #{self.entitlement_id}，自 {self.from_month:%Y-%m}）"


class EntitlementChange(models.Model):
    """增发/减发/停发 and other changes, with the reason, the month they take effect and when the family was told."""

    entitlement = models.ForeignKey(Entitlement, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField("变更类型", max_length=12, choices=list(CHANGE_KINDS.items()))
    old_amount = models.DecimalField("原金额", max_digits=12, decimal_places=2)
    new_amount = models.DecimalField("新金额", max_digits=12, decimal_places=2)
    effective_month = models.DateField("生效月份")
    end_month = models.DateField("终止月份", null=True, blank=True)
    reason = models.TextField("理由")
    notice_on = models.DateField("告知日期", null=True, blank=True)
    decided_on = models.DateField("决定日期")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    scope = Scope("entitlement__region_code", view="people.view", change="people.change", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "待遇变更"
        ordering = ["entitlement_id", "effective_month", "id"]

    def __str__(self) -> str:
        return f"待遇变更 #{self.pk} {self.kind}（待遇 #{self.entitlement_id}）"


class Review(models.Model):
    """A scheduled review (定期核查, or the re-check after a member's death) and its outcome."""

    REASONS = {"periodic": "定期核查", "death": "成员死亡后复核"}

    entitlement = models.ForeignKey(Entitlement, on_delete=models.CASCADE, related_name="reviews")
    region_code = models.CharField("区划", max_length=12)
    due_on = models.DateField("应核查日期")
    reason = models.CharField("原因", max_length=10, default="periodic")
    done_on = models.DateField("核查日期", null=True, blank=True)
    outcome = models.CharField("结论", max_length=20, blank=True, default="")  # unchanged | changed | stopped
    note = models.TextField("说明", blank=True, default="")
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")

    scope = Scope("region_code", view="people.view", change="people.change", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "核查"
        indexes = [models.Index(fields=["region_code", "done_on", "due_on"], name="review_due")]

    def __str__(self) -> str:
        return f"核查 #{self.pk} {self.reason}（待遇 #{self.entitlement_id}）"


class Delegation(models.Model):
    """The county delegates confirmation (审核确认) of a program to its townships (57号 第二条；83号): a row for the
    county covers all its townships, a row for a township only that one; the most specific row in force wins.
    History is kept: a change is a new row with a new effective date."""

    program = models.CharField("救助项目", max_length=30, choices=programs.choices)
    region_code = models.CharField("区划", max_length=12)
    delegated = models.BooleanField("委托乡镇审核确认")
    effective_from = models.DateField("生效日期")
    document = models.CharField("依据文件", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核确认委托"
        constraints = [models.UniqueConstraint(fields=["program", "region_code", "effective_from"],
                                               name="delegation_one_start")]

    def __str__(self) -> str:
        return f"审核确认委托 {self.program} {self.region_code} {self.effective_from}"


class ConflictRegister(models.Model):
    """近亲属备案 (57号 第十一条): a relative of a civil-affairs worker or of a village/residents' committee member.
    A household with such a relative is registered separately and needs a county home visit before confirmation."""

    KINDS = {"staff": "民政经办人员", "committee": "村(居)委会成员"}

    relative = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="近亲属")
    region_code = models.CharField("区划", max_length=12)  # the relative's region (scoping)
    staff_kind = models.CharField("身份", max_length=10, choices=list(KINDS.items()))
    staff_name = models.CharField("经办人员/村(居)委会成员姓名", max_length=50)
    staff_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    relation = models.CharField("关系", max_length=20)
    note = models.CharField("说明", max_length=200, blank=True, default="")
    registered_on = models.DateField("备案日期")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    active = models.BooleanField("有效", default=True)

    scope = Scope("region_code", view="people.view", change="people.change", export="people.export")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "近亲属备案"
        indexes = [models.Index(fields=["relative", "active"], name="conflict_relative")]

    def __str__(self) -> str:
        return f"近亲属备案 #{self.pk}（{self.region_code}）"
