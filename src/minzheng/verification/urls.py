from django.urls import path

from minzheng.verification import views

urlpatterns = [
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/<int:finding_id>/", views.finding_detail, name="finding_detail"),
    path("reports/<int:report_id>/", views.report_detail, name="verification_report"),
    path("cases/<int:case_id>/report/", views.report_request, name="verification_request"),
    path("feeds/", views.feed_upload, name="feed_upload"),
]
