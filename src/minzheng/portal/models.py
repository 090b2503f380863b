"""The citizen channel's own records (掌上民政). A citizen is never a staff `core.User`: a `PortalAccount` is a phone
number (sealed, blind-indexed) bound by real-name checks to one registry `Person`; its sessions (`PortalSession`) are
a separate cookie and table that no staff page reads, and staff sessions never open a portal page.

Rows: one-time sign-in codes (only a keyed digest of the code is kept), rate-limit hits, consents to the privacy
notice with its version, the applications filed through the portal (with the signed household-check authorisation)
and complaints/objections/fraud reports with their deadlines and answers."""

from __future__ import annotations

from django.db import models

from minzheng.core import crypto, protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.portal import codes


class PortalAccount(models.Model):
    """A resident signed in by phone. `person` is set by real-name binding (ID number + name, blind index) and
    nothing personal is shown before it; `region_code` is the bound person's place (staff scope), blank before."""

    phone_index = models.CharField(max_length=64, unique=True)
    phone_enc = models.BinaryField("手机号（密文）", null=True, blank=True)
    person = models.OneToOneField("registry.Person", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="portal_account", verbose_name="实名绑定人员")
    region_code = models.CharField("区划", max_length=12, blank=True, default="", db_index=True)
    bound_at = models.DateTimeField("实名绑定时间", null=True, blank=True)
    consent_version = models.CharField("已同意的隐私告知版本", max_length=20, blank=True, default="")
    failed_codes = models.PositiveIntegerField("连续验证码错误次数", default=0)
    failed_binds = models.PositiveIntegerField("连续实名核验失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    scope = Scope("region_code", view="people.view")
    objects = ScopedQuerySet.as_manager()
    SEALED = (protected.Sealed("phone_enc", "phone_index"),)
    BLIND_INDEXES = (protected.BlindIndex("phone_index", "phone_enc"),)

    class Meta:
        verbose_name = "掌上民政账户"

    def __str__(self) -> str:
        return f"掌上民政账户 {self.phone_masked}"

    @property
    def phone_masked(self) -> str:
        return protected.masked(self, "phone_enc", crypto.mask_phone)


class LoginCode(models.Model):
    """A one-time sign-in code: only HMAC-SM3(code, phone) is stored; it expires, and wrong tries use it up."""

    phone_index = models.CharField(max_length=64, db_index=True)
    digest = models.CharField(max_length=64)
    client = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "登录验证码"
        indexes = [models.Index(fields=["client", "created_at"])]

    def __str__(self) -> str:
        return f"验证码 #{self.pk}"


class RateHit(models.Model):
    """One counted request for a rate limit: `kind` (codes.RATE_KINDS) and its key (a phone's blind index or a
    client address), so limits hold across processes."""

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class PortalSession(models.Model):
    """A citizen's session: the cookie holds a random token, the table only its keyed digest. Idle and absolute
    expiry; signing out revokes it."""

    account = models.ForeignKey(PortalAccount, on_delete=models.CASCADE, related_name="sessions")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    client = models.CharField(max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return f"会话 #{self.pk}"


class Consent(models.Model):
    """Consent to the privacy notice (《个人信息保护法》第十四、二十九条: informed, separate consent for sensitive
    data), kept with the version of the text agreed to."""

    account = models.ForeignKey(PortalAccount, on_delete=models.CASCADE, related_name="consents")
    version = models.CharField("版本", max_length=20)
    accepted_at = models.DateTimeField("同意时间")
    client = models.CharField(max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return f"同意告知 {self.version}"


class Application(models.Model):
    """An application filed through the portal: the kernel case it created and the authorisation for the household
    economic check (核对授权), signed on the page by the applicant's name."""

    account = models.ForeignKey(PortalAccount, on_delete=models.PROTECT, related_name="applications")
    case = models.OneToOneField("benefits.Case", on_delete=models.PROTECT, related_name="portal_application")
    program = models.CharField("救助项目", max_length=30)
    region_code = models.CharField("区划", max_length=12, db_index=True)
    authorisation_version = models.CharField("核对授权书版本", max_length=20, blank=True, default="")
    authorisation_signed_by = models.CharField("授权签名", max_length=50, blank=True, default="")
    authorised_at = models.DateTimeField("授权时间", null=True, blank=True)
    statement = models.TextField("申请理由", blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope("region_code", view="people.view")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "网上申请"

    def __str__(self) -> str:
        return f"网上申请 {self.case_id}"


class Complaint(models.Model):
    """An objection during 公示, a complaint after a decision, or a report of suspected fraud. A fraud report's
    reporter is protected: staff see the report, never who made it (the account link is kept for the answer only).
    Answered by the township within `due_on` (working days, codes.ANSWER_WORKDAYS)."""

    account = models.ForeignKey(PortalAccount, on_delete=models.PROTECT, related_name="complaints")
    kind = models.CharField("类别", max_length=12, choices=list(codes.COMPLAINT_KINDS.items()))
    case = models.ForeignKey("benefits.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    region_code = models.CharField("区划", max_length=12, db_index=True)
    subject = models.CharField("所涉对象", max_length=100, blank=True, default="")
    text = models.TextField("内容")
    state = models.CharField("状态", max_length=10, choices=list(codes.COMPLAINT_STATES.items()), default="open")
    filed_on = models.DateField("提出日期")
    due_on = models.DateField("答复期限")
    answer = models.TextField("答复", blank=True, default="")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    scope = Scope("region_code", view="people.view", change="people.change")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "投诉与异议"

    def __str__(self) -> str:
        return f"群众诉求 {self.pk}"


class ServiceRequest(models.Model):
    """A request a resident made here through another app's own service — a marriage appointment, a 清明 booking, a
    death reported by the family (身后一件事) or a home-care order — linked to the row that service made
    (`kind` + `object_id`; codes.REQUEST_KINDS), so it is listed in 我的办件 and tracked. The rules, the state and
    the capacity stay in the app that owns them; this row only says whose it is."""

    account = models.ForeignKey(PortalAccount, on_delete=models.PROTECT, related_name="requests")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("事项", max_length=20, choices=list(codes.REQUEST_KINDS.items()))
    object_id = models.BigIntegerField("业务记录编号")
    region_code = models.CharField("区划", max_length=12, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope("region_code", view="people.view")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "网上办件"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="portal_request_once")]
        indexes = [models.Index(fields=["household", "kind"], name="portal_request_household")]

    def __str__(self) -> str:
        return f"{codes.REQUEST_KINDS.get(self.kind, self.kind)} {self.object_id}"


class Notice(models.Model):
    """A notice to a resident (站内消息), also sent through the SMS gateway: a staff action changed the state of one
    of their applications, bookings, appointments or orders, or a payment arrived. `key` makes a notice once per
    account and event (a payroll reconciled twice does not notify twice)."""

    account = models.ForeignKey(PortalAccount, on_delete=models.CASCADE, related_name="notices")
    key = models.CharField(max_length=80)
    kind = models.CharField("类别", max_length=20, choices=list(codes.NOTICE_KINDS.items()))
    text = models.CharField("内容", max_length=300)
    link = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField("时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        constraints = [models.UniqueConstraint(fields=["account", "key"], name="portal_notice_once")]
        indexes = [models.Index(fields=["account", "-created_at"], name="portal_notice_inbox")]

    def __str__(self) -> str:
        return f"消息 #{self.pk}"
