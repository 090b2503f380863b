"""养老机构 on assistance's register: registering (one register, the profile beside it), residents (特困 through
their 集中供养 placement), care workers, gradings and the grade endpoint, 双随机 draws, inspections and the credit
list — with the role and region checks."""

from __future__ import annotations

import pytest

from minzheng.assistance import services as assistance_services
from minzheng.assistance.models import Institution
from minzheng.assistance.tests.factories import institution as tekun_home
from minzheng.assistance.tests.factories import tekun_person
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.core.models import AuditEntry
from minzheng.eldercare import selectors
from minzheng.eldercare.models import InstitutionProfile, Resident
from minzheng.eldercare.services import institutions as svc
from minzheng.eldercare.tests.factories import elder, institution

pytestmark = pytest.mark.usefixtures("today")
GRADE = {"assessed_on": "2026-04-01", "environment": "110", "facilities": "120", "management": "140",
         "service": "550", "assessors": "张评, 李评"}


def test_registering_an_institution_writes_one_register_row_with_its_profile(staff):
    county = staff["county"]
    inst = institution(county)
    assert Institution.objects.count() == 1  # assistance's register: no second, competing one
    assert inst.beds == 120 and inst.kind == "elderly_care"
    profile = InstitutionProfile.objects.get(pk=inst.pk)
    assert (profile.ownership, profile.beds_nursing, profile.region_code) == ("public_private", 60, inst.region_code)
    assert AuditEntry.objects.filter(object_type="eldercare_profile", object_id=str(inst.pk)).exists()
    # the same row is the one 特困 placements use
    assert assistance_services.selectors.get_institution(county, inst.pk).pk == inst.pk


def test_an_institution_registered_for_tekun_gets_its_profile_and_bed_total(staff):
    county = staff["county"]
    home = tekun_home(county)  # assistance's page: 120 beds, no profile yet
    row = selectors.get_institution(county, home.pk)
    assert not hasattr(row, "eldercare_profile") or row.eldercare_profile is None
    svc.save_profile(county, home.pk, {"ownership": "rural_tekun", "licence_kind": "filing", "beds_nursing": 30,
                                       "beds_dementia": 0, "beds_general": 50})
    home.refresh_from_db()
    assert home.beds == 80  # the register's count follows the capacity by bed type


def test_only_the_county_registers(staff):
    with pytest.raises(Forbidden):
        institution(staff["township"])
    with pytest.raises(ValidationFailed) as exc:
        svc.register_institution(staff["county"], {"name": "", "kind": "x", "ownership": "y"})
    fields = {e.field for e in exc.value.errors}
    assert {"name", "kind", "ownership", "licence_kind", "region_code", "bank_name", "account"} <= fields
    assert Institution.objects.count() == 0


def test_residents_admitted_and_discharged_and_tekun_through_the_placement(staff, village_user):
    county, township = staff["county"], staff["township"]
    inst = institution(county)
    person = elder(village_user)
    r = svc.admit(township, inst.pk, {"person_id": person.pk, "bed_type": "nursing", "payer": "self",
                                      "admitted_on": "2026-04-02", "room": "201-1"})
    with pytest.raises(Conflict, match="已在机构入住"):
        svc.admit(township, inst.pk, {"person_id": person.pk, "bed_type": "general", "payer": "self",
                                      "admitted_on": "2026-04-03"})
    with pytest.raises(ValidationFailed, match="离院日期不能早于入住日期"):
        svc.discharge(township, r.pk, {"on": "2026-04-01", "reason": "回家"})
    svc.discharge(township, r.pk, {"on": "2026-04-10", "reason": "回家居住"})
    assert selectors.get_institution(county, inst.pk).residents == 0

    _, tekun, _ = tekun_person(village_user, name="特困乙")
    with pytest.raises(Conflict, match="没有未结束的特困集中供养安置"):
        svc.admit(township, inst.pk, {"person_id": tekun.pk, "bed_type": "nursing", "payer": "tekun",
                                      "admitted_on": "2026-04-05"})
    placement = assistance_services.open_placement(county, {"person_id": tekun.pk, "institution_id": inst.pk,
                                                            "from_on": "2026-04-05", "reason": "完全丧失自理能力"})
    r2 = svc.admit(township, inst.pk, {"person_id": tekun.pk, "bed_type": "nursing", "payer": "tekun",
                                       "admitted_on": "2026-04-05"})
    assert r2.placement_id == placement.pk
    row = selectors.get_institution(county, inst.pk)
    assert (row.residents, row.placements_open) == (1, 1)


def test_workers_with_certificates_phone_sealed(staff):
    county = staff["county"]
    inst = institution(county)
    w = svc.add_worker(staff["township"], {"institution_id": inst.pk, "name": "护理员王", "role": "care_worker",
                                           "certificate": "care_3", "phone": "13912345678", "hired_on": "2024-03-01"})
    assert w.phone_enc and b"13912345678" not in bytes(w.phone_enc)
    assert w.phone_masked == "139****5678"
    with pytest.raises(ValidationFailed, match="选择且只选择一个"):
        svc.add_worker(county, {"name": "x", "role": "nurse", "hired_on": "2024-03-01"})


