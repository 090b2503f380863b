"""Pages of disaster relief (/relief/): events with their damage and affected households, damage reports, the
material reserve (warehouses, stock, the ledger, dispatches awaiting sign-off) and the forms that call the services.
Reads through selectors, writes through services; every list exports its filtered rows."""

from __future__ import annotations

from django.urls import reverse

from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import (
    CodeColumn,
    CountColumn,
    DateColumn,
    MoneyColumn,
    PageTable,
    RegionColumn,
    TextColumn,
)
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage, bind_user
from minzheng.core.pages.lists import ListPage
from minzheng.relief import filters, forms, selectors, tables
from minzheng.relief.codes import DISASTER_KINDS, WAREHOUSE_LEVELS
from minzheng.relief.services import disasters, reserve

VIEW, REPORT, MANAGE, STORE, EXPORT = "relief.view", "relief.report", "relief.manage", "relief.store", "relief.export"
LINKS = [PageAction("relief_event_list", "灾害事件", VIEW, style="outline-secondary"),
         PageAction("relief_report_list", "灾情报告", VIEW, style="outline-secondary"),
         PageAction("relief_affected_list", "受灾家庭", VIEW, style="outline-secondary"),
         PageAction("relief_officer_list", "灾害信息员", VIEW, style="outline-secondary"),
         PageAction("relief_shelter_list", "避难场所", VIEW, style="outline-secondary"),
         PageAction("relief_exchange_list", "应急管理数据交换", MANAGE, style="outline-secondary")]
STORE_LINKS = [PageAction("relief_warehouse_list", "储备库", VIEW, style="outline-secondary"),
               PageAction("relief_stock_list", "库存", VIEW, style="outline-secondary"),
               PageAction("relief_dispatch_list", "调拨签收", VIEW, style="outline-secondary"),
               PageAction("relief_ledger", "物资台账", VIEW, style="outline-secondary"),
               PageAction("relief_stocktake_list", "库存盘点", VIEW, style="outline-secondary")]


def _others(links, current):
    return [a for a in links if a.url_name != current]


class EventList(ListPage):
    title = "灾害事件"
    description = "自然灾害过程：种类、受灾区划和日期；各村按初报、续报、核报报送灾情。"
    permission = VIEW
    selector = staticmethod(selectors.events_for)
    filterset_class = filters.EventFilters
    table_class = tables.EventTable
    ordering = ("-started_on", "-id")
    export_permission = EXPORT
    export_object = "relief_event"
    actions = [PageAction("relief_event_add", "登记灾害事件", MANAGE), *_others(LINKS, "relief_event_list"),
               *STORE_LINKS[:1]]


class EventAdd(ServiceFormPage):
    title = "登记灾害事件"
    permission = MANAGE
    form_class = forms.EventForm
    submit_label = "登记"
    success_message = "已登记灾害事件"
    success_url = staticmethod(lambda result: reverse("relief_event", args=[result.pk]))

    def call_service(self, data, comment):
        return disasters.create_event(self.request.user, forms.clean(data))


def _damage(user, event):
    return [selectors.damage_totals(user, event)]


class DamageTable(PageTable):
    villages = CountColumn("报告村数")
    affected_persons = CountColumn("受灾人口")
    relocated_persons = CountColumn("转移安置")
    needing_help = CountColumn("需救助")
    houses_collapsed = CountColumn("倒塌房屋")
    houses_severe = CountColumn("严重损坏")
    houses_general = CountColumn("一般损坏")
    crop_affected = MoneyColumn("农作物受灾（公顷）")
    direct_loss = MoneyColumn("直接经济损失（万元）")
    late_reports = CountColumn("逾期报告")


