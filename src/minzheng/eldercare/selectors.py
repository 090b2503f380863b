"""Scoped reads of 养老服务. Every read goes through `Model.objects.visible_to(user)`; a role without
`eldercare.view` is refused (403) before anything is looked up, a record outside the user's region is a 404.

Institutions are assistance's register (assistance.models.Institution) with this app's profile, residents,
gradings and inspections beside it; 特困 集中供养 placements are read from assistance as they are."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from minzheng.assistance.models import Institution, Placement
from minzheng.core import clock, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.eldercare import codes
from minzheng.eldercare.models import (
    Alarm,
    Attendance,
    CareWorker,
    DayCenter,
    Device,
    FamilyBed,
    Grading,
    Inspection,
    InspectionRound,
    MealPoint,
    MealRecord,
    Order,
    Provider,
    Quota,
    Resident,
    ServiceItem,
    Settlement,
    SettlementLine,
)
from minzheng.eldercare.policy import beds as bed_policy
from minzheng.eldercare.policy import oversight

VIEW = "eldercare.view"


def require(user, perm: str = VIEW, message: str = "您的角色无权查看养老服务信息") -> None:
    if not roles.has_perm(user, perm):
        raise Forbidden(message)


def _one(qs, pk):
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def _scoped(model, user, action: str = "view") -> QuerySet:
    require(user)
    return model.objects.visible_to(user, action)


def ancestors(code: str) -> list[str]:
    """The region codes above `code` (township, county, city, province)."""
    from minzheng.core import regioncodes

    out, parent = [], regioncodes.parent_code(code)
    while parent:
        out.append(parent)
        parent = regioncodes.parent_code(parent)
    return out


def _serving(model, user) -> QuerySet:
    """Organisations serving the user's area: those in the user's subtree (the scoping rule) and those registered
    at a level above it (a township's or the county's provider serves every village below). Not people's data:
    names, prices and masked contact numbers."""
    require(user)
    return model.objects.visible_to(user) | model.objects.filter(region_code__in=ancestors(user.region_id))


# ---- institutions ----------------------------------------------------------------------------------------------------


def _latest_level():
    return Subquery(Grading.objects.filter(institution=OuterRef("pk")).order_by("-assessed_on", "-id")
                    .values("level")[:1], output_field=IntegerField())


def institutions_for(user) -> QuerySet[Institution]:
    """The register (assistance's institutions) with the profile, open residents and the latest grade level."""
    require(user)
    open_residents = Subquery(Resident.objects.filter(institution=OuterRef("pk"), discharged_on__isnull=True)
                              .values("institution").annotate(n=Count("id")).values("n")[:1],
                              output_field=IntegerField())
    open_placements = Subquery(Placement.objects.filter(institution=OuterRef("pk"), to_on__isnull=True)
                               .values("institution").annotate(n=Count("id")).values("n")[:1],
                               output_field=IntegerField())
    return (Institution.objects.visible_to(user).select_related("eldercare_profile")
            .annotate(residents=Coalesce(open_residents, Value(0)),
                      placements_open=Coalesce(open_placements, Value(0)),
                      level=Coalesce(_latest_level(), Value(0))))


def get_institution(user, pk) -> Institution:
    return _one(institutions_for(user), pk)


def institution_choices(user) -> list[tuple[int, str]]:
    return list(institutions_for(user).filter(active=True).order_by("name").values_list("id", "name"))


def residents_for(user) -> QuerySet[Resident]:
    return _scoped(Resident, user).select_related("person", "institution")


def residents_of(user, institution) -> QuerySet[Resident]:
    return residents_for(user).filter(institution=institution).order_by("discharged_on", "-admitted_on", "-id")


def get_resident(user, pk) -> Resident:
    return _one(residents_for(user), pk)


def placements_of(user, institution) -> QuerySet[Placement]:
    """特困 集中供养 placements in the institution (assistance's records, read as they are)."""
    require(user)
    return (Placement.objects.visible_to(user).filter(institution=institution).select_related("person")
            .order_by("to_on", "-from_on"))


def open_placement(person_id: int, institution_id: int) -> Placement | None:
    """Unscoped (for services): the person's open placement in the institution."""
    return Placement.objects.filter(person_id=person_id, institution_id=institution_id, to_on__isnull=True).first()


def workers_for(user) -> QuerySet[CareWorker]:
    return _serving(CareWorker, user).select_related("institution", "provider")


def workers_of(user, institution=None, provider=None) -> QuerySet[CareWorker]:
    qs = workers_for(user)
    return qs.filter(institution=institution) if institution is not None else qs.filter(provider=provider)


def worker_choices(user, provider_id: int) -> list[tuple[int, str]]:
    return list(workers_for(user).filter(provider_id=provider_id, left_on__isnull=True).order_by("name")
                .values_list("id", "name"))


def gradings_for(user) -> QuerySet[Grading]:
    return _scoped(Grading, user).select_related("institution")


def latest_grading(institution_id: int) -> Grading | None:
    return Grading.objects.filter(institution_id=institution_id).order_by("-assessed_on", "-id").first()


def beds_summary(user) -> dict:
    """Capacity by bed type and nursing-type share over the institutions the user sees."""
    from django.db.models import Sum

    rows = institutions_for(user).filter(active=True).aggregate(
        nursing=Coalesce(Sum("eldercare_profile__beds_nursing"), 0),
        dementia=Coalesce(Sum("eldercare_profile__beds_dementia"), 0),
        general=Coalesce(Sum("eldercare_profile__beds_general"), 0), total=Coalesce(Sum("beds"), 0))
    return rows


# ---- inspections and credit ------------------------------------------------------------------------------------------


def rounds_for(user) -> QuerySet[InspectionRound]:
    return _scoped(InspectionRound, user).annotate(drawn=Count("inspections"))


def get_round(user, pk) -> InspectionRound:
    return _one(rounds_for(user), pk)


def inspections_for(user) -> QuerySet[Inspection]:
    return _scoped(Inspection, user).select_related("institution", "round")


def inspections_of_round(user, round_) -> QuerySet[Inspection]:
    return inspections_for(user).filter(round=round_).order_by("institution__name")


def inspections_of_institution(user, institution) -> QuerySet[Inspection]:
    return inspections_for(user).filter(institution=institution).order_by("-round__drawn_on", "-id")


def get_inspection(user, pk) -> Inspection:
    return _one(inspections_for(user), pk)


def inspector_choices(user) -> list[tuple[int, str]]:
    """Staff of the user's county who may inspect (township and county officers of the subtree)."""
    from django.contrib.auth import get_user_model

    from minzheng.core import regioncodes

    require(user)
    User = get_user_model()
    qs = (User.objects.filter(is_active=True, role__in=(roles.TOWNSHIP, roles.COUNTY))
          .filter(**regioncodes.subtree_lookup("region_id", user.region_prefix)).order_by("username"))
    return [(u.pk, u.full_name or u.username) for u in qs[:500]]


def credit_rows(user, today: dt.date | None = None, years: int = 2) -> QuerySet[Institution]:
    """The institutions the user sees with their inspection counts over the last `years` (findings, overdue
    rectifications, serious ones overdue, vetoes found): `credit_of(row)` gives the level (policy.oversight)."""
    today = today or clock.today()
    since = today.replace(year=today.year - years)
    recent = Q(inspected_on__gte=since) & ~Q(result__in=("", "pass"))
    overdue = recent & Q(rectified_on__isnull=True, rectify_by__lt=today)

    def count(condition):
        return Coalesce(Subquery(Inspection.objects.filter(condition, institution=OuterRef("pk"))
                                 .values("institution").annotate(n=Count("id")).values("n")[:1],
                                 output_field=IntegerField()), Value(0))

    return institutions_for(user).annotate(
        findings=count(recent), overdue=count(overdue), serious_overdue=count(overdue & Q(result="serious")),
        vetoes=count(Q(inspected_on__gte=since, veto_found=True)))


def credit_of(row) -> str:
    return oversight.credit_from_counts(row.findings, row.overdue, row.serious_overdue, row.vetoes)


def flagged(qs) -> QuerySet:
    """Rows whose credit level is 重点关注 or 失信 (the list published)."""
    return qs.filter(Q(overdue__gt=0) | Q(vetoes__gt=0))


# ---- home and community care ---------------------------------------------------------------------------------------


def providers_for(user) -> QuerySet[Provider]:
    return _serving(Provider, user)


def get_provider(user, pk) -> Provider:
    return _one(providers_for(user), pk)


def provider_choices(user) -> list[tuple[int, str]]:
    return list(providers_for(user).filter(active=True).order_by("name").values_list("id", "name"))


def items_for(user) -> QuerySet[ServiceItem]:
    return _serving(ServiceItem, user).select_related("provider")


def item_choices(user) -> list[tuple[int, str]]:
    return [(pk, f"{provider}·{name}（{price / 100:.2f} 元/{codes.ITEM_UNITS[unit]}）")
            for pk, provider, name, price, unit in items_for(user).filter(active=True, provider__active=True)
            .order_by("provider__name", "name").values_list("id", "provider__name", "name", "price_fen", "unit")]


def quotas_for(user) -> QuerySet[Quota]:
    return _scoped(Quota, user).select_related("person")


def orders_for(user) -> QuerySet[Order]:
    return _scoped(Order, user).select_related("person", "provider", "item", "worker")


def get_order(user, pk) -> Order:
    return _one(orders_for(user), pk)


def settlements_for(user) -> QuerySet[Settlement]:
    return _scoped(Settlement, user).select_related("provider")


def get_settlement(user, pk) -> Settlement:
    return _one(settlements_for(user), pk)


def lines_of(user, settlement) -> QuerySet[SettlementLine]:
    return (_scoped(SettlementLine, user).filter(settlement=settlement).select_related("person")
            .order_by("region_code", "person_id"))


def meal_points_for(user) -> QuerySet[MealPoint]:
    return _serving(MealPoint, user).select_related("provider")


def get_meal_point(user, pk) -> MealPoint:
    return _one(meal_points_for(user), pk)


def meal_records_for(user) -> QuerySet[MealRecord]:
    return _scoped(MealRecord, user).select_related("point")


def day_centers_for(user) -> QuerySet[DayCenter]:
    return _serving(DayCenter, user).select_related("provider")


def get_day_center(user, pk) -> DayCenter:
    return _one(day_centers_for(user), pk)


def attendance_for(user) -> QuerySet[Attendance]:
    return _scoped(Attendance, user).select_related("center", "person")


# ---- family care beds ----------------------------------------------------------------------------------------------


def beds_for(user, month: dt.date | None = None) -> QuerySet[FamilyBed]:
    """Beds with the service visits of `month` (this month by default): orders on the bed checked out that month."""
    start, _ = bed_policy.month_bounds(month or clock.today())
    visits = Subquery(Order.objects.filter(bed=OuterRef("pk"), service_month=start,
                                           state__in=("done", "confirmed", "settled"))
                      .values("bed").annotate(n=Count("id")).values("n")[:1], output_field=IntegerField())
    return (_scoped(FamilyBed, user).select_related("person", "provider")
            .annotate(visits=Coalesce(visits, Value(0))))


def get_bed(user, pk) -> FamilyBed:
    return _one(beds_for(user), pk)


def bed_by_token(user, token: str) -> FamilyBed:
    """The bed a scanned label names (404 for an unknown token or a bed outside the user's region)."""
    if not token or len(token) > 40:
        raise NotFound()
    found = beds_for(user).filter(token=token).first()
    if found is None:
        raise NotFound()
    return found


def bed_orders(user, bed) -> QuerySet[Order]:
    return orders_for(user).filter(bed=bed).order_by("-scheduled_on", "-id")


def beds_short_of_visits(user, month: dt.date) -> QuerySet[FamilyBed]:
    from django.db.models import F

    return beds_for(user, month).filter(state="active", visits__lt=F("required_visits"))


# ---- alarms --------------------------------------------------------------------------------------------------------


def devices_for(user) -> QuerySet[Device]:
    return _scoped(Device, user).select_related("person", "provider")


def alarms_for(user) -> QuerySet[Alarm]:
    return _scoped(Alarm, user).select_related("device", "person", "provider", "acknowledged_by")


def get_alarm(user, pk) -> Alarm:
    return _one(alarms_for(user), pk)


def open_alarm_count(user) -> int:
    return alarms_for(user).filter(~Q(state="closed")).count() if roles.has_perm(user, VIEW) else 0


def device_by_serial(serial: str) -> Device | None:
    """Unscoped: the intake finds the device before it can check anything else (the signature is the check)."""
    return Device.objects.filter(serial=serial).select_related("bed").first()
