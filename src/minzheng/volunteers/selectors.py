"""Scoped reads of the volunteers app: volunteers (list, one, by ID number, choices for other apps' visit forms),
service records, activities, organisations and stations, the star thresholds in force, the figures by region.
Reads go through `Model.objects.visible_to(user)`; outside it a record is a 404; a role without the view
permission gets 403."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from minzheng.core import crypto, idnumber, regioncodes, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.core.models import Region
from minzheng.volunteers import policy
from minzheng.volunteers.models import Activity, Organisation, ServiceRecord, StarRule, Station, Volunteer

VIEW = "volunteers.view"


def require_view(user) -> None:
    if not roles.has_perm(user, VIEW):
        raise Forbidden("您的角色无权查看志愿服务信息")


def volunteers_for(user) -> QuerySet[Volunteer]:
    require_view(user)
    return Volunteer.objects.visible_to(user).select_related("organisation")


def get_volunteer(user, pk) -> Volunteer:
    found = volunteers_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def volunteer_by_id_number(user, number: str) -> Volunteer | None:
    """The volunteer with this ID number in the user's region (blind index; None if absent or malformed)."""
    try:
        parsed = idnumber.parse(number)
    except idnumber.IdNumberError:
        return None
    return volunteers_for(user).filter(id_number_index=crypto.blind_index(parsed.number)).first()


def volunteer_choices(user, region_code: str = "") -> QuerySet[Volunteer]:
    """Active volunteers a visit form may name (other apps point at `volunteers.Volunteer`): in the user's region,
    narrowed to `region_code`'s subtree."""
    return volunteers_for(user).filter(status="active").within(region_code, "region_code").order_by("name", "id")


def records_for(user) -> QuerySet[ServiceRecord]:
    require_view(user)
    return ServiceRecord.objects.visible_to(user).select_related("volunteer")


def records_of(user, volunteer: Volunteer) -> QuerySet[ServiceRecord]:
    return records_for(user).filter(volunteer=volunteer).order_by("-served_on", "-id")


def activities_for(user) -> QuerySet[Activity]:
    require_view(user)
    return Activity.objects.visible_to(user).select_related("organisation", "station")


def get_activity(user, pk) -> Activity:
    found = activities_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def organisations_for(user) -> QuerySet[Organisation]:
    require_view(user)
    return Organisation.objects.visible_to(user)


def get_organisation(user, pk) -> Organisation:
    found = organisations_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def stations_for(user) -> QuerySet[Station]:
    require_view(user)
    return Station.objects.visible_to(user).select_related("organisation")


def get_station(user, pk) -> Station:
    found = stations_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def _ancestors(code: str) -> list[str]:
    """The code, its ancestors, and "" (rules for the whole country)."""
    out, current = [], code
    while current:
        out.append(current)
        current = regioncodes.parent_code(current)
    return [*out, ""]


def _depth(code: str) -> int:
    return len(regioncodes.prefix(code)) if code else 0


def star_thresholds(region_code: str, on: dt.date) -> tuple[tuple[int, Decimal], ...]:
    """The star thresholds in force for a region on a day: the most specific region's latest rows; none entered →
    the bundled 示例 (policy.EXAMPLE_STARS)."""
    rows = list(StarRule.objects.filter(region_code__in=_ancestors(region_code), effective_from__lte=on)
                .values_list("region_code", "effective_from", "stars", "hours"))
    if not rows:
        return policy.EXAMPLE_STARS
    best = max((_depth(r[0]), r[1]) for r in rows)
    return tuple((s, h) for code, day, s, h in rows if (_depth(code), day) == best)


def stars_of(volunteer: Volunteer, on: dt.date) -> int:
    return policy.star(volunteer.total_hours, star_thresholds(volunteer.region_code, on))


def region_name(code: str) -> str:
    region = Region.objects.filter(code=code).first()
    return region.full_name() if region else code


def figures(user, region_code: str = "") -> dict:
    """Volunteers in the register, hours recorded, late records, stations — for a region (the user's subtree)."""
    vols = volunteers_for(user).within(region_code, "region_code")
    recs = records_for(user).within(region_code, "region_code")
    agg = recs.aggregate(hours=Sum("hours"), n=Count("id"))
    return {"volunteers": vols.filter(status="active").count(), "records": agg["n"] or 0,
            "hours": agg["hours"] or Decimal("0"), "late": recs.filter(late=True).count(),
            "stations": stations_for(user).within(region_code, "region_code").filter(closed_on__isnull=True).count()}


def volunteer_detail(user, pk) -> Volunteer:
    """One volunteer for the detail page and the API, with the star level of today's thresholds."""
    from minzheng.core import clock
    from minzheng.volunteers import codes

    row = get_volunteer(user, pk)
    row.stars = stars_of(row, clock.today())
    row.star_label = codes.STAR_LABELS[row.stars]
    return row


def visit_records(user, source: str, source_id: int) -> QuerySet[ServiceRecord]:
    """The service records made from another app's visit (services.sync_visit): who went and their hours."""
    return records_for(user).filter(source=source, source_id=source_id).order_by("volunteer__name", "id")
