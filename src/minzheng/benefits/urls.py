from django.urls import path

from minzheng.benefits.views import cases as case_views
from minzheng.benefits.views import prints as print_views
from minzheng.benefits.views import standards as standards_views

urlpatterns = [
    path("cases/", case_views.case_list, name="case_list"),
    path("households/<int:household_id>/apply/", case_views.case_create, name="case_create"),
    path("cases/<int:case_id>/", case_views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/facts/", case_views.case_facts, name="case_facts"),
    path("cases/<int:case_id>/documents/", case_views.document_upload, name="case_document_upload"),
    path("cases/<int:case_id>/documents/<int:document_id>/", case_views.document_download,
         name="case_document_download"),
    path("cases/<int:case_id>/entitlements/<int:entitlement_id>/payee/", case_views.change_payee,
         name="entitlement_change_payee"),
    path("cases/<int:case_id>/act/<str:action>/", case_views.case_act, name="case_act"),
    path("cases/<int:case_id>/print/<str:kind>/", print_views.case_print, name="case_print"),
    path("notices/", print_views.notice_sheet, name="notice_sheet"),
    path("standards/", standards_views.standard_list, name="standard_list"),
    path("standards/new/", standards_views.standard_add, name="standard_add"),
    path("standards/<str:program>/<str:item>/<str:region_code>/<str:area>/", standards_views.standard_history,
         name="standard_history"),
]
