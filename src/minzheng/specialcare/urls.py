"""Pages of special care, mounted at /specialcare/ (SpecialcareConfig.url_prefix)."""

from django.urls import path

from minzheng.specialcare import views as v

urlpatterns = [
    path("", v.EntitledList.as_view(), name="specialcare_list"),
    path("new/", v.Register.as_view(), name="specialcare_register"),
    path("<int:pk>/", v.EntitledDetail.as_view(), name="specialcare_detail"),
    path("<int:pk>/certify/", v.Certify.as_view(), name="specialcare_certify"),
    path("adjust/", v.Adjust.as_view(), name="specialcare_adjust"),
    path("certifications/", v.CertificationList.as_view(), name="specialcare_certifications"),
    path("residents/", v.ResidentList.as_view(), name="specialcare_residents"),
]
