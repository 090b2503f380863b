"""Writes of the volunteers app, each one transaction with the role and region checked and an audit entry:
real-name registration (ID number and phone sealed to the row, blind-indexed, one registration per ID number),
organisations, stations, activities (insurance required for risky ones), service-hour records (the 10-working-day
rule of 《志愿服务记录与证明出具办法（试行）》 on the volunteer's calendar: a later entry is kept and flagged `late`),
and the certificate (free; its issue is audited because it prints personal data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from minzheng.core import audit, clock, crypto, idnumber, protected, regioncodes, roles, validation, workdays
from minzheng.core.errors import Conflict, FieldError, Forbidden, ValidationFailed
from minzheng.core.models import Region
from minzheng.volunteers import codes, policy, selectors
from minzheng.volunteers.models import Activity, Organisation, ServiceRecord, Station, Volunteer
from minzheng.volunteers.schemas import ActivityIn, HoursIn, OrganisationIn, StationIn, VolunteerIn

PERMISSION = "volunteers.record"


def _require(actor, message: str) -> None:
    if not roles.has_perm(actor, PERMISSION):
        raise Forbidden(message)


def own_region(actor, code: str, field: str = "region_code") -> str:
    if not regioncodes.in_subtree(code, actor.region_id):
        raise ValidationFailed.one(field, "区划应在您的辖区范围内")
    if not Region.objects.filter(code=code).exists():
        raise ValidationFailed.one(field, f"区划代码 {code} 不存在")
    return code


def _optional(actor, getter, pk, field: str):
    if pk is None:
        return None
    try:
        return getter(actor, pk)
    except Exception as exc:  # NotFound: a reference outside the region is an input error here
        if getattr(exc, "status", None) == 404:
            raise ValidationFailed.one(field, "所选记录不存在或不在您的辖区内") from None
        raise


def register(actor, data: dict[str, Any]) -> Volunteer:
    """实名注册 a volunteer; 409 when the ID number is already registered (anywhere: one person, one record)."""
    _require(actor, "您的角色不能登记志愿者")
    d = validation.validate(VolunteerIn, data)
    try:
        parsed = idnumber.parse(d.id_number)
    except idnumber.IdNumberError as exc:
        raise ValidationFailed.one("id_number", str(exc)) from None
    try:
        phone = crypto.normalize_phone(d.phone) if d.phone else None
    except crypto.PhoneError as exc:
        raise ValidationFailed.one("phone", str(exc)) from None
    own_region(actor, d.region_code)
    org = _optional(actor, selectors.get_organisation, d.organisation_id, "organisation_id")
    index = crypto.blind_index(parsed.number)
    with transaction.atomic():
        if Volunteer.objects.filter(id_number_index=index).exists():
            raise Conflict("该身份证号已注册为志愿者")
        row = Volunteer(name=d.name, sex=parsed.sex, birth_date=parsed.birth_date, id_number_index=index,
                        id_number_enc=protected.seal(Volunteer, "id_number_enc", parsed.number, index),
                        phone_enc=protected.seal(Volunteer, "phone_enc", phone, index),
                        phone_index=crypto.blind_index(phone), region_code=d.region_code, skills=d.skills,
                        categories=list(dict.fromkeys(d.categories)), organisation=org,
                        registered_on=clock.today(), registered_by=actor)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # registered meanwhile by someone else
            raise Conflict("该身份证号已注册为志愿者") from None
        audit.record(actor, audit.Event("create", "volunteer", row.pk, row.region_code, {
            "name": [None, row.name], "id_number": [None, row.id_number_masked],
            "phone": [None, row.phone_masked], "categories": [None, row.category_names]}))
    return row


def create_organisation(actor, data: dict[str, Any]) -> Organisation:
    _require(actor, "您的角色不能登记志愿服务组织")
    d = validation.validate(OrganisationIn, data)
    own_region(actor, d.region_code)
    with transaction.atomic():
        row = Organisation.objects.create(**d.model_dump())
        audit.record(actor, audit.Event("create", "volunteer_org", row.pk, row.region_code, {
            "name": [None, row.name], "kind": [None, codes.ORG_KINDS[row.kind]]}))
    return row


def create_station(actor, data: dict[str, Any]) -> Station:
    _require(actor, "您的角色不能登记志愿服务站点")
    d = validation.validate(StationIn, data)
    own_region(actor, d.region_code)
    org = _optional(actor, selectors.get_organisation, d.organisation_id, "organisation_id")
    with transaction.atomic():
        row = Station.objects.create(name=d.name, region_code=d.region_code, organisation=org, address=d.address,
                                     opened_on=d.opened_on)
        audit.record(actor, audit.Event("create", "volunteer_station", row.pk, row.region_code,
                                        {"name": [None, row.name]}))
    return row


def create_activity(actor, data: dict[str, Any]) -> Activity:
    """An activity; one with risk needs the personal-accident insurance over its dates (《志愿服务条例》第十七条)."""
    _require(actor, "您的角色不能登记志愿服务活动")
    d = validation.validate(ActivityIn, data)
    problems = []
    if d.ends_on < d.starts_on:
        problems.append(("ends_on", "结束日期不能早于开始日期"))
    problems += policy.insurance_problems(d.risky, d.insurer, d.policy_no, d.covered_from, d.covered_to,
                                          d.starts_on, d.ends_on)
    if problems:
        raise ValidationFailed([FieldError(f, m) for f, m in problems])
    own_region(actor, d.region_code)
    org = _optional(actor, selectors.get_organisation, d.organisation_id, "organisation_id")
    station = _optional(actor, selectors.get_station, d.station_id, "station_id")
    fields = d.model_dump(exclude={"organisation_id", "station_id"})
    with transaction.atomic():
        row = Activity.objects.create(**fields, organisation=org, station=station, created_by=actor)
        audit.record(actor, audit.Event("create", "volunteer_activity", row.pk, row.region_code, {
            "name": [None, row.name], "starts_on": [None, row.starts_on], "risky": [None, row.risky]}))
    return row


def record_hours(actor, volunteer_id, data: dict[str, Any]) -> ServiceRecord:
    """A service record for a volunteer. Entered later than 10 working days after the service day (the volunteer's
    calendar: State Council schedule plus local adjustments) it is kept and flagged `late` with the working days."""
    _require(actor, "您的角色不能记录志愿服务时长")
    volunteer = selectors.get_volunteer(actor, volunteer_id)
    d = validation.validate(HoursIn, data)
    today = clock.today()
    if d.date > today:
        raise ValidationFailed.one("date", f"服务日期不能晚于今天（{today}）")
    activity = _optional(actor, selectors.get_activity, d.activity_id, "activity_id")
    if activity is not None and not activity.starts_on <= d.date <= activity.ends_on:
        raise ValidationFailed.one("date", f"服务日期应在活动期间（{activity.starts_on} 至 {activity.ends_on}）")
    if volunteer.status != "active":
        raise Conflict("该志愿者已注销，不能再记录服务时长")
    late = policy.lateness(d.date, today, workdays.Calendar(volunteer.region_code))
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        that_day = ServiceRecord.objects.filter(volunteer=locked, served_on=d.date).aggregate(h=Sum("hours"))["h"]
        if (that_day or Decimal("0")) + d.hours > policy.MAX_HOURS_A_DAY:
            raise ValidationFailed.one("hours", f"该志愿者 {d.date} 的服务时长合计不能超过 24 小时")
        row = ServiceRecord.objects.create(
            volunteer=locked, region_code=locked.region_code, activity=activity, activity_name=d.activity,
            served_on=d.date, hours=d.hours, organiser=d.organiser, place=d.place, content=d.content,
            leader=d.leader, category=d.category or (activity.category if activity else ""), recorded_on=today,
            due_on=late.deadline, late=late.late, workdays_late=late.workdays_late, recorded_by=actor)
        Volunteer.objects.filter(pk=locked.pk).update(total_hours=F("total_hours") + d.hours)
        audit.record(actor, audit.Event("create", "volunteer_record", row.pk, row.region_code, {
            "volunteer": [None, locked.pk], "activity": [None, row.activity_name], "served_on": [None, row.served_on],
            "hours": [None, row.hours], "late": [None, row.late]}))
    return row


@dataclass
class Certificate:
    number: str
    name: str
    id_number_masked: str
    total_hours: Decimal
    stars: int
    first_date: dt.date | None
    last_date: dt.date | None
    records: list[dict]
    issuer: str
    issued_on: dt.date
    print_url: str = ""
    categories: str = ""


def issue_certificate(actor, volunteer_id) -> Certificate:
    """志愿服务记录证明: free; states the hours, the content and the recording unit (记录办法（试行）). The issue is
    audited as an export of the volunteer's data."""
    from django.urls import reverse

    volunteer = selectors.get_volunteer(actor, volunteer_id)
    today = clock.today()
    rows = list(selectors.records_of(actor, volunteer).order_by("served_on", "id"))
    total = sum((r.hours for r in rows), Decimal("0"))
    cert = Certificate(
        number=f"ZYZM-{volunteer.region_code[:6]}-{today:%Y%m%d}-{volunteer.pk}", name=volunteer.name,
        id_number_masked=volunteer.id_number_masked, total_hours=total,
        stars=policy.star(total, selectors.star_thresholds(volunteer.region_code, today)),
        first_date=rows[0].served_on if rows else None, last_date=rows[-1].served_on if rows else None,
        records=[{"activity": r.activity_name, "date": r.served_on, "hours": r.hours, "organiser": r.organiser,
                  "content": r.content or r.activity_name} for r in rows],
        issuer=selectors.region_name(actor.region_id) + "志愿服务记录单位", issued_on=today,
        print_url=reverse("volunteer_certificate", args=[volunteer.pk]), categories=volunteer.category_names)
    audit.record(actor, audit.Event("export", "volunteer", volunteer.pk, volunteer.region_code, {
        "print": [None, "certificate"], "number": [None, cert.number], "hours": [None, total]}))
    return cert


