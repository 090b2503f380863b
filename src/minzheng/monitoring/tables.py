"""The monitoring pages' tables and detail sections (core.pages typed columns): labels for codes, names of people
and regions, masked ID numbers, money as money; typed values in the Excel/CSV exports."""

from __future__ import annotations

from django.utils.html import format_html

from minzheng.core import clock
from minzheng.core.pages.columns import (
    EMPTY,
    BooleanColumn,
    CodeColumn,
    DateColumn,
    LinkColumn,
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
from minzheng.monitoring import codes


class ListColumn(TypedColumn):
    """A JSON list of codes shown as their labels (、-separated), exported the same."""

    def __init__(self, table: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table

    def text(self, raw) -> str:
        return "、".join(str(self.table.get(v, v)) for v in raw or [])

    def display(self, raw, record, table):
        return self.text(raw) or "—"

    def export(self, raw, record, table):
        return self.text(raw)


class LinesColumn(TypedColumn):
    """A JSON list of sentences, one per line."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "mz-wrap"}})
        super().__init__(*args, **kwargs)

    def display(self, raw, record, table):
        return format_html("{}", "；".join(raw or [])) if raw else "—"

    def export(self, raw, record, table):
        return "；".join(raw or [])


class ActionColumn(TypedColumn):
    """A fixed label linking to a page (`?person=` style query from the record when `query` is given); not exported."""

    def __init__(self, verbose_name, text: str, url_name: str, url_args=(), query: tuple[str, str] | None = None,
                 **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        kwargs.setdefault("accessor", "pk")
        super().__init__(verbose_name, **kwargs)
        self.text, self.url_name, self.url_args, self.query = text, url_name, tuple(url_args), query

    def display(self, raw, record, table):
        url = permitted_url(self.url_name, [getattr(record, a) for a in self.url_args])
        if url is None:
            return EMPTY
        if self.query:
            url += f"?{self.query[0]}={getattr(record, self.query[1])}"
        return format_html('<a href="{}">{}</a>', url, self.text)


class RuleLink(CodeColumn):
    def __init__(self, verbose_name, **kwargs):
        super().__init__(codes.RULE_CODES, verbose_name, **kwargs)

    def display(self, raw, record, table):
        url = permitted_url("rule_edit", [record.pk])
        return format_html('<a href="{}" title="{}">{}</a>', url, raw, self.label(raw)) if url else self.label(raw)


class LevelColumn(CodeColumn):
    COLOURS = {"red": "bg-danger", "orange": "bg-warning text-dark", "yellow": "bg-light text-dark border"}

    def __init__(self, verbose_name, **kwargs):
        super().__init__(codes.LEVELS, verbose_name, **kwargs)

    def display(self, raw, record, table):
        url = permitted_url("warning_detail", [record.pk])
        if url is None:
            return format_html('<span class="badge {}" title="{}">{}</span>', self.COLOURS.get(raw, ""), raw,
                               self.label(raw))
        return format_html('<a href="{}" class="badge {}" title="{}">{}</a>', url, self.COLOURS.get(raw, ""), raw,
                           self.label(raw))


class DueColumn(DateColumn):
    def display(self, raw, record, table):
        day = super().display(raw, record, table)
        if record.status == "open" and raw < clock.today():
            return format_html('{} <span class="badge bg-danger">已逾期</span>', day)
        return day


class MonitoredTable(PageTable):
    name = LinkColumn("姓名", "monitored_detail", url_args=("pk",), accessor="person__name")
    id_number = MaskedColumn("身份证号", accessor="person__id_number_masked")
    layer = CodeColumn(codes.LAYERS, "监测类别")
    tags = ListColumn(codes.TAGS, "标签")
    region_code = RegionColumn("村(社区)")
    entered_on = DateColumn("纳入日期")
    exited_on = DateColumn("退出日期")
    source = CodeColumn(codes.LAYER_SOURCES, "来源")


MONITORED_SECTIONS = [Section("监测对象", {
    "name": TextColumn("姓名", accessor="person__name"),
    "id_number": MaskedColumn("身份证号", accessor="person__id_number_masked"),
    "layer": CodeColumn(codes.LAYERS, "监测类别"), "tags": ListColumn(codes.TAGS, "标签"),
    "region_code": RegionColumn("村(社区)"), "household": TextColumn("家庭", accessor="household"),
    "source": CodeColumn(codes.LAYER_SOURCES, "来源"), "reason": TextColumn("纳入理由", wrap=True),
    "entered_on": DateColumn("纳入日期"), "exited_on": DateColumn("退出日期"),
    "exit_reason": TextColumn("退出原因", wrap=True)})]


class HistoryTable(PageTable):
    layer = CodeColumn(codes.LAYERS, "监测类别")
    entered_on = DateColumn("纳入日期")
    exited_on = DateColumn("退出日期")
    source = CodeColumn(codes.LAYER_SOURCES, "来源")
    exit_reason = TextColumn("退出原因", wrap=True)


class WarningTable(PageTable):
    level = LevelColumn("等级")
    person = TextColumn("涉及人员", accessor="person__name")
    region_code = RegionColumn("村(社区)")
    month = MonthColumn("监测月份")
    score = TextColumn("分值")
    signals = ListColumn(codes.SIGNAL_LABELS, "信号")
    status = CodeColumn(codes.WARNING_STATUS, "状态")
    due_on = DueColumn("核实期限")


WARNING_SECTIONS = [Section("预警", {
    "level": CodeColumn(codes.LEVELS, "预警等级"), "score": TextColumn("风险分值"),
    "month": MonthColumn("监测月份"), "last_month": MonthColumn("最近触发月份"),
    "household": TextColumn("家庭", accessor="household"), "person": TextColumn("涉及人员", accessor="person__name"),
    "region_code": RegionColumn("村(社区)"), "signals": ListColumn(codes.SIGNAL_LABELS, "触发信号"),
    "reasons": LinesColumn("预警理由"), "status": CodeColumn(codes.WARNING_STATUS, "状态"),
    "due_on": DateColumn("核实期限"), "due_provisional": BooleanColumn("期限为暂定"),
    "outcome": CodeColumn(codes.OUTCOMES, "处理结果"), "outcome_note": TextColumn("处理说明", wrap=True),
    "case": TextColumn("救助申请", accessor="case"), "decided_on": DateColumn("办理日期")})]


class ReferralTable(PageTable):
    referral_to = CodeColumn(codes.REFERRAL_TO, "转介事项")
    receiving_body = TextColumn("接收单位")
    referred_on = DateColumn("转介日期")
    status = CodeColumn(codes.REFERRAL_STATUS, "状态")
    answer = TextColumn("答复", wrap=True)
    answer_link = ActionColumn("", "登记答复", "referral_answer", url_args=("pk",))


class DiscoveryTable(PageTable):
    rank = TextColumn("排序")
    household = LinkColumn("家庭", "discovery_close", url_args=("pk",), accessor="household")
    close = ActionColumn("", "办理", "discovery_close", url_args=("pk",))
    region_code = RegionColumn("村(社区)")
    month = MonthColumn("发现月份")
    programs = ListColumn(codes.DISCOVERY_PROGRAMS, "可能符合的项目")
    estimated_monthly_amount = MoneyColumn("估算月金额")
    reasons = LinesColumn("理由")
    unknowns = LinesColumn("尚需核实")
    status = CodeColumn(codes.DISCOVERY_STATUS, "状态")


class RuleTable(PageTable):
    code = RuleLink("信号")
    region_code = RegionColumn("区划")
    effective_from = DateColumn("生效日期")
    effective_to = DateColumn("终止日期")
    window_months = TextColumn("观察期（月）")
    threshold = TextColumn("阈值")
    weight = TextColumn("权重")
    layers = ListColumn(codes.LAYERS, "监测类别（空 = 全部）")
    enabled = BooleanColumn("启用")
    source = TextColumn("依据", wrap=True)


class PlanLink(CodeColumn):
    def __init__(self, verbose_name, **kwargs):
        super().__init__(codes.VISIT_GROUPS, verbose_name, **kwargs)

    def display(self, raw, record, table):
        url = permitted_url("visit_plan_edit", [record.pk])
        return format_html('<a href="{}" title="{}">{}</a>', url, raw, self.label(raw)) if url else self.label(raw)


class PlanTable(PageTable):
    group = PlanLink("走访对象")
    region_code = RegionColumn("区划")
    every_months = TextColumn("走访周期（月）")
    effective_from = DateColumn("生效日期")
    source = TextColumn("依据", wrap=True)


class VisitTable(PageTable):
    person = TextColumn("走访对象", accessor="person__name")
    region_code = RegionColumn("村(社区)")
    visited_on = DateColumn("走访日期")
    visitor = TextColumn("走访人")
    seen = TextColumn("见到的人")
    findings = TextColumn("走访情况", wrap=True)


class DueTable(PageTable):
    name = TextColumn("走访对象")
    group = CodeColumn(codes.VISIT_GROUPS, "类别")
    region_code = RegionColumn("村(社区)")
    last_visit = DateColumn("上次走访")
    due_on = DateColumn("应走访日期")
    overdue = BooleanColumn("已逾期")
    record = ActionColumn("", "登记走访", "visit_record", query=("person", "person_id"), accessor="person_id")


class SummaryColumn(TypedColumn):
    """One figure of a run's JSON summary."""

    def __init__(self, key: str, *args, **kwargs):
        super().__init__(*args, accessor="summary", orderable=False, **kwargs)
        self.key = key

    def display(self, raw, record, table):
        return str((raw or {}).get(self.key, "—"))

    export = display


class RunTable(PageTable):
    month = MonthColumn("监测月份")
    engine = TextColumn("引擎")
    monitored = SummaryColumn("monitored_persons", "监测对象人数")
    scored = SummaryColumn("households_scored", "评分家庭数")
    warnings = SummaryColumn("warnings", "预警数")
    new_warnings = SummaryColumn("new_warnings", "新增预警")
    discoveries = SummaryColumn("discoveries", "主动发现")
    started_at = DateColumn("运行时间")
