"""养老服务指标 (issue 14 item 8): beds per 1,000 elderly, the nursing-type share, care workers per 10,000 elderly,
特困失能集中供养率 and institutions by grade, by child region, computed from the data — and scoped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from conftest import PASSWORD
from minzheng.assistance import services as care
from minzheng.benefits.tests.factories import grant
from minzheng.core.errors import NotFound
from minzheng.eldercare import indicators
from minzheng.eldercare.services import institutions as inst_svc
from minzheng.eldercare.tests.factories import elder, institution
from minzheng.registry.tests.factories import person_household

pytestmark = pytest.mark.django_db
ITEMS_MET = dict.fromkeys(("eating", "dressing", "transfer", "toileting", "walking", "bathing"), True)


def test_bed_worker_and_placement_indicators_by_township(make_user, monkeypatch):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-05-10")
    county, clerk = make_user("county", "330902000000"), make_user("village", "330902001001")
    for i in range(4):  # four elders in 城东街道 (60+), one in 昌国街道
        elder(clerk, f"老人{i}", "19450101")
    elder(make_user("village", "330902002001"), "昌国老人", "19450101", region="330902002001")
    home = institution(county, nursing=60, dementia=20, general=20)  # 100 beds in 城东街道
    inst_svc.add_worker(county, {"institution_id": home.pk, "name": "护理员王", "role": "care_worker",
                                 "certificate": "care_4", "certificate_no": "S1", "phone": "13900139001",
                                 "hired_on": "2025-01-01"})
    inst_svc.record_grading(county, home.pk, {"assessed_on": "2026-04-01", "environment": "100", "facilities": "100",
                                             "management": "120", "service": "480", "assessors": "评定组"})
    # Two 特困 persons who cannot look after themselves: one placed in the institution, one at home.
    placed = []
    for name in ("特困甲", "特困乙"):
        household, person = person_household(clerk, name, "19500101")
        grant("tekun", household, person=person, start=dt.date(2026, 1, 1))
        care.record_assessment(clerk, {"person_id": person.pk, **ITEMS_MET, "eating": False, "dressing": False,
                                       "assessed_on": "2026-05-01"})
        placed.append(person)
    care.open_placement(county, {"person_id": placed[0].pk, "institution_id": home.pk, "from_on": "2026-05-02",
                                 "reason": "部分丧失生活自理能力"})
    data = indicators.service_indicators(county)
    town = next(r for r in data["rows"] if r["code"] == "330902001000")
    assert town["elders"] == 6 and town["beds"] == 100 and town["beds_nursing"] == 60
    assert town["beds_per_1000"] == "16666.7" and town["nursing_share"] == "60.0%"
    assert town["care_workers"] == 1 and town["workers_per_10000"] == "1666.7"
    assert (town["tekun_disabled"], town["tekun_placed"], town["tekun_placed_share"]) == (2, 1, "50.0%")
    assert town["grades"] == {4: 1}
    other = next(r for r in data["rows"] if r["code"] == "330902002000")
    assert other["beds"] == 0 and other["beds_per_1000"] == "0.0" and other["nursing_share"] == "—"
    assert data["total"]["beds"] == 100 and data["total"]["elders"] == 7
    with pytest.raises(NotFound):
        indicators.service_indicators(county, "330903000000")
    page = Client()
    assert page.login(username=county.username, password=PASSWORD)
    body = page.get("/eldercare/indicators/").content.decode()
    assert "护理型床位占比" in body and "60.0%" in body and "四级 1" in body and "城东街道" in body
