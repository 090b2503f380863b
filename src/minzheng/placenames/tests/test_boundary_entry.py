"""Entry of boundaries: lines, markers, joint inspections with findings per marker and rectification, disputes
with mediation records — through the services (Chinese 422s, 409 on a closed step, audited), the pages (confirm
step on irreversible steps) and the API (403 before 404 before 422, typed bodies)."""

import pytest

from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.core.models import AuditEntry
from minzheng.placenames.models import BoundaryMarker, InspectionFinding
from minzheng.placenames.services import boundaries

pytestmark = pytest.mark.django_db
LINE = {"name": "城东—昌国界线", "level": "township", "left_region": "330902001000",
        "right_region": "330902002000", "length_km": "7.8",
        "geometry": {"type": "LineString", "coordinates": [[122.1, 30.0], [122.1, 30.1]]},
        "segments": [{"description": "沿山脊", "geometry": {"type": "LineString",
                                                          "coordinates": [[122.1, 30.0], [122.1, 30.05]]}}]}


@pytest.fixture
def line(county):
    return boundaries.create_line(county, LINE)


def _errors(exc) -> dict:
    return {e.field: e.message for e in exc.value.errors}


def test_line_and_marker_validation(county, line):
    line.refresh_from_db()
    assert line.region_id == "330902000000" and line.segments.count() == 1 and str(line.length_km) == "7.800"
    with pytest.raises(ValidationFailed) as exc:
        boundaries.create_line(county, {**LINE, "right_region": "330902001001"})
    assert "同级" in _errors(exc)["right_region"]
    with pytest.raises(ValidationFailed) as exc:
        boundaries.create_line(county, {**LINE, "geometry": {"type": "LineString", "coordinates": [[500, 30]]}})
    assert "坐标" in _errors(exc)["geometry"]
    with pytest.raises(ValidationFailed) as exc:
        boundaries.add_marker(county, line.pk, {"number": "", "kind": "x", "lon": 122.5, "lat": "95"})
    errors = _errors(exc)
    assert set(errors) == {"number", "kind", "lon", "lat"} and "JSON 小数" in errors["lon"]
    marker = boundaries.add_marker(county, line.pk, {"number": "330902-001", "kind": "double",
                                                     "lon": "122.100001", "lat": "30.05"})
    assert str(marker.lon) == "122.100001"
    with pytest.raises(ValidationFailed) as exc:
        boundaries.add_marker(county, line.pk, {"number": "330902-001", "kind": "double", "lon": "122.1",
                                                "lat": "30"})
    assert "已存在" in _errors(exc)["number"]
    assert AuditEntry.objects.filter(object_type="boundary_marker", action="create").count() == 1


def test_inspection_findings_per_marker_rectified_and_closed(county, line):
    marker = boundaries.add_marker(county, line.pk, {"number": "M-1", "kind": "single", "lon": "122.1",
                                                     "lat": "30.0"})
    round_ = boundaries.open_inspection(county, {"name": "第五轮联检", "round_no": 5, "started_on": "2026-03-01"})
    with pytest.raises(ValidationFailed) as exc:  # a marker problem names the marker
        boundaries.add_finding(county, round_.pk, {"line_id": line.pk, "kind": "marker_missing",
                                                   "description": "界桩不见"})
    assert "界桩" in _errors(exc)["marker_id"]
    finding = boundaries.add_finding(county, round_.pk, {"line_id": line.pk, "marker_id": marker.pk,
                                                         "kind": "marker_damaged", "description": "底座松动"})
    assert BoundaryMarker.objects.get(pk=marker.pk).condition == "damaged"
    boundaries.rectify_finding(county, finding.pk, {"rectification": "加固", "rectified_on": "2026-03-10"},
                               comment="现场核实")
    assert BoundaryMarker.objects.get(pk=marker.pk).condition == "good"
    with pytest.raises(Conflict):
        boundaries.rectify_finding(county, finding.pk, {"rectification": "再加固", "rectified_on": "2026-03-11"})
    entry = AuditEntry.objects.filter(object_type="boundary_inspection").order_by("-seq").first()
    assert entry.changes["comment"] == [None, "现场核实"]
    with pytest.raises(ValidationFailed):
        boundaries.finish_inspection(county, round_.pk, {"finished_on": "2026-02-01"})  # before the start
    boundaries.finish_inspection(county, round_.pk, {"finished_on": "2026-03-31"})
    with pytest.raises(Conflict):
        boundaries.add_finding(county, round_.pk, {"line_id": line.pk, "kind": "other", "description": "x"})


def test_dispute_mediation_until_settled(county, line):
    dispute = boundaries.open_dispute(county, {"line_id": line.pk, "title": "山林权属", "parties": "甲村、丙村",
                                               "opened_on": "2026-02-01"})
    with pytest.raises(ValidationFailed):
        boundaries.add_mediation(county, dispute.pk, {"on": "2026-01-01", "by": "县民政局", "record": "调解"})
    boundaries.add_mediation(county, dispute.pk, {"on": "2026-02-10", "by": "县民政局", "record": "第一次调解"})
    row = boundaries.add_mediation(county, dispute.pk, {"on": "2026-03-01", "by": "县民政局", "record": "达成协议",
                                                        "state": "settled"})
    assert row.state == "settled" and [m["record"] for m in row.mediation] == ["第一次调解", "达成协议"]
    with pytest.raises(Conflict):
        boundaries.add_mediation(county, dispute.pk, {"on": "2026-03-02", "by": "x", "record": "y"})


