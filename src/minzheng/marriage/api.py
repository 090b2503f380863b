"""Marriage registry endpoints (/api/v1/marriage/…): registrations (结婚、离婚申请、补领; 422 with each refusal
reason in Chinese), search and one registration, 撤销, divorce applications (status and deadlines, withdraw, both
appear → 离婚证), appointments and free places, counselling, statistics. Role first (403), then the record in the
caller's region (404), then the body (422)."""

from __future__ import annotations

from ninja import Query, Router, Status
from ninja.pagination import paginate

from minzheng.benefits.schemas.fields import body
from minzheng.core.api_schemas import Page, responses
from minzheng.core.errors import NotFound, ValidationFailed
from minzheng.core.pages.filters import filter_errors_to_validation
from minzheng.marriage import filters, selectors
from minzheng.marriage.schemas import (
    AppearIn,
    AppointmentIn,
    AppointmentOut,
    CloseCounsellingIn,
    CounsellingIn,
    CounsellingOut,
    DivorceApplicationOut,
    MarriageSlotOut,
    RegistrationIn,
    RegistrationOut,
    RegistrationResultOut,
    RevokeIn,
    SessionIn,
    SlotsQuery,
    StatsOut,
    StatsQuery,
    WithdrawIn,
)
from minzheng.marriage.services import appointments, counselling, divorce, registrations

router = Router(tags=["marriage"])


def _filtered(filterset_class, request, queryset, ordering):
    fs = filterset_class(request.GET, queryset=queryset, user=request.user)
    if not fs.is_valid():
        raise filter_errors_to_validation(fs)
    return fs.qs.order_by(*ordering)


def mapped(build):
    """A page whose rows (only the page's, never the whole list) are turned into their schema by `build`."""

    class MappedPage(Page):
        def paginate_queryset(self, queryset, pagination, request, **params):
            out = super().paginate_queryset(queryset, pagination, request, **params)
            return {**out, "items": [build(r) for r in out["items"]]}

    return MappedPage


def _appointment_out(a) -> AppointmentOut:
    return AppointmentOut(id=a.pk, registry=a.registry.code, day=a.day, slot=a.slot, slot_label=a.get_slot_display(),
                          kind=a.kind, name_a=a.name_a, name_b=a.name_b, status=a.status)


def _counselling_out(c) -> CounsellingOut:
    return CounsellingOut(id=c.pk, application_id=c.application_id, names=c.names, provider=c.provider,
                          referred_on=c.referred_on, status=c.status, outcome=c.outcome,
                          sessions=getattr(c, "session_count", 0))


@router.post("/marriage/registrations", response=responses(RegistrationResultOut, 201),
             summary="婚姻登记：结婚、离婚登记申请（进入冷静期）、补领结婚证（国务院令第804号，全国通办）；"
                     "不予登记时 422 列出每条理由")
def register(request, payload: body(RegistrationIn)):
    return Status(201, registrations.register(request.user, payload))


@router.get("/marriage/registrations", response=responses(list[RegistrationOut]),
            summary="婚姻登记记录（?q= 身份证号、证件字号或姓名；其余筛选同页面）")
@paginate(mapped(RegistrationOut.build))
def list_registrations(request):
    return _filtered(filters.RegistrationFilters, request, selectors.registrations_for(request.user),
                     ("-registered_on", "-id"))


@router.get("/marriage/registrations/{registration_id}", response=responses(RegistrationOut), summary="一条婚姻登记")
def get_registration(request, registration_id: int):
    return RegistrationOut.build(selectors.get_registration(request.user, registration_id))


@router.post("/marriage/registrations/{registration_id}/revoke", response=responses(RegistrationOut),
             summary="撤销结婚登记（人民法院判决或婚姻登记机关决定）")
def revoke(request, registration_id: int, payload: body(RevokeIn)):
    return RegistrationOut.build(registrations.revoke(request.user, registration_id, payload))


@router.get("/marriage/divorce-applications", response=responses(list[DivorceApplicationOut]),
            summary="离婚登记申请（冷静期）")
