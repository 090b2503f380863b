"""Pages of reserve stocktakes (库存盘点): the counting form of a warehouse (every item held, the book figure shown,
the reason of each difference; a confirmation step, because the ledger is adjusted), the list and the detail with
its lines. The service (services.reserve.record_stocktake) adjusts the book in one transaction."""

from __future__ import annotations

from django.urls import reverse

from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import DateColumn, RegionColumn, TextColumn
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.forms import ServiceFormPage, bind_user
from minzheng.core.pages.lists import ListPage
from minzheng.relief import filters, forms, selectors, tables
from minzheng.relief.services import reserve

VIEW, STORE, EXPORT = "relief.view", "relief.store", "relief.export"


class StocktakeAdd(ServiceFormPage):
    title = "库存盘点"
    description = ("逐项填写实盘数量（默认为账面数量）；与账面不一致的须说明原因。确认后按差异登记盘盈、盘亏，"
                   "账面与实盘一致。")
    permission = STORE
    object_selector = staticmethod(lambda user, pk: selectors.get_warehouse(user, pk, "change"))
    submit_label = "核对盘点结果"
    success_message = "已登记盘点，台账已按差异调整"
    success_url = staticmethod(lambda result: reverse("relief_stocktake", args=[result.pk]))
    confirm = True
    confirm_text = "确认后按差异调整库存台账，不能撤销。请核对实盘数量和差异原因，填写确认办理说明后确认。"

    def stock(self):
        return list(selectors.stock_for(self.request.user).filter(warehouse=self.object).order_by("item__name"))

    def make_form(self, data=None):
        self.stock_rows = self.stock()
        form_class = forms.stocktake_form(self.stock_rows)
        form = form_class(data, initial=self.initial()) if data is not None else form_class(initial=self.initial())
        return bind_user(form, self.request.user)

    def call_service(self, data, comment):
        lines = [{"item": s.item.name, "counted": data[f"counted_{s.item_id}"],
                  "explanation": data.get(f"explanation_{s.item_id}") or ""} for s in self.stock_rows]
        if not lines:
            from minzheng.core.errors import Conflict

            raise Conflict("该储备库没有库存物资，无需盘点")
        note = "；".join(x for x in (data.get("note") or "", comment or "") if x)[:300]
        return reserve.record_stocktake(self.request.user, forms.clean({
            "warehouse_id": self.object.pk, "counted_by": data["counted_by"], "counted_on": data.get("counted_on"),
            "note": note, "lines": lines}))


class StocktakeList(ListPage):
    title = "库存盘点"
    permission = VIEW
    selector = staticmethod(selectors.stocktakes_for)
    filterset_class = filters.StocktakeFilters
    table_class = tables.StocktakeTable
    ordering = ("-counted_on", "-id")
    export_permission = EXPORT
    export_object = "relief_stocktake"
    actions = [PageAction("relief_warehouse_list", "储备库（选择后盘点）", VIEW, style="outline-secondary"),
               PageAction("relief_ledger", "物资台账", VIEW, style="outline-secondary")]


class StocktakeDetail(DetailPage):
    title = "库存盘点"
    permission = VIEW
    selector = staticmethod(selectors.get_stocktake)
    sections = [Section("盘点", {
        "warehouse__name": TextColumn("储备库"), "region_code": RegionColumn("区划"),
        "counted_on": DateColumn("盘点日期"), "counted_by": TextColumn("盘点人"), "note": TextColumn("说明")})]
    related = [Related("盘点明细", tables.StocktakeLineTable,
                       selectors.stocktake_lines)]
