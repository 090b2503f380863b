"""Pages of the marriage registry, mounted at /marriage/ (MarriageConfig.url_prefix)."""

from django.urls import path

from minzheng.marriage import views

urlpatterns = [
    path("", views.RegistrationList.as_view(), name="marriage_registration_list"),
    path("register/", views.RegisterPage.as_view(), name="marriage_register"),
    path("registrations/<int:pk>/", views.RegistrationPage.as_view(), name="marriage_registration"),
    path("registrations/<int:pk>/certificate/", views.certificate_sheet, name="marriage_certificate"),
    path("registrations/<int:pk>/revoke/", views.RevokePage.as_view(), name="marriage_revoke"),
    path("refusals/", views.RefusalList.as_view(), name="marriage_refusal_list"),
    path("divorces/", views.DivorceList.as_view(), name="marriage_divorce_list"),
    path("divorces/<int:pk>/", views.DivorcePage.as_view(), name="marriage_divorce"),
    path("divorces/<int:pk>/withdraw/", views.WithdrawPage.as_view(), name="marriage_withdraw"),
    path("divorces/<int:pk>/appear/", views.AppearPage.as_view(), name="marriage_appear"),
    path("appointments/", views.AppointmentList.as_view(), name="marriage_appointment_list"),
    path("appointments/new/", views.AppointmentAdd.as_view(), name="marriage_appointment_add"),
    path("counselling/", views.CounsellingList.as_view(), name="marriage_counselling_list"),
    path("counselling/<int:pk>/", views.CounsellingPage.as_view(), name="marriage_counselling"),
    path("counselling/<int:pk>/sessions/", views.SessionAdd.as_view(), name="marriage_session_add"),
    path("counselling/<int:pk>/close/", views.CounsellingClose.as_view(), name="marriage_counselling_close"),
    path("statistics/", views.Statistics.as_view(), name="marriage_statistics"),
]