@paginate(mapped(selectors.application_out))
def list_applications(request):
    return _filtered(filters.DivorceFilters, request, selectors.applications_for(request.user), ("-received", "-id"))


@router.get("/marriage/divorce-applications/{application_id}", response=responses(DivorceApplicationOut),
            summary="离婚登记申请：收到日期、撤回期限（第30日）、到场期限（第60日）和状态")
def get_application(request, application_id: int):
    return selectors.application_out(selectors.get_application(request.user, application_id))


@router.post("/marriage/divorce-applications/{application_id}/withdraw", response=responses(DivorceApplicationOut),
             summary="撤回离婚登记申请（冷静期内任何一方）")
def withdraw(request, application_id: int, payload: body(WithdrawIn)):
    return selectors.application_out(divorce.withdraw(request.user, application_id, payload))


@router.post("/marriage/divorce-applications/{application_id}/appear", response=responses(DivorceApplicationOut),
             summary="冷静期届满后双方到场，办理离婚登记、发给离婚证")
def appear(request, application_id: int, payload: body(AppearIn)):
    return selectors.application_out(divorce.appear(request.user, application_id, payload))


@router.get("/marriage/appointments", response=responses(list[AppointmentOut]), summary="婚姻登记预约")
@paginate(mapped(_appointment_out))
def list_appointments(request):
    return _filtered(filters.AppointmentFilters, request, selectors.appointments_for(request.user),
                     ("day", "slot", "id"))


@router.post("/marriage/appointments", response=responses(AppointmentOut, 201),
             summary="预约婚姻登记（按登记机关、日期、时段的号源；约满 409）")
def book(request, payload: body(AppointmentIn)):
    return Status(201, _appointment_out(appointments.book(request.user, payload)))


@router.get("/marriage/registries/{registry_code}/slots", response=responses(list[MarriageSlotOut]),
            summary="某登记机关某日各时段号源和余号（?day=YYYY-MM-DD）")
def free_slots(request, registry_code: str, query: Query[SlotsQuery]):
    selectors.require_view(request.user)
    registry = selectors.registry_by_code(request.user, registry_code)
    if registry is None:
        raise NotFound()
    return selectors.slots(request.user, registry, query.day)


@router.get("/marriage/counselling", response=responses(list[CounsellingOut]), summary="婚姻家庭辅导")
@paginate(mapped(_counselling_out))
def list_counselling(request):
    return _filtered(filters.CounsellingFilters, request, selectors.counselling_for(request.user),
                     ("-referred_on", "-id"))


@router.post("/marriage/counselling", response=responses(CounsellingOut, 201), summary="转介婚姻家庭辅导")
def refer(request, payload: body(CounsellingIn)):
    return Status(201, _counselling_out(counselling.refer(request.user, payload)))


@router.post("/marriage/counselling/{counselling_id}/sessions", response=responses(CounsellingOut, 201),
             summary="登记一次辅导")
def add_session(request, counselling_id: int, payload: body(SessionIn)):
    counselling.add_session(request.user, counselling_id, payload)
    return Status(201, _counselling_out(selectors.get_counselling(request.user, counselling_id)))


@router.post("/marriage/counselling/{counselling_id}/close", response=responses(CounsellingOut),
             summary="结束辅导并登记结果")
def close_counselling(request, counselling_id: int, payload: body(CloseCounsellingIn)):
    counselling.close(request.user, counselling_id, payload)
    return _counselling_out(selectors.get_counselling(request.user, counselling_id))


@router.get("/marriage/statistics", response=responses(StatsOut),
            summary="婚姻登记统计：按月份、登记机关、登记类型；离婚申请的婚姻家庭辅导率")
def statistics(request, query: Query[StatsQuery]):
    selectors.require_view(request.user)
    registry = None
    if query.registry:
        registry = selectors.registry_by_code(request.user, query.registry)
        if registry is None:
            raise ValidationFailed.one("registry", f"婚姻登记机关“{query.registry}”不存在或不在您的管辖范围内")
    return selectors.statistics(request.user, query.year, registry)
