"""The division-change types added to merge/split/rename: a level change (撤县设市, 撤乡设镇, …: renamed with the
new kind's generic part, in place or re-coded) and a boundary adjustment (villages of one township moved to
another), tested like the others — every record moves, old codes resolve, re-running changes nothing, each step is
audited; region outlines follow the territory; a change may carry out an approved proposal (R-L-31)."""

import pytest

from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.core.models import AuditEntry, Region
from minzheng.placenames import selectors
from minzheng.placenames.models import DivisionChange, PlaceName, PlaceNameAlias, RegionGeometry
from minzheng.placenames.services import divisions, outlines
from minzheng.placenames.tests.factories import place, square
from minzheng.registry.models import Household, Person
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db
DAY = {"effective_from": "2026-01-01", "document": "浙政函〔2026〕7号"}


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")


def _region(code, name):
    from minzheng.core import regioncodes

    return Region.objects.create(code=code, name=name, level=regioncodes.level_of(code),
                                 parent_id=regioncodes.parent_code(code))


def _steps(change_pk) -> list:
    return [c["step"][1] for c in AuditEntry.objects.filter(object_type="division_change", object_id=str(change_pk),
                                                            action="division_step").values_list("changes", flat=True)]


def test_level_change_recodes_a_township_and_everything_under_it(county):
    _region("330902003000", "长白乡")
    _region("330902003001", "长白村")
    household, people = make_family(county, [("长白户主", "19600101", "M")], region="330902003001")
    place(county, "长白乡", region="330902003000", names_region=True)
    outlines.set_outline(county, {"region_code": "330902003000", "geometry": square(122.2, 30.2)})
    change = {"type": "level", "level_kind": "township_to_town", "from": ["330902003000"], "into": "330902004000",
              "name": "长白镇", **DAY}
    assert divisions.dry_run(change)["households"] == 1
    out = divisions.apply(county, change)
    assert (out["persons"], out["households"]) == (1, 1)
    assert Household.objects.get(pk=household.pk).region_id == "330902004001"
    assert Person.objects.get(pk=people[0].pk).region_id == "330902004001"
    assert Region.objects.get(code="330902004000").name == "长白镇"
    assert Region.objects.get(code="330902004001").name == "长白村"
    assert str(Region.objects.get(code="330902003000").valid_to) == "2025-12-31"
    assert selectors.resolve_code("330902003001") == "330902004001"
    # the township's place name is renamed with it (the old name kept as a historical name) and follows the code
    town = PlaceName.objects.get(names_region_id="330902004000")
    assert town.name == "长白镇" and town.status == "standard"
    assert PlaceNameAlias.objects.filter(place=town, name="长白乡", form="historical").exists()
    # its outline follows the territory under the new code
    assert RegionGeometry.objects.get(region_id="330902004000").geometry == square(122.2, 30.2)
    row = DivisionChange.objects.get()
    assert row.change_type == "level" and row.request["level_kind"] == "township_to_town"
    assert "regions" in _steps(row.pk) and "move:registry.household.region_id" in _steps(row.pk)
    # re-running changes nothing
    again = divisions.apply(county, change)
    assert (again["regions"], again["persons"], again["households"]) == (0, 0, 0)
    assert Household.objects.get(pk=household.pk).region_id == "330902004001"
    assert DivisionChange.objects.count() == 1


def test_level_change_in_place_and_its_refusals(county):
    _region("330902002002", "东港村")
    place(county, "东港村", region="330902002002", names_region=True)
    with pytest.raises(ValidationFailed) as exc:
        divisions.dry_run({"type": "level", "from": ["330902002002"], "into": "330902002002", "name": "东港社区",
                           **DAY})
    assert exc.value.errors[0].field == "level_kind"
    with pytest.raises(ValidationFailed) as exc:  # the new name must carry the new kind's generic part
        divisions.dry_run({"type": "level", "level_kind": "village_to_community", "from": ["330902002002"],
                           "into": "330902002002", "name": "东港镇", **DAY})
    assert "社区" in exc.value.errors[0].message
    with pytest.raises(ValidationFailed) as exc:  # 撤县设市 applies to a county
        divisions.dry_run({"type": "level", "level_kind": "county_to_city", "from": ["330902002002"],
                           "into": "330902002002", "name": "东港市", **DAY})
    assert "县(区)" in exc.value.errors[0].message
    change = {"type": "level", "level_kind": "village_to_community", "from": ["330902002002"],
              "into": "330902002002", "name": "东港社区", **DAY}
    out = divisions.apply(county, change)
    assert out["persons"] == 0 and out["regions"] == 1
    assert Region.objects.get(code="330902002002").name == "东港社区"
    assert PlaceName.objects.get(names_region_id="330902002002").name == "东港社区"
    assert divisions.apply(county, change)["regions"] == 0


