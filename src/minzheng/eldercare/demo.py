"""The eldercare app's share of `make demo` (AppConfig.demo_data), through this app's and assistance's services
(validation, scope, audit), after the elderly app's seeder (assessed levels exist) on a fresh county:

- five 养老机构 (公办 welfare centre, 公建民营, two 民办, a 农村敬老院 that is also the 特困供养服务机构) with beds by
  type, care workers and staff with certificates, residents (levels from the assessments decide nursing beds), the
  特困 persons in 集中供养 placed there through assistance (placement → resident, payer 特困) and self-care
  assessments of every 特困 person (so 特困失能集中供养率 has both terms);
- GB/T 37276 gradings of four institutions (四级 … 一级), one 双随机 round with a seeded draw: a pass, a finding
  rectified in time, a serious finding under rectification;
- home care in the demo township: a provider with items and workers, quotas of subsidised elders, last month's
  orders walked create → dispatch → check in/out → confirm on their days and settled (one closed monthly
  settlement with its file), this month's orders in every state;
- 助餐 points with a month of meals, a day centre with attendance, family care beds with their visits this month,
  devices and alarms (handled ones and one still open).

Past steps run with the clock fixed on their day (elderly.demo.on_day). Deterministic for a context.seed."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter

from django.utils import timezone

from minzheng.core import clock, regioncodes
from minzheng.elderly.demo import elders_of, on_day

ACCOUNT = "6217{:015d}"
BEDS_PER_1000 = 45
# (name, ownership, kind, township index, nursing, dementia, general, occupancy, grading scores or None)
INSTITUTIONS = (
    ("社会福利中心", "public", "elderly_care", 0, 120, 30, 50, 0.78, (100, 110, 125, 480)),
    ("颐康护理院", "public_private", "elderly_care", 1, 80, 20, 40, 0.70, (88, 96, 108, 430)),
    ("夕阳红养老院", "private", "elderly_care", 2, 30, 0, 50, 0.62, (70, 76, 92, 330)),
    ("康乐老年公寓", "private", "elderly_care", 3, 0, 0, 30, 0.50, None),
    ("敬老院", "rural_tekun", "nursing_home", 4, 20, 0, 40, 0.55, (56, 62, 70, 285)),
)
ITEMS = (("助浴", "visit", "60.00"), ("助洁", "hour", "40.00"), ("上门护理", "visit", "80.00"),
         ("陪同就医", "visit", "50.00"), ("送餐上门", "meal", "12.00"))
NAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "胡", "朱", "高", "林")
GIVEN = ("丽", "芳", "敏", "静", "秀兰", "海燕", "建华", "桂英", "玉梅", "志刚", "晓红", "红霞")


def _name(rng: random.Random) -> str:
    return rng.choice(NAMES) + rng.choice(GIVEN)


def _phone(rng: random.Random) -> str:
    return f"13{rng.randint(0, 9)}{rng.randint(10 ** 7, 10 ** 8 - 1)}"


def _scaled(context, today) -> list[tuple]:
    """INSTITUTIONS with their beds scaled to the county's elders: about 45 beds per 1,000 (the 十四五 plans aim at
    ≥ 30–55), at least a tenth of the listed size."""
    listed = sum(spec[4] + spec[5] + spec[6] for spec in INSTITUTIONS)
    factor = min(1.0, max(0.1, len(elders_of(context.county.code, today)) * BEDS_PER_1000 / 1000 / listed))
    return [(*spec[:4], *(round(b * factor) for b in spec[4:7]), *spec[7:]) for spec in INSTITUTIONS]


def _institutions(context, rng, today, counts) -> list:
    from minzheng.core.models import Region
    from minzheng.eldercare.services import institutions

    county = context.users["county"]
    townships = list(Region.objects.filter(parent=context.county).order_by("code").values_list("code", "name"))
    made = []
    for n, (name, ownership, kind, t, nursing, dementia, general, _occ, _scores) in enumerate(_scaled(context, today)):
        code, township_name = townships[t % len(townships)]
        full = f"{township_name}{name}" if ownership in ("private", "rural_tekun") else f"{context.county.name}{name}"
        licensed = dt.date(2015 + n * 2, 3 + n, 10)
        inst = institutions.register_institution(county, {
            "name": full, "kind": kind, "region_code": code,
            "operator": {"public": "县民政局", "public_private": "颐康养老服务有限公司"}.get(ownership, full),
            "bank_name": "中国农业银行", "account": ACCOUNT.format(rng.randint(10 ** 12, 10 ** 13)),
            "ownership": ownership, "licence_kind": "licence" if licensed.year < 2019 else "filing",
            "licence_no": f"浙舟民养{'许' if licensed.year < 2019 else '备'}{licensed.year}{n + 1:03d}",
            "licence_on": licensed.isoformat(), "credit_code": f"52{context.county.code[:6]}MJ{n:06d}X"[:18],
            "beds_nursing": nursing, "beds_dementia": dementia, "beds_general": general})
        made.append(inst)
        counts["institutions"] += 1
        counts["beds"] += nursing + dementia + general
        counts["beds_nursing"] += nursing
        staff = max(1, (nursing + dementia + general) // 18)
        roles = ["manager", "nurse", "doctor" if nursing else "nurse", "social_worker"] + ["care_worker"] * staff
        for role in roles:
            certificate = {"nurse": "nurse", "doctor": "doctor", "manager": "none", "social_worker": "none"}.get(
                role) or rng.choices(("none", "care_5", "care_4", "care_3", "care_2"), (2, 4, 5, 3, 1))[0]
            institutions.add_worker(county, {
                "institution_id": inst.pk, "name": _name(rng), "role": role, "certificate": certificate,
                "certificate_no": "" if certificate == "none" else f"Z{today.year}{rng.randint(10000, 99999)}",
                "phone": _phone(rng), "hired_on": (today - dt.timedelta(days=rng.randint(60, 2400))).isoformat()})
            counts["care_workers" if role == "care_worker" else "other_staff"] += 1
    return made


def _tekun(context, rng, today, tekun_home, counts) -> set[int]:
    """Self-care assessments of every 特困 person; those in 集中供养 placed in the 敬老院 (assistance) and admitted."""
    from minzheng.assistance import services as assistance
    from minzheng.benefits.models import Entitlement
    from minzheng.eldercare.services import institutions

    county = context.users["county"]
    ents = list(Entitlement.objects.filter(program="tekun", status="active", person__isnull=False,
                                           **regioncodes.subtree_lookup("region_code", context.county.code))
                .select_related("source_case").order_by("id"))
    placed: set[int] = set()
    for ent in ents:
        centralised = ent.source_case is not None and ent.source_case.subtype == "centralised"
        unmet = rng.choices((0, 1, 2, 3, 4, 5, 6), (2, 2, 2, 1, 2, 1, 1) if centralised else (10, 3, 2, 1, 1, 1, 1))[0]
        items = dict(zip(("eating", "dressing", "transfer", "toileting", "walking", "bathing"),
                         [True] * (6 - unmet) + [False] * unmet, strict=True))
        day = today - dt.timedelta(days=rng.randint(20, 300))
        assistance.record_assessment(county, {"person_id": ent.person_id, "assessed_on": day.isoformat(), **items,
                                              "note": "年度生活自理能力评估"})
        counts["tekun_self_care_assessments"] += 1
        if not centralised:
            continue
        since = max(ent.start_month, today - dt.timedelta(days=700))
        assistance.open_placement(county, {"person_id": ent.person_id, "institution_id": tekun_home.pk,
                                           "from_on": since.isoformat(), "room": f"特困{len(placed) + 1:02d}",
                                           "reason": "特困人员本人申请集中供养"})
        institutions.admit(county, tekun_home, {"person_id": ent.person_id, "payer": "tekun",
                                                "bed_type": "nursing" if unmet >= 4 else "general",
                                                "room": f"特困{len(placed) + 1:02d}", "admitted_on": since.isoformat()})
        placed.add(ent.person_id)
        counts["tekun_placed"] += 1
    return placed


def _residents(context, rng, today, made, taken, counts) -> None:
    """Residents up to each institution's occupancy; elders assessed 2–4 take the nursing/dementia beds."""
    from minzheng.eldercare import levels as level_source
    from minzheng.eldercare.services import institutions

    county = context.users["county"]
    elders = [pid for pid, _b, _v in elders_of(context.county.code, today) if pid not in taken]
    rng.shuffle(elders)
    current = level_source.current_levels(elders)
    frail = [p for p in elders if current.get(p, 0) >= 2]
    others = [p for p in elders if current.get(p, 0) < 2]
    for inst, spec in zip(made, _scaled(context, today), strict=True):
        nursing, dementia, general, occupancy = spec[4:8]
        beds = [("nursing", nursing), ("dementia", dementia), ("general", general)]
        for bed_type, n in beds:
            target = int(n * occupancy)
            if inst is made[-1] and bed_type == "general":  # the 敬老院 already houses the 特困 placed there
                target -= counts["tekun_placed"]
            for k in range(target):
                pool = frail if bed_type != "general" and frail else others
                if not pool:
                    break
                pid = pool.pop()
                payer = rng.choices(("self", "subsidy", "ltc", "other"), (6, 2, 2, 1))[0]
                admitted = today - dt.timedelta(days=rng.randint(10, 1500))
                institutions.admit(county, inst, {"person_id": pid, "bed_type": bed_type, "payer": payer,
                                                  "room": f"{rng.randint(1, 5)}{k:02d}",
                                                  "admitted_on": admitted.isoformat()})
                counts["residents"] += 1
                taken.add(pid)


