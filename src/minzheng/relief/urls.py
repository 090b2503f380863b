"""Pages of disaster relief, mounted at /relief/ (ReliefConfig.url_prefix)."""

from django.urls import path

from minzheng.relief import views as v
from minzheng.relief.views import exchange as x
from minzheng.relief.views import local as lc
from minzheng.relief.views import stocktake as st

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
    path("warehouses/<int:pk>/stocktake/", st.StocktakeAdd.as_view(), name="relief_stocktake_add"),
    path("stock/", v.StockList.as_view(), name="relief_stock_list"),
    path("dispatches/", v.DispatchList.as_view(), name="relief_dispatch_list"),
    path("dispatches/<int:pk>/sign/", v.DispatchSign.as_view(), name="relief_dispatch_sign"),
    path("ledger/", v.Ledger.as_view(), name="relief_ledger"),
    path("stocktakes/", st.StocktakeList.as_view(), name="relief_stocktake_list"),
    path("stocktakes/<int:pk>/", st.StocktakeDetail.as_view(), name="relief_stocktake"),
    path("officers/", lc.OfficerList.as_view(), name="relief_officer_list"),
    path("officers/new/", lc.OfficerAdd.as_view(), name="relief_officer_add"),
    path("officers/<int:pk>/training/", lc.OfficerTrain.as_view(), name="relief_officer_train"),
    path("officers/coverage/", lc.Coverage.as_view(), name="relief_coverage"),
    path("shelters/", lc.ShelterList.as_view(), name="relief_shelter_list"),
    path("shelters/new/", lc.ShelterAdd.as_view(), name="relief_shelter_add"),
    path("shelters/<int:pk>/", lc.ShelterDetail.as_view(), name="relief_shelter"),
    path("shelters/<int:pk>/open/", lc.ShelterOpen.as_view(), name="relief_shelter_open"),
    path("shelter-openings/<int:pk>/", lc.OpeningUpdate.as_view(), name="relief_opening_update"),
    path("exchange/", x.ExchangeList.as_view(), name="relief_exchange_list"),
    path("exchange/export/", x.export_view, name="relief_exchange_export"),
    path("exchange/import/", x.ExchangeImport.as_view(), name="relief_exchange_import"),
]
