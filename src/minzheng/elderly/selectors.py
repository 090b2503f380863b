"""Scoped reads of the elderly-care app: capability assessments (all, a person's history, the current one, the
level the 护理补贴 takes, re-assessments due, disputes awaiting a 复评), the re-assessment interval in force, the
elderly register (everyone 60+ with their living situations, set-based), benefits received, contacts, survival
checks and the figures of the home tile and the indicators page. Every read of people's data goes through
`Model.objects.visible_to(user)`; a record outside the user's region is a 404."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr

from minzheng.benefits import programs, workflow
from minzheng.benefits import selectors as benefits_selectors
from minzheng.benefits.models import Entitlement, EntitlementChange
from minzheng.core import clock, regioncodes
from minzheng.core.errors import NotFound
from minzheng.elderly import codes
from minzheng.elderly.models import Assessment, Contact, ElderlyProfile, SurvivalCheck
from minzheng.elderly.policy import survival
from minzheng.registry.models import Membership, Person
from minzheng.registry.selectors import require_people_access

ELDERLY_AGE = 60  # 《老年人权益保障法》第二条：六十周岁以上
OLDEST_OLD_AGE = 80  # 高龄: 80 and over, as the statistics and the 高龄津贴 count them
DUE_DAYS = 30  # a regular re-assessment due within this many days is in the inbox


def _one(qs, pk):
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def years_ago(day: dt.date, years: int) -> dt.date:
    """The latest birth date of someone who is `years` old on `day` (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# ---- assessments --------------------------------------------------------------------------------------------------


def assessments_for(user) -> QuerySet[Assessment]:
    require_people_access(user)
    return Assessment.objects.visible_to(user).select_related("person")


def get_assessment(user, pk) -> Assessment:
    return _one(assessments_for(user), pk)


def assessments_of(user, person: Person) -> QuerySet[Assessment]:
    return assessments_for(user).filter(person=person).order_by("-assessed_on", "-id")


def current_levels(person_ids) -> dict[int, int]:
    """{person id: capability level of the current (not superseded) assessment}, one query — what the eldercare app
    reads (eldercare.levels) to open a family care bed and count required visits."""
    rows = Assessment.objects.filter(person_id__in=list(person_ids), superseded_by__isnull=True)
    return dict(rows.values_list("person_id", "level"))


def current_assessment(person_id: int) -> Assessment | None:
    """The person's assessment in force (earlier ones are kept, superseded). Unscoped: for services."""
    return Assessment.objects.filter(person_id=person_id, superseded_by__isnull=True).first()


def capability_levels(person_ids: list[int], month: dt.date) -> dict[int, dict]:
    """{person id: {"capability_level": n}} from each person's latest assessment made before the end of `month`
    (the 护理补贴's member facts, benefits.programs.Program.member_facts). One query."""
    if not person_ids:
        return {}
    rows = (Assessment.objects.filter(person_id__in=person_ids, assessed_on__lt=workflow.add_months(month, 1))
            .order_by("person_id", "-assessed_on", "-id").values_list("person_id", "level"))
    out: dict[int, dict] = {}
    for pid, level in rows:
        out.setdefault(pid, {"capability_level": level})
    return out


def area_of(person_id: int) -> str:
    """urban/rural of the person's current household (the standards' area); rural without one."""
    found = (Membership.objects.filter(person_id=person_id, left_on__isnull=True)
             .values_list("household__urban_rural", flat=True).first())
    return found or "rural"


def reassessment_months(region_code: str, area: str, day: dt.date) -> int | None:
    """The re-assessment interval in force (standard item care_subsidy.reassessment_months), None where unset."""
    standards = benefits_selectors.resolve(region_code, area, workflow.first_of_month(day))
    found = standards.get("care_subsidy", "reassessment_months")
    return int(found.value) if found is not None else None


def _alive(prefix: str = "person__") -> Q:
    return Q(**{f"{prefix}death_date__isnull": True})


def reassessments_due(user, today: dt.date | None = None) -> QuerySet[Assessment]:
    """Current assessments of living persons whose regular re-assessment falls due within DUE_DAYS (or is past)."""
    today = today or clock.today()
    return (assessments_for(user).filter(_alive(), superseded_by__isnull=True, reassess_due__isnull=False,
                                         reassess_due__lte=today + dt.timedelta(days=DUE_DAYS))
            .order_by("reassess_due", "id"))


def disputes_open(user) -> QuerySet[Assessment]:
    """Current assessments disputed and not yet reviewed: a 复评 is due."""
    return (assessments_for(user).filter(_alive(), superseded_by__isnull=True, disputed_on__isnull=False)
            .order_by("disputed_on", "id"))


# ---- the elderly register -----------------------------------------------------------------------------------------


def _annotated(qs: QuerySet[Person], today: dt.date) -> QuerySet[Person]:
    """Persons with what the register derives in SQL: the current assessment's level and dementia diagnosis, the
    stored facts (ElderlyProfile), the current household's size and whether anyone under 60 lives in it. Subqueries
    per row, for pages of rows; the figures derive the same facts for a whole region set-based (_groups,
    tests/test_figures.py holds the two equal)."""
    current = Assessment.objects.filter(person_id=OuterRef("pk"), superseded_by__isnull=True)
    profile = ElderlyProfile.objects.filter(person_id=OuterRef("pk"))
    household = Membership.objects.filter(person_id=OuterRef("pk"), left_on__isnull=True).values("household_id")[:1]
    members = (Membership.objects.filter(household_id=OuterRef("hh_id"), left_on__isnull=True,
                                         person__death_date__isnull=True)
               .values("household_id").annotate(n=Count("id")).values("n"))
    younger = Membership.objects.filter(household_id=OuterRef("hh_id"), left_on__isnull=True,
                                        person__death_date__isnull=True,
                                        person__birth_date__gt=years_ago(today, ELDERLY_AGE))
    return qs.annotate(
        level=Subquery(current.values("level")[:1], output_field=IntegerField()),
        assessed_dementia=Exists(current.filter(dementia=True)),
        p_living=Coalesce(Subquery(profile.values("living")[:1]), Value("")),
        p_left_behind=Coalesce(Subquery(profile.values("left_behind")[:1]), Value(False),
                               output_field=BooleanField()),
        p_dementia=Coalesce(Subquery(profile.values("dementia")[:1]), Value(False), output_field=BooleanField()),
        p_family_planning=Coalesce(Subquery(profile.values("family_planning")[:1]), Value(False),
                                   output_field=BooleanField()),
        hh_id=Subquery(household),
    ).annotate(
        hh_size=Coalesce(Subquery(members, output_field=IntegerField()), Value(0)),
        hh_younger=Exists(younger),
    )


def situation_q(code: str, today: dt.date) -> Q:
    """The register's living situation `code` (codes.SITUATIONS) as a condition on `_annotated` rows. 独居 and 空巢
    follow the stored 居住情况 when recorded, else the household: 独居 = the only living member; 空巢 = no living
    member under 60 (alone or with elderly only)."""
    inferred = Q(p_living="")
    return {
        "alone": Q(p_living="alone") | (inferred & Q(hh_size=1)),
        "empty_nest": Q(p_living__in=("alone", "elderly_only")) | (inferred & Q(hh_size__gte=1, hh_younger=False)),
        "left_behind": Q(p_left_behind=True),
        "oldest_old": Q(birth_date__lte=years_ago(today, OLDEST_OLD_AGE)),
        "disabled": Q(level__gte=1),
        "dementia": Q(p_dementia=True) | Q(assessed_dementia=True),
        "family_planning": Q(p_family_planning=True),
    }[code]


def situations_of(row, today: dt.date) -> list[str]:
    """The situation codes of one `_annotated` row (the same rules as situation_q, in Python: no query)."""
    inferred = row.p_living == ""
    found = {
        "alone": row.p_living == "alone" or (inferred and row.hh_size == 1),
        "empty_nest": row.p_living in ("alone", "elderly_only") or (inferred and row.hh_size >= 1
                                                                    and not row.hh_younger),
        "left_behind": bool(row.p_left_behind),
        "oldest_old": row.birth_date <= years_ago(today, OLDEST_OLD_AGE),
        "disabled": row.level is not None and row.level >= 1,
        "dementia": bool(row.p_dementia or row.assessed_dementia),
        "family_planning": bool(row.p_family_planning),
    }
    return [code for code in codes.SITUATIONS if found[code]]


def _register(user, today: dt.date) -> QuerySet[Person]:
    """Living persons aged 60 and over in the user's region, not annotated."""
    require_people_access(user)
    return Person.objects.visible_to(user).filter(death_date__isnull=True,
                                                  birth_date__lte=years_ago(today, ELDERLY_AGE))


def elderly_for(user, today: dt.date | None = None) -> QuerySet[Person]:
    """The elderly register: living persons aged 60 and over in the user's region, annotated (see _annotated)."""
    today = today or clock.today()
    return _annotated(_register(user, today), today).select_related("region")


def get_elder(user, person_id) -> Person:
    """One person of the register (404 outside the region or under 60 / dead: not in the register)."""
    return _one(elderly_for(user), person_id)


def elder_page(user, person_id) -> dict:
    """An elder's page: the person, situations, stored facts, contacts, assessments, benefits, survival checks."""
    today = clock.today()
    person = get_elder(user, person_id)
    return {"person": person, "situations": situations_of(person, today), "age": person.age_on(today),
            "profile": ElderlyProfile.objects.filter(person=person).first(),
            "contacts": list(contacts_of(user, person)),
            "assessments": list(assessments_of(user, person)[:20]),
            "benefits": benefits_of([person.pk], today).get(person.pk, []),
            "checks": list(checks_for(user).filter(person=person).order_by("-checked_on", "-id")[:20])}


def in_force(qs: QuerySet[Entitlement], day: dt.date) -> QuerySet[Entitlement]:
    month = workflow.first_of_month(day)
    return qs.exclude(status="stopped").filter(Q(end_month__isnull=True) | Q(end_month__gte=month))


def benefits_of(person_ids: list[int], today: dt.date | None = None) -> dict[int, list[str]]:
    """{person id: [program names]} of the benefits each person receives now: their own (person programs) and
    their current household's (低保 …). Two queries whatever the number of persons."""
    if not person_ids:
        return {}
    day = today or clock.today()
    households: dict[int, list[int]] = {}
    for pid, hid in Membership.objects.filter(person_id__in=person_ids, left_on__isnull=True).values_list(
            "person_id", "household_id"):
        households.setdefault(hid, []).append(pid)
    rows = in_force(Entitlement.objects.filter(Q(person_id__in=person_ids) | Q(household_id__in=list(households),
                                                                                 person__isnull=True)), day)
    names = programs.names()
    out: dict[int, list[str]] = {pid: [] for pid in person_ids}
    for program, pid, hid in rows.values_list("program", "person_id", "household_id").order_by("program"):
        for who in ([pid] if pid is not None else households.get(hid, [])):
            if who in out and names.get(program, program) not in out[who]:
                out[who].append(names.get(program, program))
    return out


def contacts_of(user, person: Person) -> QuerySet[Contact]:
    require_people_access(user)
    return Contact.objects.visible_to(user).filter(person=person, ended_on__isnull=True).order_by("-guardian", "id")


def profile_of(person_id: int) -> ElderlyProfile | None:
    return ElderlyProfile.objects.filter(person_id=person_id).first()


# ---- survival checks (生存认证) ------------------------------------------------------------------------------------


def checks_for(user) -> QuerySet[SurvivalCheck]:
    require_people_access(user)
    return SurvivalCheck.objects.visible_to(user).select_related("person")


def age_allowances(region_code: str = "", user=None) -> QuerySet[Entitlement]:
    """高龄津贴 entitlements not stopped (active or suspended), with the person; in a user's region or a subtree."""
    qs = (Entitlement.objects.visible_to(user) if user is not None else Entitlement.objects.all()).filter(
        program="age_allowance", person__isnull=False).exclude(status="stopped")
    if region_code:
        qs = qs.filter(**regioncodes.subtree_lookup("region_code", region_code))
    return qs.select_related("person")


def last_checks(person_ids: list[int]) -> dict[int, dt.date]:
    """{person id: the day of their latest survival check}. One query."""
    rows = (SurvivalCheck.objects.filter(person_id__in=person_ids).values("person_id")
            .annotate(last=Max("checked_on")).values_list("person_id", "last"))
    return dict(rows)


def survival_status(user, today: dt.date | None = None) -> list[survival.Status]:
    """Each 高龄津贴 recipient in the user's region whose survival check is due within DUE_DAYS or overdue (where the
    region sets a period), nearest first."""
    today = today or clock.today()
    horizon = today + dt.timedelta(days=DUE_DAYS)
    return _statuses(age_allowances(user=user), today, horizon)


def survival_due_first(user, first: int, today: dt.date | None = None) -> tuple[int, int, list[survival.Status]]:
    """The inbox's view of survival_status: how many are due, how many of them overdue, and the first `first` (a
    county has thousands due; the statuses of the rest are not made)."""
    today = today or clock.today()
    rows = _due_rows(age_allowances(user=user), today, today + dt.timedelta(days=DUE_DAYS))
    return (len(rows), sum(1 for row in rows if row[0] < today),  # overdue: today > due_on (policy.status)
            [survival.status(*row[1:], today) for row in rows[:first]])


def _statuses(ents: QuerySet[Entitlement], today: dt.date, due_by: dt.date) -> list[survival.Status]:
    """The statuses of the entitlements whose next check falls due by `due_by`, nearest first."""
    return [survival.status(*row[1:], today) for row in _due_rows(ents, today, due_by)]


def _due_rows(ents: QuerySet[Entitlement], today: dt.date, due_by: dt.date) -> list[tuple]:
    """(due on, entitlement, person, region, first month, last check, period in months) of the entitlements whose
    next check falls due by `due_by`, nearest first."""
    # The inbox reads this on every visit. The database passes over whoever was checked (or started) too recently
    # to be due by then under the shortest period any region sets (policy.latest_base; a county: 24,212 recipients →
    # 4,761), each row with its latest check; the policy then decides each of the few left with its region's own period.
    shortest = shortest_survival_months(today)
    if shortest is None:
        return []
    bound = survival.latest_base(due_by, shortest)
    latest = (SurvivalCheck.objects.filter(person_id=OuterRef("person_id")).order_by("-checked_on")
              .values("checked_on")[:1])
    rows = list(ents.order_by().annotate(last=Subquery(latest)).alias(base=Coalesce("last", "start_month"))
                .filter(base__lte=bound).values_list("pk", "person_id", "region_code", "start_month", "last"))
    periods = survival_months_by_region({row[2] for row in rows}, today)
    bounds = {m: survival.latest_base(due_by, m) for m in set(periods.values()) if m is not None}
    out = []
    for pk, person_id, region_code, start_month, checked in rows:
        months = periods.get(region_code)
        if months is None or (checked or start_month) > bounds[months]:
            continue
        due_on = survival.due_on(start_month, checked, months)
        if due_on <= due_by:
            out.append((due_on, pk, person_id, region_code, start_month, checked, months))
    out.sort()
    return out


def shortest_survival_months(day: dt.date) -> int | None:
    """The shortest survival-check period any region's standard sets on `day` (None: no region requires checks)."""
    values = benefits_selectors.values_in_force("age_allowance", "survival_check_months", workflow.first_of_month(day))
    return min((int(v) for v in values), default=None)


def overdue_allowances(region_code: str, today: dt.date) -> list[survival.Status]:
    """Active 高龄津贴 entitlements (unscoped, in a subtree) whose survival check is overdue: to suspend."""
    # Overdue (policy: today > due_on) is due by yesterday.
    return _statuses(age_allowances(region_code).filter(status__in=("active", "gradual_exit")), today,
                     today - dt.timedelta(days=1))


def survival_months_by_region(region_codes, day: dt.date) -> dict[str, int | None]:
    """{region: the survival-check period in months the region's standards set (None: no checks there)}."""
    found = benefits_selectors.resolve_item("age_allowance", "survival_check_months", region_codes, "all",
                                            workflow.first_of_month(day))
    return {code: int(row.value) if row is not None else None for code, row in found.items()}


def survival_suspension(entitlement_id: int):
    """The latest suspension of a 高龄津贴 for a missed survival check, if it is still in force (not resumed)."""
    last = (EntitlementChange.objects.filter(entitlement_id=entitlement_id, kind__in=("suspend", "resume"))
            .order_by("-effective_month", "-id").first())
    if last is None or last.kind != "suspend" or not last.reason.startswith(survival.SUSPEND_REASON):
        return None
    return last


# ---- figures: home tile and indicators ----------------------------------------------------------------------------


# The first age of each band of codes.AGE_BANDS, oldest first. OLDEST_OLD_AGE is one of them, so all elders of a band
# are 高龄 or none is: the figures read situations by band (_groups).
BAND_AGES = {"100+": 100, "90-99": 90, "80-89": 80, "70-79": 70, "60-69": ELDERLY_AGE}


def _age_band_case(today: dt.date) -> Case:
    *older, (youngest, _) = BAND_AGES.items()
    return Case(*(When(birth_date__lte=years_ago(today, age), then=Value(band)) for band, age in older),
                default=Value(youngest))


class Facts(NamedTuple):
    """What situations_of reads of an `_annotated` row, shared by a group of elders (_groups)."""

    birth_date: dt.date
    level: int | None
    assessed_dementia: bool
    p_living: str
    p_left_behind: bool
    p_dementia: bool
    p_family_planning: bool
    hh_size: int
    hh_younger: bool


def _groups(elders: QuerySet[Person], today: dt.date, prefix_width: int = 0,
            households: bool = True) -> list[tuple[str, str, Facts, int]]:
    """[(region prefix, age band, facts, number of elders)] of the scoped `elders`: the facts of `_annotated` in one
    grouped query, each joined once rather than looked up per elder (4.2 s for a county's 200,000 elders on
    PostgreSQL): the current assessment (superseded_by IS NULL), the profile, and the living members of the elders'
    households counted in one GROUP BY. Each group's birth date is the latest of its band, which gives situations_of's
    高龄 rule the answer of every elder of the band (BAND_AGES). Without `households`, no household facts."""
    prefix = Substr("region_id", 1, prefix_width) if prefix_width else Value("")
    try:  # the scoped queryset's own SQL: which elders count is decided by visible_to alone
        e_sql, params = (elders.order_by().annotate(band=_age_band_case(today), prefix=prefix)
                         .values("id", "band", "prefix").query.sql_with_params())
    except EmptyResultSet:
        return []
    q = connection.ops.quote_name
    assessment, profile, membership, person = (q(m._meta.db_table) for m in (Assessment, ElderlyProfile, Membership,
                                                                              Person))
    columns = ["e.prefix", "e.band", "a.level", "a.dementia", "f.living", "f.left_behind", "f.dementia",
               "f.family_planning"]
    joins = [f"LEFT JOIN {assessment} a ON a.person_id = e.id AND a.superseded_by_id IS NULL",
             f"LEFT JOIN {profile} f ON f.person_id = e.id"]
    if households:
        theirs = f"SELECT em.household_id FROM e JOIN {membership} em ON em.person_id = e.id AND em.left_on IS NULL"
        living = (f"SELECT hm.household_id, COUNT(*) AS n_living,"
                  f" SUM(CASE WHEN hp.birth_date > %s THEN 1 ELSE 0 END) AS n_younger"
                  f" FROM {membership} hm JOIN {person} hp ON hp.id = hm.person_id"
                  f" WHERE hm.left_on IS NULL AND hp.death_date IS NULL AND hm.household_id IN ({theirs})"
                  " GROUP BY hm.household_id")
        columns += ["h.n_living", "h.n_younger"]
        joins += [f"LEFT JOIN {membership} m ON m.person_id = e.id AND m.left_on IS NULL",
                  f"LEFT JOIN ({living}) h ON h.household_id = m.household_id"]
        params = (*params, connection.ops.adapt_datefield_value(years_ago(today, ELDERLY_AGE)))
    listed = ", ".join(columns)
    with connection.cursor() as cur:
        cur.execute(f"WITH e AS ({e_sql}) SELECT {listed}, COUNT(*) FROM e {' '.join(joins)} GROUP BY {listed}",
                    params)
        rows = cur.fetchall()
    latest = {band: years_ago(today, age) for band, age in BAND_AGES.items()}
    out = []
    for prefix, band, level, assessed_dementia, living, left_behind, dementia, family_planning, *household, n in rows:
        n_living, n_younger = household or (0, 0)
        facts = Facts(latest[band], level, bool(assessed_dementia), living or "", bool(left_behind), bool(dementia),
                      bool(family_planning), n_living or 0, bool(n_younger))
        out.append((prefix, band, facts, n))
    return out


def register_figures(user, today: dt.date | None = None) -> dict:
    """The home tile: elders by age band and by situation in the user's region. One grouped query (_groups); each
    group's situations by situations_of, the rules of the register's rows."""
    today = today or clock.today()
    bands = dict.fromkeys(codes.AGE_BANDS, 0)
    situations = dict.fromkeys(codes.SITUATIONS, 0)
    for _, band, facts, n in _groups(_register(user, today), today):
        bands[band] += n
        for code in situations_of(facts, today):
            situations[code] += n
    return {"total": sum(bands.values()),
            "bands": [(codes.AGE_BANDS[k], v) for k, v in bands.items()],
            "situations": [(code, codes.SITUATIONS[code], situations[code]) for code in codes.SITUATIONS]}


INDICATOR_FIELDS = ("elders", "oldest_old", "assessed", "disabled", "dementia", *(f"level_{n}" for n in range(5)))


def _indicator_counts(facts: Facts, today: dt.date) -> dict[str, bool]:
    found = situations_of(facts, today)
    return {"elders": True, "oldest_old": "oldest_old" in found, "assessed": facts.level is not None,
            "disabled": facts.level is not None and facts.level >= 1, "dementia": "dementia" in found,
            **{f"level_{n}": facts.level == n for n in range(5)}}


def indicators(user, region_code: str = "", today: dt.date | None = None) -> dict:
    """Indicators of issue 14 item 8 that this app's data supports, for the chosen region and each child region:
    elders, 高龄, assessed elders (share), 失能 elders by level (share of the assessed), 失智, survival checks overdue.
    One grouped query for the register (_groups, by the child region's prefix) and the survival checks'."""
    from minzheng.core.models import Region

    today = today or clock.today()
    root = regioncodes.normalize(region_code) if region_code else user.region_id
    qs = _register(user, today)
    if region_code:
        qs = qs.filter(**regioncodes.subtree_lookup("region_id", root))
    children = list(Region.objects.filter(parent_id=root).order_by("code").values_list("code", "name"))
    depth = regioncodes.LEVELS.index(regioncodes.level_of(root))
    width = regioncodes.LEVEL_LENGTH[regioncodes.LEVELS[min(depth + 1, len(regioncodes.LEVELS) - 1)]]

    fields = INDICATOR_FIELDS
    grouped: dict[str, dict[str, int]] = {}
    for prefix, _, facts, n in _groups(qs, today, width, households=False):
        row = grouped.setdefault(prefix, dict.fromkeys(fields, 0))
        for k, counted in _indicator_counts(facts, today).items():
            row[k] += n if counted else 0
    overdue = _overdue_by_prefix(user, width, today)

    def line(name: str, code: str, row: dict | None, overdue_n: int) -> dict:
        row = row or dict.fromkeys(fields, 0)
        return {"code": code, "name": name, **{k: row[k] for k in fields},
                "assessed_share": _share(row["assessed"], row["elders"]),
                "disabled_share": _share(row["disabled"], row["assessed"]),
                "survival_overdue": overdue_n}

    rows = [line(name, code, grouped.get(code[:width]), overdue.get(code[:width], 0)) for code, name in children]
    totals = {k: sum(r[k] for r in rows) for k in (*fields, "survival_overdue")} if rows else None
    if not rows:  # a village: itself
        whole = {k: sum(row[k] for row in grouped.values()) for k in fields}
        rows = [line(region_name(root), root, whole, sum(overdue.values()))]
        totals = {k: rows[0][k] for k in (*fields, "survival_overdue")}
    total = line("合计", root, totals, totals["survival_overdue"])
    return {"root": root, "rows": rows, "total": total}


def _overdue_by_prefix(user, width: int, today: dt.date) -> dict[str, int]:
    out: dict[str, int] = {}
    for status in survival_status(user, today):
        if status.overdue:
            out[status.region_prefix(width)] = out.get(status.region_prefix(width), 0) + 1
    return out


def region_name(code: str) -> str:
    found = benefits_selectors.region(code)
    return found.name if found is not None else code


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"



def person_names(person_ids: list[int]) -> dict[int, str]:
    """{person id: name} (the inbox's titles; the ids come from a scoped read). One query."""
    return dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))
