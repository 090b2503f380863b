"""特困人员 care records (社会救助 app): the six-item self-care assessment (history kept: a new one supersedes the
current one, never overwrites it), 委托照料 agreements of 分散供养 persons, the institution register (供养服务机构;
the elderly-care issue extends it) and 集中供养 placements (at most one open per person). Writes in services.py,
reads in selectors.py. Every table carries a 12-digit region code for scoping (core.scoping): the person's village,
or the institution's region."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.assistance import codes
from minzheng.benefits.models import Case, Entitlement
from minzheng.core import crypto, protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.registry.models import Person

CARE_VIEW, CARE_CHANGE, CARE_EXPORT = "people.view", "care.record", "people.export"


class SelfCareAssessment(models.Model):
    """生活自理能力评估 (民发〔2021〕43号 第二十至二十三条): each of the six items met or not, the resulting band."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="被评估人")
    region_code = models.CharField("区划", max_length=12)  # the person's village when assessed
    assessed_on = models.DateField("评估日期")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="评估人")
    eating = models.BooleanField(codes.SELF_CARE_ITEMS["eating"])
    dressing = models.BooleanField(codes.SELF_CARE_ITEMS["dressing"])
    transfer = models.BooleanField(codes.SELF_CARE_ITEMS["transfer"])
    toileting = models.BooleanField(codes.SELF_CARE_ITEMS["toileting"])
    walking = models.BooleanField(codes.SELF_CARE_ITEMS["walking"])
    bathing = models.BooleanField(codes.SELF_CARE_ITEMS["bathing"])
    unmet = models.PositiveSmallIntegerField("不能达到项数")
    band = models.CharField("生活自理能力", max_length=20, choices=list(codes.CARE_BANDS.items()))
    note = models.TextField("说明", blank=True, default="")
    superseded_by = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="supersedes", verbose_name="被以下评估取代")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    scope = Scope("region_code", view=CARE_VIEW, change=CARE_CHANGE, export=CARE_EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "生活自理能力评估"
        ordering = ["person_id", "-assessed_on", "-id"]
        constraints = [
            # One current assessment per person: the service marks the previous one superseded in the same transaction.
            models.UniqueConstraint(fields=["person"], condition=Q(superseded_by__isnull=True),
                                    name="selfcare_one_current"),
            models.CheckConstraint(condition=Q(unmet__lte=6), name="selfcare_unmet_range"),
        ]
        indexes = [models.Index(fields=["region_code", "assessed_on"], name="selfcare_scope")]

    def __str__(self) -> str:
        return f"生活自理能力评估 #{self.pk}（{self.assessed_on}）"

    @property
    def items(self) -> dict[str, bool]:
        return {key: getattr(self, key) for key in codes.SELF_CARE_ITEMS}

    @property
    def current(self) -> bool:
        return self.superseded_by_id is None


class CareAgreement(models.Model):
    """委托照料服务协议 of a 分散供养 特困 person: who cares (name, relationship, phone — encrypted), what they do, the
    monthly fee, how often they visit, the term. Ended early with `ended_on` and a reason; history is kept."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="特困人员")
    region_code = models.CharField("区划", max_length=12)
    carer_name = models.CharField("照料人姓名", max_length=50)
    carer_relation = models.CharField("与特困人员关系", max_length=20)
    carer_phone_enc = models.BinaryField("照料人电话（密文）", null=True, blank=True)
    duties = models.TextField("照料服务内容")
    monthly_fee = models.DecimalField("照料服务费（元/月）", max_digits=10, decimal_places=2)
    visit_frequency = models.CharField("探访频次", max_length=20, choices=list(codes.VISIT_FREQUENCIES.items()))
    start_on = models.DateField("协议起始日期")
    end_on = models.DateField("协议终止日期", null=True, blank=True)
    signed_on = models.DateField("签订日期")
    ended_on = models.DateField("提前终止日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=200, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=CARE_VIEW, change=CARE_CHANGE, export=CARE_EXPORT)
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("carer_phone_enc", "id"),)  # bound to the agreement's id

    class Meta:
        verbose_name = "委托照料协议"
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(ended_on__isnull=True),
                                    name="careagreement_one_open"),
            models.CheckConstraint(condition=Q(monthly_fee__gte=0), name="careagreement_fee_nonneg"),
            models.CheckConstraint(condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                                   name="careagreement_period"),
        ]
        indexes = [models.Index(fields=["region_code", "ended_on"], name="careagreement_scope")]

    def __str__(self) -> str:
        return f"委托照料协议 #{self.pk}（照料人 {self.carer_name}）"

    @property
    def carer_phone_masked(self) -> str:
        return protected.masked(self, "carer_phone_enc", crypto.mask_phone)

    @property
    def open(self) -> bool:
        return self.ended_on is None


class Institution(models.Model):
    """供养服务机构: a minimal register (name, kind, region, beds, operator, the account the care amounts go to —
    SM4-encrypted, bound to the row). The elderly-care issue extends it."""

    name = models.CharField("机构名称", max_length=100)
    kind = models.CharField("机构类型", max_length=20, choices=list(codes.INSTITUTION_KINDS.items()))
    region_code = models.CharField("所在区划", max_length=12)
    beds = models.PositiveIntegerField("床位数")
    operator = models.CharField("运营方", max_length=100, blank=True, default="")
    bank_name = models.CharField("开户行", max_length=100)
    account_enc = models.BinaryField("银行账号（密文）", null=True, blank=True)
    active = models.BooleanField("在用", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=CARE_VIEW, change="care.institutions", export=CARE_EXPORT)
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("account_enc", "id"),)  # bound to the institution's id

    class Meta:
        verbose_name = "供养服务机构"
        ordering = ["region_code", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["region_code", "name"], name="institution_name_once"),
                       models.CheckConstraint(condition=Q(kind__in=list(codes.INSTITUTION_KINDS)),
                                              name="institution_kind")]

    def __str__(self) -> str:
        return self.name

    @property
    def account_masked(self) -> str:
        return protected.masked(self, "account_enc", crypto.mask_account)


class Placement(models.Model):
    """集中供养: a 特困 person placed in an institution from `from_on` until `to_on` (open: NULL). While open, the
    person's 特困 entitlement is paid to the institution's account (services.open_placement); the person's own
    account is kept here (encrypted, bound to this row) and put back when the placement ends."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="特困人员")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="placements",
                                    verbose_name="供养服务机构")
    region_code = models.CharField("区划", max_length=12)  # the person's village
    from_on = models.DateField("入住日期")
    to_on = models.DateField("离开日期", null=True, blank=True)
    room = models.CharField("房间/床位", max_length=40, blank=True, default="")
    reason = models.CharField("入住原因", max_length=200)
    end_reason = models.CharField("离开原因", max_length=200, blank=True, default="")
    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="特困待遇")
    own_account_enc = models.BinaryField("本人银行账号（密文）", null=True, blank=True)
    own_bank_name = models.CharField("本人开户行", max_length=100, blank=True, default="")
    own_account_name = models.CharField("本人户名", max_length=100, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=CARE_VIEW, change="care.institutions", export=CARE_EXPORT)
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("own_account_enc", "id"),)  # bound to the placement's id

    class Meta:
        verbose_name = "集中供养安置"
        constraints = [
            # At most one open placement per person (two clerks at the same moment included).
            models.UniqueConstraint(fields=["person"], condition=Q(to_on__isnull=True), name="placement_one_open"),
            models.CheckConstraint(condition=Q(to_on__isnull=True) | Q(to_on__gte=models.F("from_on")),
                                   name="placement_period"),
        ]
        indexes = [models.Index(fields=["region_code", "to_on"], name="placement_scope")]

    def __str__(self) -> str:
        return f"集中供养安置 #{self.pk}"

    @property
    def open(self) -> bool:
        return self.to_on is None


