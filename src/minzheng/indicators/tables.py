"""Tables of the indicators pages (names, labels, region names; exported the same way)."""

from __future__ import annotations

from django.utils.html import format_html

from minzheng.core.pages.columns import CodeColumn, DateColumn, PageTable, RegionColumn, TextColumn, permitted_url
from minzheng.indicators import codes


class DecideColumn(TextColumn):
    def display(self, raw, record, table):
        if record.status != "submitted":
            return ""
        url = permitted_url("indicator_manual_decide", [record.pk])
        return format_html('<a class="btn btn-sm btn-outline-primary" href="{}">审核</a>', url) if url else ""


class ManualTable(PageTable):
    indicator = TextColumn("指标", accessor="indicator__name", wrap=True)
    region_code = RegionColumn("区划")
    period = TextColumn("统计期")
    value = TextColumn("填报值")
    status = CodeColumn(codes.MANUAL_STATUS, "状态")
    entered_by = TextColumn("填报人", accessor="entered_by__full_name")
    entered_at = DateColumn("填报时间")
    decision_note = TextColumn("审核意见", wrap=True)
    decide = DecideColumn("", accessor="pk")


class ReturnLink(TextColumn):
    def display(self, raw, record, table):
        url = permitted_url("stat_return_detail", [record.pk])
        return format_html('<a href="{}">{}</a>', url, raw) if url else format_html("{}", raw)


class ReturnTable(PageTable):
    period = ReturnLink("统计期")
    region_code = RegionColumn("填报单位")
    status = CodeColumn(codes.RETURN_STATUS, "状态")
    generated_at = DateColumn("生成时间")
    submitted_on = DateColumn("报送日期")
