from django.urls import path

from minzheng.core.pages.region_picker import region_picker
from minzheng.core.views import audit, auth, home, jobs, users

urlpatterns = [
    path("", home.home, name="home"),
    path("inbox/", home.inbox, name="inbox"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("audit/", audit.AuditList.as_view(), name="audit_list"),
    path("admin/users/", users.UserList.as_view(), name="user_list"),
    path("admin/users/new/", users.UserCreate.as_view(), name="user_create"),
    path("admin/users/<int:user_id>/", users.user_detail, name="user_detail"),
    path("admin/users/<int:user_id>/security/", users.user_security, name="user_security"),
    path("jobs/<int:job_id>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/report/", jobs.job_report, name="job_report"),
    path("regions/picker/", region_picker, name="region_picker"),
]
