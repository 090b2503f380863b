"""Pages of the register exchange with 退役军人事务部门: the exchanges (our exports with their encrypted files to
download, their files compared), the export step, the upload of their file (a background job) and the differences
found (a work list)."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from minzheng.core import filestore, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.core.forms import StyledForm
from minzheng.core.pages.base import PageAction, parse_pk
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.imports import ImportPage
from minzheng.core.pages.lists import ListPage
from minzheng.specialcare import filters, selectors, tables
from minzheng.specialcare.services import exchange

VIEW, MANAGE, EXPORT = "specialcare.view", "specialcare.manage", "specialcare.export"
LINKS = [PageAction("specialcare_exchange_export", "导出名册", MANAGE),
         PageAction("specialcare_exchange_import", "导入对方名册比对", MANAGE, style="outline-primary"),
         PageAction("specialcare_differences", "名册差异", MANAGE, style="outline-secondary"),
         PageAction("specialcare_exchanges", "交换记录", MANAGE, style="outline-secondary")]


class ExchangeList(ListPage):
    title = "与退役军人事务部门的名册交换"
    description = ("优抚对象名册双向交换：导出本辖区名册（含身份证号，加密保存，仅导出人可下载）；导入对方名册后按"
                   "身份证号索引比对，列出差异。同一文件重复导入不会重复比对。")
    permission = MANAGE
    selector = staticmethod(selectors.exchanges_for)
    filterset_class = filters.ExchangeFilters
    table_class = tables.ExchangeTable
    ordering = ("-id",)
    export_object = "specialcare_exchange"
    actions = [a for a in LINKS if a.url_name != "specialcare_exchanges"]


class ExportForm(StyledForm):
    fmt = django_forms.ChoiceField(label="文件格式", choices=[(".xlsx", "Excel（.xlsx）"), (".csv", "CSV")])


class ExchangeExport(ServiceFormPage):
    title = "导出优抚对象名册"
    description = "名册含完整身份证号，文件加密保存，导出后在交换记录中下载（仅导出人本人），导出留痕。"
    permission = MANAGE
    form_class = ExportForm
    submit_label = "导出"
    success_message = "已导出，请在交换记录中下载"
    success_url = "specialcare_exchanges"

    def call_service(self, data, comment):
        return exchange.export_register(self.request.user, data["fmt"])


@login_required
@require_GET
def download(request, pk):
    """An exported register file (decrypted as it streams; its owner only, core.filestore)."""
    if not roles.has_perm(request.user, MANAGE):
        raise Forbidden("您的角色无权下载优抚对象名册")
    pk = parse_pk(pk)
    row = selectors.exchanges_for(request.user).filter(pk=pk, direction="export").first() if pk else None
    if row is None or row.file_id is None:
        raise NotFound()
    return filestore.download_response(request.user, row.file_id, filename=row.name)


class ExchangeImport(ImportPage):
    title = "导入退役军人事务部门名册比对"
    permission = MANAGE
    job_kind = "specialcare_exchange"
    help_text = ("列：" + "、".join(exchange.HEADER) + "（前三列必填）。按身份证号索引与本辖区名册比对，"
                 "任何一行有错误则不比对并给出错误报告；比对结果在“名册差异”中查看。")


class DifferenceList(ListPage):
    title = "名册差异（与退役军人事务部门比对）"
    description = ("逐条核实：对方有本系统无的，核实后登记；本系统有对方无的，与对方核对；"
                   "类别、等级、状态不一致的，以证件为准更正。")
    permission = MANAGE
    selector = staticmethod(selectors.differences_for)
    filterset_class = filters.DifferenceFilters
    table_class = tables.DifferenceTable
    ordering = ("-exchange_id", "kind", "id")
    export_permission = EXPORT
    export_object = "specialcare_difference"
    actions = [a for a in LINKS if a.url_name != "specialcare_differences"]
