"""A case's household, as the registry holds it plus the facts the investigation recorded, turned into the policy
engine's input JSON (docs/assistance.md "Input") and evaluated with the standards in force.

Registry → engine: the household's current members (dead before the month evaluated left out), each with birth
date, sex, disability, serious illness, labour capacity, schooling and the incomes of the latest year on record up to
the month's year; the programs the household already holds (active entitlements) as `recognised`, and a member's own
person-level entitlements as `existing_benefits`. Case facts (Case.facts) add what the registry does not know:
`assets`, `support_payer_able`, `rigid_expenses`, `recognised`, and per member (keyed by person id) `counted`,
`self_care_unmet`, `child_status`, `existing_benefits`, `incomes` (replacing the registry's), `labour_capacity`,
`serious_illness`. A program may add member facts from its own app's records (Program.member_facts: 特困 takes
`self_care_unmet` from the latest self-care assessment); facts recorded on the case win over those. The facts are
checked when they are recorded (schemas.cases.FactsIn) and the whole input again here
(schemas.evaluation.EvaluationIn), where an error is reported at its facts.* path.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Q

from minzheng.benefits import evaluation, programs
from minzheng.benefits.lifecycle import add_months, first_of_month
from minzheng.benefits.models import ConflictRegister
from minzheng.benefits.policy import Result
from minzheng.core.errors import FieldError, ValidationFailed
from minzheng.registry.codes import HEAD
from minzheng.registry.models import Income, Membership


def current_member_ids(household_id: int) -> list[int]:
    """The household's current living members: who may apply, be paid, and have facts recorded."""
    return list(Membership.objects.filter(household_id=household_id, left_on__isnull=True)
                .filter(person__death_date__isnull=True).values_list("person_id", flat=True))


def household_members(household_id: int, month: dt.date) -> list:
    """Current members (Person rows), head first, without those who died before the month."""
    rows = Membership.objects.filter(household_id=household_id, left_on__isnull=True).select_related("person")
    people = [m.person for m in sorted(rows, key=lambda m: (m.relation != HEAD, m.person_id))]
    return [p for p in people if p.death_date is None or p.death_date >= month]


def households_a_tool_cannot_decide(month: dt.date) -> frozenset[int]:
    """Ids of the households a tool that dates a case to `month` and decides it at once (the demo
    seeders) must leave out of its choice: those with a current member born after the month's last day — the engine
    refuses to evaluate them for that month (schemas.evaluation: 出生日期晚于评估月份) — and those with a current member
    on the 近亲属备案 register, whose confirmation needs the county's home visit first (workflow._confirm)."""
    next_month = add_months(first_of_month(month), 1)
    # Read as a set and left out by the callers in Python, never as `NOT IN (subquery)`: PostgreSQL plans that
    # anti-join from table statistics, and on a test database whose tables were never analysed it chose a plan that
    # ran for minutes (in CI); a few hundred ids read once cost nothing on either database.
    relatives = set(ConflictRegister.objects.filter(active=True).values_list("relative_id", flat=True))
    return frozenset(Membership.objects.filter(left_on__isnull=True)
                     .filter(Q(person__birth_date__gte=next_month) | Q(person_id__in=relatives))
                     .values_list("household_id", flat=True))


def _incomes(person_ids: list[int], month: dt.date) -> dict[int, list[dict]]:
    rows = list(Income.objects.filter(person_id__in=person_ids, year__lte=month.year)
                .values_list("person_id", "kind", "year", "annual_amount"))
    if not rows:
        return {}
    year = max(r[2] for r in rows)
    out: dict[int, list[dict]] = {}
    for pid, kind, y, amount in rows:
        if y == year:
            out.setdefault(pid, []).append({"kind": kind, "annual": f"{amount:.2f}"})
    return out


def _held(household_id: int, person_ids: list[int], month: dt.date, exclude_case: int | None):
    from minzheng.benefits.models import Entitlement

    recognised, benefits = set(), {}
    rows = (Entitlement.objects.filter(household_id=household_id).exclude(status="stopped")
            .exclude(end_month__lt=month).values_list("program", "person_id", "monthly_amount", "source_case_id"))
    for program, pid, amount, case_id in rows:
        if case_id == exclude_case:
            continue
        recognised.add(program)
        if pid in person_ids and amount:
            benefits.setdefault(pid, []).append({"program": program, "monthly": f"{amount:.2f}"})
    return recognised, benefits


