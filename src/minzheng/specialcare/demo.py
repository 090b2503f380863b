"""Special care's share of `make demo` (AppConfig.demo_data), through this app's and the kernel's services on a
fresh county: 示例 standards by category (and the disabled veterans' grades), about thirty entitled persons of the
demo township registered by ID number (older men as veterans, older women as survivors, younger adults as conscripts'
families), their pensions and subsidies decided last month through the kernel as the policy engine finds (paid from
this month; one awaiting 确认), this year's certification for most of them, two 光荣院 residents; medical claims
(示例 shares and caps by category, two decided last month and paid this month, one awaiting review) and the 三难
campaign (cases found, helped, some closed)."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections import Counter
from contextlib import contextmanager

from minzheng.core import regioncodes

SOURCE = "示例值（非官方）：演示数据"
MONTHLY = {("special_pension", "martyr_family"): "2150", ("special_pension", "duty_death_family"): "1830",
           ("special_pension", "illness_death_family"): "1750", ("special_subsidy", "demobilized_veteran"): "1390",
           ("special_subsidy", "returned_ill"): "820", ("special_subsidy", "war_participant"): "760",
           **{("special_pension", f"disabled_{n}_{g}"): str(base - (g - 1) * step)
              for n, base, step in (("war", 8400, 720), ("duty", 8100, 700), ("illness", 6700, 600))
              for g in range(1, 11)}}
PLAN = [("demobilized_veteran", "M", 80), ("war_participant", "M", 62), ("returned_ill", "M", 60),
        ("disabled_veteran", "M", 55), ("martyr_family", "F", 70), ("illness_death_family", "F", 65),
        ("duty_death_family", "F", 50), ("conscript_family", "", 40)]


@contextmanager
def on_day(day: dt.date):
    before = os.environ.get("MINZHENG_TODAY")
    os.environ["MINZHENG_TODAY"] = day.isoformat()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("MINZHENG_TODAY", None)
        else:
            os.environ["MINZHENG_TODAY"] = before


def _candidates(township: str, sex: str, min_age: int, today: dt.date, dated: dt.date) -> list:
    """Living persons of the township of `min_age`+, in a household a case dated in `dated`'s month can be opened and
    decided for at once (case_evaluation.households_a_tool_cannot_decide)."""
    from minzheng.benefits.case_evaluation import households_a_tool_cannot_decide
    from minzheng.registry.models import Membership, Person

    born_by = dt.date(today.year - min_age, 1, 1)
    unfit = households_a_tool_cannot_decide(dated)
    homes = Membership.objects.filter(left_on__isnull=True, person__death_date__isnull=True,
                                      person__merged_into__isnull=True, person__birth_date__lte=born_by,
                                      **regioncodes.subtree_lookup("person__region_id", township))
    if sex:
        homes = homes.filter(person__sex=sex)
    chosen: list[int] = []
    for person_id, household_id in homes.order_by("person_id").values_list("person_id", "household_id").iterator():
        if household_id not in unfit and (not chosen or chosen[-1] != person_id):
            chosen.append(person_id)
            if len(chosen) == 400:
                break
    return list(Person.objects.filter(pk__in=chosen).order_by("id"))


def seed(context) -> dict:
    """Special care's demo data (see the module docstring). Counts of what was made."""
    from minzheng.benefits import workflow
    from minzheng.benefits.services import cases, standards
    from minzheng.core import clock, protected
    from minzheng.specialcare import services

    rng = random.Random(f"minzheng-specialcare-demo:{context.county.code}:{context.seed}")
    counts: Counter = Counter()
    users = context.users
    township, county = users["township"], users["county"]
    start = dt.date(context.month.year - 1, 1, 1)
    for (program, item), value in MONTHLY.items():
        standards.add_standard(county, {"program": program, "item": item, "region_code": context.county.code,
                                        "area": "all", "value": value, "unit": "元/人/月",
                                        "effective_from": start.isoformat(), "source": SOURCE})
    standards.add_standard(county, {"program": "conscript_allowance", "item": "conscript_family",
                                    "region_code": context.county.code, "area": "all", "value": "13800", "unit": "元",
                                    "effective_from": start.isoformat(), "source": SOURCE})
    today = clock.today()
    last = workflow.add_months(context.month, -1)
    used: set[int] = set()
    made = []
    for category, sex, age in PLAN:
        pool = [p for p in _candidates(township.region_id, sex, age, today, last) if p.pk not in used]
        for p in rng.sample(pool, min(len(pool), 4 if category != "disabled_veteran" else 6)):
            used.add(p.pk)
            extra = ({"nature": rng.choice(("war", "duty", "illness")), "grade": rng.randint(1, 10)}
                     if category == "disabled_veteran" else {})
            with on_day(last + dt.timedelta(days=1)):
                row = services.register(township, {"id_number": protected.unseal(p, "id_number_enc"),
                                                   "category": category, "certificate_no": f"YF{p.pk:07d}",
                                                   **extra})
            made.append(row)
            counts[category] += 1
    for n, row in enumerate(made):
        day = last + dt.timedelta(days=rng.randint(2, 12))
        with on_day(day):
            case = services.apply(township, {"entitled_id": row.pk,
                                             "bank_account": f"6217{rng.randint(10 ** 14, 10 ** 15 - 1)}",
                                             "bank_name": "中国农业银行（一卡通）"})
            cases.act(township, case.pk, "accept", {})
            cases.act(township, case.pk, "initial_review", {"opinion": "证件、身份核验无误", "recommend": "approve"})
            if n != 3:  # one left awaiting the county's 确认; the others decided as the policy engine finds
                _case, decision = cases.decide_by_policy(county, case.pk)
                if decision == "confirm":
                    cases.act(township, case.pk, "issue_decision", {"document_no": f"YF-{case.pk}"})
                counts["granted" if decision == "confirm" else "refused"] += 1
        if rng.random() < 0.75:
            services.certify(township, {"entitled_id": row.pk, "year": today.year, "method": rng.choice(
                ("visit", "office", "video")), "certified_on": max(today.replace(month=1, day=2), day).isoformat()})
            counts["certified"] += 1
    elders = [r for r in made if r.category in ("demobilized_veteran", "martyr_family")][:2]
    for r in elders:
        services.admit(county, {"entitled_id": r.pk, "home": f"{context.county.name}光荣院",
                                "admitted_on": (last + dt.timedelta(days=5)).isoformat(), "room": f"1{r.pk % 20:02d}"})
        counts["glory_home"] += 1
    counts["entitled"] = len(made)
    _care(context, rng, counts, made, last)
    return dict(counts)


