"""Special-care endpoints (/api/v1/specialcare/…): the register (list, register by ID number, end), certifications,
光荣院 residents, the kernel case of a person's category, the annual adjustment and the timely-payment rate. Bodies
are validated by the services after the role check."""

from __future__ import annotations

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from minzheng.benefits.schemas.fields import body
from minzheng.core import clock
from minzheng.core.api_schemas import Page, responses
from minzheng.core.pages.filters import filter_errors_to_validation
from minzheng.core.validation import Integer
from minzheng.specialcare import filters, selectors, services
from minzheng.specialcare.schemas import (
    AdjustIn,
    AdjustOut,
    ApplyIn,
    CaseRefOut,
    CertificationOut,
    CertifyIn,
    EntitledOut,
    EntitledRegisterIn,
    EntitlementEndIn,
    HardshipOut,
    MedicalClaimIn,
    MedicalClaimOut,
    ResidentIn,
    ResidentOut,
    TimelyOut,
)
from minzheng.specialcare.services import care

router = Router(tags=["specialcare"])


def _filtered(filterset_class, request, queryset, ordering):
    fs = filterset_class(request.GET, queryset=queryset, user=request.user)
    if not fs.is_valid():
        raise filter_errors_to_validation(fs)
    return fs.qs.order_by(*ordering)


@router.get("/specialcare/persons", response=responses(list[EntitledOut]), summary="优抚对象名册")
@paginate(Page)
def list_entitled(request):
    return _filtered(filters.EntitledFilters, request, selectors.entitled_for(request.user),
                     ("region_code", "category", "id"))


@router.post("/specialcare/persons", response=responses(EntitledOut, 201),
             summary="登记优抚对象（按身份证号与统一库核验；乡镇、县级）")
def add_entitled(request, payload: body(EntitledRegisterIn)):
    return Status(201, services.register(request.user, payload))


@router.post("/specialcare/persons/{entitled_id}/end", response=responses(EntitledOut),
             summary="注销优抚对象（其待遇次月起停发：县级）")
def end_entitled(request, entitled_id: int, payload: body(EntitlementEndIn)):
    return services.end(request.user, entitled_id, payload)


@router.get("/specialcare/certifications", response=responses(list[CertificationOut]), summary="年度确认")
@paginate(Page)
def list_certifications(request):
    return _filtered(filters.CertificationFilters, request, selectors.certifications_for(request.user),
                     ("-year", "id"))


@router.post("/specialcare/certifications", response=responses(CertificationOut, 201), summary="登记年度确认")
def add_certification(request, payload: body(CertifyIn)):
    return Status(201, services.certify(request.user, payload))


@router.get("/specialcare/residents", response=responses(list[ResidentOut]), summary="光荣院在院人员")
@paginate(Page)
def list_residents(request):
    return _filtered(filters.ResidentFilters, request, selectors.residents_for(request.user), ("home", "id"))


@router.post("/specialcare/residents", response=responses(ResidentOut, 201), summary="光荣院入院")
def add_resident(request, payload: body(ResidentIn)):
    return Status(201, services.admit(request.user, payload))


@router.post("/specialcare/cases", response=responses(CaseRefOut, 201),
             summary="优抚待遇申请（按类别：抚恤金、定期生活补助、义务兵家庭优待金；按救助案件办理）")
def add_case(request, payload: body(ApplyIn)):
    case = services.apply(request.user, payload)
    return Status(201, CaseRefOut(case_id=case.pk, program=case.program))


@router.post("/specialcare/adjustments", response=responses(AdjustOut),
             summary="年度标准调整：按新标准重算，提高的自生效月起增发（已发月份由名册补发差额；县级、市级）")
def adjust(request, payload: body(AdjustIn)):
    return services.adjust(request.user, payload)


class TimelyQuery(Schema):
    year: Integer(2000, 2100) = Field(None, description="年度（默认今年）")


@router.get("/specialcare/timely-rate", response=responses(TimelyOut), summary="优抚资金按时足额发放率")
def timely_rate(request, q: Query[TimelyQuery]):
    return selectors.timely(request.user, q.year or clock.today().year)


@router.get("/specialcare/medical-claims", response=responses(list[MedicalClaimOut]), summary="优抚对象医疗补助")
@paginate(Page)
def list_claims(request):
    return _filtered(filters.ClaimFilters, request, selectors.claims_for(request.user), ("-id",))


@router.post("/specialcare/medical-claims", response=responses(MedicalClaimOut, 201),
             summary="登记优抚对象医疗补助（按类别比例、年度封顶；按救助案件一次性发放）")
def add_claim(request, payload: body(MedicalClaimIn)):
    return Status(201, care.claim_medical(request.user, payload))


@router.get("/specialcare/hardships", response=responses(list[HardshipOut]), summary="“三难”帮扶")
@paginate(Page)
def list_hardships(request):
    return _filtered(filters.HardshipFilters, request, selectors.hardships_for(request.user), ("-found_on", "-id"))
