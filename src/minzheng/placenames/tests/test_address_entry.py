"""Entry of standard addresses and doorplates (register, correct with confirmation, retire; issue and correct a
doorplate) through services, pages and the API; region outlines (validated polygon, on the map in place of the
place name's polygon)."""

import json

import pytest

from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.core.models import AuditEntry
from minzheng.placenames import selectors
from minzheng.placenames.models import Doorplate, RegionGeometry, StandardAddress
from minzheng.placenames.services import addresses, outlines
from minzheng.placenames.tests.factories import address, place, square

pytestmark = pytest.mark.django_db


def test_correct_address_rewrites_text_and_is_audited(county):
    estate = place(county, "城东小区", region="330902001001")
    a = address(county, estate, building="3", unit="2", room="1801")
    row = addresses.correct(county, a.pk, {"room": "1802"}, comment="门牌核对")
    assert row.full_text.endswith("城东小区3幢2单元1802室")
    entry = AuditEntry.objects.filter(object_type="standard_address", action="update").get()
    assert entry.changes["room"] == ["1801", "1802"] and entry.changes["comment"] == [None, "门牌核对"]
    with pytest.raises(ValidationFailed):
        addresses.correct(county, a.pk, {"room": "18/02"})
    with pytest.raises(ValidationFailed):
        addresses.correct(county, a.pk, {"building": "", "number": ""})
    addresses.correct(county, a.pk, {"state": "retired"})
    with pytest.raises(Conflict):
        addresses.correct(county, a.pk, {"state": "active"})
    with pytest.raises(Conflict):
        addresses.add_doorplate(county, a.pk, {})


def test_address_and_doorplate_pages(county, client):
    estate = place(county, "城东小区", region="330902001001")
    client.force_login(county)
    form = client.get("/placenames/addresses/new/").content.decode()
    assert "城东小区（甲社区）" in form
    r = client.post("/placenames/addresses/new/", {"region_code": "330902001001", "place_id": estate.pk,
                                                   "building": "5", "unit": "1", "room": "101"})
    assert r.status_code == 302
    a = StandardAddress.objects.get()
    r = client.post("/placenames/addresses/new/", {"region_code": "330902001001", "place_id": estate.pk,
                                                   "building": "5", "unit": "1", "room": "101"})
    assert r.status_code == 409 and "已存在" in r.content.decode()
    listing = client.get("/placenames/addresses/").content.decode()
    assert "编制门牌" in listing
    r = client.post(f"/placenames/addresses/{a.pk}/doorplate/", {"kind": "room", "installed_on": "2026-03-01"})
    assert r.status_code == 302 and Doorplate.objects.get().kind == "room"
    plate = Doorplate.objects.get()
    r = client.post(f"/placenames/doorplates/{plate.pk}/edit/", {"kind": "room", "installed_on": "2026-03-01",
                                                                "condition": "damaged"})
    assert r.status_code == 302 and Doorplate.objects.get().condition == "damaged"
    url = f"/placenames/addresses/{a.pk}/edit/"
    assert "城东小区5幢1单元101室" in client.get(url).content.decode()
    data = {"number": "", "building": "5", "unit": "1", "room": "102", "state": "active", "lon": "", "lat": ""}
    r = client.post(url, data)
    assert r.status_code == 200 and StandardAddress.objects.get().room == "101"  # the confirmation step first
    r = client.post(url, {**data, "_confirm_step": "1", "confirm_comment": "住户申请更正"})
    assert r.status_code == 302 and StandardAddress.objects.get().full_text.endswith("5幢1单元102室")
    r = client.post(url, {**data, "lon": "999", "_confirm_step": "1", "confirm_comment": "x"})
    assert r.status_code == 422 and "坐标超出范围" in r.content.decode()


def test_address_api(county, api_client, make_user):
    estate = place(county, "城东小区", region="330902001001")
    c = api_client(make_user("village", "330902001001"))
    body = {"place_id": estate.pk, "region_code": "330902001001", "building": "7", "room": "301"}
    r = c.post("/api/v1/addresses", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["full_text"].endswith("城东小区7幢301室")
    aid = r.json()["id"]
    r = c.patch(f"/api/v1/addresses/{aid}", {"room": "302", "lon": "122.05", "lat": "30.05"},
                content_type="application/json")
    assert r.status_code == 200 and r.json()["room"] == "302"
    r = c.post(f"/api/v1/addresses/{aid}/doorplate", {"kind": "house"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["token"]
    r = c.patch(f"/api/v1/doorplates/{r.json()['id']}", {"condition": "missing"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["condition_label"] == "缺失"
    assert c.patch(f"/api/v1/addresses/{aid}", [1], content_type="application/json").status_code == 422
    assert c.patch(f"/api/v1/addresses/{aid}", {"lon": 1.5}, content_type="application/json").status_code == 422
    assert c.post("/api/v1/addresses", {**body, "place_id": 2**70},
                  content_type="application/json").status_code == 422
    city = api_client(make_user("city", "330900000000"))  # reads addresses, does not record them
    assert city.post("/api/v1/addresses", body, content_type="application/json").status_code == 403
    far = api_client(make_user("village", "330903001001"))
    assert far.patch(f"/api/v1/addresses/{aid}", {"room": "1"}, content_type="application/json").status_code == 404


def test_region_outline_validated_and_drawn_instead_of_the_place_polygon(county, client):
    place(county, "城东街道", region="330902001000", names_region=True, geometry=square(122.0, 30.0, 0.05))
    place(county, "昌国街道", region="330902002000", names_region=True, geometry=square(122.2, 30.0, 0.05))
    with pytest.raises(ValidationFailed) as exc:
        outlines.set_outline(county, {"region_code": "330902001000", "geometry": {
            "type": "Polygon", "coordinates": [[[122.0, 30.0], [122.1, 30.0], [122.1, 30.1]]]}})
    assert "闭合" in exc.value.errors[0].message
    with pytest.raises(ValidationFailed):
        outlines.set_outline(county, {"region_code": "330902001000",
                                      "geometry": {"type": "Point", "coordinates": [122.0, 30.0]}})
    outlines.set_outline(county, {"region_code": "330902001000", "geometry": square(122.01, 30.01)})
    layers = selectors.map_layers(county)["regions"]["features"]
    by_name = {f["properties"]["name"]: f for f in layers}
    assert by_name["城东街道"]["properties"]["source"] == "区划界域"
    assert by_name["城东街道"]["geometry"] == square(122.01, 30.01)
    assert by_name["昌国街道"]["properties"]["source"] == "地名"  # no own outline: the place name's polygon
    assert len([f for f in layers if f["properties"]["name"] == "城东街道"]) == 1
    client.force_login(county)
    r = client.post("/placenames/outlines/set/", {"region_code": "330902002000", "geometry": "{not json"})
    assert r.status_code == 422 and "不是有效的 GeoJSON" in r.content.decode()
    r = client.post("/placenames/outlines/set/", {"region_code": "330902002000",
                                                  "geometry": json.dumps(square(122.2, 30.0))})
    assert r.status_code == 302 and RegionGeometry.objects.count() == 2
    listing = client.get("/placenames/outlines/").content.decode()
    assert "昌国街道" in listing and "现行" in listing
    assert client.get("/placenames/outlines/?export=xlsx").status_code == 200
    assert AuditEntry.objects.filter(object_type="region_geometry", action="create").count() == 2
    assert AuditEntry.objects.filter(object_type="region_geometry", action="export").count() == 1