def _oversight(context, rng, today, made, counts) -> None:
    from minzheng.core.models import User
    from minzheng.eldercare.services import institutions

    county = context.users["county"]
    for inst, spec in zip(made, INSTITUTIONS, strict=True):
        scores = spec[-1]
        if scores is None:
            continue
        env, fac, mgmt, service = scores
        institutions.record_grading(county, inst, {
            "assessed_on": (today - dt.timedelta(days=rng.randint(90, 500))).isoformat(), "environment": str(env),
            "facilities": str(fac), "management": str(mgmt), "service": str(service),
            "assessors": "市养老机构等级评定委员会：" + "、".join(_name(rng) for _ in range(3))})
        counts["gradings"] += 1
    inspectors = list(User.objects.filter(username__in=("township_demo", "county_demo"), is_active=True)
                      .order_by("username").values_list("id", flat=True))
    drawn_on = today - dt.timedelta(days=45)
    with on_day(drawn_on):
        rnd = institutions.draw_round(county, {"title": f"{today.year}年度养老机构“双随机、一公开”抽查",
                                               "institutions": 3, "team_size": min(2, len(inspectors)),
                                               "inspector_ids": inspectors, "seed": context.seed})
    counts["inspection_rounds"] += 1
    findings = [("pass", "", None, None),
                ("minor", "消防通道堆放杂物；部分老人照护记录未按日填写", 20,
                 "已清理消防通道，照护记录补齐并建立日检制度"),
                ("serious", "夜间值班护理员不足（1人照护32名老人）；燃气报警装置失效", -20, None)]
    for inspection, (result, text, deadline, rectified) in zip(rnd.inspections.order_by("id"), findings,
                                                               strict=False):
        inspected = drawn_on + dt.timedelta(days=7)
        data = {"inspected_on": inspected.isoformat(), "result": result, "findings": text}
        if deadline is not None:
            data["rectify_by"] = (today - dt.timedelta(days=deadline)).isoformat()
        institutions.record_inspection(county, inspection, data)
        if rectified:
            institutions.record_rectification(county, inspection, {
                "rectified_on": (inspected + dt.timedelta(days=12)).isoformat(), "note": rectified})
        counts[f"inspections_{result}"] += 1


