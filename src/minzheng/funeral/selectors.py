"""Scoped reads of the funeral app (Model.objects.visible_to(user, action); 403 for a role that may not read them,
404 outside the user's region), the API's output builders and the indicators (cremation and eco-burial rates)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from minzheng.core import clock, regioncodes, regions, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.funeral import codes, policy
from minzheng.funeral.models import (
    Cemetery,
    CremationRecord,
    DeathRegistration,
    EcoBurial,
    FuneralHome,
    Plot,
    Settlement,
    SweepBooking,
    SweepSlot,
    Waiver,
    WaiverScheme,
)


def require_view(user) -> None:
    if not roles.has_perm(user, "funeral.view"):
        raise Forbidden("您的角色无权查看殡葬管理信息")


def deaths_for(user) -> QuerySet[DeathRegistration]:
    require_view(user)
    return DeathRegistration.objects.visible_to(user).select_related("person").order_by("-death_date", "-id")


def get_death(user, death_id) -> DeathRegistration:
    require_view(user)
    found = (DeathRegistration.objects.visible_to(user).select_related("person", "informant", "household")
             .filter(pk=death_id).first())
    if found is None:
        raise NotFound()
    return found


def waiver_of(death: DeathRegistration) -> Waiver | None:
    return Waiver.objects.filter(death=death).select_related("funeral_home").first()


def cremation_of(death: DeathRegistration) -> CremationRecord | None:
    return CremationRecord.objects.filter(death=death).select_related("funeral_home").first()


def funeral_homes_for(user) -> QuerySet[FuneralHome]:
    """Funeral homes are public institutions, usually the county's: a township sees those of its own subtree and
    those of the regions above it (its county's, its city's)."""
    require_view(user)
    code = user.region_id
    above = {code[:n].ljust(12, "0") for n in (2, 4, 6, 9)} - {code}
    return (FuneralHome.objects.filter(Q(region_code__in=above) | Q(**regioncodes.subtree_lookup(
        "region_code", user.region_prefix))).filter(active=True).order_by("region_code", "name"))


def schemes_for(user) -> QuerySet[WaiverScheme]:
    require_view(user)
    return WaiverScheme.objects.prefetch_related("items").order_by("region_code", "-effective_from")


def cemeteries_for(user) -> QuerySet[Cemetery]:
    require_view(user)
    return Cemetery.objects.visible_to(user).order_by("region_code", "name")


def get_cemetery(user, cemetery_id) -> Cemetery:
    found = cemeteries_for(user).filter(pk=cemetery_id).first()
    if found is None:
        raise NotFound()
    return found


def plots_for(user) -> QuerySet[Plot]:
    require_view(user)
    return Plot.objects.visible_to(user).select_related("cemetery").order_by("cemetery_id", "code")


def renewals_due(user, within_days: int = 90) -> QuerySet[Plot]:
    """Plots whose paid period ends within `within_days` (or has ended): the renewal reminders."""
    today = clock.today()
    return plots_for(user).filter(status__in=("held", "expired"),
                                  paid_until__lte=today + dt.timedelta(days=within_days)).order_by("paid_until")


def slots_for(user) -> QuerySet[SweepSlot]:
    require_view(user)
    return SweepSlot.objects.visible_to(user).select_related("cemetery").order_by("day", "starts", "cemetery_id")


def bookings_for(user) -> QuerySet[SweepBooking]:
    require_view(user)
    return (SweepBooking.objects.visible_to(user).select_related("slot", "slot__cemetery")
            .order_by("-slot__day", "slot__starts", "id"))


def get_booking(user, booking_id) -> SweepBooking:
    found = bookings_for(user).filter(pk=booking_id).first()
    if found is None:
        raise NotFound()
    return found


def eco_burials_for(user) -> QuerySet[EcoBurial]:
    require_view(user)
    return EcoBurial.objects.visible_to(user).select_related("death", "death__person").order_by("-buried_on", "-id")


def settlements_for(user) -> QuerySet[Settlement]:
    require_view(user)
    return Settlement.objects.visible_to(user).select_related("funeral_home").order_by("-month", "funeral_home_id")


# ---- API output --------------------------------------------------------------------------------------------------


def death_out(death: DeathRegistration) -> dict:
    """The 身后一件事 record as the API answers it (schemas.DeathOut)."""
    o = death.outcome or {}
    waiver = waiver_of(death)
    return {"id": death.pk, "person_id": death.person_id, "person_name": death.person.name,
            "region_code": death.region_code, "death_date": death.death_date, "source": death.source,
            "source_label": codes.DEATH_SOURCES[death.source], "status": death.status,
            "status_label": codes.DEATH_STATUS[death.status], "registered_on": death.registered_on,
            "bank_account": death.bank_account_masked, "bank_name": death.bank_name,
            "held": o.get("held", []), "stopped": o.get("stopped", []), "changed": o.get("changed", []),
            "paid": o.get("paid", []), "todo": o.get("todo", []),
            "waiver": None if waiver is None else {
                "id": waiver.pk, "eligible": waiver.status != "refused", "group": waiver.group,
                "group_label": codes.WAIVER_GROUPS[waiver.group], "total": waiver.total, "payee": waiver.payee,
                "payee_label": codes.WAIVER_PAYEES[waiver.payee], "status": waiver.status,
                "status_label": codes.WAIVER_STATUS[waiver.status], "lines": waiver.lines,
                "reasons": waiver.reasons}}


def death_row(death: DeathRegistration) -> dict:
    o = death.outcome or {}
    total = sum((Decimal(p.get("amount") or "0") for p in o.get("paid", [])), Decimal("0.00"))
    return {"id": death.pk, "person_id": death.person_id, "person_name": death.person.name,
            "region_code": death.region_code, "death_date": death.death_date, "source": death.source,
            "status": death.status, "stopped": len(o.get("stopped", [])), "paid_total": f"{total:.2f}"}


def booking_out(b: SweepBooking) -> dict:
    return {"id": b.pk, "token": b.token, "slot_id": b.slot_id, "cemetery_id": b.slot.cemetery_id,
            "cemetery_name": b.slot.cemetery.name, "day": b.slot.day, "starts": f"{b.slot.starts:%H:%M}",
            "ends": f"{b.slot.ends:%H:%M}", "visitor_name": b.visitor_name, "party_size": b.party_size,
            "status": b.status, "status_label": codes.BOOKING_STATUS[b.status]}


def slot_out(s: SweepSlot) -> dict:
    return {"id": s.pk, "cemetery_id": s.cemetery_id, "cemetery_name": s.cemetery.name, "day": s.day,
            "starts": f"{s.starts:%H:%M}", "ends": f"{s.ends:%H:%M}", "capacity": s.capacity, "booked": s.booked,
            "left": policy.capacity_left(s.capacity, s.booked)}


# ---- indicators --------------------------------------------------------------------------------------------------


def indicators(user, year: int, region_code: str = "") -> dict:
    """Deaths registered, cremations and eco-burials in `year` by child region of the chosen region (a fixed number of
    grouped queries); cremation rate = cremations ÷ deaths, eco-burial rate = eco-burials ÷ deaths (policy.rate)."""
    require_view(user)
    root = regioncodes.normalize(region_code) if region_code else user.region_id
    if not regioncodes.in_subtree(root, user.region_id):
        raise NotFound()
    depth = regioncodes.LEVELS.index(regioncodes.level_of(root))
    width = regioncodes.LEVEL_LENGTH[regioncodes.LEVELS[min(depth + 1, len(regioncodes.LEVELS) - 1)]]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)

    def grouped(qs, field) -> Counter:
        rows = (qs.within(root, "region_code").filter(**{f"{field}__range": (start, end)})
                .annotate(prefix=Substr("region_code", 1, width)).values("prefix").annotate(n=Count("pk")))
        return Counter({r["prefix"]: r["n"] for r in rows})

    deaths = grouped(DeathRegistration.objects.visible_to(user), "death_date")
    cremations = grouped(CremationRecord.objects.visible_to(user), "death__death_date")
    eco = grouped(EcoBurial.objects.visible_to(user), "death__death_date")
    prefixes = sorted(set(deaths) | set(cremations) | set(eco))
    codes12 = {p: p.ljust(12, "0") for p in prefixes}
    names = regions.names_for([*codes12.values(), root])

    def row(code: str, d: int, c: int, e: int) -> dict:
        rate_c, rate_e = policy.rate(c, d), policy.rate(e, d)
        return {"region_code": code, "region_name": names.get(code, code), "deaths": d, "cremations": c,
                "eco_burials": e, "cremation_rate": None if rate_c is None else f"{rate_c}",
                "eco_rate": None if rate_e is None else f"{rate_e}"}

    rows = [row(codes12[p], deaths[p], cremations[p], eco[p]) for p in prefixes]
    total = row(root, sum(deaths.values()), sum(cremations.values()), sum(eco.values()))
    return {"year": year, "total": total, "regions": rows}


def home_figures(user) -> dict | None:
    if not roles.has_perm(user, "funeral.view"):
        return None
    today = clock.today()
    deaths = DeathRegistration.objects.visible_to(user)
    return {"this_year": deaths.filter(death_date__year=today.year).count(),
            "pending": deaths.filter(status="pending").count(),
            "renewals": renewals_due(user).count(),
            "slots_today": SweepSlot.objects.visible_to(user).filter(day=today).count()}
