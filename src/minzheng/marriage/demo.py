"""Demo data of the marriage registry (`make demo`): the county's registry with the 示例 slot capacities, the
marriage records of the county's existing couples (registered over past years, so the duplicate-marriage check has
something to find), new marriages this year, refusals (under age, already married), divorce applications in every
state of the cooling-off with counselling for some, and appointments including the 520 peak. Deterministic from
the seed; runs only on a county whose registry has no records yet."""

from __future__ import annotations

import datetime as dt
import random

from minzheng.core import clock
from minzheng.core.errors import ServiceError
from minzheng.marriage import policy
from minzheng.marriage.models import Registration, Registry
from minzheng.registry.models import Membership, Person

COUPLES = 240  # existing couples whose marriage records are loaded
NEW = 30  # marriages this year
DIVORCES = 24


def _party(p: Person) -> dict:
    return {"name": p.name, "sex": p.sex, "id_number": p.id_number, "birth_date": p.birth_date.isoformat()}


def _couples(county_code: str, rng: random.Random, limit: int) -> list[tuple[Person, Person]]:
    """(head, spouse) of households in the county where the spouse is recorded (配偶/夫/妻), one man and one woman."""
    prefix = county_code[:6]
    rows = (Membership.objects.filter(left_on__isnull=True, relation__in=("10", "11", "12"),
                                      household__region__code__startswith=prefix)
            .select_related("person", "household__head").order_by("id")[: limit * 3])
    out = []
    for m in rows:
        head, spouse = m.household.head, m.person
        if head is None or head.sex == spouse.sex or head.pk == spouse.pk:
            continue
        out.append((head, spouse) if head.sex == "M" else (spouse, head))
    rng.shuffle(out)
    return out[:limit]