def _homecare(context, rng, today, counts) -> dict:
    """Provider, items, workers, quotas; last month's orders served and settled; this month's in every state."""
    from minzheng.benefits import workflow
    from minzheng.benefits.models import Entitlement
    from minzheng.eldercare.services import homecare, institutions, settlement

    county, clerk = context.users["county"], context.users["village"]
    township = context.users["township"].region_id
    provider = homecare.add_provider(county, {
        "name": f"{context.users['township'].region.name}暖心居家养老服务中心", "kind": "home_care",
        "region_code": township, "contact_name": _name(rng), "phone": _phone(rng), "bank_name": "农村商业银行",
        "account": ACCOUNT.format(rng.randint(10 ** 12, 10 ** 13))})
    items = [homecare.add_item(county, {"provider_id": provider.pk, "name": n, "unit": u, "price": p})
             for n, u, p in ITEMS]
    workers = [institutions.add_worker(county, {
        "provider_id": provider.pk, "name": _name(rng), "role": "care_worker",
        "certificate": rng.choice(("care_5", "care_4", "care_3")), "certificate_no": f"J{rng.randint(10000, 99999)}",
        "phone": _phone(rng), "hired_on": (today - dt.timedelta(days=rng.randint(90, 900))).isoformat()})
        for _ in range(5)]
    counts["providers"], counts["service_items"], counts["provider_workers"] = 1, len(items), len(workers)
    last = workflow.add_months(context.month, -1)
    subsidised = list(Entitlement.objects.filter(program__in=("service_subsidy", "care_subsidy"), status="active",
                                                 **regioncodes.subtree_lookup("region_code", township))
                      .order_by("id").values_list("person_id", "program", "monthly_amount"))
    quota_from = workflow.add_months(context.month, -3)
    served: list[int] = []
    for pid, program, amount in subsidised[:40]:
        if pid in served:
            continue
        homecare.add_quota(county, {"person_id": pid, "source": program, "monthly": str(amount),
                                    "from_month": f"{quota_from:%Y-%m}"})
        served.append(pid)
        counts["quotas"] += 1
    for pid in served[::4]:
        homecare.add_quota(county, {"person_id": pid, "source": "voucher", "monthly": "100.00",
                                    "from_month": f"{quota_from:%Y-%m}"})
        counts["quotas"] += 1
    days_last = (context.month - last).days
    for pid in served:
        for _ in range(rng.randint(1, 4)):
            day = last + dt.timedelta(days=rng.randint(0, days_last - 1))
            _serve(homecare, county, rng, pid, rng.choice(items), rng.choice(workers), day, "confirm")
            counts["orders_last_month"] += 1
    result = settlement.settle_month(county, {"month": f"{last:%Y-%m}"})
    counts["settlements"], counts["settled_orders"] = result["settlements"], result["orders"]
    counts["settled_total_fen"], counts["settled_gov_fen"] = result["total_fen"], result["gov_fen"]
    stops = ("create", "dispatch", "check_in", "check_out", "confirm", "confirm", "cancel")
    for n, pid in enumerate(served[:14]):
        day = context.month + dt.timedelta(days=rng.randint(0, max(0, (today - context.month).days)))
        stop = stops[n % len(stops)]
        _serve(homecare, clerk if _in_village(clerk, pid) else county, rng, pid, rng.choice(items),
               rng.choice(workers), day, stop)
        counts[f"orders_this_month_{stop}"] += 1
    return {"provider": provider, "items": items, "workers": workers}


