from django.urls import path

from minzheng.core.pages.region_picker import region_picker
from minzheng.core.views import audit, auth, home, jobs, ops, security, tokens, users

urlpatterns = [
    path("", home.home, name="home"),
    path("inbox/", home.inbox, name="inbox"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("account/password/", auth.password_change, name="password_change"),
    path("account/tokens/", tokens.my_tokens, name="my_tokens"),
    path("account/tokens/revoke/", tokens.token_revoke, name="token_revoke"),
    path("audit/", audit.AuditList.as_view(), name="audit_list"),
    path("audit/verify/", audit.AuditVerifyPage.as_view(), name="audit_verify"),
    path("admin/users/", users.UserList.as_view(), name="user_list"),
    path("admin/users/new/", users.user_create, name="user_create"),
    path("admin/users/<int:user_id>/", users.user_detail, name="user_detail"),
    path("admin/users/<int:user_id>/assign/", users.user_assign, name="user_assign"),
    path("admin/users/<int:user_id>/security/", users.user_security, name="user_security"),
    path("admin/tokens/", tokens.TokenAdmin.as_view(), name="token_admin"),
    path("admin/security-log/", security.SecurityLog.as_view(), name="security_log"),
    path("jobs/<int:job_id>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/report/", jobs.job_report, name="job_report"),
    path("jobs/<int:job_id>/export/", jobs.job_export, name="job_export"),
    path("regions/picker/", region_picker, name="region_picker"),
    # operations (issue 21): liveness, readiness, Prometheus metrics — no sign-in (core.views.ops)
    path("healthz", ops.healthz, name="healthz"),
    path("readyz", ops.readyz, name="readyz"),
    path("metrics", ops.metrics_view, name="metrics"),
]
