"""The payroll pages' tables and detail sections (core.pages typed columns): names and labels where a person looks,
typed values (money as Decimal, counts as numbers, dates) in the Excel/CSV exports."""

from __future__ import annotations

from django.utils.html import format_html
from django_tables2.utils import Accessor

from minzheng.benefits import programs
from minzheng.core.pages.columns import (
    EMPTY,
    CodeColumn,
    CountColumn,
    DateColumn,
    DateTimeColumn,
    MaskedColumn,
    MoneyColumn,
    MonthColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
    permitted_url,
)
from minzheng.core.pages.detail import Section
from minzheng.payroll import codes

# ---- columns this app needs beyond the shared ones -------------------------------------------------------------------


class MonthLink(MonthColumn):
    """The month, linking to the record's page (`url_arg`: the accessor of the page's id)."""

    def __init__(self, verbose_name, url_name: str, url_arg: str = "pk", **kwargs):
        super().__init__(verbose_name, **kwargs)
        self.url_name, self.url_arg = url_name, url_arg

    def display(self, raw, record, table):
        url = permitted_url(self.url_name, [Accessor(self.url_arg).resolve(record)])
        month = super().display(raw, record, table)
        return format_html('<a href="{}">{}</a>', url, month) if url else month


class ActionLink(TypedColumn):
    """A link to a row's form (`更正账号`, `登记退回`) where `when(record)` holds; never exported."""

    def __init__(self, verbose_name, text: str, url_name: str, url_args=("pk",), when=None, **kwargs):
        kwargs.update(accessor="pk", orderable=False, exclude_from_export=True)
        super().__init__(verbose_name, **kwargs)
        self.text, self.url_name, self.url_args, self.when = text, url_name, tuple(url_args), when

    def display(self, raw, record, table):
        if self.when is not None and not self.when(record):
            return EMPTY
        url = permitted_url(self.url_name, [Accessor(a).resolve(record) for a in self.url_args])
        if url is None:
            return EMPTY
        return format_html('<a class="btn btn-sm btn-outline-primary text-nowrap" href="{}">{}</a>', url, self.text)


def program_column(verbose_name: str = "救助项目") -> CodeColumn:
    return CodeColumn(programs.choices(), verbose_name)


# ---- tables ----------------------------------------------------------------------------------------------------------


class PayrollTable(PageTable):
    month = MonthLink("发放月份", "payroll_detail")
    program = program_column()
    region_code = RegionColumn("乡镇(街道)")
    status = CodeColumn(codes.STATUS, "状态")
    line_count = CountColumn("笔数")
    payee_count = CountColumn("发放对象")
    total_fen = MoneyColumn("合计（元）", fen=True)

    class Meta:
        attrs = {"class": PageTable.css, "id": "payroll-table"}


class LineTable(PageTable):
    payee = TextColumn("领取人", accessor="payee__name")
    account = MaskedColumn("银行账号", accessor="account_masked")
    kind = CodeColumn(codes.KINDS, "类别")
    for_month = MonthColumn("所属月份")
    amount_fen = MoneyColumn("金额（元）", fen=True)
    status = CodeColumn(codes.LINE_STATUS, "发放状态")
    bank_reason = TextColumn("银行反馈", wrap=True)
    region_code = RegionColumn("村(社区)")

    class Meta:
        attrs = {"class": PageTable.css, "id": "line-table"}


class FailedTable(PageTable):
    month = MonthLink("发放月份", "payroll_detail", url_arg="payroll_id")
    payee = TextColumn("领取人", accessor="payee__name")
    program = program_column()
    region_code = RegionColumn("村(社区)")
    net_fen = MoneyColumn("金额（元）", fen=True, orderable=False)
    bank_reason = TextColumn("银行反馈", wrap=True)
    bank_name = TextColumn("开户行")

    class Meta:
        attrs = {"class": PageTable.css, "id": "failed-table"}


class FailedFixTable(FailedTable):
    """The work list for those who correct accounts (乡镇、县级): a link to the correction form on each row."""

    fix = ActionLink("办理", "更正账号", "payroll_fix_account", url_args=("payroll_id", "entitlement_id"))


class RecoveryTable(PageTable):
    payee = TextColumn("领取人", accessor="payee__name")
    program = program_column()
    region_code = RegionColumn("村(社区)")
    from_month = MonthColumn("多发起始月份")
    to_month = MonthColumn("多发终止月份")
    amount_fen = MoneyColumn("应追回（元）", fen=True)
    deducted_fen = MoneyColumn("已扣回（元）", fen=True, orderable=False)
    repaid_fen = MoneyColumn("已退回（元）", fen=True)
    outstanding_fen = MoneyColumn("未追回（元）", fen=True, orderable=False)
    status = CodeColumn(codes.RECOVERY_STATUS, "状态")
    reason = TextColumn("原因", wrap=True)
    found_on = DateColumn("发现日期")

    class Meta:
        attrs = {"class": PageTable.css, "id": "recovery-table"}


class RecoveryRepayTable(RecoveryTable):
    repay = ActionLink("办理", "登记退回", "payroll_repay", when=lambda r: r.status == "open")


class KindTotalsTable(PageTable):
    kind = CodeColumn(codes.KINDS, "类别", orderable=False)
    lines = CountColumn("笔数", orderable=False)
    amount = MoneyColumn("金额（元）", orderable=False)


class StatusTotalsTable(PageTable):
    status = CodeColumn(codes.LINE_STATUS, "发放状态", orderable=False)
    lines = CountColumn("笔数", orderable=False)
    amount = MoneyColumn("金额（元）", orderable=False)


class ReturnsTable(PageTable):
    applied_at = DateTimeColumn("对账时间", seconds=False, orderable=False)
    file_name = TextColumn("文件名", orderable=False, wrap=True)
    rows = CountColumn("行数", orderable=False)
    paid = CountColumn("成功", orderable=False)
    failed = CountColumn("失败", orderable=False)
    problems = CountColumn("问题行", orderable=False)


def _moment(label: str) -> DateTimeColumn:
    return DateTimeColumn(label, seconds=False)


def payroll_sections() -> list[Section]:
    return [
        Section("名册", {"program": program_column(), "region_code": RegionColumn("乡镇(街道)"),
                         "month": MonthColumn("发放月份"), "status": CodeColumn(codes.STATUS, "状态"),
                         "line_count": CountColumn("笔数"), "payee_count": CountColumn("发放对象"),
                         "total_fen": MoneyColumn("合计（元）", fen=True)}),
        Section("办理经过", {"generations": CountColumn("生成次数"), "generated_at": _moment("生成时间"),
                            "checked_at": _moment("初审时间"), "approved_at": _moment("审批时间"),
                            "exported_at": _moment("生成银行文件时间"), "reconciled_at": _moment("对账完成时间")}),
    ]