def _wedding_day(a: Person, b: Person, rng: random.Random, before: dt.date) -> dt.date | None:
    earliest = max(policy.birthday(a.birth_date, 22), policy.birthday(b.birth_date, 20), dt.date(1980, 1, 1))
    latest = before - dt.timedelta(days=400)
    if earliest > latest:
        return None
    return earliest + dt.timedelta(days=rng.randrange((latest - earliest).days + 1) // 3)


def seed(context) -> dict:
    from minzheng.marriage.services import appointments, counselling, divorce, registrations, registries

    code = context.county.code[:6]
    if Registration.objects.filter(registry__code=code).exists():
        return {"registrations": 0, "skipped": "已有婚姻登记记录"}
    rng = random.Random(context.seed + 16)
    clerk = context.users["county"]
    today = clock.today()
    reg = registries.ensure_registry(clerk, code, f"{context.county.name}婚姻登记处", context.county.code,
                                     f"{context.county.name}民政局一楼")
    if not Registry.objects.filter(pk=reg.pk, capacities__isnull=False).exists():
        registries.load_capacities(clerk, registries.sample_text(code))
    counts = {"registrations": 0, "refusals": 0, "divorce_applications": 0, "divorces": 0, "withdrawn": 0,
              "counselling": 0, "appointments": 0}
    couples = _couples(context.county.code, rng, COUPLES + DIVORCES)
    certificates = []
    for a, b in couples:
        day = _wedding_day(a, b, rng, today)
        if day is None:
            continue
        try:
            out = registrations.register(clerk, {"type": "marriage", "party_a": _party(a), "party_b": _party(b),
                                                 "registry": code, "date": day.isoformat()})
        except ServiceError:
            continue
        certificates.append((a, b, out["certificate_no"]))
        counts["registrations"] += 1
    # Unmarried adults marrying this year.
    singles = list(Person.objects.filter(region__code__startswith=code, death_date__isnull=True,
                                         birth_date__lte=today - dt.timedelta(days=23 * 366),
                                         birth_date__gte=today - dt.timedelta(days=35 * 366))
                   .exclude(memberships__relation__in=("10", "11", "12", "02")).order_by("id")[:NEW * 6])
    men = [p for p in singles if p.sex == "M"][:NEW]
    women = [p for p in singles if p.sex == "F"][:NEW]
    for i, (a, b) in enumerate(zip(men, women, strict=False)):
        day = today.replace(day=1) - dt.timedelta(days=rng.randrange(0, 120))
        try:
            registrations.register(clerk, {"type": "marriage", "party_a": _party(a), "party_b": _party(b),
                                           "registry": code, "date": day.isoformat(),
                                           "declaration_signed": i % 15 != 7})
            counts["registrations"] += 1
        except ServiceError:
            counts["refusals"] += 1
    # A second marriage attempted by a married man: refused and recorded.
    if len(certificates) > 1 and women:
        try:
            registrations.register(clerk, {"type": "marriage", "party_a": _party(certificates[0][0]),
                                           "party_b": _party(women[-1]), "registry": code})
        except ServiceError:
            counts["refusals"] += 1
    # The county's registry designated for foreign / HK, Macau, Taiwan marriages: two such marriages this year.
    registries.designate_foreign(clerk, code)
    brides = [p for p in singles if p.sex == "F"][NEW:NEW + 2]  # not among this year's brides above
    hk = {"name": "陈家明", "sex": "M", "document_type": "hkmo_permit", "id_number": f"H{context.seed % 10**8:08d}",
          "birth_date": "1993-06-18"}
    jp = {"name": "Kenji Sato", "sex": "M", "document_type": "passport", "nationality": "JPN",
          "id_number": f"TK{context.seed % 10**7:07d}", "birth_date": "1991-11-02"}
    foreign = [(hk, brides[0:1]), (jp, brides[1:2])]
    for party_a, bride in foreign:
        if bride:
            try:
                registrations.register(clerk, {"type": "marriage", "party_a": party_a, "party_b": _party(bride[0]),
                                               "registry": code, "date": (today - dt.timedelta(days=20)).isoformat()})
                counts["registrations"] += 1
                counts["foreign_parties"] = counts.get("foreign_parties", 0) + 1
            except ServiceError:
                counts["refusals"] += 1
    # Divorce applications received over the last 75 days: cooling, awaiting, withdrawn, registered.
    for i, (a, b, cert) in enumerate(certificates[-DIVORCES:]):
        received = today - dt.timedelta(days=3 + i * 3)
        out = registrations.register(clerk, {"type": "divorce", "party_a": _party(a), "party_b": _party(b),
                                             "registry": code, "date": received.isoformat(),
                                             "marriage_certificate_no": cert, "counselling": i % 2 == 0})
        counts["divorce_applications"] += 1
        counts["counselling"] += i % 2 == 0
        app_id = out["application_id"]
        if i % 5 == 1 and (today - received).days <= 30:
            divorce.withdraw(clerk, app_id, {"party": "a", "date": today.isoformat()})
            counts["withdrawn"] += 1
        elif i % 3 == 0 and out["withdrawal_deadline"] < today <= out["appearance_deadline"]:
            divorce.appear(clerk, app_id, {"date": today.isoformat()})
            counts["divorces"] += 1
    divorce.sweep(clerk, today)
    for c in counselling_rows(clerk, counselling, rng, today):
        counts["counselling_sessions"] = counts.get("counselling_sessions", 0) + c
    # Appointments: the next working days and the 520 peak of the demo year.
    for offset in range(1, 6):
        day = today + dt.timedelta(days=offset)
        for slot in ("am1", "pm1"):
            for k in range(rng.randrange(2, 6)):
                try:
                    appointments.book(clerk, {"registry": code, "day": day.isoformat(), "slot": slot,
                                              "kind": "marriage" if k % 4 else "divorce",
                                              "name_a": f"预约{offset}{slot}{k}甲",
                                              "name_b": f"预约{offset}{slot}{k}乙"})
                    counts["appointments"] += 1
                except ServiceError:
                    break
    return counts


def counselling_rows(clerk, counselling, rng: random.Random, today: dt.date):
    """One or two sessions for each referred couple; every third closed with an outcome."""
    from minzheng.marriage import selectors

    for i, c in enumerate(selectors.counselling_for(clerk).order_by("id")):
        n = 1 + i % 2
        for k in range(n):
            counselling.add_session(clerk, c.pk, {"held_on": (c.referred_on + dt.timedelta(days=2 + k * 5)).isoformat()
                                                  if c.referred_on + dt.timedelta(days=2 + k * 5) <= today
                                                  else today.isoformat(),
                                                  "counsellor": rng.choice(["王老师", "陈老师", "刘老师"]),
                                                  "minutes": rng.choice([45, 60, 90])})
        if i % 3 == 0:
            counselling.close(clerk, c.pk, {"outcome": rng.choice(["reconciled", "divorce", "mediated"])})
        yield n
