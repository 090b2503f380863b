"""Indicators of issue 14 item 8 that the elderly app's data supports, by region: elders, 高龄, the share assessed,
失能 by level and its share of the assessed, 失智, survival checks overdue — rows per child region and a total."""

from __future__ import annotations

import pytest

from minzheng.benefits.tests.factories import today
from minzheng.elderly import selectors
from minzheng.elderly.services import assessments
from minzheng.elderly.tests.factories import assessment, couple, elder

pytestmark = pytest.mark.django_db


def _world(staff):
    _, a = elder(staff["village"])  # 86
    _, (husband, _wife) = couple(staff["village"])
    _, b = elder(staff["other_village"], "周爷爷", born="19600101", region="330902001002")
    assessments.record_assessment(staff["village"], assessment(a, 20, diagnoses=["F01"]))
    assessments.record_assessment(staff["village"], assessment(husband, 90))
    assessments.record_assessment(staff["other_village"], assessment(b, 60))


def test_indicators_by_child_region_and_total(staff, client_for, monkeypatch):
    today(monkeypatch, "2026-05-10")
    _world(staff)
    data = selectors.indicators(staff["township"])
    rows = {r["code"]: r for r in data["rows"]}
    jia, yi = rows["330902001001"], rows["330902001002"]
    assert (jia["elders"], jia["oldest_old"], jia["assessed"], jia["disabled"], jia["level_4"]) == (3, 2, 2, 1, 1)
    assert (jia["assessed_share"], jia["disabled_share"], jia["dementia"]) == ("66.7%", "50.0%", 1)
    assert (yi["elders"], yi["assessed"], yi["level_2"], yi["disabled_share"]) == (1, 1, 1, "100.0%")
    total = data["total"]
    assert (total["name"], total["elders"], total["assessed"], total["disabled"]) == ("合计", 4, 3, 2)
    assert total["assessed_share"] == "75.0%"
    county = selectors.indicators(staff["county"])
    assert {r["code"]: r["elders"] for r in county["rows"]}["330902001000"] == 4
    village = selectors.indicators(staff["village"])
    assert village["total"]["elders"] == 3 and len(village["rows"]) == 1
    page = client_for(staff["township"]).get("/elderly/indicators/")
    text = page.content.decode()
    assert page.status_code == 200 and "评估覆盖率" in text and "66.7%" in text and "合计" in text
    narrowed = client_for(staff["county"]).get("/elderly/indicators/?region_code=330902001")
    assert narrowed.status_code == 200 and "75.0%" in narrowed.content.decode()
    assert client_for(staff["township"]).get("/elderly/indicators/?region_code=330903").status_code == 422
    assert client_for(staff["auditor"]).get("/elderly/indicators/").status_code == 403
