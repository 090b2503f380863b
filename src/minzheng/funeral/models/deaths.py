"""Death registration (死亡登记) and its 身后一件事 record: what the one application stopped, changed and paid, and
what the family still has to do; the pension notification (养老金停发通知) it records."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minzheng.core import crypto, protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.funeral import codes
from minzheng.registry.models import Household, Person

SCOPE = Scope("region_code", view="funeral.view", change="funeral.register", export="funeral.export")


class DeathRegistration(models.Model):
    """One per person (the constraint makes a second registration of the same death impossible, so nothing is
    stopped, changed or paid twice)."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="+", verbose_name="逝者")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="家庭")
    region_code = models.CharField("村(社区)", max_length=12)
    death_date = models.DateField("死亡日期")
    place = models.CharField("死亡地点", max_length=100, blank=True, default="")
    source = models.CharField("死亡信息来源", max_length=10, choices=list(codes.DEATH_SOURCES.items()))
    certificate_no = models.CharField("死亡证明编号", max_length=40, blank=True, default="")
    finding_id = models.BigIntegerField("比对疑点", null=True, blank=True)  # the verification finding (feed source)
    informant = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="申报家属")
    informant_relation = models.CharField("与逝者关系", max_length=20, blank=True, default="")
    disposal = models.CharField("遗体处理方式", max_length=10, choices=list(codes.DISPOSALS.items()),
                                default="cremation")
    status = models.CharField("状态", max_length=10, choices=list(codes.DEATH_STATUS.items()), default="pending")
    registered_on = models.DateField("登记日期")
    completed_on = models.DateField("办结日期", null=True, blank=True)
    # 身后一件事: {"stopped": [...], "changed": [...], "paid": [...], "todo": [...], "held": [...]} — what was done,
    # written once by the service that did it (names and amounts as they were on that day).
    outcome = models.JSONField("办理结果", default=dict)
    # The informant's account for the 丧葬补助 and the later one-off payments (异地火化报销, 生态安葬奖补), kept from
    # the registration — a family report's until the certificate completes it (sealed like benefits' accounts; never
    # in `outcome` or the audit, which show only the masked form).
    bank_account_enc = models.BinaryField("丧葬补助领取账号（密文）", null=True, blank=True)
    bank_name = models.CharField("开户行", max_length=100, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="经办人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope = SCOPE
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("bank_account_enc", "id"),)  # bound to the registration's id

    class Meta:
        verbose_name = "死亡登记（身后一件事）"
        indexes = [models.Index(fields=["region_code", "death_date"], name="funeral_death_scope")]

    def __str__(self) -> str:
        return f"身后一件事 #{self.pk}"

    @property
    def bank_account_masked(self) -> str:
        return protected.masked(self, "bank_account_enc", crypto.mask_account)

    def payee_account(self) -> tuple[str, str]:
        """(account, bank name) kept for the informant's payments; ("", "") when none was given."""
        return protected.unseal(self, "bank_account_enc") or "", self.bank_name


class PensionNotice(models.Model):
    """养老金停发通知: the death told to the social-insurance agency (人社部门) so it stops the pension and pays the
    丧葬补助金/抚恤金 to the family. Recorded here; sending is by the data exchange or on paper."""

    death = models.OneToOneField(DeathRegistration, on_delete=models.CASCADE, related_name="pension_notice",
                                 verbose_name="死亡登记")
    region_code = models.CharField("村(社区)", max_length=12)
    agency = models.CharField("通知机构", max_length=60, default="社会保险经办机构")
    status = models.CharField("状态", max_length=10, choices=list(codes.PENSION_STATUS.items()), default="pending")
    created_on = models.DateField("登记日期")
    sent_on = models.DateField("通知日期", null=True, blank=True)

    scope = SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "养老金停发通知"

    def __str__(self) -> str:
        return f"养老金停发通知 #{self.pk}"