def _in_village(user, person_id: int) -> bool:
    from minzheng.registry.models import Person

    return Person.objects.filter(pk=person_id, region_id=user.region_id).exists()


def _serve(homecare, actor, rng, pid, item, worker, day, stop, bed=None):
    """An order of `pid` on `day` taken up to `stop` (create … confirm, or cancel) with the clock on that day."""
    with on_day(day):
        order = homecare.create_order(actor, {"person_id": pid, "item_id": item.pk, "scheduled_on": day.isoformat(),
                                              "quantity": 2 if item.unit == "hour" else 1,
                                              "source": rng.choice(("family", "clerk", "citizen")),
                                              "bed_id": bed.pk if bed else None})
        if stop == "create":
            return order
        if stop == "cancel":
            return homecare.cancel(actor, order.pk, {"reason": "老人住院，改期服务"})
        place = {"lat": f"{30 + rng.random() / 10:.4f}", "lng": f"{122 + rng.random() / 10:.4f}"}
        steps = (("dispatch", lambda: homecare.dispatch(actor, order.pk, {"worker_id": worker.pk})),
                 ("check_in", lambda: homecare.check_in(actor, order.pk, place)),
                 ("check_out", lambda: homecare.check_out(actor, order.pk, place)),
                 ("confirm", lambda: homecare.confirm(actor, order.pk, {"rating": rng.choices((5, 4, 3), (7, 2, 1))[0],
                                                                        "feedback": "服务认真，老人满意"})))
        for name, run in steps:
            run()
            if name == stop:
                break
    return order


