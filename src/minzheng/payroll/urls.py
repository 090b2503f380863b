from django.urls import path

from minzheng.payroll import views

urlpatterns = [
    path("", views.payroll_list, name="payroll_list"),
    path("<int:payroll_id>/", views.payroll_detail, name="payroll_detail"),
    path("<int:payroll_id>/act/", views.payroll_act, name="payroll_act"),
    path("<int:payroll_id>/export/", views.payroll_export, name="payroll_export"),
    path("<int:payroll_id>/reconcile/", views.payroll_reconcile, name="payroll_reconcile"),
    path("failed/", views.failed_list, name="payroll_failed"),
    path("funds/", views.funds, name="funds_stats"),
]