STAR_HEADER = ["适用区划", "生效日期", "星级", "累计服务时长（小时）", "依据"]


def load_star_rules(actor, rows: list[list[str]]) -> int:
    """Star thresholds from a file's rows (header STAR_HEADER; blank region = nationwide); all or nothing, every bad
    row reported (row numbers as the user sees them). Replaces rows with the same region, date and star."""
    from minzheng.volunteers.models import StarRule

    if actor is not None and not roles.has_perm(actor, "volunteers.rules"):
        raise Forbidden("您的角色不能设置志愿者星级标准")
    problems, parsed = [], []
    for n, row in enumerate(rows, start=2):
        cells = [*row, "", "", "", "", ""][:5]
        try:
            code = regioncodes.normalize(cells[0]) if cells[0] else ""
            day = dt.date.fromisoformat(cells[1])
            stars = int(cells[2])
            hours = Decimal(cells[3])
            if not 1 <= stars <= 5 or not Decimal("0") < hours < Decimal("100000") or not cells[4]:
                raise ValueError
        except (ValueError, ArithmeticError, regioncodes.RegionCodeError):
            problems.append(FieldError(f"第{n}行", "应为：区划代码（可空）、生效日期 YYYY-MM-DD、星级 1–5、时长、依据"))
            continue
        parsed.append(StarRule(region_code=code, effective_from=day, stars=stars, hours=hours, source=cells[4]))
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        for rule in parsed:
            StarRule.objects.update_or_create(region_code=rule.region_code, effective_from=rule.effective_from,
                                              stars=rule.stars, defaults={"hours": rule.hours,
                                                                          "source": rule.source})
        audit.record(actor, audit.Event("import", "volunteer_star_rule", "", "", {"rows": [None, len(parsed)]}))
    return len(parsed)


