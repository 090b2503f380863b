from django.urls import path

from minzheng.registry.views import duplicates, households, persons, transfer

urlpatterns = [
    path("import/", transfer.HouseholdImport.as_view(), name="import_households"),
    path("import/template/", transfer.import_template, name="import_template"),
    path("export/households/", transfer.export_households, name="export_households"),
    path("persons/", persons.PersonList.as_view(), name="person_list"),
    path("persons/new/", persons.PersonCreate.as_view(), name="person_create"),
    path("persons/<int:pk>/", persons.PersonDetail.as_view(), name="person_detail"),
    path("persons/<int:pk>/edit/", persons.PersonEdit.as_view(), name="person_edit"),
    path("persons/<int:pk>/reveal/<str:field>/", persons.person_reveal, name="person_reveal"),
    path("persons/<int:pk>/move/", persons.PersonMove.as_view(), name="person_move"),
    path("households/", households.HouseholdList.as_view(), name="household_list"),
    path("households/new/", households.HouseholdCreate.as_view(), name="household_create"),
    path("households/<int:pk>/", households.HouseholdDetail.as_view(), name="household_detail"),
    path("households/<int:pk>/edit/", households.HouseholdEdit.as_view(), name="household_edit"),
    path("households/<int:pk>/members/add/", households.MemberAdd.as_view(), name="member_add"),
    path("households/<int:pk>/members/remove/", households.MemberRemove.as_view(), name="member_remove"),
    path("households/<int:pk>/members/<int:person_id>/remove/", households.MemberRemove.as_view(),
         name="member_remove_one"),
    path("households/<int:pk>/head/", households.HeadChange.as_view(), name="head_change"),
    path("duplicates/", duplicates.DuplicateList.as_view(), name="duplicate_list"),
    path("duplicates/scan/", duplicates.DuplicateScan.as_view(), name="duplicate_scan"),
    path("duplicates/<int:pk>/", duplicates.DuplicateDetail.as_view(), name="duplicate_detail"),
    path("duplicates/<int:pk>/merge/", duplicates.DuplicateMerge.as_view(), name="duplicate_merge"),
    path("duplicates/<int:pk>/dismiss/", duplicates.DuplicateDismiss.as_view(), name="duplicate_dismiss"),
]