def build_payload(case, month: dt.date, members: list | None = None) -> tuple[dict[str, Any], list[int]]:
    """(engine input JSON, person id of each member in order)."""
    members = household_members(case.household_id, month) if members is None else members
    ids = [p.pk for p in members]
    incomes = _incomes(ids, month)
    recognised, benefits = _held(case.household_id, ids, month, case.pk)
    facts = case.facts or {}
    given = {str(k): v for k, v in (facts.get("members") or {}).items()}
    declared = programs.get(case.program)
    kept = declared.member_facts(ids, month) if declared is not None and declared.member_facts else {}
    out_members = []
    for p in members:
        m: dict[str, Any] = {"birth_date": p.birth_date.isoformat(), "sex": p.sex, "ref": str(p.pk),
                             "serious_illness": p.serious_illness, "incomes": incomes.get(p.pk, [])}
        if p.disability_category and p.disability_grade:
            m.update(disability_category=p.disability_category, disability_grade=p.disability_grade)
        for key in ("labour_capacity", "schooling"):
            if getattr(p, key):
                m[key] = getattr(p, key)
        if benefits.get(p.pk):
            m["existing_benefits"] = benefits[p.pk]
        m.update(kept.get(p.pk) or {})  # the app's records (e.g. the latest self-care assessment) …
        m.update(given.get(str(p.pk)) or {})  # … unless the case's investigation recorded the fact itself
        out_members.append(m)
    household: dict[str, Any] = {"urban_rural": case.household.urban_rural, "members": out_members,
                                 "recognised": sorted(recognised | set(facts.get("recognised") or []))}
    for key in ("assets", "support_payer_able", "rigid_expenses"):
        if facts.get(key) is not None:
            household[key] = facts[key]
    options: dict[str, Any] = {}
    if case.subtype == "centralised":
        options["centralised"] = True
    if case.beneficiary_id is not None and case.beneficiary_id in ids:
        options["members"] = [ids.index(case.beneficiary_id)]
    if declared is not None and declared.case_options is not None:  # e.g. 临时救助: its kind and the amount asked for
        options.update(declared.case_options(case))
    return ({"program": case.program, "region_code": case.region_code, "month": f"{month:%Y-%m}",
             "ref": f"case:{case.pk or 'new'}", "household": household, "options": options}, ids)


_MEMBER_PATH = re.compile(r"^household\.members\[(\d+)\]")


def _facts_errors(exc: ValidationFailed, ids: list[int]) -> ValidationFailed:
    out = []
    for e in exc.errors:
        path = e.field
        m = _MEMBER_PATH.match(path)
        if m and int(m.group(1)) < len(ids):
            path = f"facts.members.{ids[int(m.group(1))]}" + path[m.end():]
        elif path.startswith("household."):
            path = "facts." + path[len("household."):]
        elif path == "options.requested_amount":  # recorded as facts.requested_amount
            path = "facts.requested_amount"
        out.append(FieldError(path, e.message))
    return ValidationFailed(out)


def parse(case, month: dt.date):
    """The engine Request for the case and month (422 with facts.* paths when the recorded facts are invalid)."""
    payload, ids = build_payload(case, month)
    if not payload["household"]["members"]:
        raise ValidationFailed.one("household", "该家庭没有在册（在世）成员，无法测算")
    if case.beneficiary_id is not None and case.beneficiary_id not in ids:
        raise ValidationFailed.one("beneficiary_id", "救助对象已不是该家庭的在册（在世）成员")
    try:
        return evaluation.parse(payload)
    except ValidationFailed as exc:
        raise _facts_errors(exc, ids) from None


def evaluate(case, month: dt.date) -> Result:
    """Resolve the standards in force for the case's village and area in `month` and evaluate (422 when a standard
    is missing, naming it)."""
    return evaluation.evaluate_request(parse(case, month))


def township_limit(case, month: dt.date):
    """The amount a township may approve alone where the case's household lives (standards data; 临时救助 小额审批),
    or None where the program sets no such limit."""
    from minzheng.benefits import selectors

    item = programs.require(case.program).township_limit_item
    if item is None:
        return None
    found = selectors.resolve(case.region_code, case.household.urban_rural, month).get(case.program, item)
    return found.value if found is not None else None


def amount_for(case, result: Result) -> tuple[bool, Any]:
    """(eligible, monthly amount) for what the case asks: a person program → that member's amount."""
    if programs.params_of(case).unit == "person" and result.members:
        member = result.members[0]
        return member.eligible, member.monthly_amount
    return result.eligible, result.monthly_amount