class ReserveEntry(models.Model):
    """One line of a township's 临时救助备用金 ledger (民发〔2018〕23号 先行救助): the county tops the fund up, the
    township pays an 急难型 case in cash before the decision (先行救助支出, recorded on the case so the payroll pays
    only the rest), and once the case is decided the county reimburses the fund (审批后归垫). The balance is the
    signed sum."""

    region_code = models.CharField("乡镇(街道)", max_length=12)  # the township's 12-digit code
    kind = models.CharField("类别", max_length=10, choices=list(codes.RESERVE_KINDS.items()))
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="临时救助案件")
    on = models.DateField("日期")
    note = models.CharField("说明", max_length=200, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="经办人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope = Scope("region_code", view=CARE_VIEW, change="reserve.advance", export=CARE_EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "临时救助备用金台账"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reserve_amount_positive"),
            # A case is advanced once and reimbursed once (two clerks at the same moment included).
            models.UniqueConstraint(fields=["case", "kind"], condition=Q(case__isnull=False), name="reserve_once"),
        ]
        indexes = [models.Index(fields=["region_code", "on"], name="reserve_scope")]

    def __str__(self) -> str:
        return f"备用金 {codes.RESERVE_KINDS.get(self.kind, self.kind)} {self.amount} 元"

    @property
    def signed_amount(self):
        return self.amount * codes.RESERVE_SIGN[self.kind]
