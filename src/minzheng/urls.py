from django.urls import include, path

from minzheng.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("minzheng.core.urls")),
    path("registry/", include("minzheng.registry.urls")),
    path("payroll/", include("minzheng.payroll.urls")),
    path("assistance/", include("minzheng.benefits.urls")),
    path("verification/", include("minzheng.verification.urls")),
]
