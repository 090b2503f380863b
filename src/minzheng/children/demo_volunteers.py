"""Demo: volunteers who went along on the demo county's children's visits (their hours recorded in the volunteers
app through children.services.visits.set_volunteers). Declared on VolunteersConfig.demo_data after the volunteers'
own seeder, because it needs both the children's visits and the volunteers; deterministic, run once."""

from __future__ import annotations

import random

from minzheng.core import regioncodes


def seed(context) -> dict:
    from minzheng.children.models import Visit
    from minzheng.children.services import visits
    from minzheng.volunteers.models import ServiceRecord, Volunteer

    county = context.county.code
    actor = context.users.get("county")
    if actor is None or ServiceRecord.objects.filter(source="children_visit",
                                                     **regioncodes.subtree_lookup("region_code", county)).exists():
        return {"skipped": 1}
    rnd = random.Random(context.seed + 1804)
    found = list(Visit.objects.filter(**regioncodes.subtree_lookup("region_code", county), kind="home")
                 .order_by("-visited_on", "id")[:60])
    linked = 0
    for visit in found[::3][:12]:
        township = visit.region_code[:9]
        near = list(Volunteer.objects.filter(status="active", region_code__startswith=township)
                    .order_by("id").values_list("pk", flat=True)[:20])
        if not near:
            continue
        chosen = rnd.sample(near, min(len(near), rnd.randint(1, 2)))
        try:
            visits.set_volunteers(actor, visit.pk, {"volunteer_ids": chosen, "volunteer_hours": "2"})
        except Exception:
            continue
        linked += len(chosen)
    return {"visit_volunteers": linked}
