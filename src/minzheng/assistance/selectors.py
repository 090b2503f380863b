"""Scoped reads of 特困 care: self-care assessments (all, a person's history, the current one, what the 特困
evaluation takes from them), 委托照料 agreements, institutions, placements, a 特困 person's care record (the person
page of this app and the 供养证) and the inbox work lists. Every read of people's data goes through
`Model.objects.visible_to(user)`; a record outside the user's region is a 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from minzheng.assistance.codes import RESERVE_SIGN
from minzheng.assistance.models import CareAgreement, Institution, Placement, ReserveEntry, SelfCareAssessment
from minzheng.benefits import workflow
from minzheng.benefits.models import Entitlement
from minzheng.core import clock, roles
from minzheng.core.errors import Forbidden, NotFound
from minzheng.registry.models import Person
from minzheng.registry.selectors import get_person, require_people_access

TEKUN = "tekun"
DUE_DAYS = 30  # an agreement ending within this many days is in the inbox


def _one(qs, pk):
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


# ---- assessments --------------------------------------------------------------------------------------------------


def assessments_for(user) -> QuerySet[SelfCareAssessment]:
    require_people_access(user)
    return SelfCareAssessment.objects.visible_to(user).select_related("person", "assessor")


def assessments_of(user, person: Person) -> QuerySet[SelfCareAssessment]:
    return assessments_for(user).filter(person=person).order_by("-assessed_on", "-id")


def current_assessment(person_id: int) -> SelfCareAssessment | None:
    """The person's assessment in force (the latest; earlier ones are kept, superseded). Unscoped: for services."""
    return SelfCareAssessment.objects.filter(person_id=person_id, superseded_by__isnull=True).first()


def self_care_facts(person_ids: list[int], month: dt.date) -> dict[int, dict]:
    """{person id: {"self_care_unmet": n}} from each person's latest assessment made before the end of `month`
    (the 特困 evaluation's member facts, benefits.programs.Program.member_facts). One query."""
    if not person_ids:
        return {}
    rows = (SelfCareAssessment.objects.filter(person_id__in=person_ids, assessed_on__lt=workflow.add_months(month, 1))
            .order_by("person_id", "-assessed_on", "-id").values_list("person_id", "unmet"))
    out: dict[int, dict] = {}
    for pid, unmet in rows:
        out.setdefault(pid, {"self_care_unmet": unmet})
    return out


# ---- agreements, institutions, placements -------------------------------------------------------------------------


def agreements_for(user) -> QuerySet[CareAgreement]:
    require_people_access(user)
    return CareAgreement.objects.visible_to(user).select_related("person")


def get_agreement(user, pk) -> CareAgreement:
    return _one(agreements_for(user), pk)


def institutions_for(user) -> QuerySet[Institution]:
    require_people_access(user)
    return Institution.objects.visible_to(user)


def get_institution(user, pk) -> Institution:
    return _one(institutions_for(user), pk)


def institution_choices(user) -> list[tuple[int, str]]:
    """Institutions in use that the user may place people in (the placement form's choices)."""
    return list(institutions_for(user).filter(active=True).order_by("name").values_list("id", "name"))


def placements_for(user) -> QuerySet[Placement]:
    require_people_access(user)
    return Placement.objects.visible_to(user).select_related("person", "institution")


def get_placement(user, pk) -> Placement:
    return _one(placements_for(user), pk)


def open_placement(person_id: int) -> Placement | None:
    return Placement.objects.filter(person_id=person_id, to_on__isnull=True).select_related("institution").first()


# ---- 特困 persons -------------------------------------------------------------------------------------------------


def in_force(qs: QuerySet[Entitlement], day: dt.date) -> QuerySet[Entitlement]:
    """Entitlements not stopped and not ended before `day`'s month."""
    month = workflow.first_of_month(day)
    return qs.exclude(status="stopped").filter(Q(end_month__isnull=True) | Q(end_month__gte=month))


def tekun_entitlement(person_id: int, day: dt.date | None = None) -> Entitlement | None:
    """The person's 特困 entitlement in force (the one a placement pays to the institution). Unscoped: for services."""
    qs = in_force(Entitlement.objects.filter(program=TEKUN, person_id=person_id), day or clock.today())
    return qs.select_related("source_case").order_by("-start_month", "-id").first()


def care_record(user, person_id) -> dict:
    """A 特困 person's care record: the person, the 特困 entitlement in force, assessments, agreements, placements."""
    person = get_person(user, person_id)
    ent = tekun_entitlement(person.pk)
    return {"person": person, "entitlement": ent,
            "assessments": list(assessments_of(user, person)[:20]),
            "agreements": list(agreements_for(user).filter(person=person).order_by("-start_on", "-id")[:20]),
            "placements": list(placements_for(user).filter(person=person).order_by("-from_on", "-id")[:20])}


