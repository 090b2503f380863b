"""Test data of 城乡社区治理: a small fixture county with households (urban and rural), stations and members."""

from __future__ import annotations

import datetime as dt

from minzheng.registry.tests.factories import make_family

A, B, C = "330902001001", "330902001002", "330902002001"


def fixture_county(actor) -> dict:
    """Registry households: A — urban 3 + urban 2 + rural 4 persons; B — urban 1; C — rural 2 (12 persons, 5
    households, 6 urban residents)."""
    make_family(actor, [("甲一", "19700101", "M"), ("甲二", "19720101", "F"), ("甲三", "20000101", "M")], region=A)
    make_family(actor, [("乙一", "19650101", "M"), ("乙二", "19660101", "F")], region=A)
    make_family(actor, [("丙一", "19600101", "M"), ("丙二", "19610101", "F"), ("丙三", "19900101", "M"),
                        ("丙四", "19920101", "F")], region=A, urban_rural="rural")
    make_family(actor, [("丁一", "19550101", "F")], region=B)
    make_family(actor, [("戊一", "19800101", "M"), ("戊二", "19820101", "F")], region=C, urban_rural="rural")
    return {"persons": 12, "households": 5, "urban": 6}


def station(actor, region, area, opened=dt.date(2020, 1, 1), name="社区党群服务中心"):
    from minzheng.communities import services

    return services.add_station(actor, {"region_code": region, "name": name, "floor_area": area,
                                        "functions": ["affairs", "elderly"], "opened_on": opened})


def member(actor, region, name, post="member", from_on=dt.date(2021, 5, 1)):
    from minzheng.communities import services

    return services.add_member(actor, {"region_code": region, "name": name, "committee": "committee", "post": post,
                                       "from_on": from_on, "phone": "13800138000"})
