"""URLs: the API, then every app's pages at the prefix its AppConfig declares (core.app_registry)."""

from django.urls import path

from minzheng.api import api
from minzheng.core import app_registry

urlpatterns = [
    path("api/v1/", api.urls),
    *app_registry.url_patterns(),
]