def care_mode(ent: Entitlement | None, placement: Placement | None) -> str:
    """集中 while placed in an institution; otherwise the case's choice (分散 by default)."""
    if placement is not None:
        return "centralised"
    subtype = getattr(getattr(ent, "source_case", None), "subtype", "")
    return subtype if subtype in ("centralised", "dispersed") else "dispersed"


# ---- inbox --------------------------------------------------------------------------------------------------------


def agreements_ending(user, today: dt.date | None = None) -> QuerySet[CareAgreement]:
    """Open agreements whose term ends within DUE_DAYS (or has ended without being closed): renew or end them."""
    today = today or clock.today()
    return (agreements_for(user).filter(ended_on__isnull=True, end_on__isnull=False,
                                        end_on__lte=today + dt.timedelta(days=DUE_DAYS)).order_by("end_on", "id"))


def tekun_without_assessment(user, today: dt.date | None = None) -> QuerySet[Entitlement]:
    """特困 entitlements in force whose person has no self-care assessment on record."""
    require_people_access(user)
    assessed = SelfCareAssessment.objects.filter(person_id=OuterRef("person_id"))
    qs = in_force(Entitlement.objects.visible_to(user).filter(program=TEKUN, person__isnull=False),
                  today or clock.today())
    return qs.filter(~Exists(assessed)).select_related("person").order_by("region_code", "id")


def tekun_persons(user) -> QuerySet[Entitlement]:
    """特困 entitlements in force in the user's region (the certificate list's source)."""
    require_people_access(user)
    return in_force(Entitlement.objects.visible_to(user).filter(program=TEKUN, person__isnull=False),
                    clock.today()).select_related("person")


# ---- 供养证 -------------------------------------------------------------------------------------------------------


def region_name(code: str) -> str:
    from minzheng.benefits.selectors import region

    found = region(code)
    return found.name if found is not None else code


def certificate(user, person_id, today: dt.date | None = None) -> dict:
    """What the 供养证 shows: the person (ID masked), village, 供养方式 with the institution or the carer, the care
    band, the monthly amounts (the entitlement, and its basic/care lines from the decision's calculation), validity
    and the issuing bureau (the county's 民政局). 409 when the person has no 特困 entitlement in force."""
    from minzheng.core.errors import Conflict

    today = today or clock.today()
    person = get_person(user, person_id)
    ent = tekun_entitlement(person.pk, today)
    if ent is None:
        raise Conflict(f"{person.name}没有在保的特困人员救助供养待遇，不能打印供养证")
    placement = open_placement(person.pk)
    agreement = (CareAgreement.objects.filter(person=person, ended_on__isnull=True).order_by("-start_on", "-id")
                 .first())
    assessment = current_assessment(person.pk)
    breakdown = (ent.source_case.policy_result or {}).get("breakdown") or []
    lines = [(b.get("label", ""), b.get("amount")) for b in breakdown
             if b.get("code") in ("tekun_basic", "tekun_care") and b.get("amount") is not None]
    end = dt.date(today.year + 1, today.month, 1) - dt.timedelta(days=1)
    if ent.end_month is not None:
        end = min(end, workflow.add_months(ent.end_month, 1) - dt.timedelta(days=1))
    county = ent.region_code[:6] + "000000"
    return {"person": person, "entitlement": ent, "placement": placement, "agreement": agreement,
            "assessment": assessment, "mode": care_mode(ent, placement), "lines": lines,
            "village": region_name(ent.region_code), "bureau": region_name(county) + "民政局",
            "valid_from": today, "valid_to": end, "today": today}


def reserve_entries_for(user) -> QuerySet[ReserveEntry]:
    """The 备用金 ledgers of the townships in the user's region."""
    if not roles.has_perm(user, "people.view"):
        raise Forbidden("您的角色无权查看备用金台账")
    return ReserveEntry.objects.visible_to(user).select_related("created_by")


def reserve_balances(user) -> list[tuple[str, Decimal]]:
    """(township code, balance) for the townships whose ledger the user sees: one grouped query."""
    totals: dict[str, Decimal] = {}
    for code, kind, amount in (reserve_entries_for(user).values("region_code", "kind")
                               .annotate(s=Sum("amount")).values_list("region_code", "kind", "s")):
        totals[code] = totals.get(code, Decimal(0)) + Decimal(str(amount)) * RESERVE_SIGN[kind]
    return sorted((code, total.quantize(Decimal("0.01"))) for code, total in totals.items())
