"""Pages of the social-work app, mounted at /socialwork/."""

from django.urls import path

from minzheng.socialwork import views

urlpatterns = [
    path("", views.WorkerList.as_view(), name="socialworker_list"),
    path("new/", views.WorkerAdd.as_view(), name="socialworker_add"),
    path("<int:pk>/", views.WorkerDetail.as_view(), name="socialworker_detail"),
    path("<int:pk>/training/", views.TrainingAdd.as_view(), name="socialworker_training"),
    path("stations/", views.StationList.as_view(), name="socialwork_stations"),
    path("stations/save/", views.StationSave.as_view(), name="socialwork_station_save"),
    path("grades/", views.GradeList.as_view(), name="socialwork_grades"),
    path("indicators/", views.Indicators.as_view(), name="socialwork_indicators"),
]
