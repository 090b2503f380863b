"""Pages of the place-name app, mounted at /placenames/ (PlacenamesConfig.url_prefix)."""

from django.urls import path

from minzheng.placenames import views

urlpatterns = [
    path("", views.PlaceNameList.as_view(), name="placenames_list"),
    path("new/", views.PlaceNameCreate.as_view(), name="placenames_create"),
    path("<int:pk>/", views.PlaceNameDetail.as_view(), name="placenames_detail"),
    path("<int:pk>/pinyin/", views.PinyinCorrect.as_view(), name="placenames_pinyin"),
    path("applications/", views.ApplicationList.as_view(), name="placenames_applications"),
    path("applications/new/", views.ApplicationCreate.as_view(), name="placenames_application_create"),
    path("applications/<int:pk>/", views.application_page, name="placenames_application"),
    path("applications/<int:pk>/<str:step>/", views.application_step, name="placenames_application_step"),
    path("applications/<int:pk>/certificate/print/", views.certificate, name="placenames_certificate"),
    path("addresses/", views.AddressList.as_view(), name="placenames_addresses"),
    path("doorplates/", views.DoorplateList.as_view(), name="placenames_doorplates"),
    path("doorplates/<int:pk>/label/", views.doorplate_label, name="placenames_doorplate_label"),
    path("d/<str:token>/", views.doorplate_scan, name="placenames_doorplate_scan"),
    path("divisions/", views.ProposalList.as_view(), name="placenames_proposals"),
    path("divisions/new/", views.ProposalCreate.as_view(), name="placenames_proposal_create"),
    path("divisions/<int:pk>/", views.proposal_page, name="placenames_proposal"),
    path("boundaries/", views.LineList.as_view(), name="placenames_lines"),
    path("boundaries/<int:pk>/", views.LineDetail.as_view(), name="placenames_line"),
    path("markers/", views.MarkerList.as_view(), name="placenames_markers"),
    path("disputes/", views.DisputeList.as_view(), name="placenames_disputes"),
    path("map/", views.MapPage.as_view(), name="placenames_map"),
    path("map/layers.geojson", views.map_data, name="placenames_map_data"),
    path("map/features.csv", views.map_csv, name="placenames_map_csv"),
]