def test_grading_records_the_level_and_the_grade_recomputes_it(staff):
    county = staff["county"]
    inst = institution(county)
    assert svc.grade_of(county, inst.pk)["graded"] is False
    g = svc.record_grading(county, inst.pk, GRADE)
    assert (g.level, g.total, g.standard) == (5, 920, "GB/T 37276-2018")
    out = svc.grade_of(county, inst.pk)
    assert out["level_name"] == "五级" and [p["share"] for p in out["parts"]] == ["91.67", "92.31", "93.33", "91.67"]
    svc.record_grading(county, inst.pk, {**GRADE, "assessed_on": "2026-04-15", "vetoes": ["fire_safety"]})
    out = svc.grade_of(county, inst.pk)
    assert out["level"] == 0 and out["vetoes"] == ["不符合消防安全要求（未通过消防验收或检查不合格）"]
    with pytest.raises(ValidationFailed) as exc:
        svc.record_grading(county, inst.pk, {**GRADE, "service": "601"})
    assert "“服务”得分应在 0 至 600 之间" in str(exc.value.errors)
    with pytest.raises(ValidationFailed):
        svc.record_grading(county, inst.pk, {**GRADE, "service": 550.5})  # a JSON float: refused


def test_grade_outside_the_region_is_404_and_a_role_without_view_403(staff, make_user):
    inst = institution(staff["county"])
    other_county = make_user("county", "330903000000")
    with pytest.raises(NotFound):
        svc.grade_of(other_county, inst.pk)
    with pytest.raises(Forbidden):
        svc.grade_of(make_user("auditor", "330902000000"), inst.pk)


def test_double_random_draw_inspection_rectification_and_credit(staff, make_user):
    county = staff["county"]
    insts = [institution(county, name=f"颐养院{i}") for i in range(5)]
    inspectors = [make_user("county", "330902000000", full_name=f"检查员{i}") for i in range(4)]
    rnd = svc.draw_round(county, {"title": "2026年第二季度双随机抽查", "institutions": 3, "team_size": 2,
                                  "inspector_ids": [u.pk for u in inspectors], "seed": 42})
    drawn = list(selectors.inspections_of_round(county, rnd))
    assert len(drawn) == 3 and rnd.pool_size == 5
    assert all(i.inspectors.count() == 2 for i in drawn)
    # the draw is the policy's, reproducible from the stored seed
    from minzheng.core.random_draw import draw

    again = draw([i.pk for i in insts], [u.pk for u in inspectors], 3, 2, rnd.seed)
    assert sorted(i.institution_id for i in drawn) == [i for i, _ in again]

    serious, minor, ok = drawn
    svc.record_inspection(county, serious.pk, {"inspected_on": "2026-03-01", "result": "serious",
                                               "findings": "消防通道堵塞", "rectify_by": "2026-03-15"})
    svc.record_inspection(county, minor.pk, {"inspected_on": "2026-04-10", "result": "minor",
                                             "findings": "台账不全", "rectify_by": "2026-05-10"})
    svc.record_inspection(county, ok.pk, {"inspected_on": "2026-04-10", "result": "pass"})
    with pytest.raises(Conflict, match="已登记结果"):
        svc.record_inspection(county, ok.pk, {"inspected_on": "2026-04-10", "result": "pass"})
    with pytest.raises(ValidationFailed, match="须填写发现问题和整改期限"):
        svc.record_inspection(county, serious.pk, {"inspected_on": "2026-03-01", "result": "minor"})
    credit = {row.pk: selectors.credit_of(row) for row in selectors.credit_rows(county)}
    assert credit[serious.institution_id] == "dishonest"
    assert credit[minor.institution_id] == "normal"
    assert credit[ok.institution_id] == "good"
    assert list(selectors.flagged(selectors.credit_rows(county)).values_list("pk", flat=True)) == \
        [serious.institution_id]
    svc.record_rectification(county, serious.pk, {"rectified_on": "2026-04-01", "note": "已清理通道"})
    credit = {row.pk: selectors.credit_of(row) for row in selectors.credit_rows(county)}
    assert credit[serious.institution_id] == "normal"  # rectified, late: no longer on the list


def test_draw_checks_the_pool(staff, make_user):
    county = staff["county"]
    institution(county)
    outsider = make_user("county", "330903000000")
    with pytest.raises(ValidationFailed, match="不在本辖区检查人员库中"):
        svc.draw_round(county, {"title": "t", "institutions": 1, "inspector_ids": [outsider.pk], "team_size": 1})
    with pytest.raises(ValidationFailed, match="超过名录中的机构数"):
        svc.draw_round(county, {"title": "t", "institutions": 2, "team_size": 1,
                                "inspector_ids": [staff["county"].pk]})
    assert Resident.objects.count() == 0
