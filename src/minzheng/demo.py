"""Demo instance: a real county's townships and villages, one account per role, a few hundred households.

Synthetic people only (names from common characters, valid ID numbers under the county's address code)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from minzheng.core import clock, idnumber, regioncodes
from minzheng.core.models import Region, User
from minzheng.core.regions import load_package_county
from minzheng.core.users import create_user
from minzheng.registry import services

DEMO_PASSWORD = "Minzheng@2026"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红玉梅文辉海燕鹏飞晓东春林小雪丹凤"


def _id_number(rng: random.Random, county6: str, born: dt.date, sex: str) -> str:
    seq = rng.randrange(0, 500) * 2 + (1 if sex == "M" else 0)
    body = f"{county6}{born:%Y%m%d}{seq:03d}"
    return body + idnumber.check_character(body)


def _name(rng: random.Random, surname: str | None = None) -> str:
    return (surname or rng.choice(SURNAMES)) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _demo_users(county: Region) -> list[dict]:
    township = Region.objects.filter(parent=county).order_by("code").first()
    village = Region.objects.filter(parent=township).order_by("code").first()
    city = county.parent
    spec = [("village_demo", "village", village), ("township_demo", "township", township),
            ("county_demo", "county", county), ("city_demo", "city", city), ("auditor_demo", "auditor", county),
            ("sysadmin_demo", "sysadmin", county), ("secadmin_demo", "secadmin", county)]
    out = []
    for username, role, region in spec:
        if not User.objects.filter(username=username).exists():
            create_user(None, username, role, region.code, DEMO_PASSWORD, full_name=f"演示{role}")
        out.append({"username": username, "role": role, "region": region.full_name(), "password": DEMO_PASSWORD})
    User.objects.filter(username="county_demo").update(can_unmask=True)
    return out


@transaction.atomic
def _demo_people(county: Region, households: int, seed: int = 2026) -> int:
    rng = random.Random(seed)
    clerk = User.objects.get(username="county_demo")
    villages = list(Region.objects.filter(code__startswith=county.code[:6], level="village").order_by("code"))
    today = clock.today()
    created = 0
    for n in range(households):
        village = villages[0] if n < households // 3 else rng.choice(villages)  # the demo village gets a third
        surname = rng.choice(SURNAMES)
        head_age = rng.randint(28, 88)
        head_sex = rng.choice("MF")
        members = [(head_age, head_sex, "02", surname)]
        if head_age < 80 and rng.random() < 0.75:
            members.append((max(20, head_age + rng.randint(-5, 5)), "F" if head_sex == "M" else "M", "10", None))
        if head_age < 65:
            for _ in range(rng.choice((0, 1, 1, 2))):
                child_age = rng.randint(0, max(0, head_age - 22))
                sex = rng.choice("MF")
                members.append((child_age, sex, "20" if sex == "M" else "30", surname))
        ids = []
        for age, sex, relation, sur in members:
            born = today.replace(year=today.year - age) - dt.timedelta(days=rng.randint(1, 360))
            data = {"name": _name(rng, sur), "id_number": _id_number(rng, county.code[:6], born, sex),
                    "region_code": village.code, "ethnicity": "01",
                    "phone": f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}" if age >= 18 else None,
                    "labour_capacity": "none" if age >= 70 or age < 16 else rng.choice(("full", "full", "partial")),
                    "marital_status": "20" if relation in ("02", "10") and len(members) > 1 else ""}
            if rng.random() < 0.06:
                data.update(disability_category=rng.choice("1245"), disability_grade=rng.randint(1, 4))
            if rng.random() < 0.04:
                data.update(serious_illness=True, illness_kind=rng.choice(("恶性肿瘤", "尿毒症", "白血病")))
            try:
                person = services.create_person(clerk, data)
            except Exception:  # a duplicate synthetic ID number: skip the member
                continue
            ids.append((person.pk, relation))
            created += 1
        if ids and ids[0][1] == "02":
            services.create_household(clerk, {"region_code": village.code,
                                              "urban_rural": "urban" if village.code[6] == "0" else "rural",
                                              "address": f"{village.name}{rng.randint(1, 200)}号",
                                              "members": [{"person_id": p, "relation": r} for p, r in ids]})
    return created


def setup(county: str = "330902", households: int = 300) -> dict:
    code = regioncodes.normalize(county)
    region = Region.objects.get(code=code)
    load_package_county(code)
    users = _demo_users(region)
    from minzheng.registry.models import Person

    people = Person.objects.filter(**regioncodes.subtree_lookup("region__code", code)).count()
    if people == 0:
        people = _demo_people(region, households)
    return {"county": region.full_name(), "persons": people, "accounts": users}
