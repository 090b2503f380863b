"""Payrolls (发放名册), their frozen lines, recoveries of overpayments (追回) and bank returns (银行回盘).

Money is stored as integer fen (`*_fen`, BigInteger): sums in SQL are then exact on SQLite (whose NUMERIC columns
hold floats) and PostgreSQL alike; `Decimal` at the edges (models.fen_to_decimal). Every table carries a region
code for scoping (core.scoping): a payroll the township's code, a line the household's village."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.benefits import programs
from minzheng.benefits.models import Entitlement
from minzheng.core import crypto, protected
from minzheng.core.scoping import Scope, ScopedQuerySet
from minzheng.payroll.codes import BASE_KINDS, KINDS, LINE_STATUS, LOCKED, PROBLEMS, RECOVERY_STATUS, STATUS
from minzheng.registry.models import Household, Person


def fen_to_decimal(fen: int | None) -> Decimal:
    return (Decimal(int(fen or 0)) / 100).quantize(Decimal("0.01"))


def decimal_to_fen(amount: Decimal) -> int:
    q = Decimal(amount).quantize(Decimal("0.01"))
    if q != Decimal(amount):
        raise ValueError("amount has more than two decimals")
    return int(q * 100)


class Payroll(models.Model):
    """One program's roll for one township and one month. Built and completed in one transaction
    (services/generate.py): a payroll row exists only complete."""

    program = models.CharField("救助项目", max_length=30, choices=programs.choices)
    region_code = models.CharField("乡镇(街道)", max_length=12)  # township code (9 digits + 000)
    month = models.DateField("发放月份")  # first day
    status = models.CharField("状态", max_length=12, choices=list(STATUS.items()), default="draft")
    line_count = models.PositiveIntegerField("明细条数", default=0)
    payee_count = models.PositiveIntegerField("发放对象数", default=0)
    total_fen = models.BigIntegerField("合计（分）", default=0)
    generations = models.PositiveIntegerField("生成次数", default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    generated_at = models.DateTimeField("生成时间")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    checked_at = models.DateTimeField("初审时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    exported_at = models.DateTimeField("生成银行文件时间", null=True, blank=True)
    export_count = models.PositiveIntegerField("导出次数", default=0)
    reconciled_at = models.DateTimeField("对账完成时间", null=True, blank=True)

    scope = Scope("region_code", view="payroll.view")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "发放名册"
        constraints = [models.UniqueConstraint(fields=["program", "region_code", "month"],
                                               name="payroll_one_per_program_township_month")]
        indexes = [models.Index(fields=["region_code", "month"], name="payroll_scope_month"),
                   models.Index(fields=["status", "region_code"], name="payroll_status")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {programs.name(self.program)}发放名册 #{self.pk}"

    @property
    def total(self) -> Decimal:
        return fen_to_decimal(self.total_fen)

    @property
    def locked(self) -> bool:
        return self.status in LOCKED


class PayrollLine(models.Model):
    """A frozen line: who is paid, into which account (encrypted), how much (fen), for which month and why.
    `month` is the payroll's month, `for_month` the month the money is for (arrears: an earlier month)."""

    # Indexes cost the most here (a county writes and reconciles a million lines a month, each index maintained per
    # row): no index of its own for `payroll` or `recovery` — payrollline_payroll and the partial
    # payrollline_recovery serve them.
    # No key of a line is checked by the database (ADR 0016): PostgreSQL checks a key per inserted row, at commit —
    # 11 s of a million-line month for these two. Generation writes lines only by INSERT … SELECT joined to the
    # payroll and the entitlement in the same transaction; entitlements are never deleted (they end); a payroll is
    # deleted only by generation, once its lines are gone; the ORM still refuses either delete while lines point at
    # it (PROTECT is Django's, not the constraint's).
    payroll = models.ForeignKey(Payroll, on_delete=models.PROTECT, related_name="lines", db_index=False,
                                db_constraint=False)
    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="+", db_index=False,
                                    db_constraint=False)
    month = models.DateField("发放月份")
    for_month = models.DateField("所属月份")
    kind = models.CharField("类别", max_length=12, choices=list(KINDS.items()))
    program = models.CharField("救助项目", max_length=30, choices=programs.choices)
    region_code = models.CharField("区划", max_length=12)
    # The line's household, beneficiary and payee are copied from its entitlement, whose own keys the database
    # checks; checking them again per line was a fifth of PostgreSQL's generation floor (docs/benchmarks.md). The
    # registry never deletes people or households (a merge keeps both rows).
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+", db_index=False,
                                  db_constraint=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               db_index=False, db_constraint=False)  # the beneficiary; NULL = the household
    payee = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False)
    amount_fen = models.BigIntegerField("金额（分）")
    account_enc = models.BinaryField("银行账号（密文）", null=True, blank=True)
    bank_name = models.CharField("开户行", max_length=100, blank=True, default="")
    account_name = models.CharField("户名", max_length=100, blank=True, default="")  # blank = the payee's name
    recovery = models.ForeignKey("Recovery", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 db_index=False)
    status = models.CharField("发放状态", max_length=10, choices=list(LINE_STATUS.items()), default="pending")
    bank_reason = models.CharField("银行反馈原因", max_length=200, blank=True, default="")
    settled_on = models.DateField("回盘日期", null=True, blank=True)

    scope = Scope("region_code", view="payroll.view")
    objects = ScopedQuerySet.as_manager()
    # The account is the entitlement's ciphertext, copied set-based by payroll generation: it stays bound to the
    # entitlement (read through entitlement_id), so a value moved to another entitlement's line fails to decrypt.
    SEALED = (protected.Sealed("account_enc", "entitlement_id", table="benefits_entitlement",
                               column="bank_account_enc"),)

    class Meta:
        verbose_name = "发放明细"
        constraints = [
            # Re-running never duplicates: one line per entitlement, payroll month, kind and month paid for.
            models.UniqueConstraint(fields=["entitlement", "month", "kind", "for_month"], name="payrollline_once"),
            # Double payment is impossible: a month's payment (regular or arrears) exists at most once, ever.
            models.UniqueConstraint(fields=["entitlement", "for_month"], condition=Q(kind__in=BASE_KINDS),
                                    name="payrollline_month_paid_once"),
            models.CheckConstraint(condition=(Q(kind="deduction") & Q(amount_fen__lt=0))
                                   | (~Q(kind="deduction") & Q(amount_fen__gt=0)), name="payrollline_amount_sign"),
        ]
        # Partial indexes hold only the few lines they serve: deductions (recovery set) and the failed-payment work
        # list (selectors.TO_HANDLE: failed, or pending without an account), so paying a line touches neither.
        indexes = [models.Index(fields=["payroll", "entitlement"], name="payrollline_payroll"),
                   models.Index(fields=["recovery"], condition=Q(recovery__isnull=False),
                                name="payrollline_recovery"),
                   models.Index(fields=["region_code"], name="payrollline_to_handle",
                                condition=Q(status="failed") | Q(status="pending", account_enc__isnull=True))]

    def __str__(self) -> str:
        return f"{KINDS[self.kind]} {self.for_month:%Y-%m} {self.amount} 元（名册 #{self.payroll_id}）"

    @property
    def amount(self) -> Decimal:
        return fen_to_decimal(self.amount_fen)

    @property
    def account_masked(self) -> str:
        return protected.masked(self, "account_enc", crypto.mask_account)


