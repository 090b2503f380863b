"""Pages of 社会组织, mounted at /socialorgs/ (SocialOrgsConfig.url_prefix)."""

from django.urls import path

from minzheng.socialorgs import views as v
from minzheng.socialorgs.views import applications as a
from minzheng.socialorgs.views import printouts as p

urlpatterns = [
    path("", v.OrgList.as_view(), name="socialorgs_org_list"),
    path("new/", v.OrgAdd.as_view(), name="socialorgs_org_add"),
    path("<int:pk>/", v.OrgDetail.as_view(), name="socialorgs_org"),
    path("<int:pk>/change/", v.ChangeApply.as_view(), name="socialorgs_change"),
    path("<int:pk>/deregister/", v.DeregisterApply.as_view(), name="socialorgs_deregister"),
    path("<int:pk>/report/", v.ReportAdd.as_view(), name="socialorgs_report_add"),
    path("<int:pk>/evaluate/", v.Evaluate.as_view(), name="socialorgs_evaluate"),
    path("<int:pk>/list/", v.ListAdd.as_view(), name="socialorgs_list_add"),
    path("applications/", v.ApplicationList.as_view(), name="socialorgs_application_list"),
    path("applications/new/", a.RegisterApply.as_view(), name="socialorgs_register_apply"),
    path("applications/<int:pk>/", a.ApplicationDetail.as_view(), name="socialorgs_application"),
    path("applications/<int:pk>/review/", a.ApplicationReview.as_view(), name="socialorgs_application_review"),
    path("applications/<int:pk>/decision.html", p.DecisionNotice.as_view(), name="socialorgs_print_decision"),
    path("<int:pk>/certificate.html", p.OrgCertificate.as_view(), name="socialorgs_print_certificate"),
    path("reports/<int:pk>/notice.html", p.ReportNotice.as_view(), name="socialorgs_print_report"),
    path("evaluations/<int:pk>/certificate.html", p.EvaluationNotice.as_view(), name="socialorgs_print_evaluation"),
    path("applications/<int:pk>/decide/", v.ApplicationDecide.as_view(), name="socialorgs_application_decide"),
    path("reports/", v.ReportList.as_view(), name="socialorgs_report_list"),
    path("reports/<int:pk>/", v.ReportDetail.as_view(), name="socialorgs_report"),
    path("reports/<int:pk>/supervise/", v.ReportSupervise.as_view(), name="socialorgs_report_supervise"),
    path("reports/<int:pk>/conclude/", v.ReportConclude.as_view(), name="socialorgs_report_conclude"),
    path("evaluations/", v.EvaluationList.as_view(), name="socialorgs_evaluation_list"),
    path("evaluations/<int:pk>/", v.EvaluationDetail.as_view(), name="socialorgs_evaluation"),
    path("evaluations/<int:pk>/appeal/", v.Appeal.as_view(), name="socialorgs_appeal"),
    path("evaluations/<int:pk>/appeal-decision/", v.AppealDecide.as_view(), name="socialorgs_appeal_decide"),
    path("evaluations/<int:pk>/sanction/", v.Sanction.as_view(), name="socialorgs_sanction"),
    path("lists/", v.ListEntries.as_view(), name="socialorgs_list_list"),
    path("lists/<int:pk>/remove/", v.ListRemove.as_view(), name="socialorgs_list_remove"),
    path("rounds/", v.RoundList.as_view(), name="socialorgs_round_list"),
    path("rounds/new/", v.RoundAdd.as_view(), name="socialorgs_round_add"),
    path("rounds/<int:pk>/", v.RoundDetail.as_view(), name="socialorgs_round"),
    path("inspections/<int:pk>/result/", v.InspectionResult.as_view(), name="socialorgs_inspection_result"),
    path("indicators/", v.Indicators.as_view(), name="socialorgs_indicators"),
]
