"""Pages of the social-assistance app, mounted at /assistance/ (AssistanceConfig.url_prefix): 特困 care."""

from django.urls import path

from minzheng.assistance import views

urlpatterns = [
    path("care/persons/<int:pk>/", views.CarePerson.as_view(), name="care_person"),
    path("care/persons/<int:pk>/assess/", views.AssessmentAdd.as_view(), name="care_assess"),
    path("care/persons/<int:pk>/agreements/new/", views.AgreementAdd.as_view(), name="care_agreement_add"),
    path("care/persons/<int:pk>/placements/new/", views.PlacementAdd.as_view(), name="care_placement_add"),
    path("care/persons/<int:pk>/certificate/", views.certificate, name="care_certificate"),
    path("care/assessments/", views.AssessmentList.as_view(), name="care_assessment_list"),
    path("care/agreements/", views.AgreementList.as_view(), name="care_agreement_list"),
    path("care/agreements/<int:pk>/end/", views.AgreementEnd.as_view(), name="care_agreement_end"),
    path("care/institutions/", views.InstitutionList.as_view(), name="care_institution_list"),
    path("care/institutions/new/", views.InstitutionAdd.as_view(), name="care_institution_add"),
    path("care/placements/", views.PlacementList.as_view(), name="care_placement_list"),
    path("care/placements/<int:pk>/end/", views.PlacementEnd.as_view(), name="care_placement_end"),
    path("reserve/", views.ReserveList.as_view(), name="reserve_list"),
    path("reserve/top-up/", views.ReserveTopUp.as_view(), name="reserve_top_up"),
    path("reserve/advance/", views.ReserveAdvance.as_view(), name="reserve_advance"),
    path("reserve/reimburse/", views.ReserveReimburse.as_view(), name="reserve_reimburse"),
]