def test_boundary_adjustment_moves_villages_to_another_township(county):
    """乙社区 (城东街道) is put under 昌国街道: its people, households, cases move to the new code; the two
    townships' outlines are marked for redrawing, the village keeps its outline under its new code."""
    from minzheng.benefits.models import Case
    from minzheng.benefits.tests.factories import entitle

    household, people = make_family(county, [("乙户主", "19700101", "M")], region="330902001002")
    stay, _ = make_family(county, [("甲户主", "19700101", "M")], region="330902001001")
    entitle(household, people[0])
    place(county, "乙社区", region="330902001002", names_region=True)
    for code, lon in (("330902001000", 122.0), ("330902002000", 122.2), ("330902001002", 122.05)):
        outlines.set_outline(county, {"region_code": code, "geometry": square(lon, 30.0)})
    change = {"type": "boundary", "from": ["330902001002"], "into": "330902002000", **DAY}
    dry = divisions.dry_run(change)
    assert (dry["regions"], dry["persons"], dry["households"], dry["cases"]) == (1, 1, 1, 1)
    out = divisions.apply(county, change)
    assert (out["persons"], out["households"], out["cases"], out["entitlements"]) == (1, 1, 1, 1)
    assert Household.objects.get(pk=household.pk).region_id == "330902002002"
    assert Case.objects.filter(region_code="330902002002").count() == 1
    assert Household.objects.get(pk=stay.pk).region_id == "330902001001"  # the rest of 城东街道 stays
    moved = Region.objects.get(code="330902002002")
    assert moved.name == "乙社区" and moved.parent_id == "330902002000"
    assert Region.objects.get(code="330902001002").valid_to is not None
    assert Region.objects.get(code="330902001000").valid_to is None  # the township itself is not touched
    assert selectors.resolve_code("330902001002") == "330902002002"
    assert PlaceName.objects.get(name="乙社区").names_region_id == "330902002002"
    states = dict(RegionGeometry.objects.values_list("region_id", "state"))
    assert states["330902001000"] == states["330902002000"] == "review"
    assert RegionGeometry.objects.get(region_id="330902002002").geometry == square(122.05, 30.0)
    change_row = DivisionChange.objects.get()
    assert AuditEntry.objects.filter(object_type="region_geometry", region_code="330902001000").exists()
    assert "expire" in _steps(change_row.pk)
    again = divisions.apply(county, change)
    assert (again["regions"], again["persons"], again["households"], again["cases"]) == (0, 0, 0, 0)
    assert Household.objects.get(pk=household.pk).region_id == "330902002002"


def test_boundary_adjustment_refusals(county):
    with pytest.raises(ValidationFailed):  # a village under a village
        divisions.dry_run({"type": "boundary", "from": ["330902001002"], "into": "330902002001", **DAY})
    with pytest.raises(ValidationFailed):  # already there
        divisions.dry_run({"type": "boundary", "from": ["330902002001"], "into": "330902002000", **DAY})
    with pytest.raises(ValidationFailed):  # into must exist
        divisions.dry_run({"type": "boundary", "from": ["330902001002"], "into": "330902009000", "name": "新",
                           **DAY})


def test_merge_unites_the_outlines(county):
    outlines.set_outline(county, {"region_code": "330902001000", "geometry": square(122.0, 30.0)})
    outlines.set_outline(county, {"region_code": "330902002000", "geometry": square(122.2, 30.0)})
    divisions.apply(county, {"type": "merge", "from": ["330902001000", "330902002000"], "into": "330902002000",
                             **DAY})
    merged = RegionGeometry.objects.get(region_id="330902002000").geometry
    assert merged["type"] == "MultiPolygon" and len(merged["coordinates"]) == 2


def test_change_carries_out_an_approved_proposal(county):
    row = divisions.create_proposal(county, {"title": "乙社区划归昌国街道", "kind": "boundary",
                                             "region_code": "330902000000", "summary": "便于管理"})
    change = {"type": "boundary", "from": ["330902001002"], "into": "330902002000", "proposal": row.pk, **DAY}
    with pytest.raises(Conflict) as exc:
        divisions.apply(county, change)
    assert "批准后方可执行" in exc.value.message
    for code in ("expert_review", "risk_assessment", "public_consultation", "field_survey"):
        divisions.record_artefact(county, row.pk, {"artefact": code, "done_on": "2025-11-05", "note": "完成"})
    divisions.advance_proposal(county, row.pk, "submitted")
    divisions.advance_proposal(county, row.pk, "approved", "浙政函〔2025〕9号")
    with pytest.raises(ValidationFailed):
        divisions.apply(county, {**change, "type": "merge", "from": ["330902001000", "330902002000"]})
    divisions.apply(county, change)
    row.refresh_from_db()
    assert row.change_id == DivisionChange.objects.get().pk
    for code in ("map_update", "information_report", "demarcation"):  # the steps after approval (R-L-31)
        row = divisions.record_artefact(county, row.pk, {"artefact": code, "done_on": "2026-02-01", "note": "完成"})
    assert row.state == "done"


def test_a_change_outside_the_actors_region_is_refused(make_user):
    """The role is not enough: a county officer of 定海区 may not re-draw 普陀区 (403 before anything is planned)."""
    from minzheng.core.errors import Forbidden

    other = make_user("county", "330903000000")
    with pytest.raises(Forbidden, match="管辖范围以外"):
        divisions.apply(other, {"type": "rename", "from": ["330902001000"], "into": "330902001000", "name": "新名镇",
                                **DAY})
    assert not DivisionChange.objects.exists()
