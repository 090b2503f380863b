"""Pages of the benefits kernel, mounted at /benefits/ (BenefitsConfig.url_prefix)."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from minzheng.benefits.views import apply, lists, prints, standards
from minzheng.benefits.views import cases as case_views

urlpatterns = [
    path("cases/", lists.CaseList.as_view(), name="case_list"),
    path("cases/todo/", login_required(lists.case_todo), name="case_todo"),
    path("households/<int:household_id>/apply/", apply.CaseCreate.as_view(), name="case_create"),
    path("cases/<int:case_id>/", case_views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/facts/", case_views.case_facts, name="case_facts"),
    path("cases/<int:case_id>/documents/", case_views.document_upload, name="case_document_upload"),
    path("cases/<int:case_id>/documents/<int:document_id>/", case_views.document_download,
         name="case_document_download"),
    path("cases/<int:case_id>/entitlements/<int:entitlement_id>/payee/", case_views.change_payee,
         name="entitlement_change_payee"),
    path("cases/<int:case_id>/act/<str:action>/", case_views.case_act, name="case_act"),
    path("cases/<int:case_id>/print/<str:kind>/", prints.case_print, name="case_print"),
    path("notices/", prints.notice_sheet, name="notice_sheet"),
    path("entitlements/", lists.EntitlementList.as_view(), name="entitlement_list"),
    path("standards/", lists.StandardList.as_view(), name="standard_list"),
    path("standards/new/", standards.StandardAdd.as_view(), name="standard_add"),
    path("standards/<str:program>/<str:item>/<str:region_code>/<str:area>/", lists.StandardHistory.as_view(),
         name="standard_history"),
]