def _community(context, rng, today, home, counts) -> None:
    """助餐 points with a month of meals, a day centre with attendance."""
    from minzheng.core.models import Region
    from minzheng.eldercare.services import homecare

    county, township = context.users["county"], context.users["township"]
    clerk_village = context.users["village"].region_id
    villages = list(Region.objects.filter(parent_id=township.region_id).order_by("code").values_list("code", "name"))
    spots = [(clerk_village, "居家养老服务中心助餐点", 60)]
    spots += [(c, f"{n.replace('居委会', '').replace('村委会', '村')}老年食堂", 40) for c, n in villages[1:3]]
    for code, name, seats in spots:
        point = homecare.add_meal_point(county, {"name": name, "region_code": code, "seats": seats,
                                                 "meal_price": "12.00", "provider_id": home["provider"].pk})
        counts["meal_points"] += 1
        for back in range(1, 31):
            day = today - dt.timedelta(days=back)
            if day.weekday() == 6:
                continue  # closed on Sundays
            meals = rng.randint(int(seats * 0.5), seats + 15)
            homecare.record_meals(township, point, {"served_on": day.isoformat(), "meals": meals,
                                                    "elderly_meals": int(meals * rng.uniform(0.75, 0.95)),
                                                    "delivered": rng.randint(3, 12)})
            counts["meal_days"] += 1
            counts["meals"] += meals
    center = homecare.add_day_center(county, {"name": f"{context.users['village'].region.name.replace('居委会', '')}"
                                                      "日间照料中心", "region_code": clerk_village, "places": 20,
                                              "services": "日间托养、助餐、康复训练、文化娱乐",
                                              "provider_id": home["provider"].pk})
    counts["day_centers"] += 1
    regulars = [pid for pid, _b, v in elders_of(context.county.code, today) if v == clerk_village][:10]
    for back in range(1, 15):
        day = today - dt.timedelta(days=back)
        if day.weekday() >= 5:
            continue
        for pid in regulars:
            if rng.random() < 0.7:
                homecare.record_attendance(township, center, {"person_id": pid, "on": day.isoformat(),
                                                              "services": rng.choice(("午餐、康复训练", "午餐、午休",
                                                                                      "文化娱乐、午餐"))})
                counts["attendance"] += 1


def _bed_candidates(context, taken: set[int]) -> list[int]:
    """Six elders of the demo township assessed 2–4 (kept out of the institutions: they stay at home)."""
    from minzheng.elderly.models import Assessment

    township = context.users["township"].region_id
    return [pid for pid in Assessment.objects.filter(
        superseded_by__isnull=True, level__gte=2, person__death_date__isnull=True,
        **regioncodes.subtree_lookup("region_code", township)).order_by("id").values_list("person_id", flat=True)
        if pid not in taken][:6]


