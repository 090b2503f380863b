"""Test data of the disability app: a village with disabled people in every situation the coverage check knows,
the 残联 feed loaded into the lake, and the gaps that must be found (planted)."""

from __future__ import annotations

import datetime as dt

from minzheng.benefits.tests.factories import entitle
from minzheng.core.spreadsheets import write_rows
from minzheng.registry.tests.factories import make_family
from minzheng.verification import feeds

VILLAGE = "330902001001"
FEED_HEADER = ["id_number", "category", "grade", "valid_until"]


def disabled(clerk, name, born, category, grade, region=VILLAGE, dibao=False, sex="M"):
    """(household, person): a person with a 残疾人证 in the registry, alone or in a 低保 household."""
    household, (person,) = make_family(clerk, [(name, born, sex, {"disability_category": category,
                                                                   "disability_grade": grade})], region=region)
    if dibao:
        entitle(household, person, program="dibao", amount="800.00")
    return household, person


def pay(household, person, program, amount="300.00"):
    return entitle(household, person, program=program, amount=amount, person=person)


def load_feed(tmp_path, rows, as_of="2026-04-01"):
    path = write_rows(tmp_path / f"disability-{len(rows)}.csv", FEED_HEADER, rows)
    return feeds.load("disability", path, dt.date.fromisoformat(as_of))


def world(clerk, tmp_path) -> dict:
    """Persons by role in the story; `gaps` = {program: {person ids}} the coverage check must list exactly."""
    from minzheng.registry.models import Person

    a = disabled(clerk, "甲残", "19700101", "4", 2, dibao=True)           # dibao, paid nothing: both gaps
    b = disabled(clerk, "乙残", "19710101", "1", 1, dibao=True)           # dibao, paid both: covered
    pay(*b, "disability_living"), pay(*b, "disability_care")
    c = disabled(clerk, "丙残", "19720101", "4", 3)                       # grade 3 limb, no dibao: nothing
    d = disabled(clerk, "丁残", "19730101", "4", 4)                       # registry 4, 残联 says 2: care gap
    e = disabled(clerk, "戊残", "19740101", "4", 1, dibao=True)           # certificate expired: not eligible
    pay(*e, "disability_care")
    f = disabled(clerk, "己残", "19750101", "4", 1, dibao=True)           # died: not eligible
    pay(*f, "disability_care")
    Person.objects.filter(pk=f[1].pk).update(death_date=dt.date(2026, 2, 10))
    g = disabled(clerk, "庚残", "19760101", "5", 1, dibao=True)           # paid care only: living gap
    pay(*g, "disability_care")
    h = disabled(clerk, "辛残", "19770101", "6", 3, dibao=True)           # grade 3 mental: living only (no local)
    pay(*h, "disability_living")
    load_feed(tmp_path, [(a[1].id_number, "4", "2", "2030-01-01"), (b[1].id_number, "1", "1", "2030-01-01"),
                         (d[1].id_number, "4", "2", "2029-06-30"), (e[1].id_number, "4", "1", "2026-01-31"),
                         (g[1].id_number, "5", "1", "2031-01-01")])
    people = {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "g": g, "h": h}
    return {"people": {k: v[1] for k, v in people.items()}, "households": {k: v[0] for k, v in people.items()},
            "gaps": {"disability_living": {a[1].pk, g[1].pk}, "disability_care": {a[1].pk, d[1].pk}}}
