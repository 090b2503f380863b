"""Family search (寻亲比对): the registry persons and missing-person reports that may be the person an intake
received, ranked by homeless.policy.score.

Set-based, never a query per person: one query over the registry and one over the reports, each blocked in SQL on
sex, the birth-year window (estimate ± the rule's tolerance, on the indexed birth_date column) and any of
  - the name's pinyin key (same name and 同音字 names: registry.names.pinyin_key, the dedup engine's key),
  - the surname's pinyin within the region the accent points to (a given name misheard or changed),
  - a family's open missing-person report for the person,
  - no name given: the accent's region alone (bounded by BLOCK_LIMIT);
then the blocked rows (a few hundred in a county of a million) are scored in Python. Persons the user may not see
are never candidates (registry.selectors.persons_for: the one scoping rule)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from minzheng.core import regioncodes
from minzheng.homeless import policy
from minzheng.homeless.models import Intake, MatchOutcome, MissingPerson
from minzheng.registry import codes as registry_codes
from minzheng.registry import names
from minzheng.registry import selectors as registry_selectors

BLOCK_LIMIT = 5000  # rows read per block query when only the accent's region narrows the search
MIN_SCORE = 25
SHOWN = 50


@dataclass
class Match:
    kind: str  # person | missing
    person_id: int | None
    missing_person_id: int | None
    name: str
    sex: str
    birth_year: int
    region_code: str
    score: int
    reasons: list[str]


def seeker_of(intake: Intake) -> policy.Seeker:
    return policy.Seeker(intake.name, intake.name_pinyin or names.pinyin_key(intake.name), intake.sex,
                         intake.estimated_birth_year, intake.dialect_region, intake.features)


def _window(seeker: policy.Seeker, tolerance: int) -> tuple[int, int] | None:
    if seeker.birth_year is None:
        return None
    return seeker.birth_year - tolerance, seeker.birth_year + tolerance


def _blocks(seeker: policy.Seeker, name_field: str, region_field: str, reported_ids=None) -> Q | None:
    """The OR of the blocking keys that apply to this seeker (None: nothing to block on)."""
    keys = Q(pk__in=reported_ids) if reported_ids else Q(pk__in=[])
    useful = bool(reported_ids)
    if seeker.pinyin:
        keys |= Q(**{name_field: seeker.pinyin})
        useful = True
        surname = names.pinyin_key(seeker.name[:1])
        if seeker.dialect_region and surname:
            keys |= Q(**{f"{name_field}__startswith": surname}) & Q(**regioncodes.subtree_lookup(
                region_field, seeker.dialect_region))
    elif seeker.dialect_region:
        keys |= Q(**regioncodes.subtree_lookup(region_field, seeker.dialect_region))
        useful = True
    return keys if useful else None


def candidates(user, intake: Intake, tolerance: int) -> list[policy.Candidate]:
    seeker = seeker_of(intake)
    window = _window(seeker, tolerance)
    reports = MissingPerson.objects.visible_to(user).filter(status="open", sex=seeker.sex)
    if window:
        reports = reports.filter(birth_year__gte=window[0], birth_year__lte=window[1])
    report_block = _blocks(seeker, "name_pinyin", "region_code")
    report_rows = list(reports.filter(report_block)[:BLOCK_LIMIT].values_list(
        "id", "name", "name_pinyin", "sex", "birth_year", "region_code", "features", "person_id")
    ) if report_block is not None else []
    # Reports of a registry person also make that person a candidate, whatever their name on file.
    reported = {row[7]: row for row in MissingPerson.objects.visible_to(user).filter(
        status="open", sex=seeker.sex, person__isnull=False).values_list(
        "id", "name", "name_pinyin", "sex", "birth_year", "region_code", "features", "person_id")}
    out: list[policy.Candidate] = []
    people = registry_selectors.persons_for(user).filter(sex=seeker.sex, death_date__isnull=True)
    if window:
        people = people.filter(birth_date__gte=dt.date(window[0], 1, 1), birth_date__lt=dt.date(window[1] + 1, 1, 1))
    block = _blocks(seeker, "name_pinyin", "region_id", reported_ids=sorted(reported))
    if block is not None:
        for pk, name, py, sex, born, region, hukou, disability in people.filter(block)[:BLOCK_LIMIT].values_list(
                "id", "name", "name_pinyin", "sex", "birth_date", "region_id", "hukou_region_id",
                "disability_category"):
            report = reported.get(pk)
            out.append(policy.Candidate(
                "person", pk, name, py or names.pinyin_key(name), sex, born.year,
                tuple(r for r in (region, hukou, report[5] if report else "") if r),
                features=report[6] if report else "",
                disability=registry_codes.DISABILITY_CATEGORIES.get(disability or "", ""), reported=bool(report)))
    for mid, name, py, sex, born, region, features, person_id in report_rows:
        if person_id is None:  # a report of a registry person is scored as that person, above
            out.append(policy.Candidate("missing", mid, name, py or names.pinyin_key(name), sex, born, (region,),
                                        features=features, reported=True))
    return out


def matches(user, intake: Intake, tolerance: int) -> list[Match]:
    """Ranked matches (best first), rejected ones left out."""
    seeker = seeker_of(intake)
    rejected = set(MatchOutcome.objects.filter(intake=intake, outcome="rejected")
                   .values_list("person_id", "missing_id"))
    found = []
    for c in candidates(user, intake, tolerance):
        key = (c.id, None) if c.kind == "person" else (None, c.id)
        if key in rejected:
            continue
        points, reasons = policy.score(seeker, c, tolerance)
        if points >= MIN_SCORE:
            found.append(Match(c.kind, c.id if c.kind == "person" else None, c.id if c.kind == "missing" else None,
                               c.name, c.sex, c.birth_year, c.regions[0] if c.regions else "", points, reasons))
    found.sort(key=lambda m: (-m.score, m.kind != "person", m.person_id or 0, m.missing_person_id or 0))
    return found[:SHOWN]
