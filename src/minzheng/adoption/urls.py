"""Pages of adoption registration, mounted at /adoption/ (AdoptionConfig.url_prefix)."""

from django.urls import path

from minzheng.adoption import views

urlpatterns = [
    path("", views.AdoptionList.as_view(), name="adoption_list"),
    path("new/", views.ApplyPage.as_view(), name="adoption_apply"),
    path("<int:pk>/", views.AdoptionPage.as_view(), name="adoption_detail"),
    path("<int:pk>/assess/", views.AssessPage.as_view(), name="adoption_assess"),
    path("<int:pk>/register/", views.RegisterPage.as_view(), name="adoption_register"),
    path("<int:pk>/dissolve/", views.DissolvePage.as_view(), name="adoption_dissolve"),
    path("<int:pk>/certificate/", views.certificate_sheet, name="adoption_certificate"),
]
