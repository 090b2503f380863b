"""Pages of disaster relief, mounted at /relief/ (ReliefConfig.url_prefix)."""

from django.urls import path

from minzheng.relief import views as v

urlpatterns = [
    path("events/", v.EventList.as_view(), name="relief_event_list"),
    path("events/new/", v.EventAdd.as_view(), name="relief_event_add"),
    path("events/<int:pk>/", v.EventDetail.as_view(), name="relief_event"),
    path("events/<int:pk>/report/", v.ReportAdd.as_view(), name="relief_report_add"),
    path("reports/", v.ReportList.as_view(), name="relief_report_list"),
    path("households/", v.AffectedList.as_view(), name="relief_affected_list"),
    path("warehouses/", v.WarehouseList.as_view(), name="relief_warehouse_list"),
    path("warehouses/new/", v.WarehouseAdd.as_view(), name="relief_warehouse_add"),
    path("warehouses/<int:pk>/", v.WarehouseDetail.as_view(), name="relief_warehouse"),
    path("warehouses/<int:pk>/receipt/", v.ReceiptAdd.as_view(), name="relief_receipt_add"),
    path("warehouses/<int:pk>/dispatch/", v.DispatchAdd.as_view(), name="relief_dispatch_add"),
    path("stock/", v.StockList.as_view(), name="relief_stock_list"),
    path("dispatches/", v.DispatchList.as_view(), name="relief_dispatch_list"),
    path("dispatches/<int:pk>/sign/", v.DispatchSign.as_view(), name="relief_dispatch_sign"),
    path("ledger/", v.Ledger.as_view(), name="relief_ledger"),
]
