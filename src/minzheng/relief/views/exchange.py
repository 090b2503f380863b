"""Pages of the data exchange with 应急管理部门: the exchanges made (list), the export of events and damage reports
(a download, audited) and the import (upload → background job → per-row Chinese report, all or nothing)."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.views.decorators.http import require_GET

from minzheng.core import roles
from minzheng.core.errors import Forbidden
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.imports import ImportPage
from minzheng.core.pages.lists import ListPage
from minzheng.relief import filters, selectors, tables
from minzheng.relief.services import exchange

MANAGE = "relief.manage"


class ExchangeList(ListPage):
    title = "与应急管理部门的数据交换"
    description = ("灾害事件和灾情报告以文件交换：导出本辖区数据交应急管理部门；导入对方文件时逐行校验，"
                   "有错误则全部不导入；同一文件重复导入、已有且一致的报告均不会重复登记。")
    permission = MANAGE
    selector = staticmethod(selectors.exchanges_for)
    filterset_class = filters.ExchangeFilters
    table_class = tables.ExchangeTable
    ordering = ("-id",)
    export_object = "relief_exchange"
    actions = [PageAction("relief_exchange_export", "导出灾情数据（Excel）", MANAGE),
               PageAction("relief_exchange_import", "导入应急管理部门数据", MANAGE, style="outline-primary"),
               PageAction("relief_event_list", "灾害事件", "relief.view", style="outline-secondary")]


@login_required
@require_GET
def export_view(request):
    """The exchange file of the events and reports the user sees (?format=csv for CSV)."""
    if not roles.has_perm(request.user, MANAGE):
        raise Forbidden("与应急管理部门的数据交换由县级以上部门办理")
    suffix = ".csv" if request.GET.get("format") == "csv" else ".xlsx"
    name, data = exchange.export_file(request.user, suffix)
    response = FileResponse(io.BytesIO(data), as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store"
    return response


class ExchangeImport(ImportPage):
    title = "导入应急管理部门灾情数据"
    permission = MANAGE
    job_kind = "relief_exchange"
    help_text = ("列：" + "、".join(exchange.HEADER) + "。事件编号相同的行属于同一灾害；逐行按报灾规则校验"
                 "（先初报、核报一次且在灾情稳定后），任何一行有错误则全部不导入。")
