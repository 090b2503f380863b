"""The auditor's view of the audit chain: filter by who, what, which record and when; export what was filtered;
each record named in Chinese (案件 #12, linked to every entry about it); changes with Chinese field names and
people's data omitted; and 校验审计链, a background job that walks the whole chain."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html

from minzheng.core import audit, audit_verify, selectors
from minzheng.core.forms import StyledForm
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import CodeColumn, DateTimeColumn, PageTable, RegionColumn, TextColumn, TypedColumn
from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, DateRangeFilter, PageFilterSet, TextFilter
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage


class AuditFilters(PageFilterSet):
    actor = ContainsFilter("actor_name", label="操作人")
    action = ChoiceFilter("action", label="动作", choices=audit.ACTIONS)
    object_type = TextFilter("object_type", label="对象类型")
    object_id = TextFilter("object_id", label="对象编号")
    at = DateRangeFilter("at", label="时间")


class ObjectColumn(TypedColumn):
    """The record by its Chinese type name (案件 #12), linking to every entry about that record."""

    def display(self, raw, record, table):
        if not record.object_type:
            return ""
        url = reverse("audit_list") + f"?object_type={record.object_type}&object_id={record.object_id}"
        return format_html('<a href="{}" title="{}">{}</a>', url, record.object_type, record.object_label)

    def export(self, raw, record, table):
        return record.object_label if record.object_type else ""


class AuditTable(PageTable):
    seq = TextColumn("序号")
    at = DateTimeColumn("时间")
    actor_name = TextColumn("操作人")
    source_ip = TextColumn("来源地址", orderable=False)
    action = CodeColumn(audit.ACTIONS, "动作")
    object_label = ObjectColumn("对象", accessor="object_type", orderable=False)
    region_code = RegionColumn("区划", orderable=False)
    # People's data in the changes is omitted for the auditor (defect 4; core.redaction); field names in Chinese.
    changes = TextColumn("变更内容", accessor="changes_masked", orderable=False, wrap=True)


class AuditList(ListPage):
    title = "审计日志"
    permission = "audit.view"
    description = "每条记录与前一条哈希相连：删除、重排或篡改任何一条都会被“校验审计链”发现。"
    selector = staticmethod(selectors.audit_entries_for)
    filterset_class = AuditFilters
    table_class = AuditTable
    ordering = ("-seq",)
    export_object = "audit"
    actions = [PageAction("audit_verify", "校验审计链", "audit.view")]


class VerifyForm(StyledForm):
    """Nothing to fill in: the button starts the walk."""


class AuditVerifyPage(ServiceFormPage):
    title = "校验审计链"
    permission = ("audit.view", "security.manage")
    form_class = VerifyForm
    service = staticmethod(audit_verify.submit)
    submit_label = "开始校验"
    success_message = "校验已开始"
    success_url = staticmethod(lambda job: reverse("job_detail", args=[job.pk]))
    description = "逐条重算哈希，核对序号连续、前后相连、链头一致；条数多时需要几分钟，进度会显示在下一页。"
