"""The monitored population (低收入人口), derived set-based from what is recognised (国办发〔2023〕39号 layers):

- 低保, 特困, 低保边缘, 刚性支出: the benefits kernel's entitlements and recognised statuses in force in the month
  (a household's entitlement covers its current living members, a person's entitlement its beneficiary);
- 防止返贫监测对象: the `poverty_return` feed of the rural-revitalisation department as of the month's last day
  (not yet 风险消除), matched to the registry by the ID number's blind index;
- 其他困难人员: added by a township with a reason (services.register); the sync never closes those.

sync(month) compares what should be open with the open rows: new periods are entered (entered_on = the start of the
recognition or of the 防返贫 monitoring), periods whose source ended are closed (exited_on = today, with the
reason), so each row is one period and the rows are the history. Tags (失能, 重病, 重度残疾, 独居老人, 留守/困境儿童)
are then recomputed from the registry, the disability feed, self-care assessments and child entitlements."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Q

from minzheng.benefits import programs
from minzheng.benefits.models import Entitlement
from minzheng.core import audit, clock
from minzheng.core.months import month_end
from minzheng.monitoring import codes
from minzheng.monitoring.models import MonitoredPerson
from minzheng.registry.models import Membership, Person
from minzheng.verification import feeds

CHUNK = 5000
CHILD_PROGRAMS = ("orphan", "unsupported_child")


def _in_force(month: dt.date):
    return (Entitlement.objects.exclude(status="stopped").filter(start_month__lte=month)
            .filter(Q(end_month__isnull=True) | Q(end_month__gte=month)))


def _feed_rows(kind: str, until: dt.date, sql_where: str, columns: str) -> list[tuple]:
    """Rows of a feed as of `until` (DuckDB over the lake's Parquet files)."""
    import duckdb

    paths = feeds.snapshot_paths(kind, until)
    if not paths:
        return []
    files = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
    con = duckdb.connect()
    try:
        return con.execute(f"SELECT DISTINCT {columns} FROM read_parquet([{files}], hive_partitioning = false)"
                           f" WHERE {sql_where}").fetchall()
    finally:
        con.close()


def _persons_by_index(indexes) -> dict[str, int]:
    out, indexes = {}, sorted(set(indexes))
    for i in range(0, len(indexes), CHUNK):
        out.update(Person.objects.filter(id_number_index__in=indexes[i:i + CHUNK], merged_into__isnull=True,
                                         death_date__isnull=True).values_list("id_number_index", "pk"))
    return out


def _households_of(person_ids) -> dict[int, tuple[int, str]]:
    """person -> (household, village) of the current membership."""
    out, ids = {}, sorted(set(person_ids))
    for i in range(0, len(ids), CHUNK):
        out.update({p: (h, r) for p, h, r in Membership.objects.filter(person_id__in=ids[i:i + CHUNK],
                                                                        left_on__isnull=True)
                    .values_list("person_id", "household_id", "household__region_id")})
    return out


def desired(month: dt.date) -> dict[tuple[int, str], tuple]:
    """(person, layer) -> (household, village, source, source_ref, entered_on) that should be open in `month`."""
    want: dict[tuple[int, str], tuple] = {}
    ents = _in_force(month).filter(program__in=list(codes.PROGRAM_LAYERS))
    rows = list(ents.values_list("id", "program", "household_id", "person_id", "region_code", "start_month"))
    household_ents = defaultdict(list)
    for ent_id, program, household, person, region, start in rows:
        if person is not None:
            want.setdefault((person, codes.PROGRAM_LAYERS[program]),
                            (household, region, "entitlement", f"entitlement:{ent_id}", start))
        else:
            household_ents[household].append((ent_id, program, region, start))
    members = (Membership.objects.filter(left_on__isnull=True, person__death_date__isnull=True,
                                         household_id__in=ents.filter(person__isnull=True).values("household_id"))
               .values_list("household_id", "person_id"))
    for household, person in members:
        for ent_id, program, region, start in household_ents.get(household, ()):
            want.setdefault((person, codes.PROGRAM_LAYERS[program]),
                            (household, region, "entitlement", f"entitlement:{ent_id}", start))
    dead = set(Person.objects.filter(pk__in={p for p, _ in want}, death_date__isnull=False)
               .values_list("pk", flat=True)) if want else set()
    want = {k: v for k, v in want.items() if k[0] not in dead}
    end = month_end(month)
    flagged = _feed_rows("poverty_return", end, f"identified_on <= DATE '{end}' AND (removed_on IS NULL"
                                                f" OR removed_on > DATE '{end}')", "id_index, identified_on")
    persons = _persons_by_index(i for i, _ in flagged)
    homes = _households_of(persons.values())
    for index, identified in flagged:
        pid = persons.get(index)
        if pid is None:
            continue
        household, region = homes.get(pid, (None, None))
        if region is None:
            region = Person.objects.filter(pk=pid).values_list("region_id", flat=True).first()
        want.setdefault((pid, "poverty_return"), (household, region, "feed", "poverty_return", identified))
    return want


def sync(month: dt.date, actor=None) -> dict:
    """Bring the open periods in line with `month`; returns counts. Idempotent."""
    today = clock.today()
    want = desired(month)
    open_rows = {(p, layer): pk for pk, p, layer in MonitoredPerson.objects.filter(exited_on__isnull=True)
                 .exclude(source="township").values_list("pk", "person_id", "layer")}
    new = [k for k in want if k not in open_rows]
    gone = [pk for k, pk in open_rows.items() if k not in want]
    events = []
    with transaction.atomic():
        rows = [MonitoredPerson(person_id=p, layer=layer, household_id=want[(p, layer)][0],
                                region_code=want[(p, layer)][1], source=want[(p, layer)][2],
                                source_ref=want[(p, layer)][3], entered_on=want[(p, layer)][4] or today)
                for p, layer in new]
        created = MonitoredPerson.objects.bulk_create(rows, batch_size=2000)
        events.extend(audit.Event("monitor_sync", "monitored_person", r.pk or "", r.region_code, {
            "person": [None, r.person_id], "layer": [None, r.layer], "entered_on": [None, r.entered_on]})
            for r in created)
        for i in range(0, len(gone), CHUNK):
            chunk = gone[i:i + CHUNK]
            MonitoredPerson.objects.filter(pk__in=chunk).update(exited_on=today, exit_reason="认定或待遇已终止")
            events += [audit.Event("monitor_sync", "monitored_person", pk, "", {"exited_on": [None, today]})
                       for pk in chunk]
        audit.record_many(actor or "system", events)
    tagged = refresh_tags(month)
    return {"entered": len(new), "exited": len(gone), "tags_changed": tagged,
            "monitored_persons": open_persons()}


def open_persons() -> int:
    return MonitoredPerson.objects.filter(exited_on__isnull=True).values("person_id").distinct().count()


def refresh_tags(month: dt.date) -> int:
    """Recompute the tags of every open row (one pass of a few queries per 5,000 persons); returns rows changed."""
    rows = list(MonitoredPerson.objects.filter(exited_on__isnull=True).values_list("pk", "person_id", "tags"))
    people = sorted({p for _, p, _ in rows})
    tags = person_tags(people, month)
    changed = []
    for pk, pid, old in rows:
        new = tags.get(pid, [])
        if list(old or []) != new:
            changed.append(MonitoredPerson(pk=pk, tags=new))
    MonitoredPerson.objects.bulk_update(changed, ["tags"], batch_size=2000)
    return len(changed)


def _age(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def person_tags(person_ids: list[int], month: dt.date) -> dict[int, list[str]]:
    """{person: [tag codes]} from the registry, the disability feed (grade 1–2), self-care assessments (any of the
    six items not met: 失能) and child entitlements (孤儿, 事实无人抚养)."""
    day = month_end(month)
    out: dict[int, list[str]] = {}
    severe_feed = {i for (i,) in _feed_rows("disability", day, f"grade IN ('1', '2') AND valid_until >= DATE"
                                                                f" '{month}'", "id_index")}
    tekun = programs.get("tekun")
    for i in range(0, len(person_ids), CHUNK):
        ids = person_ids[i:i + CHUNK]
        facts = (tekun.member_facts(ids, month) if tekun is not None and tekun.member_facts else {})
        children = set(_in_force(month).filter(program__in=CHILD_PROGRAMS, person_id__in=ids)
                       .values_list("person_id", flat=True))
        persons = list(Person.objects.filter(pk__in=ids).values_list(
            "pk", "birth_date", "serious_illness", "disability_grade", "id_number_index"))
        homes = _households_of(ids)
        mates = defaultdict(list)
        for h, born in Membership.objects.filter(household_id__in={h for h, _ in homes.values()}, left_on__isnull=True,
                                                 person__death_date__isnull=True).values_list(
                "household_id", "person__birth_date"):
            mates[h].append(_age(born, day))
        for pid, born, ill, grade, index in persons:
            age, found = _age(born, day), []
            if (facts.get(pid) or {}).get("self_care_unmet"):
                found.append("disabled_care")
            if ill:
                found.append("serious_illness")
            if grade in (1, 2) or index in severe_feed:
                found.append("severe_disability")
            ages = mates.get(homes.get(pid, (None,))[0], [])
            if age >= 60 and len(ages) <= 1:
                found.append("elderly_alone")
            if age < 18 and (pid in children or not any(18 <= a < 60 for a in ages)):
                found.append("child_in_need")
            out[pid] = found
    return out
