"""养老服务 endpoints under /api/v1/elderly/…: institutions and their grade, service orders and their steps,
settlements, family care beds, alarms — and the device intake `POST /elderly/alarms`, authenticated by the device's
HMAC-SM3 signature instead of a user (X-Device-Serial, X-Timestamp, X-Signature). Lists take the pages' filters (a
bad value is the same Chinese 422) and paginate; bodies are validated by the services after the role and region
checks (eldercare.schemas)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Header, Router, Status
from ninja.pagination import paginate

from minzheng.benefits.schemas.fields import body
from minzheng.core.api_schemas import Page, responses
from minzheng.core.pages.filters import filter_errors_to_validation
from minzheng.eldercare import filters, schemas, selectors
from minzheng.eldercare.services import alarms, homecare, institutions, settlement

router = Router(tags=["eldercare"])


def _filtered(filterset_class, request, queryset, ordering):
    fs = filterset_class(request.GET, queryset=queryset, user=request.user)
    if not fs.is_valid():
        raise filter_errors_to_validation(fs)
    return fs.qs.order_by(*ordering)


def _institution_out(row) -> schemas.CareInstitutionOut:
    profile = getattr(row, "eldercare_profile", None)
    from minzheng.eldercare import codes

    return schemas.CareInstitutionOut(
        id=row.pk, name=row.name, region_code=row.region_code, ownership=getattr(profile, "ownership", ""),
        ownership_label=codes.OWNERSHIP.get(getattr(profile, "ownership", ""), "未登记"), beds=row.beds,
        beds_nursing=getattr(profile, "beds_nursing", 0), beds_dementia=getattr(profile, "beds_dementia", 0),
        beds_general=getattr(profile, "beds_general", 0), residents=row.residents, level=row.level,
        level_name=codes.GRADE_LEVELS[row.level])


@router.get("/elderly/institutions", response=responses(list[schemas.CareInstitutionOut]), summary="养老机构")
@paginate(Page)
def list_institutions(request):
    rows = _filtered(filters.InstitutionFilters, request, selectors.institutions_for(request.user),
                     ("region_code", "name", "id"))
    return [_institution_out(r) for r in rows]


@router.get("/elderly/institutions/{institution_id}/grade", response=responses(schemas.GradeOut),
            summary="养老机构等级（GB/T 37276-2018，按最近一次评定的得分重新计算）")
def institution_grade(request, institution_id: int):
    return institutions.grade_of(request.user, institution_id)


@router.get("/elderly/orders", response=responses(list[schemas.OrderOut]), summary="居家养老服务订单")
@paginate(Page)
def list_orders(request):
    return _filtered(filters.OrderFilters, request, selectors.orders_for(request.user), ("-scheduled_on", "-id"))


@router.post("/elderly/orders", response=responses(schemas.OrderOut, 201), summary="登记服务订单（村、乡镇、县）")
def add_order(request, payload: body(schemas.OrderIn)):
    return Status(201, homecare.create_order(request.user, payload))


@router.post("/elderly/orders/{order_id}/actions", response=responses(schemas.OrderOut),
             summary="订单办理：派单、签到、签退（时间取系统时间，位置由手机上报）、确认评价、取消")
def order_action(request, order_id: int, payload: body(schemas.OrderActionIn)):
    return homecare.act(request.user, order_id, payload)


@router.get("/elderly/settlements", response=responses(list[schemas.SettlementOut]), summary="服务结算")
@paginate(Page)
def list_settlements(request):
    return _filtered(filters.SettlementFilters, request, selectors.settlements_for(request.user),
                     ("-month", "provider__name"))


@router.post("/elderly/settlements", response=responses(schemas.SettleOut, 201),
             summary="按月结算本县（区）已确认的订单（县级）")
def settle(request, payload: body(schemas.SettleIn)):
    result = settlement.settle_month(request.user, payload)
    from minzheng.eldercare.policy.settlement import yuan

    return Status(201, schemas.SettleOut(month=result["month"], settlements=result["settlements"],
                                         orders=result["orders"], total=yuan(result["total_fen"]),
                                         gov_amount=yuan(result["gov_fen"]), self_amount=yuan(result["self_fen"])))


@router.get("/elderly/beds", response=responses(list[schemas.BedOut]), summary="家庭养老床位")
@paginate(Page)
def list_beds(request):
    return _filtered(filters.BedFilters, request, selectors.beds_for(request.user), ("region_code", "id"))


@router.get("/elderly/alarms", response=responses(list[schemas.AlarmOut]), summary="告警")
@paginate(Page)
def list_alarms(request):
    return _filtered(filters.AlarmFilters, request, selectors.alarms_for(request.user),
                     ("state", "-received_at", "-id"))


@router.post("/elderly/alarms/{alarm_id}/actions", response=responses(schemas.AlarmOut),
             summary="告警办理：响应、处置完成（处置结果和处置情况）")
def alarm_action(request, alarm_id: int, payload: body(schemas.AlarmActionIn)):
    return alarms.act(request.user, alarm_id, payload)


@router.post("/elderly/alarms", auth=None,
             response={200: schemas.AlarmReceivedOut, **responses(schemas.AlarmReceivedOut, 201)},
             summary="设备上报告警（设备签名：HMAC-SM3，无需用户令牌）",
             description="请求头 X-Device-Serial（设备编号）、X-Timestamp（Unix 秒，与服务器相差不超过 300 秒）、"
                         "X-Signature（十六进制 HMAC-SM3(设备密钥, 时间戳 + \"\\n\" + 请求体)）。同一设备事件号重复上报"
                         "返回原告警（200）。签名无效答 401。")
def receive_alarm(request: HttpRequest, payload: body(schemas.AlarmIn),
                  x_device_serial: str = Header("", alias="X-Device-Serial", max_length=40),
                  x_timestamp: str = Header("", alias="X-Timestamp", max_length=12),
                  x_signature: str = Header("", alias="X-Signature", max_length=64)):
    alarm, created = alarms.receive(x_device_serial, x_timestamp, x_signature, request.body)
    out = schemas.AlarmReceivedOut(id=alarm.pk, state=alarm.state, target=alarm.target, duplicate=not created)
    return Status(201 if created else 200, out)
