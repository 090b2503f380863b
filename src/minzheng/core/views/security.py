"""The security administrator's 安全日志: denied requests and failed sign-ins (core.security_log) with filters,
rate figures and export."""

from __future__ import annotations

from minzheng.core import selectors
from minzheng.core.pages.columns import CodeColumn, DateTimeColumn, PageTable, RegionColumn, TextColumn
from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, DateRangeFilter, PageFilterSet, TextFilter
from minzheng.core.pages.lists import ListPage
from minzheng.core.security_log import KINDS


class SecurityFilters(PageFilterSet):
    at = DateRangeFilter("at", label="时间")
    actor = ContainsFilter("actor_name", label="用户")
    action = ChoiceFilter("action", label="类型", choices=KINDS)
    source_ip = TextFilter("source_ip", label="来源地址")


class SecurityTable(PageTable):
    seq = TextColumn("序号")
    at = DateTimeColumn("时间")
    action = CodeColumn(KINDS, "类型")
    actor_name = TextColumn("用户")
    source_ip = TextColumn("来源地址", orderable=False)
    path = TextColumn("访问路径", accessor="changes__path", orderable=False, wrap=True)
    target = TextColumn("对象", accessor="security_target", orderable=False)
    region_code = RegionColumn("用户区划", orderable=False)


class SecurityLog(ListPage):
    title = "安全日志"
    permission = "security.manage"
    selector = staticmethod(selectors.security_events_for)
    filterset_class = SecurityFilters
    table_class = SecurityTable
    ordering = ("-seq",)
    export_object = "security_log"
    template_name = "core/security_log.html"
    description = "越权访问（角色无权、超出管辖范围）、跨站请求和登录失败。记录在审计哈希链中，不能修改或删除。"

    def render(self, context: dict, status: int = 200, template: str | None = None):
        context["figures"] = selectors.security_figures(self.queryset())
        return super().render(context, status=status, template=template)
