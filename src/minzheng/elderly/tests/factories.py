"""Test data of the elderly-care app: elders in the registry (alone, with an elderly spouse, with a young family),
an assessment body with a chosen total, a 高龄津贴 in force."""

from __future__ import annotations

import datetime as dt

from minzheng.benefits.tests.factories import entitle
from minzheng.elderly.policy.capability import with_total
from minzheng.registry.tests.factories import make_family, person_household

VILLAGE = "330902001001"


def elder(clerk, name="李奶奶", born="19400301", region=VILLAGE):
    """(household, person): an elder living alone."""
    return person_household(clerk, name, born, region)


def couple(clerk, region=VILLAGE):
    """(household, [husband, wife]): an elderly couple without children at home (空巢)."""
    return make_family(clerk, [("王爷爷", "19450101", "M"), ("赵奶奶", "19480505", "F")], region=region)


def three_generations(clerk, region=VILLAGE):
    """(household, [grandmother, son, grandchild]): an elder living with a young family."""
    return make_family(clerk, [("陈奶奶", "19500101", "F"), ("陈儿子", "19780101", "M"),
                               ("陈孙子", "20100101", "M")], region=region)


def assessment(person, total=90, reason="first", **extra) -> dict:
    return {"person_id": person.pk, "reason": reason, "items": with_total(total), "assessor_1": "评估员甲",
            "assessor_2": "评估员乙", "agency": "定海区老年人能力评估中心", **extra}


def age_allowance(household, person, amount="50.00", start=dt.date(2026, 1, 1)):
    return entitle(household, person, program="age_allowance", amount=amount, start=start, person=person)
