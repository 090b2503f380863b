"""Pages of the disability app, mounted at /disability/ (DisabilityConfig.url_prefix)."""

from django.urls import path

from minzheng.disability import views

urlpatterns = [
    path("", views.Coverage.as_view(), name="disability_coverage"),
    path("gaps/", views.GapList.as_view(), name="disability_gap_list"),
    path("gaps/<int:pk>/", views.GapPage.as_view(), name="disability_gap"),
    path("gaps/<int:pk>/dismiss/", views.GapDismiss.as_view(), name="disability_gap_dismiss"),
    path("holds/", views.HoldList.as_view(), name="disability_hold_list"),
    path("holds/<int:pk>/", views.HoldDecide.as_view(), name="disability_hold"),
    path("sweep/", views.Sweep.as_view(), name="disability_sweep"),
    path("reviews/", views.ReviewList.as_view(), name="disability_review_list"),
    path("reviews/due/", views.ReviewDueList.as_view(), name="disability_review_due"),
    path("reviews/new/", views.ReviewAdd.as_view(), name="disability_review_add"),
    path("reconciliation.xlsx", views.reconciliation_file, name="disability_reconciliation"),
]
