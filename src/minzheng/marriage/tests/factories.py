"""Test data of the marriage registry: a registry in 定海区 with the 示例 capacities, request bodies for the API's
shape, and parties with valid ID numbers born on a chosen day."""

from __future__ import annotations

import datetime as dt

from minzheng.registry.tests.factories import make_id

REGION = "330902000000"  # 定海区
OTHER_REGION = "330903000000"  # 普陀区


def registry(code="DH01", name="定海区婚姻登记处", region=REGION):
    from minzheng.marriage.services import registries

    row = registries.ensure_registry(None, code, name, region)
    registries.load_capacities(None, registries.sample_text(code))
    return row


def party(name: str, born: str, sex: str, **extra) -> dict:
    """{name, sex, id_number, birth_date} with a fresh valid ID number for the birth day (YYYYMMDD) and sex."""
    return {"name": name, "sex": sex, "id_number": make_id(born, sex),
            "birth_date": f"{born[:4]}-{born[4:6]}-{born[6:]}", **extra}


def marriage(a: dict, b: dict, day="2026-04-10", registry_code="DH01", **extra) -> dict:
    return {"type": "marriage", "party_a": a, "party_b": b, "registry": registry_code, "date": day, **extra}


def divorce(a: dict, b: dict, certificate_no: str, day="2026-04-10", registry_code="DH01", **extra) -> dict:
    return {"type": "divorce", "party_a": a, "party_b": b, "registry": registry_code, "date": day,
            "marriage_certificate_no": certificate_no, **extra}


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
