"""Demo data of the social-work app (`make demo`): the bundled 示例 post grades, employers, a social-work station in
every township with its "六有", social workers (certified and not) with trainings, and resident population figures
(last year, township by township, derived from the demo registry's size: a 示例). Deterministic from context.seed;
only on a county without social workers."""

from __future__ import annotations

import datetime as dt
import random

from minzheng.core import clock, regioncodes
from minzheng.core.models import Region
from minzheng.socialwork import codes, services
from minzheng.socialwork.models import SocialWorker

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["静", "敏", "婷", "磊", "洋", "芳", "杰", "丽", "强", "娜", "军", "燕"]


def seed(context) -> dict:
    from minzheng.core import spreadsheets
    from minzheng.registry.models import Person
    from minzheng.socialwork.commands import EXAMPLE

    county = context.county.code
    if SocialWorker.objects.filter(**regioncodes.subtree_lookup("region_code", county)).exists():
        return {}
    rnd = random.Random(context.seed + 20)
    actor = context.users["county"]
    today = clock.today()
    services.load_post_grades(None, list(spreadsheets.iter_rows(EXAMPLE)[1]))
    townships = list(Region.objects.filter(parent_id=county).order_by("code"))
    agency = services.add_employer(actor, {"name": f"{context.county.name}阳光社会工作服务中心", "kind": "agency",
                                           "region_code": county})
    workers = trainings = 0
    for t in townships:
        six = {f: rnd.random() < 0.85 for f in codes.SIX_HAVES}
        services.save_station(actor, {"region_code": t.code, "name": f"{t.name}社工站", "opened_on": "2021-07-01",
                                      "floor_area": str(rnd.randint(60, 300)), **six})
        registered = Person.objects.filter(**regioncodes.subtree_lookup("region__code", t.code)).count()
        services.save_population(actor, {"region_code": t.code, "year": today.year - 1,
                                         "residents": max(registered * 20, 1000), "source": "示例（演示数据）"})
        for _ in range(rnd.randint(2, 6)):
            level = rnd.choices(["none", "assistant", "social_worker", "senior"], [3, 5, 3, 1])[0]
            grade = {"none": "", "assistant": "A1", "social_worker": "A2", "senior": "A3"}[level]
            w = services.add_worker(actor, {
                "name": rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN), "sex": rnd.choice("MF"),
                "region_code": t.code, "employer_id": agency.pk, "level": level, "post_grade": grade,
                "certificate_no": f"SG{t.code[6:9]}{workers:05d}" if level != "none" else "",
                "certified_on": dt.date(rnd.randint(2012, 2024), 6, 15) if level != "none" else None,
                "started_on": "2021-07-01"})
            workers += 1
            for _ in range(rnd.randint(0, 3)):
                services.add_training(actor, w.pk, {"trained_on": today - dt.timedelta(days=rnd.randint(1, 300)),
                                                    "hours": str(rnd.choice([4, 8, 16, 24])),
                                                    "topic": rnd.choice(["个案管理", "小组工作", "社区社会工作",
                                                                         "社会救助政策", "儿童保护"]),
                                                    "provider": "市社会工作协会"})
                trainings += 1
    return {"stations": len(townships), "workers": workers, "trainings": trainings, "employers": 1}
