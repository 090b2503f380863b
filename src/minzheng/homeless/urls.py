"""Pages of the rescue station, mounted at /homeless/ (HomelessConfig.url_prefix)."""

from django.urls import path

from minzheng.homeless import views

urlpatterns = [
    path("", views.IntakeList.as_view(), name="homeless_intake_list"),
    path("new/", views.IntakeCreate.as_view(), name="homeless_intake_create"),
    path("<int:pk>/", views.intake_page, name="homeless_intake"),
    path("<int:pk>/photo/", views.photo, name="homeless_photo"),
    path("<int:pk>/photo/upload/", views.PhotoUpload.as_view(), name="homeless_photo_upload"),
    path("<int:pk>/expenses/new/", views.ExpenseAdd.as_view(), name="homeless_expense_add"),
    path("<int:pk>/property/new/", views.PropertyAdd.as_view(), name="homeless_property_add"),
    path("<int:pk>/match/", views.MatchDecide.as_view(), name="homeless_match"),
    path("<int:pk>/notice/", views.notice, name="homeless_notice"),
    path("<int:pk>/escort/", views.EscortHome.as_view(), name="homeless_escort"),
    path("<int:pk>/leave/", views.Leave.as_view(), name="homeless_leave"),
    path("<int:pk>/settle/", views.Settle.as_view(), name="homeless_settle"),
    path("missing/", views.MissingList.as_view(), name="homeless_missing_list"),
    path("missing/new/", views.MissingCreate.as_view(), name="homeless_missing_create"),
    path("dashboard/", views.Dashboard.as_view(), name="homeless_dashboard"),
]
