"""Demo data of the volunteers app (`make demo`): organisations, a station in every township, activities (some with
risk, insured), volunteers registered from the county's registry people aged 18–65, and their service records over
the last weeks — some entered past the 10 working days (flagged late). Deterministic from context.seed; only on a
county without volunteers."""

from __future__ import annotations

import datetime as dt
import random

from minzheng.core import clock, regioncodes
from minzheng.core.models import Region
from minzheng.volunteers import codes, services
from minzheng.volunteers.models import Volunteer

VOLUNTEERS = 150
ACTIVITY_NAMES = ["敬老院陪护", "助老配餐送餐", "困境儿童课业辅导", "社区环境整治", "防汛值守", "反诈宣传",
                  "义诊进社区", "文明劝导", "助残康复陪伴", "垃圾分类督导"]


def seed(context) -> dict:
    from minzheng.registry.models import Person

    county = context.county.code
    if Volunteer.objects.filter(**regioncodes.subtree_lookup("region_code", county)).exists():
        return {}
    rnd = random.Random(context.seed + 18)
    actor = context.users["county"]
    services.load_star_rules(None, _example_rows())  # the bundled 示例 thresholds
    today = clock.today()
    townships = list(Region.objects.filter(parent_id=county).order_by("code"))
    orgs = [services.create_organisation(actor, {"name": f"{t.name}志愿者协会", "kind": "organisation",
                                                 "region_code": t.code}) for t in townships[:3]]
    stations = [services.create_station(actor, {"name": f"{t.name}新时代文明实践志愿服务站", "region_code": t.code,
                                                "opened_on": "2023-03-05"}) for t in townships]
    activities = []
    for i, name in enumerate(ACTIVITY_NAMES):
        station = stations[i % len(stations)]
        start = today - dt.timedelta(days=rnd.randint(3, 40))
        risky = name in ("防汛值守", "社区环境整治")
        activities.append(services.create_activity(actor, {
            "name": name, "region_code": station.region_code, "category": _category(name),
            "starts_on": start, "ends_on": start, "place": station.name, "content": name,
            "leader": "王队长", "station_id": station.pk, "organisation_id": orgs[i % len(orgs)].pk,
            "risky": risky, "insurer": "中国人民财产保险" if risky else "",
            "policy_no": f"PICC{i:05d}" if risky else "",
            "covered_from": start if risky else None, "covered_to": start if risky else None}))
    born_after = today.replace(year=today.year - 65)
    born_before = today.replace(year=today.year - 18)
    people = list(Person.objects.filter(**regioncodes.subtree_lookup("region__code", county),
                                        birth_date__gt=born_after, birth_date__lt=born_before,
                                        death_date__isnull=True, merged_into__isnull=True)
                  .order_by("id")[:5000])
    chosen = rnd.sample(people, min(VOLUNTEERS, len(people)))
    made, records, late = 0, 0, 0
    for person in chosen:
        cats = rnd.sample(list(codes.CATEGORIES)[:8], 2)
        v = services.register(actor, {"name": person.name, "id_number": person.id_number,
                                      "phone": person.phone or "", "region_code": person.region_id,
                                      "categories": cats, "organisation_id": rnd.choice(orgs).pk,
                                      "skills": rnd.choice(["", "护理", "心理咨询", "驾驶", "法律", "教育"])})
        made += 1
        for activity in rnd.sample(activities, rnd.randint(1, 4)):
            row = services.record_hours(actor, v.pk, {
                "activity": activity.name, "date": activity.starts_on, "hours": str(rnd.choice([1, 1.5, 2, 3, 4])),
                "organiser": activity.organisation.name, "place": activity.place, "content": activity.content,
                "leader": activity.leader, "activity_id": activity.pk})
            records += 1
            late += row.late
    return {"organisations": len(orgs), "stations": len(stations), "activities": len(activities),
            "volunteers": made, "records": records, "late_records": late}


def _category(name: str) -> str:
    for key, words in (("elderly", "老"), ("children", "儿童"), ("emergency", "防汛"), ("environment", "环境垃圾"),
                       ("health", "义诊"), ("disability", "助残")):
        if any(w in name for w in words):
            return key
    return "community"


def _example_rows() -> list[list[str]]:
    from minzheng.core import spreadsheets
    from minzheng.volunteers.commands import EXAMPLE

    return list(spreadsheets.iter_rows(EXAMPLE)[1])
