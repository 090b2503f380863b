from django.urls import path

from tests.sample_app.views import AllowanceList

urlpatterns = [path("", AllowanceList.as_view(), name="sample_list")]
