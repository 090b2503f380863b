"""The elderly-care indicators of issue 14 item 8 that need this app's data, by child region of the chosen region:
beds per 1,000 elderly, the nursing-type bed share (Zhoushan 51 → 58 %, Xincheng ≥ 60 %), care workers per 10,000
elderly (Zhoushan 16 → 25), 特困失能人员集中供养率, and institutions by grade. The elderly app's own figures (elders,
assessed share, 失能 by level) come from its selector on the same rows.

Each figure is a grouped query by region prefix (a fixed number of queries whatever the number of regions); a share
is shown as text with one decimal ("57.3%"), "—" when its denominator is 0."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from minzheng.assistance.models import Placement, SelfCareAssessment
from minzheng.benefits.models import Entitlement
from minzheng.core import clock, regioncodes
from minzheng.core.errors import NotFound
from minzheng.eldercare.models import CareWorker, Grading, InstitutionProfile
from minzheng.elderly import selectors as elderly_selectors

BAND_DISABLED = ("care_partial", "care_full")  # 特困 self-care bands counted as 失能 (民发〔2021〕43号 第二十一条)


def _ratio(part, whole, per: int) -> str:
    if not whole:
        return "—"
    value = (Decimal(part) * per / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value}"


def _share(part, whole) -> str:
    return "—" if not whole else f"{_ratio(part, whole, 100)}%"


def _grouped(qs, field: str, width: int, **aggregates) -> dict[str, dict]:
    return {row["prefix"]: row for row in qs.annotate(prefix=Substr(field, 1, width)).values("prefix")
            .annotate(**aggregates).order_by("prefix")}


def service_indicators(user, region_code: str = "", today: dt.date | None = None) -> dict:
    today = today or clock.today()
    base = elderly_selectors.indicators(user, region_code, today)  # scoped; 403 for roles without people.view
    root = base["root"]
    if not regioncodes.in_subtree(root, user.region_id):  # the aggregates below are not scoped row by row
        raise NotFound()
    level = regioncodes.level_of(root)
    depth = regioncodes.LEVELS.index(level)
    width = regioncodes.LEVEL_LENGTH[regioncodes.LEVELS[min(depth + 1, len(regioncodes.LEVELS) - 1)]]
    inside = regioncodes.subtree_lookup("region_code", root)
    beds = _grouped(InstitutionProfile.objects.filter(**inside), "region_code", width,
                    nursing=Sum("beds_nursing"), dementia=Sum("beds_dementia"), general=Sum("beds_general"),
                    institutions=Count("pk"))
    workers = _grouped(CareWorker.objects.filter(**inside).filter(role="care_worker")
                       .filter(Q(left_on__isnull=True) | Q(left_on__gt=today)), "region_code", width, n=Count("pk"))
    # 特困 persons in force whose current self-care assessment says 失能, and those of them placed in an institution.
    tekun = (Entitlement.objects.filter(program="tekun", status="active", **inside)
             .filter(start_month__lte=today).filter(Q(end_month__isnull=True) | Q(end_month__gte=today.replace(day=1)))
             .values_list("person_id", flat=True))
    disabled = set(SelfCareAssessment.objects.filter(person_id__in=tekun, superseded_by__isnull=True,
                                                     band__in=BAND_DISABLED).values_list("person_id", flat=True))
    placed = set(Placement.objects.filter(person_id__in=disabled, to_on__isnull=True)
                 .values_list("person_id", flat=True))
    tekun_region = dict(Entitlement.objects.filter(program="tekun", person_id__in=disabled, **inside)
                        .values_list("person_id", "region_code"))
    by_grade: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    latest: dict[int, tuple] = {}
    for inst, day, pk, grade, code in (Grading.objects.filter(**inside)
                                       .values_list("institution_id", "assessed_on", "pk", "level", "region_code")):
        if inst not in latest or (day, pk) > latest[inst][:2]:
            latest[inst] = (day, pk, grade, code)
    for _day, _pk, grade, code in latest.values():
        by_grade[code[:width]][grade] += 1

    def extend(row: dict, prefix: str | None) -> dict:
        def pick(table, key, default=0):
            if prefix is None:
                return sum((r.get(key) or 0) for r in table.values())
            return (table.get(prefix) or {}).get(key) or default

        nursing, dementia, general = pick(beds, "nursing"), pick(beds, "dementia"), pick(beds, "general")
        total_beds = nursing + dementia + general
        workers_n = pick(workers, "n")
        dis = sum(1 for p in disabled if prefix is None or tekun_region.get(p, "")[:width] == prefix)
        plc = sum(1 for p in placed if prefix is None or tekun_region.get(p, "")[:width] == prefix)
        grades = defaultdict(int)
        for code, counts in by_grade.items():
            if prefix is None or code == prefix:
                for g, n in counts.items():
                    grades[g] += n
        return {**row, "beds": total_beds, "beds_nursing": nursing, "beds_dementia": dementia,
                "institutions": pick(beds, "institutions"),
                "beds_per_1000": _ratio(total_beds, row["elders"], 1000),
                "nursing_share": _share(nursing, total_beds),
                "care_workers": workers_n, "workers_per_10000": _ratio(workers_n, row["elders"], 10000),
                "tekun_disabled": dis, "tekun_placed": plc, "tekun_placed_share": _share(plc, dis),
                "grades": dict(sorted(grades.items()))}

    rows = [extend(r, r["code"][:width] if r["code"] != root else None) for r in base["rows"]]
    return {"root": root, "rows": rows, "total": extend(base["total"], None)}
