from django.urls import path

from minzheng.payroll import views

urlpatterns = [
    path("", views.PayrollList.as_view(), name="payroll_list"),
    path("generate/", views.GeneratePage.as_view(), name="payroll_generate"),
    path("<int:pk>/", views.PayrollDetail.as_view(), name="payroll_detail"),
    path("<int:pk>/check/", views.CheckPage.as_view(), name="payroll_check"),
    path("<int:pk>/approve/", views.ApprovePage.as_view(), name="payroll_approve"),
    path("<int:pk>/return/", views.ReturnPage.as_view(), name="payroll_return"),
    path("<int:payroll_id>/export/", views.payroll_export, name="payroll_export"),
    path("<int:payroll_id>/reconcile/", views.payroll_reconcile, name="payroll_reconcile"),
    path("<int:payroll_id>/fix-account/<int:entitlement_id>/", views.FixAccountPage.as_view(),
         name="payroll_fix_account"),
    path("failed/", views.FailedList.as_view(), name="payroll_failed"),
    path("recoveries/", views.RecoveryList.as_view(), name="payroll_recoveries"),
    path("recoveries/<int:pk>/repay/", views.RepayPage.as_view(), name="payroll_repay"),
    path("funds/", views.FundsStats.as_view(), name="funds_stats"),
]
