"""The elderly app's share of `make demo` (AppConfig.demo_data): the demo county's older people as the register shows
them, through this app's and the kernel's own services (validation, scope, audit), on a fresh county:

- stored facts (独居, 留守, 计划生育特殊家庭, 养老方式) and contacts for a share of the elders;
- GB/T 42195-2022 assessments over the last 13 months for a realistic share (most 能力完好/轻度, fewer 中度, 重度,
  完全丧失; a denser share in the demo township), a few re-assessed (history kept), one disputed awaiting its 复评
  and one settled by a 复评 — so the inbox has regular re-assessments due and overdue;
- 护理补贴 (assessed level 1–4) and 养老服务补贴 (特困/低保 elders) applications in the demo township, where the
  demo accounts work, taken through the kernel's case workflow last month (most granted and paid from this month —
  synthetic.demo regenerates this month's drafts after the apps' seeders — a few still awaiting 受理 or 确认);
  高龄津贴 itself comes from the assistance seeder (every eligible 80+);
- 高龄津贴 survival checks in every state: checked (visit or a matched 医保 feed), due within a month, overdue, and
  in the demo township the county's sweep (suspended from next month) with two later checks resuming the allowance.

Steps dated in the past run with `core.clock` fixed on their day (MINZHENG_TODAY, as training does), restored after.
Deterministic for a context.seed: people are picked in id order with a seeded random.Random."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections import Counter
from contextlib import contextmanager

from minzheng.core import clock, regioncodes

ASSESS_SHARE, ASSESS_SHARE_DEMO_TOWNSHIP = 0.10, 0.30
LEVEL_WEIGHTS = {0: 36, 1: 30, 2: 17, 3: 11, 4: 6}  # among those assessed (mostly those who ask for help)
TOTALS = {0: (90, 90), 1: (66, 89), 2: (46, 65), 3: (30, 45), 4: (8, 29)}
PROFILE_SHARE, CARE_APPLY_SHARE = 0.06, 0.85
ASSESSORS = ("陈晓燕", "林国强", "黄丽君", "刘建平", "周敏", "徐海涛")
GIVEN = ("建国", "秀英", "海波", "丽娟", "志强", "春梅", "伟", "敏", "军", "芳")


@contextmanager
def on_day(day: dt.date):
    """Run the enclosed services with the business date fixed on `day` (core.clock), then restore it."""
    before = os.environ.get("MINZHENG_TODAY")
    os.environ["MINZHENG_TODAY"] = day.isoformat()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("MINZHENG_TODAY", None)
        else:
            os.environ["MINZHENG_TODAY"] = before


def _sixtieth(birth: dt.date) -> dt.date:
    try:
        return birth.replace(year=birth.year + 60)
    except ValueError:  # 29 February
        return dt.date(birth.year + 60, 3, 1)


def elders_of(county_code: str, today: dt.date) -> list[tuple[int, dt.date, str]]:
    """(id, birth date, village code) of every living person of the county aged 60+ today, in id order."""
    from minzheng.registry.models import Person

    born_by = dt.date(today.year - 60, today.month, min(today.day, 28))
    return list(Person.objects.filter(**regioncodes.subtree_lookup("region_id", county_code), death_date__isnull=True,
                                      merged_into__isnull=True, birth_date__lte=born_by)
                .order_by("id").values_list("id", "birth_date", "region_id"))


def item_scores(rng: random.Random, level: int) -> dict[str, int]:
    """Form B raw scores whose total falls in `level`'s band: the points lost fall mostly on self-care and movement
    (B.1, B.2) as the level worsens, on perception and participation for the mildly impaired."""
    from minzheng.elderly.policy.capability import GB_T_42195_2022

    low, high = TOTALS[level]
    scores = {i.code: i.max for i in GB_T_42195_2022.items}
    weight = {i.code: (3 if i.part in ("B.1", "B.2") and level >= 2 else 2 if i.part == "B.4" else 1)
              for i in GB_T_42195_2022.items}
    for _ in range(90 - rng.randint(low, high)):
        codes = [c for c, s in scores.items() if s > 0]
        pick = rng.choices(codes, [weight[c] for c in codes])[0]
        scores[pick] -= 1
    return scores


def _assessment(rng, person_id: int, day: dt.date, reason: str, level: int, agency: str, **extra) -> dict:
    diagnoses = []
    if level >= 2 and rng.random() < 0.4:
        diagnoses.append(rng.choice(("I63.9", "I10", "E11.9", "M17.9", "G20")))  # stroke, hypertension … : no change
    if extra.pop("dementia", False):
        diagnoses.append("F03")  # 痴呆: one level worse than the score says (the form is scored one level better)
        level = max(level - 1, 0)
    first, second = rng.sample(ASSESSORS, 2)
    return {"person_id": person_id, "assessed_on": day.isoformat(), "reason": reason,
            "items": item_scores(rng, level), "diagnoses": diagnoses, "assessor_1": first, "assessor_2": second,
            "agency": agency, "informant": "本人及家属", **extra}


def _staff_for(users, village: str):
    """The demo account whose region holds the village: the clerk, the township, else the county."""
    for role in ("village", "township"):
        user = users.get(role)
        if user is not None and regioncodes.in_subtree(village, user.region_id):
            return user
    return users["county"]


def _assess(context, rng, elders, today, counts) -> dict[int, int]:
    """Assessments through services.assessments; {person id: current level}."""
    from minzheng.elderly.services import assessments

    township = context.users["township"].region_id
    agency = f"{context.county.name}老年人能力评估中心"
    levels: dict[int, int] = {}
    history = []
    for pid, birth, village in elders:
        share = ASSESS_SHARE_DEMO_TOWNSHIP if regioncodes.in_subtree(village, township) else ASSESS_SHARE
        if rng.random() >= share * (1.6 if today.year - birth.year >= 80 else 1):
            continue
        level = rng.choices(list(LEVEL_WEIGHTS), list(LEVEL_WEIGHTS.values()))[0]
        day = max(today - dt.timedelta(days=rng.randint(15, 395)), _sixtieth(birth))
        dementia = level >= 2 and rng.random() < 0.12
        actor = _staff_for(context.users, village)
        row = assessments.record_assessment(actor, _assessment(rng, pid, day, "first", level, agency,
                                                               dementia=dementia))
        levels[pid] = row.level
        counts[f"level_{row.level}"] += 1
        if (today - day).days > 200 and rng.random() < 0.12:
            history.append((pid, village, row.level, day))
    for pid, village, level, day in history:  # a regular or changed-condition re-assessment: the old one kept
        later = day + dt.timedelta(days=rng.randint(150, (today - day).days - 5))
        reason = rng.choice(("regular", "immediate"))
        new_level = min(level + (1 if reason == "immediate" else rng.choice((0, 0, 1))), 4)
        row = assessments.record_assessment(_staff_for(context.users, village),
                                            _assessment(rng, pid, later, reason, new_level, agency))
        counts[f"level_{level}"] -= 1
        counts[f"level_{row.level}"] += 1
        levels[pid] = row.level
        counts["reassessed"] += 1
    counts["assessments"] = sum(counts[f"level_{n}"] for n in range(5)) + counts["reassessed"]
    _disputes(context, rng, levels, today, agency, counts)
    return levels


def _disputes(context, rng, levels, today, agency, counts) -> None:
    """In the demo village: one result disputed awaiting its 复评, one dispute settled by a 复评."""
    from minzheng.elderly.models import Assessment
    from minzheng.elderly.services import assessments

    clerk = context.users["village"]
    rows = list(Assessment.objects.filter(region_code=clerk.region_id, superseded_by__isnull=True,
                                          level__in=(1, 2), assessed_on__lte=today - dt.timedelta(days=20))
                .order_by("id")[:2])
    for n, row in enumerate(rows):
        disputed = row.assessed_on + dt.timedelta(days=7)
        assessments.dispute(clerk, row, {"disputed_on": disputed.isoformat(),
                                         "reason": "家属认为老人行走和如厕需要他人帮助，评估结果偏轻"})
        counts["disputed"] += 1
        if n == 0:
            continue
        review = _assessment(rng, row.person_id, disputed + dt.timedelta(days=10), "reassessment",
                             min(row.level + 1, 4), agency, review_of=row.pk, note="复评：维持家属意见")
        levels[row.person_id] = assessments.record_assessment(clerk, review).level
        counts["reviewed"] += 1
        counts["assessments"] += 1


def _register(context, rng, elders, levels, counts) -> None:
    """Stored facts (services.register.save_profile) and contacts (add_contact) for a share of the elders."""
    from minzheng.elderly.services import register

    county = context.users["county"]
    for pid, _birth, village in elders:
        level = levels.get(pid)
        if rng.random() < PROFILE_SHARE:
            rural = village[6:9] >= "100"  # 镇/乡 codes follow the 街道 ones (GB/T 10114)
            data = {"living": rng.choices(("alone", "elderly_only", "with_family"), (3, 4, 3))[0],
                    "left_behind": rural and rng.random() < 0.35, "family_planning": rng.random() < 0.04,
                    "care_arrangement": rng.choices(("home", "community"), (8, 2))[0],
                    "dementia": level is not None and level >= 3 and rng.random() < 0.2}
            register.save_profile(county, pid, data)
            counts["profiles"] += 1
        if level is not None and level >= 2:
            relation = rng.choice(("child", "child", "spouse", "child_in_law", "grandchild"))
            register.add_contact(_staff_for(context.users, village), pid, {
                "name": f"{rng.choice('王李张刘陈杨黄赵吴周')}{rng.choice(GIVEN)}", "relation": relation,
                "phone": f"13{rng.randint(0, 9)}{rng.randint(10 ** 7, 10 ** 8 - 1)}",
                "guardian": level == 4, "emergency": True})
            counts["contacts"] += 1


def _household_of(person_ids: list[int], dated: dt.date | None = None) -> dict[int, int]:
    """person -> current household; with `dated`, only the households a case dated in that month can be opened and
    decided for at once (case_evaluation.households_a_tool_cannot_decide)."""
    from minzheng.benefits.case_evaluation import households_a_tool_cannot_decide
    from minzheng.registry.models import Membership

    rows = Membership.objects.filter(person_id__in=person_ids, left_on__isnull=True).values_list("person_id",
                                                                                                 "household_id")
    unfit = households_a_tool_cannot_decide(dated) if dated is not None else frozenset()
    return {pid: hid for pid, hid in rows if hid not in unfit}


def _poor_elders(township: str, elders) -> list[int]:
    """Elders of the township in a 特困/低保/低保边缘 household (or holding such a benefit): 养老服务补贴's circle."""
    from minzheng.benefits.models import Entitlement

    ids = [pid for pid, _b, village in elders if regioncodes.in_subtree(village, township)]
    households = _household_of(ids)
    held = Entitlement.objects.filter(program__in=("tekun", "dibao", "dibao_edge"), status="active",
                                      **regioncodes.subtree_lookup("region_code", township))
    poor_homes = set(held.values_list("household_id", flat=True))
    poor_people = set(held.exclude(person__isnull=True).values_list("person_id", flat=True))
    return [pid for pid in ids if pid in poor_people or households.get(pid) in poor_homes]


