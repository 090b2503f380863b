"""Fixtures every app's tests may use (registered as a pytest plugin by the root conftest.py): staff of every role
around 城东街道, the demo standards, and a family eligible for 低保 under them."""

from __future__ import annotations

import pytest

from minzheng.registry.tests.factories import make_family

TOWNSHIP_A, TOWNSHIP_C, COUNTY, CITY = "330902001000", "330902002000", "330902000000", "330900000000"


@pytest.fixture
def demo_standards(db):
    from minzheng.benefits.services.standards import load_csv
    from minzheng.synthetic import DEMO_STANDARDS

    assert not load_csv(DEMO_STANDARDS).errors


@pytest.fixture
def staff(make_user):
    return {"village": make_user("village", "330902001001"), "township": make_user("township", TOWNSHIP_A),
            "county": make_user("county", COUNTY), "city": make_user("city", CITY),
            "other_township": make_user("township", TOWNSHIP_C), "other_village": make_user("village", "330902001002"),
            "other_county": make_user("county", "330903000000"), "auditor": make_user("auditor", COUNTY)}


@pytest.fixture
def poor_family(staff):
    """A mother of 46 without work and two children: eligible for 低保 under the demo standards."""
    return make_family(staff["village"], [("王芳", "19800315", "F", {"labour_capacity": "partial"}),
                                          ("王小明", "20120601", "M"), ("王小红", "20150901", "F")],
                       incomes=[(0, "wage", "3600")])