# ---- volunteers on other apps' visits ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitFacts:
    """What another app tells about one of its visits (the volunteers app cannot read other apps' tables)."""

    source: str  # codes.VISIT_SOURCES
    source_id: int
    served_on: dt.date
    activity: str  # e.g. "儿童走访：张小明"
    organiser: str
    category: str = ""  # codes.CATEGORIES
    content: str = ""


def sync_visit(actor, visit: VisitFacts, hours_by_volunteer: dict[int, Decimal]) -> list[ServiceRecord]:
    """Make the service records of `visit` be exactly one per volunteer in `hours_by_volunteer` (id → hours):
    new volunteers get a record (the 10-working-day rule applies as for any record), changed hours are updated,
    volunteers no longer named lose theirs — and `total_hours` moves by the difference only, so saving the same
    visit again never counts its hours twice. Call it inside the visit's own transaction; one audit entry."""
    if visit.source not in codes.VISIT_SOURCES:
        raise ValueError(visit.source)
    existing = {r.volunteer_id: r for r in ServiceRecord.objects.select_for_update().filter(
        source=visit.source, source_id=visit.source_id)}
    if not hours_by_volunteer and not existing:
        return []
    _require(actor, "您的角色不能记录志愿服务时长")
    wanted = {}
    for vid, hours in hours_by_volunteer.items():
        if not Decimal("0") < hours <= policy.MAX_HOURS_A_DAY or hours != hours.quantize(Decimal("0.1")):
            raise ValidationFailed.one("volunteer_hours", "志愿服务时长应大于 0、不超过 24 小时，最多一位小数")
        wanted[vid] = hours
    visible = {v.pk: v for v in selectors.volunteers_for(actor).filter(pk__in=[v for v in wanted if v not in existing])}
    unknown = [v for v in wanted if v not in existing and v not in visible]
    if unknown:
        raise ValidationFailed.one("volunteer_ids", "所选志愿者不存在或不在您的辖区内")
    inactive = [v.name for v in visible.values() if v.status != "active"]
    if inactive:
        raise ValidationFailed.one("volunteer_ids", f"志愿者 {'、'.join(inactive)} 已注销")
    today = clock.today()
    if visit.served_on > today:
        raise ValidationFailed.one("visited_on", f"服务日期不能晚于今天（{today}）")
    changes, out, deltas = {}, [], {}
    for vid, row in existing.items():
        if vid not in wanted:
            deltas[vid] = deltas.get(vid, Decimal("0")) - row.hours
            changes[str(vid)] = [str(row.hours), None]
            row.delete()
    for vid, hours in wanted.items():
        row = existing.get(vid)
        if row is not None:
            if row.hours != hours or row.served_on != visit.served_on:
                deltas[vid] = deltas.get(vid, Decimal("0")) + hours - row.hours
                changes[str(vid)] = [str(row.hours), str(hours)]
                row.hours, row.served_on, row.activity_name = hours, visit.served_on, visit.activity
                row.save(update_fields=["hours", "served_on", "activity_name"])
            out.append(row)
            continue
        volunteer = visible[vid]
        others = (ServiceRecord.objects.filter(volunteer_id=vid, served_on=visit.served_on)
                  .aggregate(h=Sum("hours"))["h"] or Decimal("0"))
        if others + hours > policy.MAX_HOURS_A_DAY:
            raise ValidationFailed.one("volunteer_hours",
                                       f"志愿者 {volunteer.name} {visit.served_on} 的服务时长合计不能超过 24 小时")
        late = policy.lateness(visit.served_on, today, workdays.Calendar(volunteer.region_code))
        out.append(ServiceRecord.objects.create(
            volunteer=volunteer, region_code=volunteer.region_code, activity_name=visit.activity,
            served_on=visit.served_on, hours=hours, organiser=visit.organiser, content=visit.content,
            category=visit.category, recorded_on=today, due_on=late.deadline, late=late.late,
            workdays_late=late.workdays_late, recorded_by=actor, source=visit.source, source_id=visit.source_id))
        deltas[vid] = deltas.get(vid, Decimal("0")) + hours
        changes[str(vid)] = [None, str(hours)]
    for vid, delta in deltas.items():
        if delta:
            Volunteer.objects.filter(pk=vid).update(total_hours=F("total_hours") + delta)
    if changes:
        audit.record(actor, audit.Event("visit_volunteers", "volunteer_record", f"{visit.source}:{visit.source_id}",
                                        actor.region_id, {"visit": [None, visit.activity],
                                                          "served_on": [None, visit.served_on], **changes}))
    return out