def _subsidy_cases(context, rng, elders, levels, counts) -> None:
    """护理补贴 and 养老服务补贴 applications of the demo township's elders through the kernel's case services,
    dated last month: applied → 受理 → 初审 → 确认 (county) → 送达, a few left awaiting 受理 or 确认."""
    from minzheng.benefits import workflow
    from minzheng.benefits.services import cases

    users = context.users
    township = users["township"].region_id
    villages = {pid: village for pid, _b, village in elders}
    care = [pid for pid in sorted(levels) if levels[pid] >= 1 and regioncodes.in_subtree(villages[pid], township)
            and rng.random() < CARE_APPLY_SHARE]
    service = [pid for pid in _poor_elders(township, elders) if rng.random() < 0.9]
    last = workflow.add_months(context.month, -1)
    households = _household_of(care + service, dated=last)  # the cases are dated last month
    plan = [("care_subsidy", pid) for pid in care] + [("service_subsidy", pid) for pid in service]
    for n, (program, pid) in enumerate(plan):
        if pid not in households:
            continue
        applied = last + dt.timedelta(days=rng.randint(1, 12))
        clerk = _staff_for(users, villages[pid])
        if clerk.role == "county":
            clerk = users["township"]
        body = {"program": program, "household_id": households[pid], "applicant_id": pid, "beneficiary_id": pid,
                "channel": "clerk" if clerk.role == "village" else "family",
                "bank_account": f"6228{rng.randint(10 ** 14, 10 ** 15 - 1)}", "bank_name": "中国农业银行"}
        if clerk.role == "village":
            body["proxy_document"] = f"委托书（{applied:%Y-%m-%d}）"
        with on_day(applied):
            case = cases.create_case(clerk, body)
        stop = "applied" if n % 17 == 3 else "submitted" if n % 17 == 8 else "granted"
        steps = [(1, users["township"], "accept", {}),
                 (4, users["township"], "initial_review", {"opinion": "经核实，符合条件，拟同意",
                                                           "recommend": "approve"})]
        if stop == "applied":
            steps = []
        for offset, actor, action, data in steps:
            with on_day(min(applied + dt.timedelta(days=offset), clock.today())):
                cases.act(actor, case.pk, action, data)
        if stop == "granted":
            # The county decides as the policy engine finds: in a large county some applicants are not eligible
            # (a 护理补贴 applicant whose household's income is over the line) and are refused with the reasons.
            with on_day(min(applied + dt.timedelta(days=12), clock.today())):
                _case, decision = cases.decide_by_policy(users["county"], case.pk)
            if decision == "refuse":
                stop = "refused"
            else:
                with on_day(min(applied + dt.timedelta(days=16), clock.today())):
                    cases.act(users["township"], case.pk, "issue_decision",
                              {"document_no": f"{program[:4].upper()}-{case.pk}"})
        counts[f"{program}_{stop}"] += 1


