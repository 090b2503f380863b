"""The coverage check of the two subsidies (应保尽保): who is eligible in a region (registry + the 残联's
`disability` feed: certificate category, grade, validity; the household's recognised status and the person's own
benefits from the kernel's entitlements; the local standards), who is covered (a subsidy entitlement in force), and
the gaps, by village. Also the certificates of paid people for the 残联 reconciliation file and the stop sweep.

Set-based: the feed is read once (DuckDB over the latest snapshot's Parquet files, as monitoring.population does);
persons, memberships and entitlements in a few queries per 5,000 persons; the standards once per village and area.
The pure rules are disability.policy (living_eligibility, care_eligibility)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from minzheng.benefits import selectors as benefits_selectors
from minzheng.benefits.models import Entitlement
from minzheng.core.months import month_end
from minzheng.disability import codes, policy
from minzheng.registry.models import Membership
from minzheng.verification import feeds

CHUNK = 5000
CHECKS = {"disability_living": policy.living_eligibility, "disability_care": policy.care_eligibility}


def feed_certificates(day: dt.date) -> dict[str, tuple[str, str, dt.date]]:
    """{ID-number blind index: (category, grade, valid_until)} of the 残联 feed as of `day` (latest snapshot)."""
    import duckdb

    paths = feeds.snapshot_paths("disability", day)
    if not paths:
        return {}
    files = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
    con = duckdb.connect()
    try:
        rows = con.execute(f"SELECT id_index, category, grade, valid_until FROM read_parquet([{files}], "
                           "hive_partitioning = false) ORDER BY valid_until").fetchall()
    finally:
        con.close()
    return {index: (category, grade, valid) for index, category, grade, valid in rows}  # latest validity wins


def in_force(month: dt.date):
    return (Entitlement.objects.exclude(status="stopped").filter(start_month__lte=month)
            .filter(Q(end_month__isnull=True) | Q(end_month__gte=month)))


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


@dataclass
class Row:
    person_id: int
    name: str
    region_code: str  # the household's village (or the person's residence without a household)
    household_id: int | None
    area: str
    registry_category: str
    registry_grade: int | None
    certificate: policy.Certificate | None
    alive: bool
    household_programs: set[str] = field(default_factory=set)
    own_programs: set[str] = field(default_factory=set)
    covered: set[str] = field(default_factory=set)


def rows(persons, month: dt.date, certificates: dict | None = None) -> list[Row]:
    """The disabled persons of a Person queryset (already scoped and narrowed), with what decides eligibility."""
    certificates = feed_certificates(month_end(month)) if certificates is None else certificates
    base = persons.filter(merged_into__isnull=True)
    found: dict[int, tuple] = {}
    columns = ("id", "name", "region_id", "disability_category", "disability_grade", "death_date", "id_number_index")
    for r in base.filter(disability_grade__isnull=False).values_list(*columns):
        found[r[0]] = r
    for chunk in _chunks(sorted(certificates)):
        for r in base.filter(id_number_index__in=chunk).values_list(*columns):
            found[r[0]] = r
    ids = sorted(found)
    homes: dict[int, tuple[int, str, str]] = {}
    for chunk in _chunks(ids):
        homes.update({p: (h, v, a) for p, h, v, a in Membership.objects.filter(
            person_id__in=chunk, left_on__isnull=True).values_list(
            "person_id", "household_id", "household__region_id", "household__urban_rural")})
    out: dict[int, Row] = {}
    for pk, name, region, category, grade, died, index in found.values():
        household, village, area = homes.get(pk, (None, region, "rural"))
        alive = died is None or died > month_end(month)
        out[pk] = Row(pk, name, village, household, area, category or "", grade,
                      policy.certificate_of(category or "", grade, certificates.get(index)), alive)
    by_household = defaultdict(list)
    for row in out.values():
        if row.household_id is not None:
            by_household[row.household_id].append(row)
    ents = in_force(month)
    for chunk in _chunks(ids):
        for person, program in ents.filter(person_id__in=chunk).values_list("person_id", "program"):
            out[person].own_programs.add(program)
            if program in CHECKS:
                out[person].covered.add(program)
    households = sorted(by_household)
    for chunk in _chunks(households):
        for household, program in ents.filter(household_id__in=chunk, program__in=("dibao", "dibao_edge")) \
                .values_list("household_id", "program"):
            for row in by_household[household]:
                row.household_programs.add(program)
    return sorted(out.values(), key=lambda r: (r.region_code, r.person_id))


def _rules(cache: dict, village: str, area: str, month: dt.date) -> policy.LocalRules:
    key = (village, area)
    if key not in cache:
        stds = benefits_selectors.resolve(village, area, month)
        edge = stds.get("disability_living", "include_dibao_edge")
        cache[key] = policy.LocalRules(bool(edge and edge.value == 1),
                                       stds.get("disability_care", "grade3_mental") is not None,
                                       stds.get("disability_care", "grade4_mental") is not None)
    return cache[key]


@dataclass
class Verdict:
    row: Row
    program: str
    eligible: bool
    reason: str

    @property
    def covered(self) -> bool:
        return self.program in self.row.covered


def assess(people: list[Row], month: dt.date) -> list[Verdict]:
    """Each person × each subsidy: eligible or not, and why (the policy's own reason)."""
    cache: dict = {}
    day = month_end(month)
    out = []
    for row in people:
        if row.certificate is None:
            continue
        facts = policy.DisabledPerson(row.certificate, row.alive, frozenset(row.household_programs),
                                      frozenset(row.own_programs))
        rules = _rules(cache, row.region_code, row.area, month)
        for program, check in CHECKS.items():
            ok, reason = check(facts, rules, day)
            out.append(Verdict(row, program, ok, reason))
    return out


def summary(verdicts: list[Verdict]) -> dict[str, dict]:
    """Per subsidy: eligible, covered (eligible and paid), the gaps (eligible, not paid), paid but not eligible,
    and the same counts by village."""
    out = {p: {"program": p, "name": codes.PROGRAMS[p], "eligible": 0, "covered": 0, "gaps": [],
               "not_eligible_paid": [],
               "villages": defaultdict(lambda: [0, 0])} for p in CHECKS}
    for v in verdicts:
        s = out[v.program]
        if v.eligible:
            s["eligible"] += 1
            s["villages"][v.row.region_code][0] += 1
            if v.covered:
                s["covered"] += 1
                s["villages"][v.row.region_code][1] += 1
            else:
                s["gaps"].append(v)
        elif v.covered:
            s["not_eligible_paid"].append(v)
    for s in out.values():
        s["villages"] = {k: tuple(c) for k, c in sorted(s["villages"].items())}
    return out
