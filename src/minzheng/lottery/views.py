"""Pages of the welfare-lottery fund (/lottery/): projects and receipts (lists with export), the forms, and the
year's disclosure (公开公示) as a print-friendly page with the elderly-care share against the minimum."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from minzheng.core import clock
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.lottery import filters, forms, selectors, services, tables

VIEW, MANAGE, EXPORT = "lottery.view", "lottery.manage", "lottery.export"
LINKS = [PageAction("lottery_project_list", "资助项目", VIEW, style="outline-secondary"),
         PageAction("lottery_receipt_list", "资金收入", VIEW, style="outline-secondary"),
         PageAction("lottery_disclosure", "年度公示", VIEW, style="outline-secondary")]


def _others(current):
    return [a for a in LINKS if a.url_name != current]


class ProjectList(ListPage):
    title = "福彩公益金资助项目"
    description = "用于社会福利事业的彩票公益金，不低于55%用于支持发展养老服务（国办发〔2016〕91号）。"
    permission = VIEW
    selector = staticmethod(selectors.projects_for)
    filterset_class = filters.ProjectFilters
    table_class = tables.ProjectTable
    ordering = ("-year", "area", "id")
    export_permission = EXPORT
    export_object = "lottery_project"
    actions = [PageAction("lottery_project_add", "登记资助项目", MANAGE), *_others("lottery_project_list")]


class ReceiptList(ListPage):
    title = "福彩公益金收入"
    permission = VIEW
    selector = staticmethod(selectors.receipts_for)
    filterset_class = filters.ReceiptFilters
    table_class = tables.ReceiptTable
    ordering = ("-year", "-received_on", "-id")
    export_permission = EXPORT
    export_object = "lottery_receipt"
    actions = [PageAction("lottery_receipt_add", "登记收入", MANAGE), *_others("lottery_receipt_list")]


class ProjectAdd(ServiceFormPage):
    title = "登记资助项目"
    permission = MANAGE
    form_class = forms.ProjectForm
    submit_label = "登记"
    success_message = "已登记资助项目"
    success_url = "lottery_project_list"

    def call_service(self, data, comment):
        return services.add_project(self.request.user, forms.clean(data))


class ReceiptAdd(ServiceFormPage):
    title = "登记福彩公益金收入"
    permission = MANAGE
    form_class = forms.ReceiptForm
    submit_label = "登记"
    success_message = "已登记收入"
    success_url = "lottery_receipt_list"

    def call_service(self, data, comment):
        return services.add_receipt(self.request.user, forms.clean(data))


@login_required
def disclosure(request):
    """年度公示: the year's receipts, spending by program area, the elderly-care share against the minimum, and every
    project (print-friendly)."""
    selectors.require(request.user)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else clock.today().year
    fund = selectors.fund(request.user, year)
    projects = selectors.projects_for(request.user).filter(year=year).order_by("area", "id")
    table = tables.ProjectTable(projects)
    shown = {k: f"{fund[k]:,.2f}" for k in ("received", "spent", "elderly_spent")}
    areas = [{**a, "amount": f"{a['amount']:,.2f}"} for a in selectors.disclosure(request.user, year)]
    return render(request, "lottery/disclosure.html", {
        "title": f"{year}年度福彩公益金使用情况公示", "year": year, "fund": fund, "money": shown,
        "areas": areas, "table": table,
        "share_percent": _percent(fund["elderly_share"], "0.01") if fund["elderly_share"] else None,
        "min_percent": _percent(fund["min_share"], "1"), "links": _others("lottery_disclosure")})


def _percent(ratio: str, places: str) -> str:
    return str((Decimal(ratio) * 100).quantize(Decimal(places)))