def _survival(context, rng, today, counts) -> None:
    """Checks for every 高龄津贴 recipient in a realistic spread: most seen within the period (a share matched in a
    医保 feed), some due within a month, a few overdue; in the demo township the county's sweep, then two checks
    that resume the allowance."""
    from minzheng.core import protected
    from minzheng.elderly import selectors
    from minzheng.elderly.services import survival

    users, county = context.users, context.users["county"]
    ents = list(selectors.age_allowances(context.county.code).filter(status="active").order_by("id"))
    township = users["township"].region_id
    feed, overdue = [], []
    for ent in ents:
        roll = rng.random()
        months_paid = (today.year - ent.start_month.year) * 12 + today.month - ent.start_month.month
        missed = 0.15 if regioncodes.in_subtree(ent.region_code, township) else 0.06  # the sweep has work to show
        if roll < missed and months_paid > 6:
            overdue.append(ent)  # not seen since the allowance started
            continue
        if months_paid < 5 and roll < 0.5:
            continue  # granted recently: the first check is not due yet
        day = today - dt.timedelta(days=rng.randint(150, 178) if roll > 0.86 else rng.randint(3, 140))
        day = max(day, ent.start_month)
        if roll < 0.35:
            feed.append({"id_number": protected.unseal(ent.person, "id_number_enc"), "checked_on": day.isoformat()})
            continue
        survival.record_check(_staff_for(users, ent.region_code), {
            "person_id": ent.person_id, "checked_on": day.isoformat(), "method": "visit",
            "note": rng.choice(("本人在家，精神状况良好", "上门见到本人", "在子女家中见到本人"))})
        counts["survival_visits"] += 1
    if feed:
        result = survival.record_feed(county, feed, "医保结算数据比对（演示）")
        counts["survival_feed_matched"] = result["matched"]
    swept = survival.suspend_overdue(county, township, today)
    counts["survival_suspended"] = swept["suspended"]
    resumed = [e for e in overdue if regioncodes.in_subtree(e.region_code, township)][:2]
    for ent in resumed:
        survival.record_check(_staff_for(users, ent.region_code), {
            "person_id": ent.person_id, "checked_on": today.isoformat(), "method": "visit",
            "note": "外出探亲返回，补认证"})
        counts["survival_resumed"] += 1
    counts["survival_overdue"] = len(overdue) - counts["survival_suspended"]


def seed(context) -> dict:
    """The elderly register's demo data in context.county (see the module docstring). Counts of what was made."""
    rng = random.Random(f"minzheng-elderly-demo:{context.county.code}:{context.seed}")
    today = clock.today()
    elders = elders_of(context.county.code, today)
    counts: Counter = Counter(elders=len(elders))
    counts.update(dict.fromkeys(("disputed", "reviewed", "survival_resumed", "survival_visits"), 0))
    levels = _assess(context, rng, elders, today, counts)
    _register(context, rng, elders, levels, counts)
    _subsidy_cases(context, rng, elders, levels, counts)
    _survival(context, rng, today, counts)
    return dict(counts)
