"""Verification pages' tables and detail sections (core.pages typed columns): rule and status labels, names of people
and regions, money as money; typed values in the Excel/CSV exports."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from minzheng.benefits import programs
from minzheng.core import clock
from minzheng.core.pages.columns import (
    BooleanColumn,
    CodeColumn,
    CountColumn,
    DateColumn,
    DateTimeColumn,
    LinkColumn,
    MoneyColumn,
    MonthColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    UserColumn,
)
from minzheng.core.pages.detail import Section
from minzheng.verification import codes

# ---- columns this app needs beyond the shared ones -------------------------------------------------------------------


class RuleLink(CodeColumn):
    """The rule's label, linking to the finding's page."""

    def __init__(self, verbose_name, **kwargs):
        super().__init__(codes.RULES, verbose_name, **kwargs)

    def display(self, raw, record, table):
        return format_html('<a href="{}" title="{}">{}</a>', reverse("finding_detail", args=[record.pk]), raw,
                           self.label(raw))


class DeadlineColumn(DateColumn):
    """The deadline, marked 已逾期 when an open finding is past it and 暂定 when the calendar was not known."""

    def display(self, raw, record, table):
        day = super().display(raw, record, table)
        overdue = record.status == "open" and raw < clock.today()
        marks = [("bg-danger", "已逾期")] if overdue else []
        marks += [("bg-secondary", "暂定")] if record.due_provisional else []
        return format_html("{}{}", day, format_html_join("", ' <span class="badge {}">{}</span>', marks))


# ---- tables ----------------------------------------------------------------------------------------------------------


class FindingTable(PageTable):
    rule = RuleLink("规则")
    person = TextColumn("涉及人员", accessor="person__name")
    region_code = RegionColumn("村(社区)")
    month = MonthColumn("比对月份")
    evidence = TextColumn("比对依据", accessor="evidence__text", orderable=False, wrap=True)
    amount_at_stake = MoneyColumn("涉及月金额（元）")
    due_on = DeadlineColumn("核实期限")
    overdue = BooleanColumn("逾期", orderable=False, visible=False)  # exported; the deadline cell shows it
    status = CodeColumn(codes.FINDING_STATUS, "状态")

    class Meta:
        attrs = {"class": PageTable.css, "id": "finding-table"}


class SnapshotTable(PageTable):
    kind = CodeColumn(codes.FEED_KINDS, "数据类别")
    as_of = DateColumn("数据日期")
    rows = CountColumn("有效行数")
    rejected = CountColumn("拒绝行数")
    source_name = TextColumn("原文件名", wrap=True)
    loaded_by = UserColumn("导入人", orderable=False)
    loaded_at = DateTimeColumn("导入时间", seconds=False)

    class Meta:
        attrs = {"class": PageTable.css, "id": "snapshot-table"}


FINDING_SECTIONS = [
    Section("疑点", {
        "rule": CodeColumn(codes.RULES, "规则"),
        "basis": CodeColumn(codes.RULE_BASIS, "政策依据", accessor="rule"),
        "month": MonthColumn("比对月份"),
        "person": LinkColumn("涉及人员", "person_detail", url_args=("person_id",), accessor="person__name"),
        "household": LinkColumn("家庭", "household_detail", url_args=("household_id",)),
        "program": CodeColumn(programs.choices(), "救助项目"),
        "region_code": RegionColumn("村(社区)"),
        "amount_at_stake": MoneyColumn("涉及月金额（元）"),
        "evidence": TextColumn("比对依据", accessor="evidence__text", wrap=True),
        "due_on": DeadlineColumn("核实期限"),
        "status": CodeColumn(codes.FINDING_STATUS, "状态"),
    }),
    Section("核实办理", {
        "outcome": CodeColumn(codes.FINDING_OUTCOMES, "处理结果"),
        "outcome_note": TextColumn("核实情况/排除理由", wrap=True),
        "decided_by": UserColumn("办理人"),
        "decided_on": DateColumn("办理日期"),
    }),
]


class RunTable(PageTable):
    month = MonthColumn("比对月份")
    recipients = CountColumn("比对对象人数")
    entitlements = CountColumn("比对待遇数")
    hits = CountColumn("命中数")
    created = CountColumn("新增疑点数")
    seconds = TextColumn("耗时（秒）")
    started_by = UserColumn("运行人", orderable=False)
    started_at = DateTimeColumn("开始时间", seconds=False)

    class Meta:
        attrs = {"class": PageTable.css, "id": "run-table"}
