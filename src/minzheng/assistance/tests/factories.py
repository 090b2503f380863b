"""Test data for 特困 care: a 特困 person living alone with the entitlement in force (own bank account), an
institution registered by the county, the six items of an assessment."""

from __future__ import annotations

import datetime as dt

from minzheng.assistance import services
from minzheng.benefits.tests.factories import entitle
from minzheng.registry.tests.factories import person_household

OWN_ACCOUNT = "6222020200005550001"  # the 特困 person's own account
HOME_ACCOUNT = "6217000099998887777"  # the institution's account
HOME_NAME = "定海区城东中心敬老院"


def tekun_person(clerk, name="孤老甲", born="19450301", region="330902001001", amount="1580.00",
                 start=dt.date(2026, 1, 1), account=OWN_ACCOUNT, subtype="dispersed"):
    """(household, person, entitlement): a 特困 person in force from `start`, paid to their own account."""
    household, person = person_household(clerk, name, born, region)
    ent = entitle(household, person, program="tekun", amount=amount, start=start, person=person, account=account,
                  bank="农商银行定海支行")
    ent.source_case.subtype = subtype
    ent.source_case.save(update_fields=["subtype"])
    return household, person, ent


def institution(county, name=HOME_NAME, account=HOME_ACCOUNT, region="330902001000"):
    return services.add_institution(county, {"name": name, "kind": "nursing_home", "region_code": region,
                                             "beds": 120, "operator": "城东街道", "bank_name": "工商银行定海支行",
                                             "account": account})


def items(unmet: int = 0) -> dict[str, bool]:
    """The six items, the first `unmet` of them not met."""
    keys = ("eating", "dressing", "transfer", "toileting", "walking", "bathing")
    return {k: i >= unmet for i, k in enumerate(keys)}
