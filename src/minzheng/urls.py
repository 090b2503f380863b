"""URLs: the API, then every app's pages at the prefix its AppConfig declares (core.app_registry)."""

from django.urls import path

from minzheng.api import api
from minzheng.core import app_registry

# An unreachable database answers 503 in Chinese instead of Django's 500 (core.views.errors.server_error).
handler400 = "minzheng.core.views.errors.bad_request"
handler500 = "minzheng.core.views.errors.server_error"

urlpatterns = [
    path("api/v1/", api.urls),
    *app_registry.url_patterns(),
]
