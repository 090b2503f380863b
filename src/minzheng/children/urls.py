"""Pages of the children's app, mounted at /children/ (ChildrenConfig.url_prefix)."""

from django.urls import path

from minzheng.children.views import minors, register, visits

urlpatterns = [
    path("", register.ChildList.as_view(), name="children_list"),
    path("register/", register.ChildRegister.as_view(), name="children_register"),
    path("<int:pk>/", register.ChildPage.as_view(), name="children_child"),
    path("<int:pk>/edit/", register.ChildEdit.as_view(), name="children_edit"),
    path("<int:pk>/category/", register.CategoryChangePage.as_view(), name="children_category"),
    path("<int:pk>/guardians/new/", register.GuardianAdd.as_view(), name="children_guardian_add"),
    path("<int:pk>/visit/", visits.VisitAdd.as_view(), name="children_visit_add"),
    path("visits/", visits.VisitList.as_view(), name="children_visits"),
    path("visits/<int:pk>/volunteers/", visits.VisitVolunteers.as_view(), name="children_visit_volunteers"),
    path("due/", visits.DueList.as_view(), name="children_due"),
    path("workers/", register.WorkerList.as_view(), name="children_workers"),
    path("workers/new/", register.WorkerAdd.as_view(), name="children_worker_add"),
    path("plans/", register.PlanList.as_view(), name="children_plans"),
    path("tiers/", register.TierList.as_view(), name="children_tiers"),
    path("policy/examples/", register.ExamplesLoad.as_view(), name="children_policy_examples"),
    path("policy/upload/", register.PolicyUpload.as_view(), name="children_policy_upload"),
    path("minors/", minors.CaseList.as_view(), name="minors_case_list"),
    path("minors/report/", minors.ReportPage.as_view(), name="minors_report"),
    path("minors/<int:pk>/", minors.CasePage.as_view(), name="minors_case"),
    path("minors/<int:pk>/step/<str:action>/", minors.StepPage.as_view(), name="minors_step"),
    path("minors/<int:pk>/refer/", minors.ReferPage.as_view(), name="minors_refer"),
    path("minors/<int:pk>/officers/", minors.OfficersPage.as_view(), name="minors_officers"),
    path("minors/<int:pk>/intake/", minors.IntakePage.as_view(), name="minors_intake"),
    path("minors/<int:pk>/discharge/", minors.DischargePage.as_view(), name="minors_discharge"),
    path("minors/stays/", minors.StayList.as_view(), name="minors_stays"),
    path("minors/limits/", minors.LimitList.as_view(), name="minors_limits"),
]