class EventDetail(DetailPage):
    title = "灾害事件"
    permission = VIEW
    selector = staticmethod(selectors.get_event)
    sections = [Section("基本情况", {
        "name": TextColumn("灾害名称"), "kind": CodeColumn(DISASTER_KINDS, "灾害种类"),
        "region_code": RegionColumn("受灾区划"), "area": TextColumn("受灾区域"),
        "started_on": DateColumn("发生日期"), "ended_on": DateColumn("灾情稳定日期"),
        "description": TextColumn("灾情概述")})]
    related = [
        Related("灾情汇总（各村最新报告，核报优先）", DamageTable, _damage),
        Related("启用的避难场所", tables.OpeningTable,
                lambda user, obj: selectors.openings_for(user).filter(event=obj).order_by("-opened_on", "id")),
        Related("灾情报告", tables.ReportTable,
                lambda user, obj: selectors.reports_for(user).filter(event=obj).order_by("region_code", "reported_on")),
        Related("受灾家庭", tables.AffectedTable,
                lambda user, obj: selectors.affected_for(user).filter(event=obj).order_by("region_code", "id")),
    ]
    actions = [PageAction("relief_report_add", "报送灾情", REPORT, url_args=("pk",))]


class ReportAdd(ServiceFormPage):
    title = "报送灾情"
    description = "按村（社区）报送：初报在灾害发生当日，续报每日，核报在灾情稳定后（时限以报灾时限设置为准）。"
    permission = REPORT
    form_class = forms.ReportForm
    object_selector = staticmethod(selectors.get_event)
    submit_label = "报送"
    success_message = "已报送灾情"
    success_url = staticmethod(lambda result: reverse("relief_event", args=[result.event_id]))

    def make_form(self, data=None):
        officers = selectors.officers_for(self.request.user).filter(active=True).order_by("region_code", "role", "id")
        form = self.form_class(data, initial=self.initial(), officers=officers[:500])
        return bind_user(form, self.request.user)

    def call_service(self, data, comment):
        return disasters.record_report(self.request.user, {**forms.clean(data), "event_id": self.object.pk})


class ReportList(ListPage):
    title = "灾情报告"
    permission = VIEW
    selector = staticmethod(selectors.reports_for)
    filterset_class = filters.ReportFilters
    table_class = tables.ReportTable
    ordering = ("-reported_on", "region_code", "id")
    export_permission = EXPORT
    export_object = "relief_report"
    actions = _others(LINKS, "relief_report_list")


class AffectedList(ListPage):
    title = "受灾家庭"
    description = ("登记的受灾家庭已交乡镇（街道）监测跟进；救助按紧急生活救助、过渡期生活救助、冬春救助、"
                   "恢复重建补助办理。")
    permission = VIEW
    selector = staticmethod(selectors.affected_for)
    filterset_class = filters.AffectedFilters
    table_class = tables.AffectedTable
    ordering = ("region_code", "id")
    export_permission = EXPORT
    export_object = "relief_household"
    actions = _others(LINKS, "relief_affected_list")


# ---- the reserve --------------------------------------------------------------------------------------------------


class WarehouseList(ListPage):
    title = "救灾物资储备库"
    permission = VIEW
    selector = staticmethod(selectors.warehouses_for)
    filterset_class = filters.WarehouseFilters
    table_class = tables.WarehouseTable
    ordering = ("region_code", "name", "id")
    export_permission = EXPORT
    export_object = "relief_warehouse"
    actions = [PageAction("relief_warehouse_add", "登记储备库", STORE), *_others(STORE_LINKS, "relief_warehouse_list")]


class WarehouseAdd(ServiceFormPage):
    title = "登记储备库"
    permission = STORE
    form_class = forms.WarehouseForm
    submit_label = "登记"
    success_message = "已登记储备库"
    success_url = staticmethod(lambda result: reverse("relief_warehouse", args=[result.pk]))

    def call_service(self, data, comment):
        return reserve.add_warehouse(self.request.user, forms.clean(data))


