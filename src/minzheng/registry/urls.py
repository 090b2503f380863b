from django.urls import path

from minzheng.registry import views

urlpatterns = [
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
]
