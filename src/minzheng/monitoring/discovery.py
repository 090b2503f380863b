"""Proactive discovery (政策找人): among households of the registry that receive nothing, those whose data suggest
eligibility for 低保, 特困, 低保边缘, 两项补贴, 高龄津贴 or child allowances, ranked, with the estimated monthly amount
and what is still unknown, as tasks for the township.

Two stages, so that the rules exist once:
1. **the screen, on the engine** (DuckDB by default, Spark when configured; SQL written once, transpiled by SQLGlot as
   the signals are): the candidate households (no entitlement in force, no open case) with their members' counts and
   counted income, exported set-based to Parquet, are narrowed to those passing a *necessary* condition of some
   program — counted income per head under the highest income line any program uses there (低保边缘 or 特困 multiple
   of the 低保 line, plus the most the employment-cost deduction could take off), a member with a grade 1–2
   disability (护理补贴 has no income test), a member of 80 or more (高龄津贴), a minor with no adult of 18–59 (孤儿);
2. **the policy engine** (benefits.policy — the same pure functions the cases use) decides each program for the
   short list only, from rows read in a few queries per 5,000 households.
What the registry cannot know is listed as 尚需核实, but only where the registry gives no contrary sign: 特困 is
suggested only for households without a member of working age able to work and without an earner (a member who
could support them lives with them); 低保 and 低保边缘 are not suggested for a household with an able member of
working age and no income on record at all (its income is unknown, not zero). Each household is found once per month
(unique), so a re-run adds nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from minzheng.benefits import programs, workflow
from minzheng.benefits import selectors as benefits_selectors
from minzheng.benefits.models import Case, Entitlement
from minzheng.benefits.policy import Assets, Household, Income, Member, Options, Request
from minzheng.benefits.policy import evaluate as policy_evaluate
from minzheng.core import audit, bulk, months
from minzheng.core.errors import ServiceError
from minzheng.monitoring.models import Discovery
from minzheng.registry.models import Household as HouseholdRow
from minzheng.registry.models import Income as IncomeRow
from minzheng.registry.models import Membership

CHUNK = 5000
ASSETS_UNKNOWN = "家庭财产未核实（按无金融资产、无车辆、无住房估算）"
INCOME_UNKNOWN = "家庭成员收入未登记（按无收入估算）"
WORKING_AGE = (18, 59)  # 劳动年龄 as the support-payer and income checks read it
DH_COLUMNS = [("household_id", "BIGINT"), ("region_code", "VARCHAR"), ("area", "VARCHAR"), ("n_members", "INTEGER"),
              ("income_year", "DECIMAL(18,2)"), ("n_severe", "INTEGER"), ("n_80", "INTEGER"), ("n_minor", "INTEGER"),
              ("n_adult", "INTEGER")]
SL_COLUMNS = [("region_code", "VARCHAR"), ("area", "VARCHAR"), ("screen_line", "DECIMAL(18,4)"),
              ("slack", "DECIMAL(18,4)")]
# The screen (DuckDB dialect): necessary conditions only — the policy engine decides. `screen_line` is the highest
# income line per head per year of the programs looked for there, `slack` what deductions could take off per head.
SCREEN_SQL = (
    "SELECT h.household_id FROM dh h LEFT JOIN sl ON sl.region_code = h.region_code AND sl.area = h.area"
    " WHERE (sl.screen_line IS NOT NULL AND h.income_year < (sl.screen_line + sl.slack) * h.n_members)"
    " OR h.n_severe > 0 OR h.n_80 > 0 OR (h.n_minor > 0 AND h.n_adult = 0)")


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
    day = months.month_end(month)
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

    lo, hi = WORKING_AGE
    able = [m for a, m in zip(ages, members, strict=True) if lo <= a <= hi and not (m["grade"] or 9) <= 2
            and m["labour"] != "none" and not m["ill"]]
    earner = any(kind in ("wage", "business") and amount > 0 for m in members for kind, amount in m["incomes"])
    no_income = not any(m["incomes"] for m in members)
    if not (no_income and able):  # an able member of working age with no income on record: income unknown
        note = INCOME_UNKNOWN if no_income else None
        dibao = _try("dibao", village, month, base, stds)
        if _eligible(dibao):
            take("dibao", dibao, note)
        else:
            edge = _try("dibao_edge", village, month, base, stds)
            if _eligible(edge):
                take("dibao_edge", edge, note)
    # 特困 only where no one who could support lives in the household (no able member of working age, no earner).
    if not able and not earner and any(a >= 60 or a < 16 or (m["grade"] or 9) <= 2
                                       for a, m in zip(ages, members, strict=True)):
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


# ---- stage 1: export and screen on the engine -----------------------------------------------------------------------


def screen_lines(pairs, month: dt.date) -> list[tuple]:
    """(village, area, screen_line, slack) per pair: the 低保 line per head per year times the highest multiple any
    looked-for program applies there (低保边缘 edge_multiplier, 特困 basic_multiplier; at least 1), and the most the
    employment-cost deduction (per head per year) could take off. NULL line = no 低保 standard set there."""
    from minzheng.verification import compare

    out, memo = [], {}
    for village, area, line_year, *_ in compare.thresholds(sorted(pairs), month):
        if line_year is None:
            out.append((village, area, None, Decimal(0)))
            continue
        key = (village, area)
        if key not in memo:
            stds = benefits_selectors.resolve(village, area, month)
            found = [stds.get("dibao", "edge_multiplier"), stds.get("tekun", "basic_multiplier")]
            factor = max([Decimal(1), *(Decimal(str(f.value)) for f in found if f is not None)])
            deduction = stds.get("dibao", "employment_cost_deduction")
            monthly = Decimal(str(deduction.value)) * 12 if deduction is not None else Decimal(0)
            memo[key] = (Decimal(str(line_year)) * factor, monthly)
        out.append((village, area, *memo[key]))
    return out


def export_candidates(month: dt.date, folder: Path) -> int:
    """dh.parquet (the candidate households with their members' counts and counted income of the latest year on
    record) and sl.parquet (the screen lines): a few set-based queries, the per-household sums done by DuckDB."""
    import duckdb
    import pyarrow as pa

    from minzheng.benefits.policy.means import EXCLUDED_KINDS
    from minzheng.monitoring.scoring import _fetch, write_table
    from minzheng.registry.models import Person

    h_t, m_t, p_t, i_t = (bulk.table(x) for x in (HouseholdRow, Membership, Person, IncomeRow))
    cand_sql, cand_params = candidates(month).query.sql_with_params()
    hh = _fetch(f'SELECT h.id, h.region_id, h.urban_rural FROM "{h_t}" h WHERE h.id IN ({cand_sql})',
                list(cand_params), ["household_id", "region_code", "area"], [pa.int64(), pa.string(), pa.string()])
    mem = _fetch(f'SELECT m.household_id, p.id, CAST(p.birth_date AS TEXT), p.disability_grade FROM "{m_t}" m'
                 f' JOIN "{p_t}" p ON p.id = m.person_id WHERE m.left_on IS NULL AND p.death_date IS NULL'
                 f" AND m.household_id IN ({cand_sql})", list(cand_params),
                 ["household_id", "person_id", "birth", "grade"], [pa.int64(), pa.int64(), pa.string(), pa.int32()])
    inc = _fetch(f'SELECT i.person_id, i.year, i.kind, CAST(i.annual_amount AS TEXT) FROM "{i_t}" i'
                 f' WHERE i.year <= %s AND i.person_id IN (SELECT m.person_id FROM "{m_t}" m WHERE m.left_on IS NULL'
                 f" AND m.household_id IN ({cand_sql}))", [month.year, *cand_params],
                 ["person_id", "year", "kind", "amount"], [pa.int64(), pa.int32(), pa.string(), pa.string()])
    pairs = {(r, a) for r, a in zip(hh["region_code"].to_pylist(), hh["area"].to_pylist(), strict=True)}
    write_table(folder / "sl.parquet", SL_COLUMNS, screen_lines(pairs, month))
    excluded = "(" + ", ".join(f"'{k}'" for k in sorted(EXCLUDED_KINDS)) + ")"
    day = months.month_end(month).isoformat()
    lo, hi = WORKING_AGE
    con = duckdb.connect()
    try:
        con.execute("SET preserve_insertion_order = false")
        for name, table in (("hh_raw", hh), ("mem_raw", mem), ("inc_raw", inc)):
            con.register(name, table)
        con.execute(
            f"COPY (WITH latest AS (SELECT person_id, MAX(year) AS y FROM inc_raw GROUP BY person_id),"
            f" pinc AS (SELECT i.person_id, SUM(CASE WHEN i.kind NOT IN {excluded}"
            " THEN CAST(i.amount AS DECIMAL(18,2)) ELSE 0 END) AS inc FROM inc_raw i JOIN latest l"
            " ON l.person_id = i.person_id AND l.y = i.year GROUP BY i.person_id),"
            f" m AS (SELECT household_id, person_id, grade, date_part('year', age(DATE '{day}', CAST(birth AS DATE)))"
            " AS years FROM mem_raw)"
            " SELECT h.household_id, h.region_code, h.area, CAST(COUNT(m.person_id) AS INTEGER) AS n_members,"
            " CAST(COALESCE(SUM(pi.inc), 0) AS DECIMAL(18,2)) AS income_year,"
            " CAST(COUNT(*) FILTER (WHERE m.grade IN (1, 2)) AS INTEGER) AS n_severe,"
            " CAST(COUNT(*) FILTER (WHERE m.years >= 80) AS INTEGER) AS n_80,"
            " CAST(COUNT(*) FILTER (WHERE m.years < 18) AS INTEGER) AS n_minor,"
            f" CAST(COUNT(*) FILTER (WHERE m.years BETWEEN {lo} AND {hi}) AS INTEGER) AS n_adult"
            " FROM hh_raw h JOIN m ON m.household_id = h.household_id"
            " LEFT JOIN pinc pi ON pi.person_id = m.person_id GROUP BY h.household_id, h.region_code, h.area)"
            f" TO '{folder / 'dh.parquet'!s}' (FORMAT parquet)")
    finally:
        con.close()
    return hh.num_rows


def screen(engine, folder: Path) -> list[int]:
    """The short list (household ids, ascending) from the engine."""
    engine.register("dh", [str(folder / "dh.parquet")], DH_COLUMNS)
    engine.register("sl", [str(folder / "sl.parquet")], SL_COLUMNS)
    return sorted(r[0] for r in engine.query(SCREEN_SQL))


# ---- stage 2: the policy engine on the short list, and the write ----------------------------------------------------


def confirm(ids: list[int], month: dt.date) -> list[tuple]:
    """(household, village, programs, amount, reasons, unknowns) for the short-listed households that some program
    takes, ranked: the highest estimated amount first, then the most programs, then the household id."""
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
    return found


def run(month: dt.date, actor=None, engine=None) -> int:
    """Find this month's households; returns how many are listed for the month (new and earlier). `engine`: the
    monthly run's (left open for the caller to close); without one a DuckDB engine is made and closed here."""
    import shutil
    import uuid

    from minzheng import home
    from minzheng.verification import engines

    own = engine is None
    engine = engine or engines.make("duckdb")
    folder = home.home_dir("lake", "_discovery", f"{month:%Y-%m}-{uuid.uuid4().hex[:8]}")
    try:
        export_candidates(month, folder)
        short = screen(engine, folder)
    finally:
        if own:
            engine.close()
        shutil.rmtree(folder, ignore_errors=True)
    existing = set(Discovery.objects.filter(month=month).values_list("household_id", flat=True))
    found = confirm([h for h in short if h not in existing], month)
    start = len(existing)
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
