"""Proactive discovery (政策找人): among households of the registry that receive nothing, those whose data suggest
eligibility for 低保, 特困, 低保边缘, 两项补贴, 高龄津贴 or child allowances, ranked, with the estimated monthly amount
and what is still unknown, as tasks for the township.

Set-based: the candidate households (no entitlement in force, no open case), their living members and the incomes of
the latest year on record are read in a few queries per 5,000 households; the standards are resolved once per village
and area; then the policy engine (benefits.policy — the same pure functions the cases use) evaluates each program for
each household from those rows, with no query per household. What the registry cannot know is assumed in the
applicant's favour and listed as 尚需核实: assets (none declared), support payers (特困), self-care (特困: 全自理),
parents (孤儿). Each household is found once per month (unique), so a re-run adds nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from minzheng.benefits import programs, workflow
from minzheng.benefits import selectors as benefits_selectors
from minzheng.benefits.models import Case, Entitlement
from minzheng.benefits.policy import Assets, Household, Income, Member, Options, Request
from minzheng.benefits.policy import evaluate as policy_evaluate
from minzheng.core import audit, bulk
from minzheng.core.errors import ServiceError
from minzheng.monitoring import population
from minzheng.monitoring.models import Discovery
from minzheng.registry.models import Household as HouseholdRow
from minzheng.registry.models import Income as IncomeRow
from minzheng.registry.models import Membership

CHUNK = 5000
ASSETS_UNKNOWN = "家庭财产未核实（按无金融资产、无车辆、无住房估算）"


def candidates(month: dt.date):
    """Households with living members, no entitlement in force and no open case: ids, ascending."""
    held = (Entitlement.objects.exclude(status="stopped").filter(start_month__lte=month)
            .filter(Q(end_month__isnull=True) | Q(end_month__gte=month)).values("household_id"))
    applying = Case.objects.exclude(state__in=sorted(workflow.FINAL)).values("household_id")
    return (HouseholdRow.objects.exclude(pk__in=held).exclude(pk__in=applying)
            .filter(memberships__left_on__isnull=True, memberships__person__death_date__isnull=True)
            .values_list("pk", flat=True).distinct().order_by("pk"))


def _age(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _rows(ids: list[int], month: dt.date):
    """{household: (village, area, [member dicts])} for a chunk, in three queries."""
    homes = {pk: (region, area) for pk, region, area in HouseholdRow.objects.filter(pk__in=ids)
             .values_list("pk", "region_id", "urban_rural")}
    members: dict[int, list[dict]] = {}
    for hh, pid, born, sex, cat, grade, ill, labour, school in (
            Membership.objects.filter(household_id__in=ids, left_on__isnull=True, person__death_date__isnull=True)
            .order_by("household_id", "person_id").values_list(
                "household_id", "person_id", "person__birth_date", "person__sex", "person__disability_category",
                "person__disability_grade", "person__serious_illness", "person__labour_capacity",
                "person__schooling")):
        members.setdefault(hh, []).append({"id": pid, "birth_date": born, "sex": sex, "category": cat,
                                           "grade": grade, "ill": ill, "labour": labour, "school": school,
                                           "incomes": []})
    latest: dict[int, tuple[int, list]] = {}
    person_ids = [m["id"] for ms in members.values() for m in ms]
    for pid, kind, year, amount in IncomeRow.objects.filter(person_id__in=person_ids, year__lte=month.year) \
            .values_list("person_id", "kind", "year", "annual_amount"):
        y, items = latest.get(pid, (0, []))
        if year > y:
            latest[pid] = (year, [(kind, amount)])
        elif year == y:
            items.append((kind, amount))
    for ms in members.values():
        for m in ms:
            m["incomes"] = latest.get(m["id"], (0, []))[1]
    return {hh: (*homes[hh], ms) for hh, ms in members.items() if hh in homes}


def _member(m: dict, **extra) -> Member:
    return Member(birth_date=m["birth_date"], sex=m["sex"], disability_category=m["category"] or "",
                  disability_grade=m["grade"], serious_illness=m["ill"], labour_capacity=m["labour"] or "",
                  schooling=m["school"] or "", ref=str(m["id"]),
                  incomes=tuple(Income(k, a, "annual") for k, a in m["incomes"]), **extra)


def _try(program: str, region: str, month: dt.date, household: Household, stds):
    try:
        return policy_evaluate(Request(program, region, month, household, Options()), stds)
    except ServiceError:  # a standard not set in this place, or a fact the engine must have: not found here
        return None


def _amount(result) -> Decimal:
    if result.members:
        return sum((m.monthly_amount for m in result.members if m.eligible), Decimal("0.00"))
    return result.monthly_amount


def _eligible(result) -> bool:
    if result is None:
        return False
    return any(m.eligible for m in result.members) if result.members else result.eligible


def assess(village: str, area: str, month: dt.date, members: list[dict], stds) -> tuple[list, Decimal, list, list]:
    """(programs, estimated monthly amount, reasons, unknowns) for one household from its rows."""
    day = population.month_end(month)
    ages = [_age(m["birth_date"], day) for m in members]
    found: list[str] = []
    amount, reasons, unknowns = Decimal("0.00"), [], [ASSETS_UNKNOWN]
    base = Household(urban_rural=area, members=tuple(_member(m) for m in members), assets=Assets(declared=False))

    def take(program, result, note=None):
        nonlocal amount
        found.append(program)
        amount += _amount(result)
        text = f"{programs.name(program)}：估算每月 {_amount(result):.2f} 元"
        reasons.append(text + (f"（{result.reasons[0]}）" if result.reasons else ""))
        if note and note not in unknowns:
            unknowns.append(note)

    dibao = _try("dibao", village, month, base, stds)
    if _eligible(dibao):
        take("dibao", dibao)
    else:
        edge = _try("dibao_edge", village, month, base, stds)
        if _eligible(edge):
            take("dibao_edge", edge)
    if any(a >= 60 or a < 16 or (m["grade"] or 9) <= 2 for a, m in zip(ages, members, strict=True)):
        lone = Household(urban_rural=area, members=tuple(_member(m, self_care_unmet=0) for m in members),
                         assets=Assets(declared=False), support_payer_able=None)
        tekun = _try("tekun", village, month, lone, stds)
        if _eligible(tekun):
            take("tekun", tekun, "有无具备履行能力的赡养、抚养、扶养义务人；生活自理能力（按全自理估算）")
    if any(m["grade"] for m in members):
        held = Household(urban_rural=area, members=base.members, assets=Assets(declared=False),
                         recognised=frozenset(p for p in found if p in ("dibao", "dibao_edge")))
        for program in ("disability_living", "disability_care"):
            result = _try(program, village, month, held, stds)
            if _eligible(result):
                take(program, result, "残疾人证是否有效、是否已享受其他同类补贴" if program == "disability_care"
                     else "是否属于低保或低保边缘家庭（以认定为准）")
    if any(a >= 60 for a in ages):
        result = _try("age_allowance", village, month, base, stds)
        if _eligible(result):
            take("age_allowance", result)
    if any(a < 18 for a in ages) and not any(18 <= a < 60 for a in ages):
        kids = Household(urban_rural=area, assets=Assets(declared=False), members=tuple(
            _member(m, child_status="orphan" if a < 18 else "") for a, m in zip(ages, members, strict=True)))
        result = _try("orphan", village, month, kids, stds)
        if _eligible(result):
            take("orphan", result, "父母是否死亡或下落不明（孤儿认定）；家中无18至59周岁成员")
    return found, amount, reasons, unknowns


def run(month: dt.date, actor=None) -> int:
    """Find this month's households; returns how many are listed for the month (new and earlier)."""
    existing = set(Discovery.objects.filter(month=month).values_list("household_id", flat=True))
    ids = [h for h in candidates(month) if h not in existing]
    standards: dict[tuple[str, str], object] = {}
    found = []
    for i in range(0, len(ids), CHUNK):
        for hh, (village, area, members) in _rows(ids[i:i + CHUNK], month).items():
            if (village, area) not in standards:
                standards[(village, area)] = benefits_selectors.resolve(village, area, month)
            progs, amount, reasons, unknowns = assess(village, area, month, members, standards[(village, area)])
            if progs:
                found.append((hh, village, progs, amount, reasons, unknowns))
    found.sort(key=lambda f: (-f[3], -len(f[2]), f[0]))
    start = Discovery.objects.filter(month=month).count()
    with transaction.atomic():
        pks = bulk.allocate_ids(Discovery, len(found))
        rows = [{"id": pk, "month": month, "household_id": hh, "region_code": village, "programs": progs,
                 "estimated_monthly_amount": amount, "reasons": reasons, "unknowns": unknowns,
                 "rank": start + n + 1, "status": "open"}
                for n, (pk, (hh, village, progs, amount, reasons, unknowns)) in enumerate(zip(pks, found, strict=True))]
        bulk.Rows(Discovery).insert(rows)
        audit.record_many(actor or "system", [audit.Event("discovery_create", "discovery", r["id"], r["region_code"], {
            "household": [None, r["household_id"]], "programs": [None, r["programs"]],
            "estimated_monthly_amount": [None, str(r["estimated_monthly_amount"])]}) for r in rows])
    return start + len(rows)
