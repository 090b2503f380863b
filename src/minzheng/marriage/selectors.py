"""Scoped reads of the marriage registry: registries, registrations (search by name, certificate number or ID
number through the blind index), refusals, divorce applications (with their status today) and who is due,
counselling and its share, appointments and free places, statistics by month, registry and type.

The registration checks read the whole register (全国婚姻基础信息库: a person married anywhere is married here),
not the caller's region: `married`, `marriage_between`, `marriage_by_certificate`, `kinship` are used by the
services only and return no personal data."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from minzheng.core import clock, crypto, idnumber, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.marriage import codes, policy
from minzheng.marriage.models import (
    Appointment,
    Counselling,
    CounsellingSession,
    DivorceApplication,
    Refusal,
    Registration,
    Registry,
    Reminder,
    SlotCapacity,
    Spouse,
)
from minzheng.registry.models import Membership, Person

VIEW = "marriage.view"
DUE_DAYS = 7  # the inbox lists applications whose appearance deadline is within this many days


def require_view(user) -> None:
    if not roles.has_perm(user, VIEW):
        raise Forbidden("您的角色无权查看婚姻登记")


def _get(qs: QuerySet, pk):
    row = qs.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


# ---- registries ------------------------------------------------------------------------------------------------------


def registries_for(user) -> QuerySet[Registry]:
    require_view(user)
    return Registry.objects.visible_to(user).order_by("code")


def registry_by_code(user, code: str) -> Registry | None:
    return Registry.objects.visible_to(user).filter(code=code, active=True).first() if user is not None else \
        Registry.objects.filter(code=code).first()


def registry_choices(user) -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in Registry.objects.visible_to(user).filter(active=True).order_by("code")]


def capacity_rules(registry_id: int) -> list[policy.CapacityRule]:
    return [policy.CapacityRule(slot=s, capacity=c, day=d, weekday=w, effective_from=e)
            for s, c, d, w, e in SlotCapacity.objects.filter(registry_id=registry_id).values_list(
                "slot", "capacity", "day", "weekday", "effective_from")]


def capacity_rows(user) -> QuerySet[SlotCapacity]:
    require_view(user)
    return SlotCapacity.objects.visible_to(user).select_related("registry")


# ---- registrations ---------------------------------------------------------------------------------------------------


def registrations_for(user) -> QuerySet[Registration]:
    require_view(user)
    return Registration.objects.visible_to(user).select_related("registry")


def get_registration(user, pk) -> Registration:
    return _get(registrations_for(user), pk)


def search(user, text: str) -> QuerySet[Registration]:
    """The registry's search box: an ID number (through the blind index), a certificate number, or a name."""
    qs = registrations_for(user)
    text = (text or "").strip()
    if not text:
        return qs.none()
    try:
        number = idnumber.parse(text).number
    except idnumber.IdNumberError:
        number = None
    if number:
        index = crypto.blind_index(number)
        return qs.filter(Q(id_a_index=index) | Q(id_b_index=index))
    if text[:1] in ("J", "L", "B") and "-" in text:
        return qs.filter(certificate_no=text)
    return qs.filter(Q(name_a=text) | Q(name_b=text))


def married(index: str) -> bool:
    """A marriage in force anywhere in the register (one unique-index read)."""
    return Spouse.objects.filter(id_index=index).exists()


def marriage_between(index_a: str, index_b: str) -> Registration | None:
    spouse = Spouse.objects.filter(id_index=index_a).select_related("marriage").first()
    if spouse is None:
        return None
    m = spouse.marriage
    return m if {m.id_a_index, m.id_b_index} == {index_a, index_b} else None


def marriage_by_certificate(number: str) -> Registration | None:
    m = Registration.objects.filter(certificate_no=(number or "").strip()).first()
    if m is not None and m.kind == "reissue":  # a reissued certificate names the same marriage
        m = m.marriage
    return m if m is not None and m.kind == "marriage" else None


def person_ids_by_index(indexes: list[str]) -> dict[str, int]:
    return dict(Person.objects.filter(id_number_index__in=indexes).values_list("id_number_index", "pk"))


def kinship(index_a: str, index_b: str) -> str:
    """Prohibited kinship shown by the registry's households (民法典第1048条), where the registry knows both people:
    two members of one household (now or before) whose relations to the head make them 直系血亲 or 三代以内旁系血亲.
    Returns a description, or "" when the registry shows none."""
    persons = person_ids_by_index([index_a, index_b])
    if len(persons) < 2:
        return ""
    pa, pb = persons[index_a], persons[index_b]
    rel: dict[int, dict[int, str]] = defaultdict(dict)
    for hh, person, relation in Membership.objects.filter(person_id__in=[pa, pb]).values_list(
            "household_id", "person_id", "relation"):
        rel[hh][person] = relation
    for both in rel.values():
        if pa in both and pb in both:
            found = policy.prohibited_kinship(both[pa], both[pb])
            if found:
                return found
    return ""


def refusals_for(user) -> QuerySet[Refusal]:
    require_view(user)
    return Refusal.objects.visible_to(user).select_related("registry")


# ---- divorce applications --------------------------------------------------------------------------------------------


def applications_for(user) -> QuerySet[DivorceApplication]:
    require_view(user)
    return DivorceApplication.objects.visible_to(user).select_related("marriage", "registry", "registration").annotate(
        counselled=Exists(Counselling.objects.filter(application=OuterRef("pk"))))


def get_application(user, pk) -> DivorceApplication:
    return _get(applications_for(user), pk)