MEDICAL = {"disabled_veteran": ("0.9", "20000"), "martyr_family": ("0.8", "15000"),
           "duty_death_family": ("0.8", "15000"), "illness_death_family": ("0.8", "15000"),
           "demobilized_veteran": ("0.8", "12000"), "returned_ill": ("0.7", "10000"),
           "war_participant": ("0.7", "10000")}
HARDSHIPS = [("living", "独居，仅靠补助生活，冬季取暖困难"), ("housing", "老屋漏雨，墙体开裂，属C级危房"),
             ("medical", "患慢性阻塞性肺病，每月自费药费约800元"), ("living", "配偶重病，家庭收入骤降"),
             ("housing", "住房年久失修，无卫生间")]


def _care(context, rng, counts, made, last) -> None:
    from minzheng.benefits.services import cases, standards
    from minzheng.specialcare.services import care

    township, county = context.users["township"], context.users["county"]
    start = dt.date(context.month.year - 1, 1, 1)
    for category, (share, cap) in MEDICAL.items():
        for item, value, unit in ((f"share_{category}", share, "比例"), (f"cap_{category}", cap, "元")):
            standards.add_standard(county, {"program": "special_medical", "item": item,
                                            "region_code": context.county.code, "area": "all", "value": value,
                                            "unit": unit, "effective_from": start.isoformat(),
                                            "source": "《优抚对象医疗保障办法》及省实施办法（示例值，非官方）"})
    patients = [r for r in made if r.category in MEDICAL][4:7]
    for n, row in enumerate(patients):
        day = last + dt.timedelta(days=15 + n)
        total = rng.randint(30, 200) * 100
        with on_day(day):
            claim = care.claim_medical(township, {
                "entitled_id": row.pk, "treated_from": (day - dt.timedelta(days=20)).isoformat(),
                "treated_to": (day - dt.timedelta(days=12)).isoformat(),
                "hospital": rng.choice(("县人民医院", "县中医院", "市第一人民医院")), "total_cost": f"{total}.00",
                "insurance_paid": f"{total * rng.randint(55, 70) // 100}.00",
                "bank_account": f"6217{rng.randint(10 ** 14, 10 ** 15 - 1)}", "bank_name": "中国农业银行（一卡通）"})
            counts["medical_claims"] += 1
            if n < 2:
                cases.act(township, claim.case_id, "accept", {})
                cases.act(township, claim.case_id, "initial_review", {"opinion": "票据齐全", "recommend": "approve"})
                _case, decision = cases.decide_by_policy(county, claim.case_id)  # as the policy engine finds
                if decision == "confirm":
                    cases.act(township, claim.case_id, "issue_decision", {"document_no": f"YL-{claim.case_id}"})
                else:
                    counts["medical_refused"] += 1
    for n, (kind, text) in enumerate(HARDSHIPS):
        row = made[(n * 5 + 2) % len(made)]
        found = last + dt.timedelta(days=2 + n)
        with on_day(found):
            case = care.record_hardship(township, {"entitled_id": row.pk, "kind": kind, "description": text})
        counts["hardships"] += 1
        if n == 4:
            continue  # just found
        with on_day(found + dt.timedelta(days=3)):
            care.add_help(township, case.pk, {"measure": {"living": "money", "housing": "housing",
                                                          "medical": "medical"}[kind],
                                              "amount": {"living": "2000", "housing": "15000",
                                                         "medical": "1200"}[kind],
                                              "note": {"living": "临时救助并协助申请低保", "housing": "纳入危房改造",
                                                       "medical": "协助办理门诊慢特病"}[kind]})
        if n < 2:
            with on_day(found + dt.timedelta(days=10)):
                care.close_hardship(township, case.pk, {"outcome": "困难已解决，回访确认"})
            counts["hardships_closed"] += 1
