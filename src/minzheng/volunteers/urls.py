"""Pages of the volunteers app, mounted at /volunteers/ (VolunteersConfig.url_prefix)."""

from django.urls import path

from minzheng.volunteers import views

urlpatterns = [
    path("", views.VolunteerList.as_view(), name="volunteer_list"),
    path("new/", views.VolunteerRegister.as_view(), name="volunteer_register"),
    path("<int:pk>/", views.VolunteerDetail.as_view(), name="volunteer_detail"),
    path("<int:pk>/hours/", views.HoursAdd.as_view(), name="volunteer_hours"),
    path("<int:pk>/certificate/", views.certificate, name="volunteer_certificate"),
    path("records/", views.RecordList.as_view(), name="volunteer_records"),
    path("activities/", views.ActivityList.as_view(), name="volunteer_activities"),
    path("activities/new/", views.ActivityAdd.as_view(), name="volunteer_activity_add"),
    path("stations/", views.StationList.as_view(), name="volunteer_stations"),
    path("stations/new/", views.StationAdd.as_view(), name="volunteer_station_add"),
    path("organisations/", views.OrganisationList.as_view(), name="volunteer_orgs"),
    path("organisations/new/", views.OrganisationAdd.as_view(), name="volunteer_org_add"),
]
