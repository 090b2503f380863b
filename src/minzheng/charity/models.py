"""Records of the charity app (《慈善法》): charitable organisations with their recognition and public-fundraising
qualification, projects (with the area they serve: referral targets for monitoring warnings), online fundraising
filings with platform and period, donations in money and in kind with receipt numbers, disclosure records,
charitable trusts, complaints. Money is Decimal (to the fen). Scoped by region code (core.scoping)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.charity import codes
from minzheng.core.scoping import Scope, ScopedQuerySet

VIEW, CHANGE, EXPORT = "charity.view", "charity.manage", "charity.view"


def _money(label: str, **kwargs):
    return models.DecimalField(label, max_digits=14, decimal_places=2, **kwargs)


class CharityOrganisation(models.Model):
    name = models.CharField("名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    form = models.CharField("组织形式", max_length=20, choices=list(codes.ORG_FORMS.items()))
    region_code = models.CharField("登记管理机关所在区划", max_length=12)
    registered_on = models.DateField("登记日期")
    recognised_on = models.DateField("认定为慈善组织日期", null=True, blank=True)
    recognition_no = models.CharField("认定文号", max_length=50, blank=True, default="")
    qualified_on = models.DateField("取得公开募捐资格日期", null=True, blank=True)
    qualification_no = models.CharField("公开募捐资格证书编号", max_length=50, blank=True, default="")
    status = models.CharField("状态", max_length=10, choices=list(codes.ORG_STATUS.items()), default="active")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "慈善组织"

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    org = models.ForeignKey(CharityOrganisation, on_delete=models.PROTECT, related_name="projects",
                            verbose_name="慈善组织")
    name = models.CharField("项目名称", max_length=200)
    region_code = models.CharField("服务区域", max_length=12)  # the area served: a village inside it may be referred
    domain = models.CharField("领域", max_length=20, choices=list(codes.DOMAINS.items()))
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    budget = _money("预算（元）", default=0)
    beneficiaries = models.CharField("受益对象", max_length=200, blank=True, default="")
    accepts_referrals = models.BooleanField("接受民政转介", default=True)
    contact = models.CharField("联系人及电话", max_length=100, blank=True, default="")
    status = models.CharField("状态", max_length=10, choices=list(codes.PROJECT_STATUS.items()), default="active")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "慈善项目"
        indexes = [models.Index(fields=["region_code", "status"], name="charity_project_area")]

    def __str__(self) -> str:
        return self.name


class FundraisingFiling(models.Model):
    org = models.ForeignKey(CharityOrganisation, on_delete=models.PROTECT, related_name="filings",
                            verbose_name="慈善组织")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, blank=True, related_name="filings",
                                verbose_name="慈善项目")
    region_code = models.CharField("区划", max_length=12)
    title = models.CharField("募捐方案名称", max_length=200)
    platform = models.CharField("互联网公开募捐服务平台", max_length=20, choices=list(codes.PLATFORMS.items()))
    starts_on = models.DateField("募捐开始日期")
    ends_on = models.DateField("募捐结束日期")
    target = _money("募捐目标（元）")
    filed_on = models.DateField("备案日期")
    filing_no = models.CharField("备案编号", max_length=50, unique=True)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "公开募捐备案"
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="charity_filing_period")]

    def __str__(self) -> str:
        return self.title


class Donation(models.Model):
    org = models.ForeignKey(CharityOrganisation, on_delete=models.PROTECT, related_name="donations",
                            verbose_name="受赠慈善组织")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, blank=True, related_name="donations",
                                verbose_name="定向项目")
    region_code = models.CharField("区划", max_length=12)
    donor_name = models.CharField("捐赠人", max_length=200)
    donor_kind = models.CharField("捐赠人类型", max_length=20, choices=list(codes.DONOR_KINDS.items()))
    form = models.CharField("捐赠形式", max_length=10, choices=list(codes.DONATION_FORMS.items()))
    amount = _money("金额（元）", null=True, blank=True)
    goods_description = models.CharField("物资名称及数量", max_length=200, blank=True, default="")
    goods_value = _money("物资折合金额（元）", null=True, blank=True)
    received_on = models.DateField("接收日期")
    receipt_no = models.CharField("捐赠票据号", max_length=40, unique=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "慈善捐赠"
        indexes = [models.Index(fields=["region_code", "received_on"], name="charity_donation_scope")]

    def __str__(self) -> str:
        return self.receipt_no

    @property
    def value(self):
        return self.amount if self.form == "money" else self.goods_value


class Disclosure(models.Model):
    org = models.ForeignKey(CharityOrganisation, on_delete=models.PROTECT, related_name="disclosures",
                            verbose_name="慈善组织")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="慈善项目")
    region_code = models.CharField("区划", max_length=12)
    kind = models.CharField("公开事项", max_length=20, choices=list(codes.DISCLOSURE_KINDS.items()))
    title = models.CharField("标题", max_length=200)
    published_on = models.DateField("公开日期")
    where = models.CharField("公开渠道", max_length=200, default="慈善中国")

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "信息公开"

    def __str__(self) -> str:
        return self.title


class CharitableTrust(models.Model):
    name = models.CharField("信托名称", max_length=200)
    region_code = models.CharField("备案区划", max_length=12)
    trustee = models.CharField("受托人", max_length=200)
    settlor = models.CharField("委托人", max_length=200)
    supervisor = models.CharField("监察人", max_length=200, blank=True, default="")
    purpose = models.CharField("慈善目的", max_length=200)
    property_value = _money("信托财产（元）")
    filed_on = models.DateField("备案日期")
    filing_no = models.CharField("备案编号", max_length=50, unique=True)
    ends_on = models.DateField("终止日期", null=True, blank=True)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "慈善信托"

    def __str__(self) -> str:
        return self.name


class Complaint(models.Model):
    org = models.ForeignKey(CharityOrganisation, on_delete=models.PROTECT, null=True, blank=True,
                            related_name="complaints", verbose_name="被投诉组织")
    region_code = models.CharField("区划", max_length=12)
    received_on = models.DateField("受理日期")
    complainant = models.CharField("投诉举报人", max_length=100, blank=True, default="")
    content = models.TextField("投诉举报内容")
    status = models.CharField("状态", max_length=10, choices=list(codes.COMPLAINT_STATUS.items()), default="open")
    result = models.TextField("处理结果", blank=True, default="")
    closed_on = models.DateField("办结日期", null=True, blank=True)

    scope = Scope("region_code", view=VIEW, change=CHANGE, export=EXPORT)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "慈善投诉举报"

    def __str__(self) -> str:
        return f"投诉举报 #{self.pk}"