def open_application(marriage_id: int, day: dt.date) -> DivorceApplication | None:
    return DivorceApplication.objects.filter(marriage_id=marriage_id, status="cooling",
                                             appearance_deadline__gte=day).first()


def status_today(app: DivorceApplication, today: dt.date | None = None) -> str:
    return policy.divorce_status(app.status, app.withdrawal_deadline, app.appearance_deadline,
                                 today or clock.today())


def application_out(app: DivorceApplication, today: dt.date | None = None) -> dict:
    status = status_today(app, today)
    return {"id": app.pk, "received": app.received, "withdrawal_deadline": app.withdrawal_deadline,
            "appearance_deadline": app.appearance_deadline, "status": status,
            "status_label": codes.DIVORCE_STATUS[status], "withdrawn_on": app.withdrawn_on,
            "withdrawn_by": codes.WITHDRAWN_BY.get(app.withdrawn_by, ""), "deadline_note": app.deadline_note,
            "marriage_certificate_no": app.marriage.certificate_no,
            "names": f"{app.marriage.name_a}、{app.marriage.name_b}",
            "divorce_certificate_no": app.registration.certificate_no if app.registration_id else None,
            "counselled": app.counselled if hasattr(app, "counselled") else app.counselling.exists()}


def applications_due(user, today: dt.date) -> QuerySet[DivorceApplication]:
    """Who is due at the registry: applications past the cooling-off whose appearance deadline is within DUE_DAYS
    (or passed without the sweep yet), and those whose withdrawal deadline is within DUE_DAYS."""
    horizon = today + dt.timedelta(days=DUE_DAYS)
    return applications_for(user).filter(status="cooling").filter(
        Q(withdrawal_deadline__lt=today, appearance_deadline__lte=horizon)
        | Q(withdrawal_deadline__gte=today, withdrawal_deadline__lte=horizon)).order_by("appearance_deadline", "id")


def reminders_for(user) -> QuerySet[Reminder]:
    require_view(user)
    return Reminder.objects.visible_to(user).select_related("application__marriage")


# ---- counselling -----------------------------------------------------------------------------------------------------


def counselling_for(user) -> QuerySet[Counselling]:
    require_view(user)
    return Counselling.objects.visible_to(user).select_related("registry").annotate(session_count=Count("sessions"))


def get_counselling(user, pk) -> Counselling:
    return _get(counselling_for(user), pk)


def sessions_of(user, counselling: Counselling) -> QuerySet[CounsellingSession]:
    return CounsellingSession.objects.visible_to(user).filter(counselling=counselling)


def counselling_share(user, start: dt.date, end: dt.date, registry: Registry | None = None) -> tuple[int, int]:
    """(divorce applications received in [start, end], of which referred to counselling)."""
    qs = applications_for(user).filter(received__gte=start, received__lte=end)
    if registry is not None:
        qs = qs.filter(registry=registry)
    return qs.count(), qs.filter(counselling__isnull=False).distinct().count()


# ---- appointments ----------------------------------------------------------------------------------------------------


def appointments_for(user) -> QuerySet[Appointment]:
    require_view(user)
    return Appointment.objects.visible_to(user).select_related("registry")


def get_appointment(user, pk) -> Appointment:
    return _get(appointments_for(user), pk)


def slots(user, registry: Registry, day: dt.date) -> list[dict]:
    rules = capacity_rules(registry.pk)
    booked = dict(Appointment.objects.visible_to(user).filter(registry=registry, day=day, status="booked")
                  .values("slot").annotate(n=Count("id")).values_list("slot", "n"))
    out = []
    for slot, label in codes.SLOTS.items():
        cap = policy.capacity(rules, day, slot)
        out.append({"slot": slot, "slot_label": label, "capacity": cap, "booked": booked.get(slot, 0),
                    "free": max(cap - booked.get(slot, 0), 0)})
    return out


# ---- statistics ------------------------------------------------------------------------------------------------------


def statistics(user, year: int, registry: Registry | None = None) -> dict:
    """Registrations by month, registry and type in a year (revoked ones left out), and the counselling share of
    the divorce applications received that year."""
    qs = registrations_for(user).filter(registered_on__year=year, status="registered")
    if registry is not None:
        qs = qs.filter(registry=registry)
    names = dict(Registry.objects.values_list("pk", "code"))
    titles = dict(Registry.objects.values_list("pk", "name"))
    rows = [{"month": f"{r['month']:%Y-%m}", "registry": names[r["registry_id"]],
             "registry_name": titles[r["registry_id"]], "kind": r["kind"], "kind_label": codes.KINDS[r["kind"]],
             "count": r["n"]}
            for r in qs.annotate(month=TruncMonth("registered_on")).values("month", "registry_id", "kind")
            .annotate(n=Count("id")).order_by("month", "registry_id", "kind")]
    total, counselled = counselling_share(user, dt.date(year, 1, 1), dt.date(year, 12, 31), registry)
    share = f"{counselled * 100 / total:.1f}" if total else "0.0"
    return {"rows": rows, "divorce_applications": total, "counselled": counselled, "counselled_share": share}


def home_figures(user) -> dict:
    today = clock.today()
    regs = registrations_for(user).filter(registered_on__year=today.year, status="registered")
    by_kind = dict(regs.values("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return {"marriages": by_kind.get("marriage", 0), "divorces": by_kind.get("divorce", 0),
            "cooling": applications_for(user).filter(status="cooling", appearance_deadline__gte=today).count(),
            "year": today.year}
