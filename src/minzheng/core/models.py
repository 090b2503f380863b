"""Core records: regions, users and API tokens, the audit chain."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from minzheng.core import regioncodes
from minzheng.core.roles import ROLE_CHOICES
from minzheng.core.scoping import Scope, ScopedQuerySet


class Region(models.Model):
    """行政区划: a node of the statistical division tree (12-character code)."""

    LEVEL_CHOICES = [(lv, regioncodes.LEVEL_LABEL[lv]) for lv in regioncodes.LEVELS]

    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=LEVEL_CHOICES, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    urban_rural_type = models.CharField("城乡分类代码", max_length=3, blank=True, default="")
    valid_from = models.DateField("启用日期", null=True, blank=True)
    valid_to = models.DateField("停用日期", null=True, blank=True)
    source = models.CharField("来源", max_length=200, blank=True, default="")

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区划"

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def prefix(self) -> str:
        return regioncodes.prefix(self.code)

    def full_name(self) -> str:
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "".join(reversed(names))


class MinzhengUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass


class User(AbstractUser):
    """A staff account bound to one region node and one role (三员分立: see core.roles)."""

    role = models.CharField("角色", max_length=16, choices=ROLE_CHOICES)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="users", verbose_name="所属区划")
    full_name = models.CharField("姓名", max_length=50, blank=True, default="")
    can_unmask = models.BooleanField("可查看明文", default=False)
    failed_logins = models.PositiveIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    # 三员分立 (core.users): an account made or reset in the pages waits for the security administrator, who assigns
    # its role and region; its one-time password is split between the two officers (neither alone can sign in).
    pending_activation = models.BooleanField("待安全管理员启用", default=False)
    pending_secret = models.TextField("待合成的初始密码前半段（加密）", blank=True, default="")
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    password_history = models.JSONField("历史密码摘要", default=list, blank=True)

    # Accounts are administered within the administrator's own region subtree.
    scope = Scope("region__code", view=("users.manage", "security.manage"))
    objects = MinzhengUserManager()
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "用户"

    @property
    def region_prefix(self) -> str:
        return regioncodes.prefix(self.region_id)

    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def status_label(self) -> str:
        if not self.is_active:
            return "已停用"
        if self.pending_activation:
            return "待启用"
        if self.locked_until and self.locked_until > timezone.now():
            return "已锁定"
        return "正常"


class ApiToken(models.Model):
    """A bearer token. Only a keyed digest is stored; the token is printed once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)  # None: made before expiry existed (never expires)

    # Tokens are listed to their owner (core.selectors.own_tokens) and, by region, to the security administrator.
    scope = Scope("user__region__code", view="security.manage")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "接口令牌"

    def __str__(self) -> str:
        return f"{self.user_id}:{self.label or self.pk}"

    @property
    def status_label(self) -> str:
        if self.revoked_at:
            return "已吊销"
        if self.expires_at and self.expires_at <= timezone.now():
            return "已过期"
        return "有效"


