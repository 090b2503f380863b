"""Test data of the place-name app: place names, addresses, applications (plain functions)."""

from __future__ import annotations

from minzheng.placenames.services import addresses, applications, places


def place(actor, name: str, region: str = "330902000000", **extra):
    return places.create(actor, {"name": name, "region_code": region, "category": "2000", **extra})


def address(actor, place_row, region: str = "330902001001", **parts):
    return addresses.create(actor, {"place_id": place_row.pk, "region_code": region, **parts})


def application(actor, **extra):
    data = {"kind": "naming", "proposed_name": "新安路", "region_code": "330902001000", "applicant": "某公司",
            "reason": "新建道路", "approval_level": "county", "consultation_days": 10,
            "materials": ["application", "plan"], **extra}
    return applications.submit(actor, data)


def square(lon: float, lat: float, d: float = 0.03) -> dict:
    return {"type": "Polygon", "coordinates": [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d],
                                                [lon - d, lat + d], [lon - d, lat - d]]]}
