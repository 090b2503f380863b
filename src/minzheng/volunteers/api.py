"""Volunteer endpoints (/api/v1/volunteers…): real-name registration, the register, one volunteer, service-hour
records (`late: true` when entered past 10 working days), the certificate, activities. Lists are paged and take the
pages' filters (the same Chinese 422); writes check the role (403) and the record (404) before the body (422)."""


from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from minzheng.core import clock
from minzheng.core.api_auth import requires
from minzheng.core.api_schemas import Page, responses
from minzheng.core.validation import Field, Id
from minzheng.volunteers import filters, policy, selectors, services
from minzheng.volunteers.schemas import (
    ActivityIn,
    ActivityOut,
    CertificateOut,
    HoursIn,
    RecordOut,
    VolunteerIn,
    VolunteerOut,
)

router = Router(tags=["volunteers"])


class VolunteerQuery(Schema):
    name: str = Field("", description="姓名（包含）")
    id_number: str = Field("", description="身份证号")
    category: str = Field("", description="服务类别代码")
    status: str = Field("", description="active、withdrawn")
    region_code: str = Field("", description="区划代码（含下级）")


class RecordQuery(Schema):
    late: str = Field("", description="1 = 只看逾期补录；0 = 按时记录")


class ActivityQuery(Schema):
    name: str = Field("", description="活动名称（包含）")
    category: str = Field("", description="服务类别代码")
    risky: str = Field("", description="1 = 有人身风险")
    region_code: str = Field("", description="区划代码（含下级）")


class VolunteerPage(Page):
    """Pages of volunteers with each one's star level (thresholds read once per region)."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        out = super().paginate_queryset(queryset, pagination, request, **params)
        items, today, cache = list(out["items"]), clock.today(), {}
        for v in items:
            thresholds = cache.get(v.region_code) or cache.setdefault(
                v.region_code, selectors.star_thresholds(v.region_code, today))
            v.stars = policy.star(v.total_hours, thresholds)
        return {**out, "items": items}


@router.get("/volunteers", response=responses(list[VolunteerOut]), summary="志愿者（本辖区；证件号、联系方式脱敏）")
@paginate(VolunteerPage)
def list_volunteers(request, query: Query[VolunteerQuery]):
    return filters.apply(filters.VolunteerFilters, request.GET, selectors.volunteers_for(request.user),
                         request.user).order_by("region_code", "name", "id")


@router.post("/volunteers", auth=requires("volunteers.record"), response=responses(VolunteerOut, 201),
             summary="志愿者实名注册（姓名、身份证号、联系方式、居住区域；同一身份证号只注册一次）")
def register_volunteer(request, body: VolunteerIn):
    row = services.register(request.user, body.model_dump())
    return Status(201, selectors.volunteer_detail(request.user, row.pk))


@router.get("/volunteers/{volunteer_id}", response=responses(VolunteerOut), summary="一名志愿者")
def get_volunteer(request, volunteer_id: Id):
    return selectors.volunteer_detail(request.user, volunteer_id)


@router.get("/volunteers/{volunteer_id}/hours", response=responses(list[RecordOut]), summary="志愿者的服务记录")
@paginate(Page)
def list_hours(request, volunteer_id: Id, query: Query[RecordQuery]):
    volunteer = selectors.get_volunteer(request.user, volunteer_id)
    return filters.apply(filters.RecordFilters, request.GET, selectors.records_of(request.user, volunteer),
                         request.user)


@router.post("/volunteers/{volunteer_id}/hours",
             auth=requires("volunteers.record", found=("volunteer_id", selectors.get_volunteer)),
             response=responses(RecordOut, 201),
             summary="记录志愿服务时长（活动后 10 个工作日内；逾期录入的保留并标记 late: true）")
def record_hours(request, volunteer_id: Id, body: HoursIn):
    return Status(201, services.record_hours(request.user, volunteer_id, body.model_dump()))


@router.get("/volunteers/{volunteer_id}/certificate", response=responses(CertificateOut),
            summary="志愿服务记录证明（免费出具；print_url 为可打印页面）")
def certificate(request, volunteer_id: Id):
    return services.issue_certificate(request.user, volunteer_id)


@router.get("/volunteer-activities", response=responses(list[ActivityOut]), summary="志愿服务活动")
@paginate(Page)
def list_activities(request, query: Query[ActivityQuery]):
    return filters.apply(filters.ActivityFilters, request.GET, selectors.activities_for(request.user),
                         request.user).order_by("-starts_on", "-id")


@router.post("/volunteer-activities", auth=requires("volunteers.record"), response=responses(ActivityOut, 201),
             summary="登记志愿服务活动（有人身风险的须填写意外伤害保险）")
def add_activity(request, body: ActivityIn):
    return Status(201, services.create_activity(request.user, body.model_dump()))
