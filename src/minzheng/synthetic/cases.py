"""Cases in every state and active entitlements for a county that `minzheng seed --county CODE --people N` has
filled (`minzheng seed assistance --county CODE [--seed S]`), for the demo and the benchmarks.

Every amount comes from the policy engine with the standards in force (the demo standards are loaded first when the
county has none, as `minzheng seed standards` does). Shares (approximate national figures, NATIONAL_RULES §1.6,
民政部 2023-10): 低保 ≈ 2.8 % of the population (≈ 4,000万 of 14.1亿), 特困 ≈ 0.33 % (≈ 460万); every eligible person
aged 80+ gets 高龄津贴, every eligible severely disabled person 护理补贴, every eligible disabled member of a 低保
household 生活补贴. Households are drawn at random (seeded) among those under the 低保 line and evaluated until the
share is reached; the remaining eligible ones feed open applications (≈ 8 % of the caseload, spread over every state,
some of them overdue) and a few past exits. Dates run backwards from today through the workflow's steps, so
deadlines, the inbox and overdue flags are those the workflow computes. Written set-based (core.bulk executemany, ids
allocated up front) in one transaction; one audit entry. Refuses a county that already has cases.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from collections import Counter
from decimal import Decimal
from fractions import Fraction

from django.db import transaction

from minzheng.benefits import programs
from minzheng.benefits import workflow as wf
from minzheng.benefits.models import (
    Case,
    CaseEvent,
    ConflictRegister,
    Entitlement,
    EntitlementChange,
    MissingItemsNotice,
    Objection,
    Review,
    Standard,
)
from minzheng.benefits.policy import COUNTED_KINDS
from minzheng.benefits.services.cases import refresh_inbox_fields
from minzheng.core import audit, bulk, clock, protected, regioncodes
from minzheng.core.bulk import Rows
from minzheng.core.errors import Conflict, NotFound, ValidationFailed
from minzheng.core.models import Region
from minzheng.core.workdays import Calendar
from minzheng.synthetic.evaluations import Population, StandardsCache, evaluate_all, load
from minzheng.synthetic.timelines import Plan

DIBAO_SHARE, TEKUN_SHARE, OPEN_SHARE = 0.028, 0.0033, 0.08
OPEN_STATES = {wf.APPLIED: 10, wf.MISSING: 4, wf.ACCEPTED: 8, wf.INVESTIGATING: 18, wf.REVIEWED: 5, wf.IN_NOTICE: 10,
               wf.OBJECTION: 2, wf.SUBMITTED: 14, wf.APPROVED: 5, wf.REFUSED: 3, wf.REFUSAL_NOTIFIED: 10,
               wf.WITHDRAWN: 4, wf.TERMINATED: 2}
LAG = {wf.SUBMITTED: 16, wf.ACCEPTED: 6, wf.INVESTIGATING: 20, wf.REFUSED: 5, wf.IN_NOTICE: 9}  # days since last step
BANKS = ("中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "中国邮政储蓄银行", "农村商业银行")


def _county(code: str) -> Region:
    try:
        code12 = regioncodes.normalize(code)
    except regioncodes.RegionCodeError as exc:
        raise NotFound(str(exc)) from None
    region = Region.objects.filter(code=code12, level="county").first()
    if region is None:
        raise NotFound(f"县级区划 {code} 不存在（应为 6 位县级代码，如 330902）")
    return region


def _ensure_standards(county: Region) -> bool:
    """Load the bundled demo standards when nothing applies to the county yet (idempotent)."""
    from minzheng.benefits.selectors import region_chain
    from minzheng.benefits.services.standards import load_csv
    from minzheng.synthetic import DEMO_STANDARDS

    if Standard.objects.filter(program="dibao", item="standard", region_code__in=region_chain(county.code)).exists():
        return False
    summary = load_csv(DEMO_STANDARDS)
    if summary.errors:
        raise ValidationFailed.one("standards", "演示标准载入失败：" + summary.errors[0].text())
    return True


def _age(birth: dt.date, month: dt.date) -> int:
    return month.year - birth.year - ((month.month, month.day) < (birth.month, birth.day))


def _per_capita(pop: Population, hid: int) -> Fraction:
    """Pre-screen only (which households apply); exact, and amounts always come from the policy engine."""
    ids = pop.members[hid]
    total = sum((Fraction(a) for pid in ids for kind, a in pop.incomes.get(pid, ()) if kind in COUNTED_KINDS),
                Fraction(0))
    return total / 12 / len(ids)


def _able(pop: Population, hid: int, month: dt.date) -> bool:
    return any(pop.persons[p][5] == "full" and 16 <= _age(pop.persons[p][0], month) < 60 for p in pop.members[hid])


def _months_ago(month: dt.date, rng: random.Random, low: int, high: int) -> dt.date:
    return max(wf.add_months(month, -rng.randint(low, high)), dt.date(2021, 8, 1))


def _evaluate(pop, cache, tasks, workers, stats) -> dict:
    stats["evaluations"] += len(tasks)
    results = evaluate_all(pop, cache, tasks, workers)
    for res, extra in results.values():
        if res is None:
            raise ValidationFailed.one("standards", f"政策测算失败：{extra}")
    return results


def seed_assistance(county_code: str, seed: int = 1, today: dt.date | None = None, workers: int | None = None) -> dict:
    """Seed cases and entitlements for a county filled by `minzheng seed`. Returns a summary (counts, seconds)."""
    started = time.perf_counter()

    def trace(label: str) -> None:
        if os.environ.get("MINZHENG_SEED_TRACE"):
            print(f"[seed assistance {time.perf_counter() - started:7.2f} s] {label}", file=sys.stderr, flush=True)

    county = _county(county_code)
    if Case.objects.filter(**regioncodes.subtree_lookup("region_code", county.code)).exists():
        raise Conflict(f"{county.full_name()}（{county.code[:6]}）已有救助案件，不能重复生成模拟数据")
    today = today or clock.today()
    month = wf.first_of_month(today)
    loaded_demo = _ensure_standards(county)
    pop = load(county.code, month)
    trace(f"loaded {pop.people} people")
    if not pop.households:
        raise ValidationFailed.one("county", f"{county.full_name()}还没有人员数据：请先运行 "
                                             f"minzheng seed --county {county.code[:6]} --people N")
    cache = StandardsCache(county.code, month)
    rng = random.Random(f"minzheng-assistance:{county.code}:{seed}")
    plan, stats = Plan(rng, today), Counter()
    people, avg = pop.people, pop.people / len(pop.households)

    lines: dict[tuple[str, str], float] = {}

    def standard(hid: int) -> Fraction:
        village, area = pop.households[hid]
        key = (cache.key(village), area)
        if key not in lines:
            value = cache.get(village, area).get("dibao", "standard")
            if value is None:
                raise ValidationFailed.one("standards", f"区划 {village} 没有生效的低保标准：请先设置标准")
            lines[key] = value.amount()
        return lines[key]

    # 低保: draw households under the line at random, evaluate, keep the eligible until the share is reached.
    order = sorted(pop.households)
    rng.shuffle(order)
    under = {h: _per_capita(pop, h) < standard(h) for h in order}
    below, above = [h for h in order if under[h]], [h for h in order if not under[h]]
    target = round(DIBAO_SHARE * people)
    open_n = max(2 * len(OPEN_STATES), round(OPEN_SHARE * target / avg))
    granted, pool, persons_in, pos = [], [], 0, 0
    while pos < len(below) and (persons_in < target or len(pool) < open_n * 2):
        step = max(200, int((target - persons_in) / avg * 1.3) + open_n * 2 - len(pool))
        batch, pos = below[pos:pos + step], pos + step
        results = _evaluate(pop, cache, [(h, h, "dibao", {}) for h in batch], workers, stats)
        for h in batch:
            res, summary = results[h]
            if res[0] and persons_in < target:
                granted.append((h, res, summary))
                persons_in += len(pop.members[h])
            elif res[0]:
                pool.append((h, res, summary))
    refused_n = sum(1 for s in OPEN_STATES if s in (wf.REFUSED, wf.REFUSAL_NOTIFIED)) * max(1, open_n // 10)
    refusals = _evaluate(pop, cache, [(h, h, "dibao", {}) for h in above[:refused_n]], workers, stats)
    dibao_homes = {h for h, _, _ in granted}
    trace(f"dibao: {len(granted)} households granted, {len(pool)} in the pool")

    # 特困: people living alone without labour capacity and under the line.
    def alone(h: int) -> bool:
        pid = pop.members[h][0]
        birth, labour = pop.persons[pid][0], pop.persons[pid][5]
        return (_age(birth, month) >= 60 or labour == "none") and under[h]

    singles = [h for h in order if len(pop.members[h]) == 1 and h not in dibao_homes and alone(h)]
    target_t, open_t = round(TEKUN_SHARE * people), max(3, round(open_n * 0.15))
    care = {h: rng.choices((0, 1, 2, 3, 4, 5, 6), (60, 12, 10, 8, 4, 3, 3))[0] for h in singles}
    tekun_tasks = [(h, h, "tekun", {"members": (0,), "support_payer_able": False,
                                    "self_care": {pop.members[h][0]: care[h]}})
                   for h in singles[:int(target_t * 1.5) + open_t * 2 + 20]]
    tekun_res = _evaluate(pop, cache, tekun_tasks, workers, stats)
    tekun_ok = [(h, *tekun_res[h]) for _, h, _, _ in tekun_tasks if tekun_res[h][0][0]]
    tekun_granted, tekun_pool = tekun_ok[:target_t], tekun_ok[target_t:]
    tekun_homes = {h for h, _, _ in tekun_granted}

    # Person subsidies: 80+ (高龄津贴), severe disability (护理补贴), disabled members of 低保 households (生活补贴).
    tasks = []
    for h, ids in pop.members.items():
        recognised = frozenset({"dibao"} if h in dibao_homes else {"tekun"} if h in tekun_homes else set())
        old = tuple(i for i, p in enumerate(ids) if _age(pop.persons[p][0], month) >= 80)
        disabled = tuple(i for i, p in enumerate(ids) if pop.persons[p][2] and pop.persons[p][3])
        if old:
            tasks.append((("age_allowance", h), h, "age_allowance", {"members": old, "recognised": recognised}))
        if disabled:
            tasks.append((("disability_care", h), h, "disability_care", {"members": disabled}))
            if h in dibao_homes:
                tasks.append((("disability_living", h), h, "disability_living",
                              {"members": disabled, "recognised": recognised}))
    trace(f"tekun: {len(tekun_granted)} granted")
    subsidies = _evaluate(pop, cache, tasks, workers, stats)
    trace(f"subsidies: {len(tasks)} evaluations")

    # ---- the plan ------------------------------------------------------------------------------------------------
    def grant(program, h, res, summary, *, person=None, subtype="", stopped=False):
        start = _months_ago(month, rng, 24 if stopped else 1, 60)
        decided = start - dt.timedelta(days=rng.randint(1, 27))
        amount = res[1] if person is None else next(a for p, ok, a in res[3] if p == person)
        index = plan.case(pop, program, h, wf.GRANTED, decided, person=person, subtype=subtype, amount=amount,
                          summary=summary, anchor="decided_on")
        _entitle(plan, pop, index, program, h, res, person, amount, start, stopped)

    for h, res, summary in granted:
        grant("dibao", h, res, summary)
    for h, res, summary in pool[:max(1, round(len(granted) * 0.03))]:
        grant("dibao", h, res, summary, stopped=True)
    pool = pool[max(1, round(len(granted) * 0.03)):]
    for h, res, summary in tekun_granted:
        grant("tekun", h, res, summary, person=pop.members[h][0],
              subtype="centralised" if rng.random() < 0.25 else "dispersed")
    for (program, h), (res, summary) in sorted(subsidies.items()):
        for pid, ok, _ in res[3]:
            if ok:
                grant(program, h, res, summary, person=pid)
    _open_cases(plan, pop, open_n, pool, tekun_pool, refusals, above[:refused_n], stats)
    trace(f"planned {len(plan.cases)} cases, {len(plan.events)} events, {len(plan.ents)} entitlements")
    stats.update(_write(plan, county, pop, today))
    trace("written")
    summary = {"county": county.code[:6], "county_name": county.full_name(), "seed": seed, "today": today.isoformat(),
               "people": people, "households": len(pop.households), "demo_standards_loaded": loaded_demo,
               "evaluations": stats["evaluations"], "cases": dict(Counter(c["state"] for c in plan.cases)),
               "entitlements": dict(Counter(e["program"] for _, e in plan.ents)),
               "entitlement_status": dict(Counter(e["status"] for _, e in plan.ents)),
               "dibao_share_of_people": round(persons_in / people, 4),
               "households_with_active_entitlements": round(len({e["household_id"] for _, e in plan.ents
                                                                 if e["status"] == "active"}) / len(pop.households), 4),
               "seconds": round(time.perf_counter() - started, 2)}
    return summary


def _entitle(plan: Plan, pop: Population, index: int, program: str, h: int, res, person, amount, start,
             stopped: bool) -> None:
    rng, month = plan.rng, plan.month
    params = programs.PROCEDURES[program]
    payee = plan.cases[index]["applicant_id"]
    if person is None and res[2] == "single_person":
        lines = [(p, a) for p, ok, a in res[3] if ok]
    else:
        lines = [(person, amount)]
    for pid, amt in lines:
        account = f"6{rng.randint(10 ** 17, 10 ** 18 - 1)}"
        ent = {"program": program, "household_id": h, "person_id": pid, "payee_id": payee,
               "region_code": pop.households[h][0], "monthly_amount": amt, "start_month": start, "status": "active",
               "_account": account, "bank_name": rng.choice(BANKS), "end_month": None}  # sealed once ids exist
        interval = wf.review_interval(params, False, _able(pop, h, month))
        ent["review_months"] = interval
        j = len(plan.ents)
        plan.ents.append((index, ent))
        roll = rng.random()
        if stopped:
            end = min(wf.add_months(month, -rng.randint(1, 18)), month)
            end = max(end, start)
            ent.update(status="stopped", end_month=end)
            plan.changes.append((j, _change("stop", amt, Decimal("0.00"), wf.add_months(end, 1), end,
                                            "家庭收入超过低保标准（模拟）", end)))
            continue
        if program == "dibao" and roll < 0.015 and start < month:
            end = wf.add_months(month, rng.randint(0, 5))
            ent.update(status="gradual_exit", end_month=end)
            plan.changes.append((j, _change("gradual_exit", amt, amt, month, end, "就业后收入超过低保标准（模拟）",
                                            month)))
        elif roll > 0.995 and start < month:
            ent["status"] = "suspended"
            plan.changes.append((j, _change("suspend", amt, amt, month, None, "未按时配合核查（模拟）", month)))
        if interval and ent["status"] != "stopped":
            due = start
            while due <= month:
                due = wf.add_months(due, interval)
            if rng.random() < 0.03:
                due = plan.today - dt.timedelta(days=rng.randint(1, 40))  # a few reviews are overdue
            if ent["end_month"] is None or due <= ent["end_month"]:
                plan.reviews.append((j, {"region_code": ent["region_code"], "due_on": due, "reason": "periodic"}))


def _change(kind, old, new, effective, end, reason, decided) -> dict:
    return {"kind": kind, "old_amount": old, "new_amount": new, "effective_month": effective, "end_month": end,
            "reason": reason, "decided_on": decided - dt.timedelta(days=3) if decided else decided,
            "notice_on": decided - dt.timedelta(days=2) if decided else None}


def _open_cases(plan: Plan, pop: Population, n: int, pool: list, tekun_pool: list, refusals: dict,
                refused_homes: list, stats: Counter) -> None:
    rng, today = plan.rng, plan.today
    states = list(OPEN_STATES) + rng.choices(list(OPEN_STATES), list(OPEN_STATES.values()),
                                             k=max(0, n - len(OPEN_STATES)))
    calendar = Calendar(pop.county)
    seen: set[str] = set()
    for state in states:
        lag = LAG.get(state, 3) if state not in seen else rng.randint(0, LAG.get(state, 3))  # first one: overdue
        seen.add(state)
        refused = state in (wf.REFUSED, wf.REFUSAL_NOTIFIED)
        tekun = not refused and tekun_pool and rng.random() < 0.15 and state != wf.OBJECTION
        if refused and refused_homes:
            h = refused_homes.pop()
            res, summary = refusals[h]
        elif tekun:
            h, res, summary = tekun_pool.pop()
        elif pool:
            h, res, summary = pool.pop()
        else:
            stats["open_skipped"] += 1
            continue
        program = "tekun" if tekun else "dibao"
        person = pop.members[h][0] if tekun else None
        amount = (res[1] if not tekun else res[3][0][2]) if res[0] else None
        before = state in wf.BEFORE_DECISION and state not in (wf.APPLIED, wf.MISSING)
        index = plan.case(pop, program, h, state, today, person=person, amount=amount, summary=summary,
                          lag=lag, conflict=before and rng.random() < 0.03,
                          subtype="dispersed" if tekun else "",
                          objection=program == "dibao" and state in (wf.SUBMITTED, wf.APPROVED) and rng.random() < .1)
        values = plan.cases[index]
        if state == wf.APPROVED:
            _entitle(plan, pop, index, program, h, res, person, amount, wf.entitlement_start(values["decided_on"]),
                     False)
        if state in wf.OPEN:
            case = Case(**{k: v for k, v in values.items() if k not in ("facts", "policy_result")})
            refresh_inbox_fields(case, today, calendar)
            values.update(awaiting_role=case.awaiting_role, due_on=case.due_on, due_code=case.due_code,
                          due_provisional=case.due_provisional, verification_due_on=case.verification_due_on)


def _write(plan: Plan, county: Region, pop: Population, today: dt.date) -> dict:
    with transaction.atomic():
        case_ids = bulk.allocate_ids(Case, len(plan.cases))
        for values, cid in zip(plan.cases, case_ids, strict=True):
            values["id"] = cid
        Rows(Case).insert(plan.cases)
        Rows(CaseEvent).insert({**e, "case_id": case_ids[i]} for i, e in plan.events)
        ent_ids = bulk.allocate_ids(Entitlement, len(plan.ents))
        seal = protected.seal
        Rows(Entitlement).insert({**e, "id": eid, "source_case_id": case_ids[i],
                                  "bank_account_enc": seal(Entitlement, "bank_account_enc", e["_account"], eid)}
                                 for (i, e), eid in zip(plan.ents, ent_ids, strict=True))
        Rows(EntitlementChange).insert({**c, "entitlement_id": ent_ids[j]} for j, c in plan.changes)
        Rows(Review).insert({**r, "entitlement_id": ent_ids[j]} for j, r in plan.reviews)
        missing = [{**row, "case_id": case_ids[i]} for kind, i, row in plan.extra if kind == "missing"]
        Rows(MissingItemsNotice).insert(missing)
        Rows(Objection).insert({**row, "case_id": case_ids[i]} for kind, i, row in plan.extra if kind == "objection")
        Rows(ConflictRegister).insert({**row, "staff_kind": "committee", "staff_name": "村委会成员（模拟）",
                                       "relation": "兄弟姐妹", "registered_on": today}
                                      for kind, i, row in plan.extra if kind == "conflict")
        counts = {"cases_written": len(case_ids), "events_written": len(plan.events),
                  "entitlements_written": len(ent_ids), "reviews_written": len(plan.reviews)}
        audit.record("system", audit.Event("seed", "assistance", county.code, county.code, counts))
    return counts