class WarehouseDetail(DetailPage):
    title = "储备库"
    permission = VIEW
    selector = staticmethod(selectors.get_warehouse)
    sections = [Section("基本情况", {
        "name": TextColumn("名称"), "level": CodeColumn(WAREHOUSE_LEVELS, "层级"),
        "region_code": RegionColumn("所在区划"), "address": TextColumn("地址"), "keeper": TextColumn("保管员")})]
    related = [
        Related("库存", tables.StockTable,
                lambda user, obj: selectors.stock_for(user).filter(warehouse=obj).order_by("item__name")),
        Related("最近台账", tables.MovementTable,
                lambda user, obj: selectors.movements_for(user).filter(warehouse=obj).order_by("-id"), limit=50),
    ]
    actions = [PageAction("relief_receipt_add", "入库", STORE, url_args=("pk",)),
               PageAction("relief_dispatch_add", "调拨出库", STORE, url_args=("pk",), style="outline-primary"),
               PageAction("relief_stocktake_add", "盘点", STORE, url_args=("pk",), style="outline-primary")]


class ReceiptAdd(ServiceFormPage):
    title = "物资入库"
    permission = STORE
    form_class = forms.ReceiptForm
    object_selector = staticmethod(selectors.get_warehouse)
    submit_label = "入库"
    success_message = "已入库"
    success_url = staticmethod(lambda result: reverse("relief_warehouse", args=[result.warehouse_id]))

    def call_service(self, data, comment):
        return reserve.receive(self.request.user, {**forms.clean(data), "warehouse_id": self.object.pk})


class DispatchAdd(ServiceFormPage):
    title = "物资调拨出库"
    description = "出库后由接收方签收；库存不足时不能出库，页面给出现有数量。"
    permission = STORE
    form_class = forms.DispatchForm
    object_selector = staticmethod(selectors.get_warehouse)
    submit_label = "出库"
    success_message = "已出库，待签收"
    success_url = staticmethod(lambda result: reverse("relief_warehouse", args=[result.warehouse_id]))
    confirm = True

    def call_service(self, data, comment):
        return reserve.dispatch(self.request.user, {**forms.clean(data), "warehouse_id": self.object.pk,
                                                    "note": comment or data.get("note") or ""})


class DispatchSign(ServiceFormPage):
    title = "调拨签收"
    permission = STORE
    form_class = forms.SignForm
    object_selector = staticmethod(selectors.get_dispatch)
    submit_label = "登记签收"
    success_message = "已签收"
    success_url = "relief_dispatch_list"

    def call_service(self, data, comment):
        return reserve.sign(self.request.user, self.object.pk, forms.clean(data))


class StockList(ListPage):
    title = "救灾物资库存"
    permission = VIEW
    selector = staticmethod(selectors.stock_for)
    filterset_class = filters.StockFilters
    table_class = tables.StockTable
    ordering = ("warehouse_id", "item__name", "id")
    export_permission = EXPORT
    export_object = "relief_stock"
    actions = _others(STORE_LINKS, "relief_stock_list")


class DispatchList(ListPage):
    title = "调拨出库与签收"
    permission = VIEW
    selector = staticmethod(selectors.dispatches_for)
    filterset_class = filters.MovementFilters
    table_class = tables.DispatchTable
    ordering = ("-moved_on", "-id")
    export_permission = EXPORT
    export_object = "relief_movement"
    actions = _others(STORE_LINKS, "relief_dispatch_list")


class Ledger(ListPage):
    title = "物资台账"
    description = "每笔入库、出库、回收、盘盈盘亏和报废，及变动后的库存；台账合计始终等于库存。"
    permission = VIEW
    selector = staticmethod(selectors.movements_for)
    filterset_class = filters.MovementFilters
    table_class = tables.MovementTable
    ordering = ("warehouse_id", "item_id", "id")
    export_permission = EXPORT
    export_object = "relief_movement"
    actions = _others(STORE_LINKS, "relief_ledger")