def _beds_and_alarms(context, rng, today, home, candidates, counts) -> None:
    """Family care beds of assessed elders of the demo township, their visits this month, devices and alarms."""
    from minzheng.eldercare.policy import alarms as alarm_policy
    from minzheng.eldercare.services import alarms, beds, homecare

    county, clerk = context.users["county"], context.users["village"]
    opened = []
    for n, pid in enumerate(candidates):
        actor = clerk if _in_village(clerk, pid) else county
        start = context.month - dt.timedelta(days=rng.randint(30, 200))
        bed = beds.open_bed(actor, {"person_id": pid, "provider_id": home["provider"].pk,
                                    "agreement_no": f"JTCW-{today.year}-{n + 1:03d}",
                                    "agreement_from": start.isoformat(),
                                    "agreement_to": (start + dt.timedelta(days=365)).isoformat(),
                                    "address": "家庭住址（见协议）"})
        opened.append((actor, bed))
        counts["family_beds"] += 1
        for _ in range(rng.randint(1, 3)):
            day = context.month + dt.timedelta(days=rng.randint(0, max(0, (today - context.month).days)))
            _serve(homecare, actor, rng, pid, home["items"][2], rng.choice(home["workers"]), day, "confirm", bed)
            counts["bed_visits_this_month"] += 1
    devices = []
    for n, (actor, bed) in enumerate(opened):
        kind = ("bed_mat", "wearable", "button", "smoke", "sensor", "wearable")[n % 6]
        device, key = alarms.register_device(county, {"serial": f"ZS-{kind.upper()}-{today.year}{n + 1:04d}",
                                                      "kind": kind, "bed_id": bed.pk})
        devices.append((device, key, actor))
        counts["devices"] += 1
    now = timezone.now()
    plan = [("fall", "closed", "visited"), ("sos", "closed", "helped"), ("inactivity", "closed", "false_alarm"),
            ("fall", "closed", "hospital"), ("sos", "acknowledged", None), ("fall", "open", None)]
    for n, (kind, state, outcome) in enumerate(plan[:len(devices)]):
        device, key, actor = devices[n % len(devices)]
        received = now - dt.timedelta(minutes=rng.randint(2, 6) if state != "open" else 1)
        ts = int(received.timestamp())
        body = json.dumps({"event_id": f"EVT-{device.serial}-{n}", "kind": kind}).encode()
        alarm, _created = alarms.receive(device.serial, str(ts), alarm_policy.sign(bytes.fromhex(key), ts, body), body,
                                         now=received)
        counts["alarms"] += 1
        if state != "open":
            alarms.acknowledge(actor, alarm)
        if state == "closed":
            alarms.close(actor, alarm, {"outcome": outcome, "action_taken": {
                "visited": "服务人员10分钟内上门，老人无外伤，已通知家属",
                "helped": "上门协助老人起身并测量血压，情况平稳",
                "false_alarm": "电话联系老人，系手环误触", "hospital": "呼叫120送区医院急诊，家属已到场"}[outcome]})
        counts[f"alarms_{state}"] += 1


def seed(context) -> dict:
    """Eldercare demo data in context.county (see the module docstring). Counts of what was made."""
    rng = random.Random(f"minzheng-eldercare-demo:{context.county.code}:{context.seed}")
    today = clock.today()
    counts: Counter = Counter()
    made = _institutions(context, rng, today, counts)
    taken = _tekun(context, rng, today, made[-1], counts)
    at_home = _bed_candidates(context, taken)
    taken.update(at_home)
    _residents(context, rng, today, made, taken, counts)
    _oversight(context, rng, today, made, counts)
    home = _homecare(context, rng, today, counts)
    _community(context, rng, today, home, counts)
    _beds_and_alarms(context, rng, today, home, at_home, counts)
    return dict(counts)