class Recovery(models.Model):
    """An overpayment to recover (追回): months paid that were not due (e.g. death reported late). Deducted from the
    entitlement's later payments (at most the configured share a month) or repaid; `outstanding` is what is left."""

    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="+")
    program = models.CharField("救助项目", max_length=30, choices=programs.choices)
    region_code = models.CharField("区划", max_length=12)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+", db_index=False)
    payee = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", db_index=False)
    from_month = models.DateField("多发起始月份")
    to_month = models.DateField("多发终止月份")
    amount_fen = models.BigIntegerField("应追回（分）")
    repaid_fen = models.BigIntegerField("已退回（分）", default=0)  # paid back outside the payroll
    reason = models.TextField("原因")
    status = models.CharField("状态", max_length=12, choices=list(RECOVERY_STATUS.items()), default="open")
    found_on = models.DateField("发现日期")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    scope = Scope("region_code", view="payroll.view")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "多发追回"
        constraints = [models.UniqueConstraint(fields=["entitlement", "from_month"], name="recovery_once"),
                       models.CheckConstraint(condition=Q(amount_fen__gt=0), name="recovery_amount_positive")]
        indexes = [models.Index(fields=["region_code", "status"], name="recovery_scope")]

    def __str__(self) -> str:
        return f"多发追回 #{self.pk}：{fen_to_decimal(self.amount_fen)} 元"


class BankReturn(models.Model):
    """One bank return file (回盘) applied to a payroll, with its counts."""

    payroll = models.ForeignKey(Payroll, on_delete=models.PROTECT, related_name="returns")
    region_code = models.CharField("区划", max_length=12)
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("文件摘要", max_length=64)
    rows = models.PositiveIntegerField("行数", default=0)
    paid = models.PositiveIntegerField("成功", default=0)
    failed = models.PositiveIntegerField("失败", default=0)
    problems = models.PositiveIntegerField("问题行", default=0)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    applied_at = models.DateTimeField("对账时间", auto_now_add=True)

    scope = Scope("region_code", view="payroll.view")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "银行回盘"

    def __str__(self) -> str:
        return f"银行回盘 #{self.pk}（名册 #{self.payroll_id}）"


class ReconciliationItem(models.Model):
    """A return-file row that was not applied, with why (unknown, duplicate, already settled, amount mismatch)."""

    bank_return = models.ForeignKey(BankReturn, on_delete=models.CASCADE, related_name="items")
    row_no = models.PositiveIntegerField("行号")
    ref = models.CharField("流水号", max_length=64, blank=True, default="")
    problem = models.CharField("问题", max_length=10, choices=list(PROBLEMS.items()))
    detail = models.CharField("说明", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "回盘问题行"
        ordering = ["bank_return_id", "row_no"]

    def __str__(self) -> str:
        return f"第 {self.row_no} 行 [{self.ref}]：{PROBLEMS.get(self.problem, self.problem)}"
