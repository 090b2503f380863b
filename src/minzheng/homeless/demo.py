"""Demo data of the rescue station in the demo county, deterministic from the seed, through the station's own
services: the 示例 rules, families' missing-person reports of registry people, and intakes in every state — people
in the station (one unidentified long stay, one with a homophone name whose family reported them missing, waiting
for the match to be confirmed), people escorted home after a confirmed match (the township gets its follow-up
warning), people who left, one settled after the legal steps — with meals, medical and escort costs and property.
Run on a fresh county only (a county with intakes is left as it is)."""

from __future__ import annotations

import datetime as dt
import random

from minzheng.core import clock, regioncodes
from minzheng.homeless import selectors, services
from minzheng.homeless.models import Intake
from minzheng.registry.models import Membership

PLACES = ["城区火车站广场", "长途汽车站候车室", "滨海公园长廊", "人民医院门诊楼前", "农贸市场东门", "跨海大桥桥洞"]
HOMOPHONES = {"王": "汪", "张": "章", "李": "黎", "陈": "程", "刘": "柳", "杨": "阳", "黄": "皇", "林": "琳",
              "周": "州", "吴": "伍", "徐": "许", "孙": "荪", "胡": "湖", "朱": "珠", "高": "皋", "郭": "国"}
FEATURES = ["左眉有痣", "右手缺一指", "走路跛行", "门牙缺失", "额头有疤", "左耳失聪"]


def _homophone(name: str) -> str:
    return HOMOPHONES.get(name[:1], name[:1]) + name[1:]


def _people(county: str, rand: random.Random, n: int, today: dt.date) -> list:
    """Adults (35–75) living in a household of the county, picked deterministically."""
    young, old = dt.date(today.year - 35, 1, 1), dt.date(today.year - 75, 1, 1)
    rows = list(Membership.objects.filter(left_on__isnull=True, person__death_date__isnull=True,
                                          person__birth_date__lt=young, person__birth_date__gt=old,
                                          **regioncodes.subtree_lookup("household__region__code", county))
                .order_by("person_id").values_list("person_id", flat=True)[:5000])
    chosen = rand.sample(rows, min(n, len(rows)))
    from minzheng.registry.models import Person

    return list(Person.objects.filter(pk__in=chosen).order_by("pk"))


def _day(today: dt.date, days_ago: int) -> str:
    return (today - dt.timedelta(days=days_ago)).isoformat()


def seed(context) -> dict:
    county = context.county.code
    if Intake.objects.filter(**regioncodes.subtree_lookup("region_code", county)).exists():
        return {"skipped": "已有救助数据"}
    actor = context.users["county"]
    today = clock.today()
    rand = random.Random(context.seed * 17 + 3)
    start = dt.date(today.year - 1, 1, 1)
    services.save_rule(actor, county, start, **selectors.EXAMPLE_RULE)
    people = _people(county, rand, 8, today)
    counts = {"intakes": 0, "returned": 0, "missing": 0, "settled": 0, "left": 0, "expenses": 0}

    def intake(name, sex, born, days_ago, **extra):
        row = services.create_intake(actor, {
            "name": name, "sex": sex, "estimated_birth_year": born, "found_on": _day(today, days_ago),
            "admitted_on": _day(today, days_ago), "found_at": rand.choice(PLACES),
            "found_by": rand.choice(["police", "urban", "patrol", "public", "self"]),
            "description": extra.pop("description", "衣着单薄，自述在外务工多年，言语表达不清"), **extra})
        counts["intakes"] += 1
        for d in range(min(days_ago, 3)):
            services.add_expense(actor, row.pk, {"kind": "meals", "on_date": _day(today, days_ago - d), "quantity": 3,
                                                 "amount": "36.00"})
            counts["expenses"] += 1
        return row

    # Families' reports of registry people; the first three arrive at the station under a homophone name.
    for i, person in enumerate(people[:5]):
        feature = FEATURES[i % len(FEATURES)]
        services.create_missing(actor, {"name": person.name, "sex": person.sex, "birth_year": person.birth_date.year,
                                        "region_code": person.region_id, "person_id": person.pk, "features": feature,
                                        "missing_since": _day(today, 60 + 10 * i), "reported_by": "家属",
                                        "contact_phone": f"1390000{1000 + i}"})
        counts["missing"] += 1
        if i >= 3:
            continue
        row = intake(_homophone(person.name), person.sex, person.birth_date.year + rand.choice((-2, -1, 1, 2)),
                     20 + 5 * i, features=f"{feature}，头发花白", dialect_region=county)
        services.add_property(actor, row.pk, {"description": "旧帆布包（内有衣物）"})
        if i == 2:
            continue  # waiting: the match is on the page, not yet confirmed
        services.decide_match(actor, row.pk, {"person_id": person.pk, "outcome": "confirmed",
                                              "note": "家属视频辨认并经公安人像比对，确认身份"})
        services.add_expense(actor, row.pk, {"kind": "medical", "on_date": _day(today, 15 + 5 * i),
                                             "amount": "680.00", "provider": "县人民医院", "note": "皮肤感染"})
        services.escort_home(actor, row.pk, {
            "escorts": "救助站 陈工、刘工", "route": "救助站—户籍地乡镇", "departed_on": _day(today, 5 + i),
            "handed_over_on": _day(today, 5 + i), "received_by": "家属", "received_relation": "子女",
            "handover_signed": "家属签名", "cost": "260.00"})
        counts["returned"] += 1
    # People in the station without a name, one of them a long stay; two who left; one settled.
    intake("", "M", today.year - 60, 120, description="无法言语，智力残疾可能，由公安机关护送入站",
           features="左耳失聪、走路跛行")
    intake("", "F", today.year - 45, 12, features="额头有疤")
    for days in (40, 25):
        row = intake(rand.choice(["刘", "赵", "孙"]) + rand.choice(["大勇", "桂兰", "国强"]), "M", today.year - 50,
                     days)
        services.leave(actor, row.pk, {"status": "left", "left_on": _day(today, days - 3),
                                       "note": "本人要求离站，已告知可随时求助"})
        counts["left"] += 1
    row = intake("", "M", today.year - 70, 400, description="长期滞留，无法提供任何身份信息")
    Intake.objects.filter(pk=row.pk).update(notice_published_on=today - dt.timedelta(days=360))  # published then
    services.settle(actor, row.pk, {"dna_sampled_on": _day(today, 390), "police_checked_on": _day(today, 300),
                                    "settled_on": today.isoformat(), "placed_at": "县社会福利中心",
                                    "hukou_note": "公安机关办理户口登记（示例）"})
    counts["settled"] += 1
    return counts