def test_pages_with_confirmation(county, client, line):
    client.force_login(county)
    r = client.post("/placenames/boundaries/new/", {"name": "", "level": "township"})
    assert r.status_code == 422 and "一侧区划" in r.content.decode()
    r = client.post(f"/placenames/boundaries/{line.pk}/markers/new/", {"number": "P-1", "kind": "stone",
                                                                       "lon": "122.1", "lat": "30.02",
                                                                       "condition": "good"})
    assert r.status_code == 302 and BoundaryMarker.objects.filter(number="P-1").exists()
    marker = BoundaryMarker.objects.get(number="P-1")
    assert client.get("/placenames/inspections/new/").status_code == 200
    r = client.post("/placenames/inspections/new/", {"name": "第五轮", "round_no": "5", "started_on": "2026-03-01"})
    inspection_url = r["Location"]
    pk = int(inspection_url.rstrip("/").rsplit("/", 1)[1])
    form = client.get(f"/placenames/inspections/{pk}/findings/new/").content.decode()
    assert "P-1（城东—昌国界线）" in form
    r = client.post(f"/placenames/inspections/{pk}/findings/new/", {
        "line_id": line.pk, "marker_id": marker.pk, "kind": "marker_missing", "description": "界桩缺失"})
    assert r.status_code == 302
    finding = InspectionFinding.objects.get()
    page = client.get(inspection_url).content.decode()
    assert "界桩缺失" in page and "登记整改" in page and "P-1" in page
    url = f"/placenames/findings/{finding.pk}/rectify/"
    data = {"rectification": "补设界桩", "rectified_on": "2026-03-15"}
    r = client.post(url, data)  # first: the confirmation step, nothing written
    assert r.status_code == 200 and "确认" in r.content.decode()
    assert InspectionFinding.objects.get().rectified_on is None
    assert client.post(url, {**data, "_confirm_step": "1", "confirm_comment": ""}).status_code == 422
    r = client.post(url, {**data, "_confirm_step": "1", "confirm_comment": "已补设"})
    assert r.status_code == 302 and str(InspectionFinding.objects.get().rectified_on) == "2026-03-15"
    r = client.post("/placenames/disputes/new/", {"line_id": line.pk, "title": "林地", "parties": "甲、丙",
                                                  "opened_on": "2026-02-01"})
    dispute_url = r["Location"]
    dpk = int(dispute_url.rstrip("/").rsplit("/", 1)[1])
    m = {"on": "2026-02-05", "by": "调处组", "record": "双方同意按协议书走向", "state": "settled",
         "_confirm_step": "1", "confirm_comment": "双方签字"}
    assert client.post(f"/placenames/disputes/{dpk}/mediation/", m).status_code == 302
    page = client.get(dispute_url).content.decode()
    assert "双方同意按协议书走向" in page and "已调处" in page
    r = client.post(f"/placenames/disputes/{dpk}/mediation/", m)
    assert r.status_code == 409 and "调处完毕" in r.content.decode()
    assert client.get("/placenames/inspections/?export=csv").status_code == 200


def test_village_clerk_reads_but_cannot_enter(make_user, client, line):
    client.force_login(make_user("village", "330902001001"))
    assert client.get("/placenames/inspections/").status_code == 200
    assert client.get("/placenames/boundaries/new/").status_code == 403
    assert client.get(f"/placenames/boundaries/{line.pk}/markers/new/").status_code == 403


def test_api_writes(county, api_client, make_user, line):
    c = api_client(county)
    r = c.post(f"/api/v1/boundaries/{line.pk}/markers", {"number": "A-1", "kind": "double", "lon": "122.1",
                                                         "lat": "30.01"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["kind_label"] == "双立"
    marker_id = r.json()["id"]
    r = c.post("/api/v1/boundary-inspections", {"name": "第五轮", "round_no": 5, "started_on": "2026-03-01"},
               content_type="application/json")
    assert r.status_code == 201
    ins = r.json()["id"]
    r = c.post(f"/api/v1/boundary-inspections/{ins}/findings", {"line_id": line.pk, "marker_id": marker_id,
                                                                "kind": "marker_moved", "description": "移位"},
               content_type="application/json")
    assert r.status_code == 201 and r.json()["marker_id"] == marker_id
    fid = r.json()["id"]
    r = c.post(f"/api/v1/boundary-findings/{fid}/rectification", {"rectification": "复位",
                                                                   "rectified_on": "2026-03-05"},
               content_type="application/json")
    assert r.status_code == 200 and r.json()["rectified_on"] == "2026-03-05"
    r = c.post("/api/v1/boundary-disputes", {"line_id": line.pk, "title": "x", "parties": "y",
                                              "opened_on": "2026-01-01"}, content_type="application/json")
    assert r.status_code == 201
    r = c.post(f"/api/v1/boundary-disputes/{r.json()['id']}/mediation",
               {"on": "2026-01-02", "by": "z", "record": "r"}, content_type="application/json")
    assert r.status_code == 200 and len(r.json()["mediation"]) == 1
    # hostile input: a list, huge numbers, years far away → 422, never a 500
    assert c.post("/api/v1/boundaries", [1, 2], content_type="application/json").status_code == 422
    assert c.post("/api/v1/boundary-inspections", {"name": "x", "round_no": 10**30, "started_on": "7475-01-01"},
                  content_type="application/json").status_code == 422
    assert c.post(f"/api/v1/boundaries/{line.pk}/markers", {"number": "B", "kind": "double", "lon": "1e400",
                                                            "lat": "30"},
                  content_type="application/json").status_code == 422
    # the role first (403), then the record in the region (404)
    village = api_client(make_user("village", "330902001001"))
    assert village.post("/api/v1/boundary-disputes", {}, content_type="application/json").status_code == 403
    other = api_client(make_user("county", "330903000000"))
    assert other.post(f"/api/v1/boundaries/{line.pk}/markers", {},
                      content_type="application/json").status_code == 404
