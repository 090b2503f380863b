"""Demo data of the children's app (children.demo): the 示例 policy data for the county, a 儿童主任 in every village
with children on the register and a 儿童督导员 in every township, children drawn from the county's registry minors
(orphans and 事实无人抚养 children — those the kernel pays first — then left-behind and hardship children with
tiers), a guardian each, visits (recent, due and overdue), and minors-protection cases in every state, one of them
restricted to the county officer. Set-based writes; deterministic from the seed; runs once per county."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from minzheng.children import codes
from minzheng.children.models import CategoryChange, Child, Guardian, Visit, Worker
from minzheng.children.services import minors, policy_data
from minzheng.core import audit, clock, regioncodes
from minzheng.registry.models import Person

SHARES = {"orphan": 0.004, "unsupported": 0.006, "left_behind": 0.05, "hardship": 0.015}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林"
GIVEN = "芳敏静丽强军磊洋勇艳杰娟涛明超秀霞平刚"
CITIES = ("宁波", "杭州", "上海", "苏州", "广州")
FINDINGS = ("生活学习正常", "监护人身体欠佳，已告知乡镇", "已与在外父母视频通话", "学习成绩下降，已联系学校")


def _years_ago(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year - years) if not (day.month == 2 and day.day == 29) else dt.date(
        day.year - years, 2, 28)


def seed_county(county_code: str, users, month: dt.date, rng: random.Random) -> dict:
    if Child.objects.filter(**regioncodes.subtree_lookup("region_code", county_code)).exists():
        return {"skipped": "已有儿童名册"}
    today = clock.today()
    loaded = policy_data.load_examples(None, county_code, dt.date(today.year - 1, 1, 1))
    minors_q = (Person.objects.filter(**regioncodes.subtree_lookup("region__code", county_code),
                                      death_date__isnull=True, birth_date__gt=_years_ago(today, 18),
                                      birth_date__lte=_years_ago(today, 1))
                .order_by("id").values_list("id", "region_id", "birth_date"))
    pool = list(minors_q)
    rng.shuffle(pool)
    picked: list[tuple[int, str, str]] = []
    start = 0
    for category, share in SHARES.items():
        n = max(3, int(len(pool) * share))
        picked += [(pid, region, category) for pid, region, _ in pool[start:start + n]]
        start += n
    villages = sorted({r for _, r, _ in picked})
    townships = sorted({regioncodes.parent_code(v) for v in villages})
    village_user = users.get("village")
    with transaction.atomic():
        township_user = users.get("township")

        def account(user, code):
            return user if user is not None and user.region_id == code else None

        workers = [Worker(kind="director", region_code=v, user=account(village_user, v),
                          name=rng.choice(SURNAMES) + rng.choice(GIVEN) + "（儿童主任）") for v in villages]
        workers += [Worker(kind="supervisor", region_code=t, user=account(township_user, t),
                           name=rng.choice(SURNAMES) + rng.choice(GIVEN) + "（儿童督导员）") for t in townships]
        Worker.objects.bulk_create(workers)
        by_place = {(w.kind, w.region_code): w for w in Worker.objects.filter(
            **regioncodes.subtree_lookup("region_code", county_code))}
        children = []
        for pid, region, category in picked:
            tier = ""
            if category == "hardship":
                tier = rng.choice(("1", "2", "2", "3", "3", "3"))
            elif category == "left_behind":
                tier = rng.choice(("A", "B", "B", "B"))
            children.append(Child(
                person_id=pid, region_code=region, category=category, tier=tier,
                registered_on=today - dt.timedelta(days=rng.randint(30, 700)),
                schooling=rng.choice(("primary", "primary", "junior", "kindergarten", "senior")),
                school=f"{rng.choice(('第一', '第二', '实验', '中心'))}学校", health=rng.choice(
                    ("healthy",) * 6 + ("chronic", "disabled")),
                care_note={"left_behind": "父母外出务工，随祖父母生活", "orphan": "由亲属抚养",
                           "unsupported": "父亲服刑、母亲失联，由祖母照料", "hardship": "家庭经济困难"}[category],
                director=by_place.get(("director", region)),
                supervisor=by_place.get(("supervisor", regioncodes.parent_code(region)))))
        Child.objects.bulk_create(children)
        rows = list(Child.objects.filter(person_id__in=[p for p, _, _ in picked]).order_by("id"))
        CategoryChange.objects.bulk_create([CategoryChange(
            child=c, region_code=c.region_code, to_category=c.category, to_tier=c.tier, changed_on=c.registered_on,
            reason="登记") for c in rows])
        relation = {"left_behind": "grandparent", "orphan": "relative", "unsupported": "grandparent",
                    "hardship": "mother"}
        Guardian.objects.bulk_create([Guardian(
            child=c, name=rng.choice(SURNAMES) + rng.choice(GIVEN), relation=relation[c.category],
            role="entrusted" if c.category == "left_behind" else "guardian", able=rng.random() > 0.2,
            works_in="") for c in rows])
        Guardian.objects.bulk_create([Guardian(
            child=c, name=rng.choice(SURNAMES) + rng.choice(GIVEN), relation="father", role="parent_away",
            works_in=rng.choice(CITIES)) for c in rows if c.category == "left_behind"])
        visits = []
        for c in rows:
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                day = today - dt.timedelta(days=rng.randint(1, 150))
                if day < c.registered_on:
                    continue
                visits.append(Visit(child=c, region_code=c.region_code, visited_on=day,
                                    kind=rng.choice(("home", "home", "phone", "video")),
                                    visitor=c.director.name.split("（")[0] if c.director else "村干部",
                                    seen="儿童本人、监护人", findings=rng.choice(FINDINGS),
                                    concern=rng.random() < 0.05))
        Visit.objects.bulk_create(visits)
        counts = {"workers": len(workers), "children": len(rows), "visits": len(visits),
                  **{k: sum(1 for c in rows if c.category == k) for k in codes.CATEGORIES}}
        audit.record("system", audit.Event("seed", "child", county_code, county_code, counts))
    counts["cases"] = _cases(county_code, users, rows, rng)
    counts["policy"] = {k: v["created"] for k, v in loaded.items()}
    return counts


def _cases(county_code: str, users, rows: list[Child], rng: random.Random) -> int:
    """Minors-protection cases in every state (through the services, so deadlines and steps are the real ones)."""
    township, county = users.get("township"), users.get("county")
    if township is None or county is None:
        return 0
    mine = [c for c in rows if regioncodes.in_subtree(c.region_code, township.region_id)] or rows
    plans = [("reported", "urgent", "abuse"), ("responded", "normal", "neglect"), ("assessed", "normal", "injury"),
             ("intervening", "urgent", "abuse"), ("follow_up", "normal", "neglect"), ("closed", "normal", "missing")]
    made = 0
    now = clock.now()
    for i, (state, urgency, harm) in enumerate(plans):
        child = mine[i % len(mine)]
        actor = township if regioncodes.in_subtree(child.region_code, township.region_id) else county
        case = minors.report(actor, {
            "reporter_name": rng.choice(("城东小学 班主任", "镇卫生院 接诊医生", "村委会 儿童主任")),
            "reporter_type": rng.choice(("school", "hospital", "village")),
            "channel": rng.choice(("phone", "hotline")),
            "reported_at": now - dt.timedelta(hours=1 + i * 30), "region_code": child.region_code,
            "child_name": child.person.name, "person_id": child.person_id, "harm": harm, "urgency": urgency,
            "description": codes.HARMS[harm] + "：报告人发现后即时报告（演示数据）"})
        order = ["respond", "assess", "intervene", "follow_up", "close"]
        target = {"reported": 0, "responded": 1, "assessed": 2, "intervening": 3, "follow_up": 4, "closed": 5}[state]
        for step in order[:target]:
            minors.act(actor, case, step, {"note": f"{codes.CASE_ACTIONS[step]}（演示）", "risk_level": "medium",
                                           "intervention": "guardianship_support"})
        if state == "intervening":
            minors.refer(actor, case, {"to": "police", "body": "辖区派出所", "sent_on": clock.today(),
                                       "note": "涉嫌家庭暴力，请依法处置"})
            minors.intake(actor, case, {"centre": "县未成年人救助保护中心", "admitted_on": clock.today(),
                                        "reason": "监护人暂时无法履行监护职责，临时监护"})
        made += 1
    # One restricted case: only the county officer is named on it.
    child = rows[0]
    minors.report(county, {"reporter_name": "县医院 急诊科", "reporter_type": "hospital", "channel": "phone",
                           "reported_at": now - dt.timedelta(hours=3), "region_code": child.region_code,
                           "child_name": child.person.name, "person_id": child.person_id, "harm": "sexual",
                           "urgency": "urgent", "restricted": True,
                           "description": "疑似遭受性侵害，限制访问（演示数据）"})
    return made + 1
