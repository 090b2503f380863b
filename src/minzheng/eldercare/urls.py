"""Pages of 养老服务, mounted at /eldercare/ (EldercareConfig.url_prefix)."""

from django.urls import path

from minzheng.eldercare.views import beds_alarms as ba
from minzheng.eldercare.views import homecare as hc
from minzheng.eldercare.views import indicators as ind
from minzheng.eldercare.views import institutions as inst

urlpatterns = [
    path("indicators/", ind.ServiceIndicators.as_view(), name="eldercare_indicators"),
    # 养老机构
    path("institutions/", inst.InstitutionList.as_view(), name="eldercare_institution_list"),
    path("institutions/new/", inst.InstitutionAdd.as_view(), name="eldercare_institution_add"),
    path("institutions/<int:pk>/", inst.InstitutionDetail.as_view(), name="eldercare_institution"),
    path("institutions/<int:pk>/profile/", inst.ProfileEdit.as_view(), name="eldercare_institution_profile"),
    path("institutions/<int:pk>/admit/", inst.ResidentAdd.as_view(), name="eldercare_resident_add"),
    path("institutions/<int:pk>/grade/", inst.GradingAdd.as_view(), name="eldercare_grading_add"),
    path("residents/", inst.ResidentList.as_view(), name="eldercare_resident_list"),
    path("residents/<int:pk>/discharge/", inst.ResidentDischarge.as_view(), name="eldercare_resident_discharge"),
    path("workers/", inst.WorkerList.as_view(), name="eldercare_worker_list"),
    path("workers/new/", inst.WorkerAdd.as_view(), name="eldercare_worker_add"),
    path("gradings/", inst.GradingList.as_view(), name="eldercare_grading_list"),
    path("rounds/", inst.RoundList.as_view(), name="eldercare_round_list"),
    path("rounds/new/", inst.RoundAdd.as_view(), name="eldercare_round_add"),
    path("rounds/<int:pk>/", inst.RoundDetail.as_view(), name="eldercare_round"),
    path("inspections/", inst.InspectionList.as_view(), name="eldercare_inspection_list"),
    path("inspections/<int:pk>/", inst.InspectionDetail.as_view(), name="eldercare_inspection"),
    path("inspections/<int:pk>/result/", inst.InspectionResult.as_view(), name="eldercare_inspection_result"),
    path("inspections/<int:pk>/rectify/", inst.InspectionRectify.as_view(), name="eldercare_inspection_rectify"),
    path("credit/", inst.CreditList.as_view(), name="eldercare_credit_list"),
    # 居家社区养老
    path("providers/", hc.ProviderList.as_view(), name="eldercare_provider_list"),
    path("providers/new/", hc.ProviderAdd.as_view(), name="eldercare_provider_add"),
    path("providers/<int:pk>/", hc.ProviderDetail.as_view(), name="eldercare_provider"),
    path("providers/<int:pk>/items/new/", hc.ItemAdd.as_view(), name="eldercare_item_add"),
    path("items/", hc.ItemList.as_view(), name="eldercare_item_list"),
    path("quotas/", hc.QuotaList.as_view(), name="eldercare_quota_list"),
    path("quotas/new/", hc.QuotaAdd.as_view(), name="eldercare_quota_add"),
    path("orders/", hc.OrderList.as_view(), name="eldercare_order_list"),
    path("orders/new/", hc.OrderAdd.as_view(), name="eldercare_order_add"),
    path("orders/<int:pk>/", hc.OrderDetail.as_view(), name="eldercare_order"),
    path("orders/<int:pk>/dispatch/", hc.OrderDispatch.as_view(), name="eldercare_order_dispatch"),
    path("orders/<int:pk>/check-in/", hc.OrderCheckIn.as_view(), name="eldercare_order_checkin"),
    path("orders/<int:pk>/check-out/", hc.OrderCheckOut.as_view(), name="eldercare_order_checkout"),
    path("orders/<int:pk>/confirm/", hc.OrderConfirm.as_view(), name="eldercare_order_confirm"),
    path("orders/<int:pk>/cancel/", hc.OrderCancel.as_view(), name="eldercare_order_cancel"),
    path("settlements/", hc.SettlementList.as_view(), name="eldercare_settlement_list"),
    path("settlements/run/", hc.Settle.as_view(), name="eldercare_settle"),
    path("settlements/<int:pk>/", hc.SettlementDetail.as_view(), name="eldercare_settlement"),
    path("settlements/<int:pk>/file/", hc.settlement_file, name="eldercare_settlement_file"),
    path("meals/", hc.MealPointList.as_view(), name="eldercare_meal_point_list"),
    path("meals/new/", hc.MealPointAdd.as_view(), name="eldercare_meal_point_add"),
    path("meals/<int:pk>/record/", hc.MealRecordAdd.as_view(), name="eldercare_meal_record"),
    path("meals/records/", hc.MealRecordList.as_view(), name="eldercare_meal_list"),
    path("day-centers/", hc.DayCenterList.as_view(), name="eldercare_day_center_list"),
    path("day-centers/new/", hc.DayCenterAdd.as_view(), name="eldercare_day_center_add"),
    path("day-centers/<int:pk>/attend/", hc.AttendanceAdd.as_view(), name="eldercare_day_center_attend"),
    path("day-centers/attendance/", hc.AttendanceList.as_view(), name="eldercare_attendance_list"),
    # 家庭养老床位
    path("beds/", ba.BedList.as_view(), name="eldercare_bed_list"),
    path("beds/new/", ba.BedAdd.as_view(), name="eldercare_bed_add"),
    path("beds/<int:pk>/", ba.BedDetail.as_view(), name="eldercare_bed"),
    path("beds/<int:pk>/end/", ba.BedEnd.as_view(), name="eldercare_bed_end"),
    path("beds/<int:pk>/label/", ba.bed_label, name="eldercare_bed_label"),
    path("b/<str:token>/", ba.bed_scan, name="eldercare_bed_scan"),
    # 告警
    path("devices/", ba.DeviceList.as_view(), name="eldercare_device_list"),
    path("devices/new/", ba.DeviceAdd.as_view(), name="eldercare_device_add"),
    path("alarms/", ba.AlarmList.as_view(), name="eldercare_alarm_list"),
    path("alarms/<int:pk>/", ba.AlarmDetail.as_view(), name="eldercare_alarm"),
    path("alarms/<int:pk>/ack/", ba.AlarmAck.as_view(), name="eldercare_alarm_ack"),
    path("alarms/<int:pk>/close/", ba.AlarmClose.as_view(), name="eldercare_alarm_close"),
]
