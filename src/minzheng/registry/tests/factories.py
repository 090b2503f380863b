"""Test data for the registry: valid ID numbers, and families made through the registry's own services (the same
validation, scoping and audit as the pages and the API). Imported by any app's tests."""

from __future__ import annotations

import itertools
from decimal import Decimal

from minzheng.core import idnumber

_serial = itertools.count(1)


def make_id(born: str = "19800101", sex: str = "M", address: str = "330902") -> str:
    """A valid 18-character ID number, different at every call (sequence numbers follow the sex: odd = male)."""
    n = next(_serial)
    seq = (n * 2 + (1 if sex == "M" else 0)) % 1000
    body = f"{address}{born}{seq:03d}"
    return body + idnumber.check_character(body)


def ident(born: str, seq: str, address: str = "330902") -> str:
    """A chosen ID number with a valid check character: address code + YYYYMMDD + 3-digit sequence (odd sequence =
    male, even = female). For tests that need numbers differing in given digits (duplicate detection)."""
    body = f"{address}{born}{seq}"
    return body + idnumber.check_character(body)


def make_person(actor, name: str = "张三", id_number: str | None = None, region: str = "330902001001", **fields):
    """One person registered through the service (a fresh valid ID number unless given)."""
    from minzheng.registry import services

    data = {"name": name, "id_number": id_number or make_id(), "region_code": region, **fields}
    return services.create_person(actor, data)


def make_family(actor, members, region="330902001001", urban_rural="urban", incomes=None, year=2025):
    """members: [(name, birth 'YYYYMMDD', sex, extra person fields)]; the first is the head.
    incomes: [(member index, kind, annual amount)]. Returns (household, [persons])."""
    from minzheng.registry import services
    from minzheng.registry.models import Income

    people = []
    for name, born, sex, *extra in members:
        data = {"name": name, "id_number": make_id(born, sex), "region_code": region, **(extra[0] if extra else {})}
        people.append(services.create_person(actor, data))
    household = services.create_household(actor, {
        "region_code": region, "urban_rural": urban_rural,
        "members": [{"person_id": p.pk, "relation": "户主" if i == 0 else "子"} for i, p in enumerate(people)]})
    for index, kind, amount in incomes or []:
        Income.objects.create(person=people[index], kind=kind, year=year, annual_amount=Decimal(amount))
    return household, people


def person_household(clerk, name="对象", born="19600101", region="330902001001"):
    """A one-person household (a person programme's beneficiary living alone)."""
    household, (person,) = make_family(clerk, [(name, born, "F")], region=region)
    return household, person
