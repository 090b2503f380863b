"""The pure rules: the 惠民殡葬 rule in force, the waiver item by item with caps, groups, 户籍 and place of
cremation, booking capacity and the rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from minzheng.funeral import policy

D = Decimal
HEIHE = policy.SchemeRule(
    region_code="231100000000", effective_from=dt.date(2023, 1, 1), name="黑河2023", cap_general=D("792"),
    cap_special=D("1172"), special_programs=("dibao", "tekun"), cremation_place="local",
    items=(policy.ItemRule("transport", "per_body", D("200")), policy.ItemRule("storage", "per_day", D("110"), 3),
           policy.ItemRule("cremation", "per_body", D("190")), policy.ItemRule("ash_storage", "per_year", D("72"), 1),
           policy.ItemRule("coffin", "per_body", D("180"), special_only=True),
           policy.ItemRule("urn", "per_body", D("200"), special_only=True)))
LOCAL = policy.WaiverFacts(hukou_local=True, cremated=True, cremated_locally=True, storage_days=5,
                           ash_storage_months=14)


def test_heihe_general_resident_gets_the_four_basic_services_up_to_792():
    r = policy.waiver(HEIHE, LOCAL)
    # 200 + 3×110 (5 days, 3 waived) + 190 + 1 year of 72 (14 months, 1 year waived) = 792 = the cap.
    assert r.eligible and r.group == "general" and r.payee == "funeral_home"
    assert [(x.item, x.units, x.amount) for x in r.lines] == [
        ("transport", 1, D("200.00")), ("storage", 3, D("330.00")), ("cremation", 1, D("190.00")),
        ("ash_storage", 1, D("72.00"))]
    assert r.total == D("792.00")


def test_special_groups_also_get_coffin_and_urn_up_to_1172():
    r = policy.waiver(HEIHE, LOCAL.__class__(**{**LOCAL.__dict__, "programs_held": frozenset({"tekun"})}))
    assert r.group == "special" and r.total == D("1172.00") and len(r.lines) == 6


def test_the_cap_applies():
    capped = policy.SchemeRule(**{**HEIHE.__dict__, "cap_general": D("500")})
    r = policy.waiver(capped, LOCAL)
    assert r.total == D("500.00") and "按上限减免" in r.reasons[-1]


def test_hukou_burial_and_place_of_cremation_rules():
    assert not policy.waiver(HEIHE, policy.WaiverFacts(False, True, True)).eligible
    assert not policy.waiver(HEIHE, policy.WaiverFacts(True, False, False)).eligible
    elsewhere = policy.WaiverFacts(True, True, False, storage_days=1)
    assert not policy.waiver(HEIHE, elsewhere).eligible
    anywhere = policy.SchemeRule(**{**HEIHE.__dict__, "cremation_place": "any"})
    r = policy.waiver(anywhere, elsewhere)
    assert r.eligible and r.payee == "family" and r.total == D("500.00")
    anyone = policy.SchemeRule(**{**HEIHE.__dict__, "hukou_required": False})
    assert policy.waiver(anyone, policy.WaiverFacts(False, True, True)).eligible
    assert not policy.waiver(None, LOCAL).eligible


def test_the_rule_in_force_is_the_most_specific_region_then_the_latest_date():
    city = policy.SchemeRule("330900000000", dt.date(2023, 1, 1), "市", D(1), D(1))
    city_2025 = policy.SchemeRule("330900000000", dt.date(2025, 6, 1), "市2025", D(1), D(1))
    county = policy.SchemeRule("330902000000", dt.date(2024, 1, 1), "区", D(1), D(1))
    rules = [city, city_2025, county]
    assert policy.select_scheme(rules, "330903001001", dt.date(2025, 5, 31)).name == "市"
    assert policy.select_scheme(rules, "330903001001", dt.date(2025, 6, 1)).name == "市2025"
    assert policy.select_scheme(rules, "330902001001", dt.date(2026, 1, 1)).name == "区"
    assert policy.select_scheme(rules, "330902001001", dt.date(2023, 6, 1)).name == "市"
    assert policy.select_scheme(rules, "330902001001", dt.date(2022, 12, 31)) is None


def test_capacity_and_rates():
    assert policy.can_book(10, 9, 1) and not policy.can_book(10, 10, 1) and not policy.can_book(10, 9, 2)
    assert not policy.can_book(10, 0, 0) and policy.capacity_left(10, 12) == 0
    assert policy.rate(58, 100) == D("58.0") and policy.rate(2, 3) == D("66.7") and policy.rate(1, 0) is None
    assert policy.next_month(dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)
    assert policy.family_todo(True, True)[0].startswith("补交") and "骨灰" in policy.family_todo(False, True)[-1]
