"""Demo data of the two subsidies in operation: the 残联's `disability` feed for the demo county (every disabled
person of the registry with a certificate; a few expired, a few with another grade — deterministic from the seed),
then the month's coverage check stored as tasks and the stop sweep (holds on expired certificates) — all through
the same services as the pages. Run on a fresh county only (a county that already has a disability feed is left)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from minzheng.core import clock, regioncodes
from minzheng.disability import services
from minzheng.registry.models import Person
from minzheng.verification import feeds
from minzheng.verification.models import FeedSnapshot

EXPIRED_SHARE = 0.04
OTHER_GRADE_SHARE = 0.03
MISSING_SHARE = 0.05  # on the registry but not (yet) in the 残联's file


def _feed(persons: list[tuple[str, str, int]], rand: random.Random, today: dt.date) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["身份证号", "残疾类别", "残疾等级", "有效期至"])
    for number, category, grade in persons:
        roll = rand.random()
        if roll < MISSING_SHARE:
            continue
        valid = today + dt.timedelta(days=rand.randint(200, 3000))
        if roll < MISSING_SHARE + EXPIRED_SHARE:
            valid = today - dt.timedelta(days=rand.randint(20, 200))
        elif roll < MISSING_SHARE + EXPIRED_SHARE + OTHER_GRADE_SHARE:
            grade = max(1, grade - 1)
        writer.writerow([number, category or "4", str(grade), valid.isoformat()])
    return io.BytesIO(out.getvalue().encode("utf-8-sig"))  # in memory: no plaintext ID number on disk


def seed(context) -> dict:
    if FeedSnapshot.objects.filter(kind="disability").exists():
        return {"skipped": "已有残联数据"}
    today = clock.today()
    rand = random.Random(context.seed * 31 + 7)
    county = context.county.code
    rows = (Person.objects.filter(disability_grade__isnull=False, death_date__isnull=True, merged_into__isnull=True,
                                  **regioncodes.subtree_lookup("region__code", county)).order_by("id"))
    persons = [(p.id_number, p.disability_category, p.disability_grade) for p in rows.iterator(chunk_size=2000)]
    if not persons:
        return {"feed_rows": 0}
    loaded = feeds.load("disability", _feed(persons, rand, today), today, source_name="残联残疾人证数据（示例）.csv")
    gaps = services.refresh_gaps(None, county, today.replace(day=1))
    swept = services.sweep(None, county)
    return {"feed_rows": loaded.get("rows", 0), "gaps": gaps["gaps"], "held": swept["held"],
            "stopped": swept["stopped"]}
