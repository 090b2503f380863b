from django.urls import path

from minzheng.verification import views

urlpatterns = [
    path("findings/", views.FindingList.as_view(), name="finding_list"),
    path("findings/<int:pk>/", views.FindingDetail.as_view(), name="finding_detail"),
    path("findings/<int:pk>/confirm/", views.ConfirmPage.as_view(), name="finding_confirm"),
    path("findings/<int:pk>/dismiss/", views.DismissPage.as_view(), name="finding_dismiss"),
    path("reports/<int:pk>/", views.ReportPage.as_view(), name="verification_report"),
    path("cases/<int:case_id>/report/", views.report_request, name="verification_request"),
    path("feeds/", views.FeedUpload.as_view(), name="feed_upload"),
    path("feeds/spec/", views.feed_spec, name="feed_spec"),
    path("feeds/template/", views.feed_template, name="feed_template"),
    path("feeds/snapshots/", views.SnapshotList.as_view(), name="feed_snapshots"),
    path("runs/", views.RunList.as_view(), name="compare_runs"),
    path("runs/new/", views.RunPage.as_view(), name="compare_run"),
]
