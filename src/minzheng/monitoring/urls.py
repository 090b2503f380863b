from django.urls import path

from minzheng.monitoring import views

urlpatterns = [
    path("runs/", views.RunList.as_view(), name="monitor_runs"),
    path("runs/new/", views.RunPage.as_view(), name="monitor_run_new"),
    path("", views.Dashboard.as_view(), name="monitoring_dashboard"),
    path("persons/", views.MonitoredList.as_view(), name="monitored_list"),
    path("persons/add/", views.OtherAddPage.as_view(), name="monitored_add"),
    path("persons/<int:pk>/", views.MonitoredDetail.as_view(), name="monitored_detail"),
    path("persons/<int:pk>/exit/", views.ExitPage.as_view(), name="monitored_exit"),
    path("warnings/", views.WarningList.as_view(), name="warning_list"),
    path("warnings/<int:pk>/", views.WarningDetail.as_view(), name="warning_detail"),
    path("warnings/<int:pk>/outcome/", views.OutcomePage.as_view(), name="warning_outcome"),
    path("referrals/", views.ReferralList.as_view(), name="referral_list"),
    path("referrals/<int:pk>/answer/", views.ReferralAnswerPage.as_view(), name="referral_answer"),
    path("discoveries/", views.DiscoveryList.as_view(), name="discovery_list"),
    path("discoveries/<int:pk>/", views.DiscoveryClosePage.as_view(), name="discovery_close"),
    path("rules/", views.RuleList.as_view(), name="rule_list"),
    path("rules/new/", views.RuleEditPage.as_view(), name="rule_new"),
    path("rules/<int:pk>/", views.RuleEditPage.as_view(), name="rule_edit"),
    path("visits/", views.VisitList.as_view(), name="visit_list"),
    path("visits/due/", views.VisitDue.as_view(), name="visit_due"),
    path("visits/new/", views.VisitRecordPage.as_view(), name="visit_record"),
    path("visits/plans/", views.PlanList.as_view(), name="visit_plan_list"),
    path("visits/plans/new/", views.PlanEditPage.as_view(), name="visit_plan_new"),
    path("visits/plans/<int:pk>/", views.PlanEditPage.as_view(), name="visit_plan_edit"),
]
