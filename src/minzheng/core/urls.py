from django.urls import path

from minzheng.core import job_views, views
from minzheng.core.pages import region_picker

urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("audit/", views.audit_list, name="audit_list"),
    path("admin/users/", views.user_list, name="user_list"),
    path("admin/users/new/", views.user_create, name="user_create"),
    path("admin/users/<int:user_id>/security/", views.user_security, name="user_security"),
    path("jobs/<int:job_id>/", job_views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/report/", job_views.job_report, name="job_report"),
    path("regions/picker/", region_picker.region_picker, name="region_picker"),
]
