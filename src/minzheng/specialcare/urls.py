"""Pages of special care, mounted at /specialcare/ (SpecialcareConfig.url_prefix)."""

from django.urls import path

from minzheng.specialcare import views as v
from minzheng.specialcare.views import care as c
from minzheng.specialcare.views import exchange as x

urlpatterns = [
    path("", v.EntitledList.as_view(), name="specialcare_list"),
    path("new/", v.Register.as_view(), name="specialcare_register"),
    path("<int:pk>/", v.EntitledDetail.as_view(), name="specialcare_detail"),
    path("<int:pk>/certify/", v.Certify.as_view(), name="specialcare_certify"),
    path("<int:pk>/medical/", c.ClaimAdd.as_view(), name="specialcare_claim_add"),
    path("<int:pk>/hardship/", c.HardshipAdd.as_view(), name="specialcare_hardship_add"),
    path("adjust/", v.Adjust.as_view(), name="specialcare_adjust"),
    path("certifications/", v.CertificationList.as_view(), name="specialcare_certifications"),
    path("residents/", v.ResidentList.as_view(), name="specialcare_residents"),
    path("medical/", c.ClaimList.as_view(), name="specialcare_claims"),
    path("hardships/", c.HardshipList.as_view(), name="specialcare_hardships"),
    path("hardships/<int:pk>/", c.HardshipDetail.as_view(), name="specialcare_hardship"),
    path("hardships/<int:pk>/help/", c.HelpAdd.as_view(), name="specialcare_help"),
    path("hardships/<int:pk>/close/", c.HardshipClose.as_view(), name="specialcare_hardship_close"),
    path("exchange/", x.ExchangeList.as_view(), name="specialcare_exchanges"),
    path("exchange/export/", x.ExchangeExport.as_view(), name="specialcare_exchange_export"),
    path("exchange/<int:pk>/download/", x.download, name="specialcare_exchange_download"),
    path("exchange/import/", x.ExchangeImport.as_view(), name="specialcare_exchange_import"),
    path("exchange/differences/", x.DifferenceList.as_view(), name="specialcare_differences"),
]
