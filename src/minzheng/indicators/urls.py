from django.urls import path

from minzheng.indicators import views

urlpatterns = [
    path("", views.Board.as_view(), name="indicator_board"),
    path("manual/", views.ManualList.as_view(), name="indicator_manual_list"),
    path("manual/new/", views.ManualEnterPage.as_view(), name="indicator_manual_new"),
    path("manual/<int:pk>/decide/", views.ManualDecidePage.as_view(), name="indicator_manual_decide"),
    path("report/", views.PlanReport.as_view(), name="indicator_plan_report"),
    path("funds/", views.FundsBoard.as_view(), name="indicator_funds"),
    path("records/<str:element>/", views.RecordList.as_view(), name="indicator_records"),
    path("returns/", views.ReturnList.as_view(), name="stat_return_list"),
    path("returns/new/", views.ReturnGeneratePage.as_view(), name="stat_return_new"),
    path("returns/<int:pk>/", views.ReturnDetail.as_view(), name="stat_return_detail"),
    path("returns/<int:pk>/submit/", views.ReturnSubmitPage.as_view(), name="stat_return_submit"),
    path("<str:code>/", views.IndicatorDetail.as_view(), name="indicator_detail"),
]
