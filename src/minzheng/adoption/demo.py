"""Demo adoptions (`make demo`): a few children of the county (registry persons under 14) placed with adopters
aged 30–50 of the county, in every state: applied, assessed, registered (certificate), one dissolved. Deterministic
from the seed; runs only on a county without adoptions."""

from __future__ import annotations

import datetime as dt
import random

from minzheng.adoption import codes
from minzheng.adoption.models import Adoption
from minzheng.core import clock
from minzheng.core.errors import ServiceError
from minzheng.registry.models import Person

ALL = list(codes.CONDITIONS)


def seed(context) -> dict:
    from minzheng.adoption import services

    code = context.county.code[:6]
    if Adoption.objects.filter(region_code__startswith=code).exists():
        return {"adoptions": 0, "skipped": "已有收养登记"}
    rng = random.Random(context.seed + 1093)
    clerk = context.users["county"]
    today = clock.today()
    living = Person.objects.filter(region__code__startswith=code, death_date__isnull=True)
    children = list(living.filter(birth_date__gt=today - dt.timedelta(days=14 * 365)).order_by("id")[:40])
    adults = list(living.filter(birth_date__lte=today - dt.timedelta(days=31 * 366),
                                birth_date__gte=today - dt.timedelta(days=50 * 365)).order_by("id")[:40])
    rng.shuffle(children)
    rng.shuffle(adults)
    counts = {"adoptions": 0, "registered": 0, "dissolved": 0}
    for i, (child, adopter) in enumerate(zip(children[:6], adults[:6], strict=False)):
        row = services.apply(clerk, {
            "child_id": child.pk, "child_category": ("orphan", "unknown_parents", "parents_unable")[i % 3],
            "child_in_institution": i % 3 == 1, "child_consents": True,
            "adopter": {"name": adopter.name, "sex": adopter.sex, "id_number": adopter.id_number,
                        "birth_date": adopter.birth_date.isoformat()},
            "declared": ALL, "date": (today - dt.timedelta(days=60 - i * 7)).isoformat()})
        counts["adoptions"] += 1
        if i % 6 == 5:
            continue  # awaiting its assessment
        services.assess(clerk, row.pk, {"assessed_on": (today - dt.timedelta(days=30 - i * 3)).isoformat(),
                                        "assessor": "县收养评估小组", "result": "suitable",
                                        "report": "收养人家庭关系和睦，住房、收入稳定，具备抚养教育能力；"
                                                  "被收养人适应良好。"})
        if i % 6 == 4:
            continue
        try:
            services.register(clerk, row.pk, {"date": today.isoformat()})
            counts["registered"] += 1
        except ServiceError:  # a demo adopter who does not qualify stays refused, as in real life
            continue
        if i == 0:
            services.dissolve(clerk, row.pk, {"kind": "agreement", "reason": "收养人与送养人协议解除（示例）"})
            counts["dissolved"] += 1
    return counts
