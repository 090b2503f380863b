"""/portal/: the citizen's pages, the portal API (/portal/api/, its own NinjaAPI and auth) and the staff page for
answering complaints (/portal/staff/complaints/)."""

from django.urls import path

from minzheng.portal import views, views_requests
from minzheng.portal.api import api

urlpatterns = [
    path("api/", api.urls),
    path("", views.home, name="portal_home"),
    path("login/", views.login, name="portal_login"),
    path("logout/", views.logout, name="portal_logout"),
    path("consent/", views.consent, name="portal_consent"),
    path("bind/", views.bind, name="portal_bind"),
    path("apply/", views.apply_choose, name="portal_apply"),
    path("apply/<slug:program>/", views.apply_form, name="portal_apply_form"),
    path("cases/<int:case_id>/", views.case_detail, name="portal_case"),
    path("cases/<int:case_id>/letter/", views.letter, name="portal_letter"),
    path("payments/", views.payments, name="portal_payments"),
    path("selfcheck/", views.self_check, name="portal_selfcheck"),
    path("complaints/", views.complaint_list, name="portal_complaints"),
    path("book/marriage/", views_requests.marriage, name="portal_marriage"),
    path("book/sweeping/", views_requests.sweeping, name="portal_sweeping"),
    path("bereavement/", views_requests.bereavement, name="portal_bereavement"),
    path("homecare/", views_requests.homecare, name="portal_homecare"),
    path("requests/<int:request_id>/", views_requests.request_detail, name="portal_request"),
    path("requests/<int:request_id>/cancel/", views_requests.request_cancel, name="portal_request_cancel"),
    path("notices/", views_requests.notice_list, name="portal_notices"),
    path("staff/complaints/", views.ComplaintList.as_view(), name="portal_staff_complaints"),
    path("staff/complaints/<int:pk>/", views.staff_complaint, name="portal_staff_complaint"),
]
