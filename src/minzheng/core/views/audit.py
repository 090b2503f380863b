"""The auditor's view of the audit chain: filter by who, what, which record and when; export what was filtered."""

from __future__ import annotations

from minzheng.core import audit, selectors
from minzheng.core.pages.columns import CodeColumn, DateTimeColumn, PageTable, RegionColumn, TextColumn
from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, DateRangeFilter, PageFilterSet, TextFilter
from minzheng.core.pages.lists import ListPage


class AuditFilters(PageFilterSet):
    actor = ContainsFilter("actor_name", label="操作人")
    action = ChoiceFilter("action", label="动作", choices=audit.ACTIONS)
    object_type = TextFilter("object_type", label="对象类型")
    object_id = TextFilter("object_id", label="对象编号")
    at = DateRangeFilter("at", label="时间")


class AuditTable(PageTable):
    seq = TextColumn("序号")
    at = DateTimeColumn("时间")
    actor_name = TextColumn("操作人")
    source_ip = TextColumn("来源地址", orderable=False)
    action = CodeColumn(audit.ACTIONS, "动作")
    object_type = TextColumn("对象类型")
    object_id = TextColumn("对象编号", orderable=False)
    region_code = RegionColumn("区划", orderable=False)
    # People's data in the changes is omitted for the auditor (defect 4; core.redaction).
    changes = TextColumn("变更内容", accessor="changes_masked", orderable=False, wrap=True)


class AuditList(ListPage):
    title = "审计日志"
    permission = "audit.view"
    selector = staticmethod(selectors.audit_entries_for)
    filterset_class = AuditFilters
    table_class = AuditTable
    ordering = ("-seq",)
    export_object = "audit"