class AuditEntry(models.Model):
    """One append-only, hash-chained audit record (see core.audit and docs/decisions/0004-audit-chain.md)."""

    seq = models.BigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间", db_index=True)
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True)
    actor_name = models.CharField("操作人", max_length=150, blank=True, default="", db_index=True)
    source_ip = models.CharField("来源地址", max_length=64, blank=True, default="")
    action = models.CharField("动作", max_length=32, db_index=True)
    object_type = models.CharField("对象类型", max_length=32, blank=True, default="", db_index=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True, default="")
    region_code = models.CharField("区划", max_length=12, blank=True, default="", db_index=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    # The auditor sees the entries of their region subtree and those with no region (sign-ins by name …).
    scope = Scope("region_code", view="audit.view", blank_region_visible=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = "审计日志"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能删除")

    @property
    def changes_masked(self) -> str:
        """The changes as the auditor reads them: which fields changed, with the values of people's data omitted
        (core.redaction)."""
        from minzheng.core.redaction import changes_for_auditor

        return changes_for_auditor(self.changes, self.object_type)

    @property
    def security_target(self) -> str:
        """For the security log: the object a denied request aimed at, and the region it lies in."""
        if self.object_type in ("", "request"):
            return ""
        target = f"{self.object_type} #{self.object_id}" if self.object_id else self.object_type
        region = (self.changes or {}).get("target_region")
        return f"{target}（区划 {region}）" if region else target

    @property
    def changes_text(self) -> str:
        """The changes as a person reads them: 字段：旧值 → 新值；… (a [old, new] pair) or 字段：值, fields by their
        Chinese names (core.audit_display)."""
        from minzheng.core import audit_display

        return audit_display.changes_text(self.object_type, self.changes)

    @property
    def object_label(self) -> str:
        """`案件 #12`: the object by its Chinese type name."""
        from minzheng.core import audit_display

        name = audit_display.object_label(self.object_type)
        return f"{name} #{self.object_id}" if self.object_id else name


class AuditHead(models.Model):
    """Single row holding the last sequence number and hash; locked while appending."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"#{self.seq}"


class Job(models.Model):
    """A long-running job and its progress (see core.jobs)."""

    STATUS = [("queued", "排队中"), ("running", "进行中"), ("done", "已完成"), ("failed", "失败")]

    kind = models.CharField("类型", max_length=50)
    status = models.CharField("状态", max_length=10, choices=STATUS, default="queued", db_index=True)
    params = models.JSONField("参数", default=dict)
    result = models.JSONField("结果", default=dict)
    total = models.BigIntegerField("总量", default=0)
    done = models.BigIntegerField("已完成", default=0)
    percent = models.PositiveSmallIntegerField("进度", default=0)
    message = models.CharField("说明", max_length=200, blank=True, default="")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    region_code = models.CharField("区划", max_length=12, blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    # Renewed while the job runs (core.jobs): a running job whose heartbeat stops was interrupted.
    heartbeat_at = models.DateTimeField("心跳时间", null=True, blank=True)

    # A job, its progress and its report belong to whoever started it.
    scope = Scope("region_code", view=None, owner_field="created_by")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "后台任务"

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class CalendarDay(models.Model):
    """A local adjustment to the working-day calendar: an extra holiday or an extra working day (调休), set by the
    bureau for a region subtree (blank region = everywhere). Also where next year's State Council schedule goes
    before the calendar package knows it."""

    KIND = [("holiday", "休息日"), ("workday", "工作日")]

    day = models.DateField("日期")
    kind = models.CharField("类型", max_length=10, choices=KIND)
    region_code = models.CharField("适用区划", max_length=12, blank=True, default="")
    note = models.CharField("说明", max_length=100, blank=True, default="")

    class Meta:
        verbose_name = "工作日历调整"
        constraints = [models.UniqueConstraint(fields=["day", "region_code"], name="one_adjustment_per_day_region")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.region_code}"


class StoredFile(models.Model):
    """A file the application keeps (bank files, uploads, error reports, exports kept for download, case documents):
    SM4-GCM encrypted under MINZHENG_HOME/files (see core.filestore). The row describes the plaintext (size,
    SHA-256) and when the file expires; only whoever stored it, within their region, may download it."""

    key = models.CharField("存储键", max_length=32, unique=True)
    category = models.CharField("类别", max_length=20, db_index=True)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100, blank=True, default="")
    size = models.BigIntegerField("大小（字节）", default=0)
    sha256 = models.CharField("明文摘要", max_length=64)
    segments = models.IntegerField("分段数", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    region_code = models.CharField("区划", max_length=12, blank=True, default="")

    # A stored file belongs to whoever stored it (in their region), like a job and its report.
    scope = Scope("region_code", view=None, owner_field="created_by")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "存储文件"

    def __str__(self) -> str:
        return f"{self.category}:{self.name} #{self.pk}"
