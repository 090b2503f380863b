from django.urls import path

from minzheng.registry import dedup_views, transfer_views, views

urlpatterns = [
    path("import/", transfer_views.import_households, name="import_households"),
    path("import/template/", transfer_views.import_template, name="import_template"),
    path("export/households/", transfer_views.export_households, name="export_households"),
    path("persons/", views.person_list, name="person_list"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/<int:person_id>/", views.person_detail, name="person_detail"),
    path("persons/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:person_id>/reveal/<str:field>/", views.person_reveal, name="person_reveal"),
    path("persons/<int:person_id>/move/", views.person_move, name="person_move"),
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:household_id>/", views.household_detail, name="household_detail"),
    path("households/<int:household_id>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:household_id>/members/add/", views.member_add, name="member_add"),
    path("households/<int:household_id>/members/<int:person_id>/remove/", views.member_remove, name="member_remove"),
    path("households/<int:household_id>/head/", views.head_change, name="head_change"),
    path("duplicates/", dedup_views.duplicate_list, name="duplicate_list"),
    path("duplicates/scan/", dedup_views.duplicate_scan, name="duplicate_scan"),
    path("duplicates/<int:candidate_id>/", dedup_views.duplicate_detail, name="duplicate_detail"),
    path("duplicates/<int:candidate_id>/merge/", dedup_views.duplicate_merge, name="duplicate_merge"),
    path("duplicates/<int:candidate_id>/dismiss/", dedup_views.duplicate_dismiss, name="duplicate_dismiss"),
]
