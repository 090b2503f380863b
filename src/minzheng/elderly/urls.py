"""Pages of the elderly-care app, mounted at /elderly/ (ElderlyConfig.url_prefix)."""

from django.urls import path

from minzheng.elderly import views

urlpatterns = [
    path("", views.ElderlyList.as_view(), name="elderly_list"),
    path("persons/<int:pk>/", views.ElderPage.as_view(), name="elderly_person"),
    path("persons/<int:pk>/profile/", views.ProfileEdit.as_view(), name="elderly_profile"),
    path("persons/<int:pk>/contacts/new/", views.ContactAdd.as_view(), name="elderly_contact_add"),
    path("persons/<int:pk>/assess/", views.AssessmentAdd.as_view(), name="elderly_assess"),
    path("persons/<int:pk>/survival/", views.SurvivalAdd.as_view(), name="elderly_survival_add"),
    path("assessments/", views.AssessmentList.as_view(), name="elderly_assessment_list"),
    path("assessments/<int:pk>/report/", views.assessment_report, name="elderly_assessment_report"),
    path("assessments/<int:pk>/dispute/", views.AssessmentDispute.as_view(), name="elderly_assessment_dispute"),
    path("survival/", views.SurvivalList.as_view(), name="elderly_survival_list"),
    path("survival/sweep/", views.SurvivalSweep.as_view(), name="elderly_survival_sweep"),
    path("indicators/", views.Indicators.as_view(), name="elderly_indicators"),
]
