"""Pages of the funeral app, mounted at /funeral/ (FuneralConfig.url_prefix)."""

from django.urls import path

from minzheng.funeral import views

urlpatterns = [
    path("", views.DeathList.as_view(), name="funeral_death_list"),
    path("deaths/new/", views.DeathCreate.as_view(), name="funeral_death_create"),
    path("deaths/<int:pk>/", views.DeathPage.as_view(), name="funeral_death"),
    path("deaths/<int:pk>/certificate/", views.DeathCertificate.as_view(), name="funeral_death_certificate"),
    path("deaths/<int:pk>/eco/", views.EcoCreate.as_view(), name="funeral_eco_create"),
    path("cemeteries/", views.CemeteryList.as_view(), name="funeral_cemetery_list"),
    path("cemeteries/new/", views.CemeteryCreate.as_view(), name="funeral_cemetery_create"),
    path("plots/", views.PlotList.as_view(), name="funeral_plot_list"),
    path("slots/", views.SlotList.as_view(), name="funeral_slot_list"),
    path("slots/new/", views.SlotCreate.as_view(), name="funeral_slot_create"),
    path("bookings/", views.BookingList.as_view(), name="funeral_booking_list"),
    path("bookings/new/", views.BookingCreate.as_view(), name="funeral_booking_create"),
    path("bookings/<int:pk>/ticket/", views.BookingTicket.as_view(), name="funeral_booking_ticket"),
    path("check-in/<str:token>/", views.CheckIn.as_view(), name="funeral_check_in"),
    path("eco-burials/", views.EcoList.as_view(), name="funeral_eco_list"),
    path("settlements/", views.SettlementList.as_view(), name="funeral_settlement_list"),
    path("settlements/new/", views.Settle.as_view(), name="funeral_settle"),
    path("indicators/", views.Indicators.as_view(), name="funeral_indicators"),
]
