"""Standard addresses, the free-text matcher (API and the household run with its report), doorplates: the QR
label, the public scan and what a signed-in clerk sees."""

import pytest

from minzheng.placenames import policy
from minzheng.placenames.models import HouseholdAddress
from minzheng.placenames.services import addresses
from minzheng.placenames.tests.factories import address, place
from minzheng.registry.services import households as household_services
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db


def test_parse_free_text():
    assert policy.parse_address("城东3幢2单元1801室") == policy.AddressParts("城东", "", "3", "2", "1801")
    assert policy.parse_address("张村三组四十五号") == policy.AddressParts("张村3组", "45", "", "", "")
    assert policy.parse_address("没有号码") is None


def test_match_api(county, api_client):
    estate = place(county, "城东小区", region="330902001001")
    address(county, estate, building="3", unit="2", room="1801")
    address(county, estate, building="3", unit="2", room="1802")
    c = api_client(county)
    r = c.get("/api/v1/addresses/match", {"text": "城东3幢2单元1801室"}).json()
    assert r["address"]["full_text"].endswith("城东小区3幢2单元1801室") and r["candidates"] == []
    r = c.get("/api/v1/addresses/match", {"text": "城东3幢2单元1803室"}).json()
    assert r["address"] is None and len(r["candidates"]) == 2 and "完全一致" in r["reason"]
    r = c.get("/api/v1/addresses/match", {"text": "无名路"}).json()
    assert r["parsed"] is False and r["reason"]
    assert c.get("/api/v1/addresses/match").status_code == 422
    assert c.get("/api/v1/addresses/match", {"text": "x" * 500}).status_code == 422
    assert c.get("/api/v1/addresses/match", {"text": "城东3幢", "region_code": "12x"}).status_code == 422


def test_households_matched_and_unmatched_reported(county):
    estate = place(county, "城东小区", region="330902001001")
    target = address(county, estate, building="3", unit="2", room="1801")
    household, _ = make_family(county, [("甲", "19700101", "M")])
    household_services.update_household(county, household.pk, {"address": "城东3幢2单元1801室"})
    other, _ = make_family(county, [("乙", "19700101", "M")])
    household_services.update_household(county, other.pk, {"address": "城西9幢1单元101室"})
    report = addresses.match_households(county)
    assert report.matched == 1 and HouseholdAddress.objects.get(household=household).address == target
    assert [(hid, reason) for hid, _, reason in report.unmatched] == [(other.pk, "找不到道路、街巷或小区“城西”")]
    assert addresses.match_households(county).already == 1  # linked ones are not matched twice


def test_doorplate_scan_public_and_for_clerk(county, client, make_user):
    estate = place(county, "城东小区", region="330902001001")
    a = address(county, estate, building="3", unit="2", room="1801")
    plate = addresses.issue_doorplate(county, a.pk)
    household, _ = make_family(county, [("甲", "19700101", "M")])
    HouseholdAddress.objects.create(household=household, address=a, region_id=a.region_id)
    client.force_login(county)
    label = client.get(f"/placenames/doorplates/{plate.pk}/label/").content.decode()
    assert "<svg" in label and plate.token in label
    client.logout()
    public = client.get(f"/placenames/d/{plate.token}/").content.decode()
    assert "城东小区3幢2单元1801室" in public and "甲户" not in public
    client.force_login(make_user("village", "330902001001"))
    assert "甲户" in client.get(f"/placenames/d/{plate.token}/").content.decode()
    client.force_login(make_user("village", "330903001001"))  # another county's clerk: the address only
    assert "甲户" not in client.get(f"/placenames/d/{plate.token}/").content.decode()
    assert client.get("/placenames/d/nope/").status_code == 404
