"""Records of the two disability subsidies in operation (两项补贴): coverage gaps found by the coverage check (an
eligible person not paid: a task for the township until a case is opened or the gap is dismissed) and annual
reviews (年度复核). Payments, stops and holds are the benefits kernel's (Entitlement, EntitlementChange,
PaymentHold): this app never pays and never keeps a second list of who is paid."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.disability import codes
from minzheng.registry.models import Household, Person

VIEW, CHANGE, EXPORT = "people.view", "people.change", "people.export"


class CoverageGap(models.Model):
    """An eligible person not covered by a subsidy (应保未保), found by a coverage check; open until a case is
    opened, the entitlement starts (closed by the next check), or a township dismisses it with a reason."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="残疾人")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="家庭")
    program = models.CharField("补贴项目", max_length=30, choices=list(codes.PROGRAMS.items()))
    region_code = models.CharField("村(社区)", max_length=12, db_index=True)
    category = models.CharField("残疾类别", max_length=1, blank=True, default="")
    grade = models.PositiveSmallIntegerField("残疾等级", null=True, blank=True)
    reason = models.CharField("符合条件的依据", max_length=300)
    found_month = models.DateField("发现月份")
    status = models.CharField("状态", max_length=10, choices=list(codes.GAP_STATUS.items()), default="open")
    closed_on = models.DateField("办结日期", null=True, blank=True)
    closed_note = models.CharField("办结说明", max_length=300, blank=True, default="")
    created_at = models.DateTimeField("发现时间", auto_now_add=True)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "两项补贴应保未保"
        constraints = [models.UniqueConstraint(fields=["person", "program"], condition=Q(status="open"),
                                               name="disability_gap_open_once")]
        indexes = [models.Index(fields=["region_code", "status"], name="disability_gap_scope")]

    def __str__(self) -> str:
        return f"{codes.PROGRAMS.get(self.program, self.program)}应保未保：{self.person_id}"


class AnnualReview(models.Model):
    """年度复核 of a person receiving a subsidy: certificate still valid, still eligible; `stop` ends the person's
    subsidies through the kernel (entitlements.act stop)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="残疾人")
    year = models.PositiveSmallIntegerField("年度")
    region_code = models.CharField("村(社区)", max_length=12, db_index=True)
    reviewed_on = models.DateField("复核日期")
    certificate_valid = models.BooleanField("残疾人证有效")
    outcome = models.CharField("复核结论", max_length=10, choices=list(codes.REVIEW_OUTCOMES.items()))
    note = models.CharField("复核情况", max_length=500)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "两项补贴年度复核"
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="disability_review_once")]

    def __str__(self) -> str:
        return f"{self.year}年度复核：{self.person_id}"
