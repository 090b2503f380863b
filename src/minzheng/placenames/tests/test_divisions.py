"""Division changes: a township merge moves every record of the old township (people, households, cases,
entitlements, users, place names …) found through the model meta, keeps the old codes resolvable, resumes after an
interruption, and changes nothing when run again; split and rename; the proposal's R-L-31 artefacts."""

import json

import pytest
from django.apps import apps

from minzheng.benefits.models import Case, Entitlement
from minzheng.benefits.tests.factories import entitle
from minzheng.core import regioncodes
from minzheng.core.errors import Conflict, ValidationFailed
from minzheng.core.models import Region
from minzheng.placenames import selectors
from minzheng.placenames.models import DivisionChange, PlaceName, RegionSuccession
from minzheng.placenames.services import divisions
from minzheng.placenames.tests.factories import place
from minzheng.registry.models import Household
from minzheng.registry.tests.factories import make_family

pytestmark = pytest.mark.django_db
OLD_T, NEW_T = "330902001000", "330902002000"  # 城东街道 merged into 昌国街道
MERGE = {"type": "merge", "from": [OLD_T, NEW_T], "into": NEW_T, "effective_from": "2026-01-01",
         "document": "浙政函〔2025〕99号"}


@pytest.fixture
def world(county, make_user, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    a_household, a_people = make_family(county, [("甲户主", "19600101", "M"), ("甲子", "19900101", "F")],
                                        region="330902001001")
    b_household, _ = make_family(county, [("乙户主", "19700101", "M")], region="330902001002")
    c_household, c_people = make_family(county, [("丙户主", "19650101", "F")], region="330902002001")
    entitle(a_household, a_people[0])
    entitle(c_household, c_people[0])
    clerk = make_user("township", OLD_T)
    place(county, "城东街道", region=OLD_T, names_region=True)
    place(county, "甲社区", region="330902001001", names_region=True)
    return {"a": a_household, "b": b_household, "c": c_household, "clerk": clerk}


def snapshot():
    out = {}
    for t in divisions.targets():
        out[f"{t.label}.{t.column}"] = sorted(t.model._base_manager.values_list("pk", t.column))
    out["regions"] = sorted(Region.objects.values_list("code", "name", "valid_from", "valid_to"))
    out["succession"] = sorted(RegionSuccession.objects.values_list("old_code", "new_code"))
    return out


def test_targets_found_through_model_meta():
    found = {f"{t.label}.{t.column}" for t in divisions.targets()}
    assert {"registry.person.region_id", "registry.person.hukou_region_id", "registry.household.region_id",
            "benefits.case.region_code", "benefits.entitlement.region_code", "payroll.payroll.region_code",
            "core.user.region_id", "placenames.placename.region_id"} <= found
    assert not any(f.startswith(("core.auditentry", "core.region.")) for f in found)  # the audit chain stays


def test_merge_moves_every_record_and_keeps_old_codes_resolvable(world, county):
    dry = divisions.dry_run(MERGE)
    assert (dry["persons"], dry["households"], dry["cases"], dry["entitlements"]) == (3, 2, 1, 1)
    assert dry["regions"] == 3  # 城东街道 and its two villages
    before = snapshot()
    out = divisions.apply(county, MERGE)
    assert (out["persons"], out["households"], out["cases"], out["entitlements"]) == (3, 2, 1, 1)
    assert set(out) == {"regions", "persons", "households", "cases", "entitlements", "seconds"}
    # Nothing is left in the old township; every record of it now lies under 昌国街道.
    for t in divisions.targets():
        assert not t.model._base_manager.filter(**regioncodes.subtree_lookup(t.column, OLD_T)).exists(), t
    a, b = Household.objects.get(pk=world["a"].pk), Household.objects.get(pk=world["b"].pk)
    assert a.region_id.startswith("330902002") and b.region_id.startswith("330902002")
    assert a.region_id != b.region_id and Region.objects.get(code=a.region_id).name == "甲社区"
    assert Household.objects.get(pk=world["c"].pk).region_id == "330902002001"  # 丙社区 untouched
    assert Case.objects.filter(region_code=a.region_id).count() == 1
    assert Entitlement.objects.filter(region_code=a.region_id).count() == 1
    world["clerk"].refresh_from_db()
    assert world["clerk"].region_id == NEW_T
    # Old codes stay: expired, resolvable to the new ones, names kept for history and reports.
    old = Region.objects.get(code=OLD_T)
    assert str(old.valid_to) == "2025-12-31" and old.name == "城东街道"
    assert selectors.resolve_code(OLD_T) == NEW_T
    assert selectors.resolve_code("330902001001") == a.region_id
    assert PlaceName.objects.get(name="城东街道").status == "historical"
    assert PlaceName.objects.get(name="甲社区").names_region_id == a.region_id
    assert before != snapshot()
    # Running it again changes nothing, and says so.
    after = snapshot()
    again = divisions.apply(county, MERGE)
    assert (again["regions"], again["persons"], again["households"], again["cases"], again["entitlements"]) == \
        (0, 0, 0, 0, 0)
    assert snapshot() == after
    assert divisions.dry_run(MERGE)["persons"] == 0
    assert DivisionChange.objects.get().state == "applied"


def test_interrupted_change_resumes(world, county):
    with pytest.raises(RuntimeError):
        divisions.apply(county, MERGE, fail_after="regions")
    change = DivisionChange.objects.get()
    assert change.steps_done == ["regions"] and change.state == "running"
    assert Household.objects.get(pk=world["a"].pk).region_id == "330902001001"  # not moved yet
    out = divisions.apply(county, MERGE)
    assert out["households"] == 2
    assert Household.objects.get(pk=world["a"].pk).region_id.startswith("330902002")
    assert RegionSuccession.objects.filter(old_code=OLD_T).count() == 1


def test_split_and_rename(world, county):
    split = {"type": "split", "from": ["330902001002"], "into": "330902003000", "name": "新城街道",
             "effective_from": "2026-01-01", "document": "批复"}
    divisions.apply(county, split)
    assert Region.objects.get(code="330902003000").name == "新城街道"
    assert Household.objects.get(pk=world["b"].pk).region_id == "330902003001"
    rename = {"type": "rename", "from": ["330902002000"], "into": "330902002000", "name": "昌国镇",
              "effective_from": "2026-01-01", "document": "批复"}
    out = divisions.apply(county, rename)
    assert out["persons"] == 0 and Region.objects.get(code="330902002000").name == "昌国镇"


def test_refusals(world, county, make_user):
    with pytest.raises(ValidationFailed):
        divisions.dry_run({**MERGE, "from": ["999999"]})
    with pytest.raises(ValidationFailed):
        divisions.dry_run({**MERGE, "into": "330902002001"})  # a village: not the same level
    with pytest.raises(Conflict):
        divisions.apply(county, {**MERGE, "effective_from": "2027-01-01"})  # before its effective date
    from minzheng.core.errors import Forbidden

    with pytest.raises(Forbidden):
        divisions.apply(make_user("village", "330902001001"), MERGE)


def test_cli(world, tmp_path, capsys):
    from minzheng.cli import main

    path = tmp_path / "change.json"
    path.write_text(json.dumps(MERGE, ensure_ascii=False), encoding="utf-8")
    assert main(["region", "change", str(path), "--dry-run"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"regions", "persons", "households", "cases", "entitlements", "seconds"}
    assert printed["households"] == 2
    assert main(["region", "change", str(path), "--apply"]) == 0
    assert json.loads(capsys.readouterr().out)["households"] == 2
    assert main(["region", "change", str(path), "--apply"]) == 0
    assert json.loads(capsys.readouterr().out)["households"] == 0


def test_proposal_needs_the_four_artefacts(county):
    row = divisions.create_proposal(county, {"title": "撤并", "kind": "merge", "region_code": "330902000000",
                                             "summary": "两街道合并"})
    with pytest.raises(Conflict) as exc:
        divisions.advance_proposal(county, row.pk, "submitted")
    assert "专家论证" in exc.value.message
    for code in ("expert_review", "risk_assessment", "public_consultation", "field_survey"):
        divisions.record_artefact(county, row.pk, {"artefact": code, "done_on": "2026-01-05", "note": "完成"})
    assert divisions.advance_proposal(county, row.pk, "submitted").state == "submitted"
    assert divisions.advance_proposal(county, row.pk, "approved", "国函〔2026〕1号").state == "approved"
    for code in ("map_update", "information_report", "demarcation"):
        row = divisions.record_artefact(county, row.pk, {"artefact": code, "done_on": "2026-02-01", "note": "完成"})
    assert row.state == "done"
    _ = apps


def test_payroll_townships_move_unless_the_month_is_taken(world, county):
    import datetime as dt

    from django.utils import timezone

    from minzheng.payroll.models import Payroll

    def payroll(region, month):
        return Payroll.objects.create(program="dibao", region_code=region, month=month, generated_at=timezone.now())

    both = payroll(OLD_T, dt.date(2025, 12, 1)), payroll(NEW_T, dt.date(2025, 12, 1))
    only_old = payroll(OLD_T, dt.date(2025, 11, 1))
    divisions.apply(county, MERGE)
    only_old.refresh_from_db()
    assert only_old.region_code == NEW_T  # the merged township's payroll moves
    kept = Payroll.objects.get(pk=both[0].pk)
    assert kept.region_code == OLD_T and selectors.resolve_code(kept.region_code) == NEW_T  # same month: kept
