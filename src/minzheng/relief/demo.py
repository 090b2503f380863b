"""Disaster relief's share of `make demo` (AppConfig.demo_data), through this app's and the kernel's services on a
fresh county:

- report deadlines (the 示例 rows of data/report_rules.csv, set at the county) and the relief programs' standards
  (示例 amounts, marked as such);
- a typhoon two months ago over the county: each village of the demo township reports (初报, a 续报 — one of them
  late — and the 核报 after the disaster became stable); a flood this month still going on (初报 only);
- affected households in the demo township (a few with collapsed or severely damaged houses), each handed over to
  monitoring; 紧急生活救助 for all of them and 过渡期生活救助 for those without a home, taken through the kernel's
  workflow (decided last month as the policy engine finds: paid from this month), one still awaiting 确认;
- a county warehouse and a township point: receipts (purchase, allocation, donation; one item expiring soon),
  dispatches to the typhoon's villages (most signed, one awaiting sign-off), a return, a stocktake with one
  explained difference and a write-off;
- 灾害信息员 for every village of the demo township but the last (the coverage page shows the gap), a backup in
  some, the typhoon's reports naming their officer; three 应急避难场所, one opened for the typhoon (and closed after
  it), one open for this month's flood.

Steps dated in the past run with core.clock fixed on their day. Deterministic for context.seed."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections import Counter
from contextlib import contextmanager

from minzheng.core import regioncodes

AMOUNTS = (("disaster_emergency", "per_person", "元", "300"),
           ("disaster_transition", "per_person_month", "元/人/月", "600"),
           ("disaster_winter", "per_person", "元", "500"), ("disaster_rebuild", "per_household", "元", "30000"))
RULES = (("initial", 0), ("update", 1), ("final", 5))
SOURCE = "示例值（非官方）：演示数据"


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


def _villages(township: str) -> list[str]:
    from minzheng.core.models import Region

    return list(Region.objects.filter(level="village", **regioncodes.subtree_lookup("code", township))
                .order_by("code").values_list("code", flat=True))


def _households(township: str, dated: dt.date) -> list[tuple[int, str]]:
    """The township's households a case dated in `dated`'s month can be opened and decided for at once
    (case_evaluation.households_a_tool_cannot_decide: no newborn after that month, nobody on
    the 近亲属备案 register)."""
    from minzheng.benefits.case_evaluation import households_a_tool_cannot_decide
    from minzheng.registry.models import Household

    unfit = households_a_tool_cannot_decide(dated)
    return [row for row in Household.objects.filter(**regioncodes.subtree_lookup("region_id", township))
            .order_by("id").values_list("id", "region_id") if row[0] not in unfit]


def _setup(context, county, month) -> None:
    from minzheng.benefits.services import standards
    from minzheng.relief.services import disasters

    start = dt.date(month.year - 1, 1, 1)
    for stage, days in RULES:
        disasters.add_rule(county, {"region_code": context.county.code, "stage": stage, "days": days,
                                    "effective_from": start.isoformat(), "source": SOURCE})
    for program, item, unit, value in AMOUNTS:
        standards.add_standard(county, {"program": program, "item": item, "region_code": context.county.code,
                                        "area": "all", "value": value, "unit": unit,
                                        "effective_from": start.isoformat(), "source": SOURCE})


def _reports(context, rng, counts, typhoon, flood, villages, started, ended) -> None:
    from minzheng.relief.services import disasters

    township = context.users["township"]
    officers = _officers(context, rng, counts, villages, started)
    for n, village in enumerate(villages):
        people = rng.randint(40, 400)
        base = {"event_id": typhoon.pk, "region_code": village, "reporter": f"{village[-3:]}村灾害信息员"}
        if village in officers:
            base = {**base, "reporter": "", "officer_id": officers[village]}
        figures = {"affected_persons": people, "relocated_persons": people // 5, "needing_help": people // 8,
                   "houses_collapsed": rng.randint(0, 3), "houses_severe": rng.randint(0, 6),
                   "houses_general": rng.randint(2, 20), "crop_affected": f"{rng.randint(5, 80)}.50",
                   "crop_failed": f"{rng.randint(0, 4)}", "direct_loss": f"{rng.randint(20, 300)}.00"}
        with on_day(started):
            disasters.record_report(township, {**base, "stage": "initial", "reported_on": started.isoformat(),
                                               "affected_persons": people // 2})
        update_on = started + dt.timedelta(days=1 if n % 4 else 3)  # every fourth village late
        with on_day(update_on):
            disasters.record_report(township, {**base, **figures, "stage": "update",
                                               "reported_on": update_on.isoformat()})
        final_on = ended + dt.timedelta(days=rng.randint(1, 5))
        with on_day(final_on):
            disasters.record_report(township, {**base, **figures, "stage": "final",
                                               "reported_on": final_on.isoformat()})
        counts["reports"] += 3
    with on_day(flood.started_on):
        for village in villages[:2]:
            disasters.record_report(township, {"event_id": flood.pk, "region_code": village, "stage": "initial",
                                               "reported_on": flood.started_on.isoformat(),
                                               "affected_persons": rng.randint(10, 60), "reporter": "灾害信息员"})
            counts["reports"] += 1


def _assistance(context, rng, counts, typhoon, started) -> None:
    from minzheng.benefits import workflow
    from minzheng.benefits.services import cases
    from minzheng.relief.services import disasters

    users = context.users
    township, county = users["township"], users["county"]
    last = workflow.add_months(context.month, -1)
    homes = _households(township.region_id, last)  # their cases are dated last month
    picked = rng.sample(homes, min(12, len(homes)))
    for n, (household_id, _village) in enumerate(sorted(picked)):
        damage = "collapsed" if n < 2 else "severe" if n < 4 else "general"
        with on_day(started + dt.timedelta(days=2)):
            affected = disasters.register_affected(township, {
                "event_id": typhoon.pk, "household_id": household_id, "house_damage": damage,
                "note": {"collapsed": "房屋倒塌，暂住亲戚家", "severe": "房屋严重损坏，屋顶掀翻",
                         "general": "门窗损坏，家中进水"}[damage]})
        counts["affected_households"] += 1
        programs = ["disaster_emergency"] + (["disaster_transition"] if damage != "general" else [])
        for program in programs:
            day = last + dt.timedelta(days=rng.randint(1, 10))
            with on_day(day):
                link = disasters.apply_assistance(township, {
                    "affected_id": affected.pk, "program": program,
                    "bank_account": f"6228{rng.randint(10 ** 14, 10 ** 15 - 1)}", "bank_name": "中国农业银行"})
                cases.act(township, link.case_id, "accept", {})
                cases.act(township, link.case_id, "initial_review", {"opinion": "受灾属实，拟同意",
                                                                     "recommend": "approve"})
                # The county decides as the policy engine finds (confirmed only when eligible); one case is left
                # awaiting its 确认.
                if not (program == "disaster_emergency" and n == 5):
                    _case, decision = cases.decide_by_policy(county, link.case_id)
                    if decision == "confirm":
                        cases.act(township, link.case_id, "issue_decision", {"document_no": f"ZJ-{link.case_id}"})
                    else:
                        counts[f"{program}_refused"] += 1
            counts[f"{program}_cases"] += 1


def _reserve(context, rng, counts, typhoon, villages, started) -> None:
    from minzheng.relief.services import reserve

    county = context.users["county"]
    township = context.users["township"]
    wh = reserve.add_warehouse(county, {"name": f"{context.county.name}救灾物资储备库", "level": "county",
                                        "region_code": context.county.code, "address": "物流园区3号库",
                                        "keeper": "陈保管"})
    point = reserve.add_warehouse(township, {"name": "乡镇救灾物资储备点", "level": "township",
                                             "region_code": township.region_id, "keeper": "李保管"})
    goods = [("帐篷", "顶", 200, "allocation", None), ("棉被", "床", 800, "purchase", None),
             ("折叠床", "张", 300, "purchase", None), ("应急食品", "箱", 500, "donation", 75),
             ("饮用水", "箱", 600, "purchase", 400), ("发电机", "台", 12, "allocation", None)]
    received = started - dt.timedelta(days=120)
    with on_day(received):
        for item, unit, quantity, source, shelf in goods:
            expires = (received + dt.timedelta(days=120 + shelf)).isoformat() if shelf else None
            reserve.receive(county, {"warehouse_id": wh.pk, "item": item, "unit": unit, "quantity": quantity,
                                     "source": source, "supplier": {"allocation": "省级救灾物资储备库",
                                                                    "purchase": "政府采购中标单位",
                                                                    "donation": "县慈善总会"}[source],
                                     "expires_on": expires})
            counts["receipts"] += 1
        reserve.receive(township, {"warehouse_id": point.pk, "item": "棉被", "unit": "床", "quantity": 60,
                                   "source": "allocation", "supplier": "县救灾物资储备库"})
        counts["receipts"] += 1
    sent = []
    with on_day(started + dt.timedelta(days=1)):
        for village in villages[:6]:
            for item, quantity in (("帐篷", rng.randint(3, 12)), ("棉被", rng.randint(20, 60)),
                                   ("应急食品", rng.randint(10, 40))):
                sent.append(reserve.dispatch(county, {"warehouse_id": wh.pk, "item": item, "quantity": quantity,
                                                      "event_id": typhoon.pk, "region_code": village,
                                                      "recipient": "村委会"}))
                counts["dispatches"] += 1
    with on_day(started + dt.timedelta(days=2)):
        for m in sent[:-1]:
            reserve.sign(county, m.pk, {"signed_by": f"{m.destination_code[-3:]}村 村委会主任"})
    tents = next(m for m in sent if m.item.name == "帐篷")
    with on_day(started + dt.timedelta(days=30)):
        reserve.return_goods(county, tents.pk, {"quantity": min(2, -tents.delta), "note": "安置结束回收，完好"})
        reserve.record_stocktake(county, {"warehouse_id": wh.pk, "counted_by": "陈保管、县财政局王会计",
                                          "lines": [{"item": "折叠床", "counted": 298,
                                                     "explanation": "2张运输损坏，已拍照留存待报损"},
                                                    {"item": "发电机", "counted": 12}]})
        reserve.write_off(county, {"warehouse_id": wh.pk, "item": "饮用水", "quantity": 10,
                                   "note": "包装破损渗漏，报废"})
    counts["warehouses"] = 2


SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"
TRAININGS = ("灾情统计报送业务培训", "自然灾害情况统计调查制度培训", "灾害信息员应急演练")
GIVEN = ("建国", "海燕", "志强", "秀兰", "国庆", "丽华", "卫东", "春梅", "永军", "桂英")


def _officers(context, rng, counts, villages, started) -> dict[str, int]:
    """灾害信息员 of each village but the last (trained before the season); {village: the principal's id}."""
    from minzheng.relief.services import local

    township = context.users["township"]
    out = {}
    with on_day(started - dt.timedelta(days=60)):
        for n, village in enumerate(villages[:-1]):
            for role in ("principal", "backup") if n % 3 == 0 else ("principal",):
                row = local.add_officer(township, {
                    "region_code": village, "name": rng.choice(SURNAMES) + rng.choice(GIVEN), "role": role,
                    "phone": f"13{rng.randint(100000000, 999999999)}",
                    "trained_on": (started - dt.timedelta(days=rng.randint(70, 300))).isoformat(),
                    "training": rng.choice(TRAININGS)})
                out.setdefault(village, row.pk)
                counts["officers"] += 1
    return out


def _shelters(context, rng, counts, typhoon, flood, villages, started, ended) -> None:
    from minzheng.relief.services import local

    township = context.users["township"]
    town = township.region_id
    specs = [("中心小学应急避难场所", "school", town, 400, 1800, ["water", "power", "toilet", "beds", "broadcast"]),
             ("镇文体中心避难场所", "gym", town, 600, 3000, ["water", "power", "toilet", "medical", "kitchen",
                                                          "accessible"]),
             (f"{_name(villages[0])}文化礼堂避灾点", "hall", villages[0], 80, 320, ["water", "toilet", "beds"])]
    shelters = []
    with on_day(started - dt.timedelta(days=90)):
        for name, kind, region, capacity, area, facilities in specs:
            shelters.append(local.add_shelter(township, {
                "name": name, "kind": kind, "region_code": region, "capacity": capacity, "area_m2": area,
                "facilities": facilities, "manager": rng.choice(SURNAMES) + rng.choice(GIVEN),
                "address": f"{context.county.name}{name[:4]}"}))
            counts["shelters"] += 1
    with on_day(started):
        opening = local.open_shelter(township, shelters[0].pk, {"event_id": typhoon.pk, "occupancy": 120})
        local.open_shelter(township, shelters[2].pk, {"event_id": typhoon.pk, "occupancy": 35})
    with on_day(started + dt.timedelta(days=1)):
        local.set_occupancy(township, opening.pk, {"occupancy": 260})
    with on_day(ended):
        for o in selectors_openings(township, typhoon):
            local.close_shelter(township, o.pk, {})
    with on_day(flood.started_on):
        local.open_shelter(township, shelters[1].pk, {"event_id": flood.pk, "occupancy": rng.randint(40, 90)})
    counts["shelter_openings"] = 3


def _name(code: str) -> str:
    from minzheng.core.models import Region

    return Region.objects.get(code=code).name.removesuffix("居委会").removesuffix("村委会")


def selectors_openings(user, event):
    from minzheng.relief import selectors

    return list(selectors.openings_for(user).filter(event=event, closed_on__isnull=True))


def seed(context) -> dict:
    """Disaster relief's demo data in context.county (see the module docstring). Counts of what was made."""
    from minzheng.benefits import workflow
    from minzheng.relief.services import disasters

    rng = random.Random(f"minzheng-relief-demo:{context.county.code}:{context.seed}")
    counts: Counter = Counter()
    county = context.users["county"]
    month = context.month
    started = workflow.add_months(month, -2) + dt.timedelta(days=rng.randint(2, 8))
    ended = started + dt.timedelta(days=4)
    _setup(context, county, month)
    with on_day(started):
        typhoon = disasters.create_event(county, {
            "name": f"{started.year}年第{rng.randint(3, 9)}号台风", "kind": "typhoon",
            "region_code": context.county.code,
            "area": "全县沿海及低洼乡镇", "started_on": started.isoformat(), "ended_on": ended.isoformat(),
            "description": "强风暴雨，部分房屋倒损，农作物受灾"})
    flood_day = month + dt.timedelta(days=1)
    with on_day(flood_day):
        flood = disasters.create_event(county, {"name": "强降雨洪涝", "kind": "flood",
                                                "region_code": context.users["township"].region_id,
                                                "started_on": flood_day.isoformat()})
    counts["events"] = 2
    villages = _villages(context.users["township"].region_id)
    _reports(context, rng, counts, typhoon, flood, villages, started, ended)
    _assistance(context, rng, counts, typhoon, started)
    _reserve(context, rng, counts, typhoon, villages, started)
    _shelters(context, rng, counts, typhoon, flood, villages, started, ended)
    return dict(counts)
