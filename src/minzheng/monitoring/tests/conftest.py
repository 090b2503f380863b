"""Fixtures of the monitoring tests: `world` plants one household per signal and a near-miss for each (a value just
on the wrong side of the threshold or the window), in 定海区 甲社区 (330902001001) under the Zhoushan demo standards
(低保 14000 元/人/年) and the demo rules (示例值)."""

from __future__ import annotations

import pytest

from minzheng.benefits.models import Entitlement
from minzheng.benefits.tests.factories import grant
from minzheng.monitoring.services import register
from minzheng.monitoring.tests.factories import D, demo_rules, load
from minzheng.registry.tests.factories import make_family


@pytest.fixture
def world(make_user, monkeypatch, demo_standards, tmp_path):
    monkeypatch.setenv("MINZHENG_TODAY", "2026-11-23")
    demo_rules()
    clerk = make_user("county", "330902000000")
    township = make_user("township", "330902001000")
    fam = {}

    def family(key, members, program="dibao", incomes=None, **kw):
        hh, people = make_family(clerk, members, incomes=incomes)
        fam[key] = (hh, people)
        if program:
            grant(program, hh, person=people[0] if program == "tekun" else None, payee=people[0], **kw)
        return hh, people

    family("medical", [("医一", "19700101", "M")], incomes=[(0, "wage", "30000")])
    family("medical_near", [("医二", "19700202", "M")], incomes=[(0, "wage", "30000")])
    family("disability", [("残一", "19800101", "M")])
    family("disability_near", [("残二", "19800202", "F")])
    family("unemployment", [("失一", "19850101", "M")])
    family("unemployment_near", [("失二", "19850202", "M")])
    family("earner", [("劳一", "19750101", "M"), ("劳一妻", "19760101", "F")], incomes=[(0, "wage", "20000")])
    family("earner_near", [("劳二", "19750202", "M"), ("劳二妻", "19760202", "F")],
           incomes=[(0, "wage", "20000"), (1, "wage", "15000")])
    family("school", [("学一父", "19800303", "M"), ("学一", "20120101", "F")])
    family("school_near", [("学二父", "19800404", "M"), ("学二", "20120202", "F")])
    family("disaster", [("灾一", "19600101", "M")])
    family("disaster_near", [("灾二", "19600202", "M")])
    family("rigid", [("刚一", "19700303", "M"), ("刚一妻", "19710303", "F")], program="dibao_edge",
           incomes=[(0, "wage", "10000")])
    family("rigid_near", [("刚二", "19700404", "M"), ("刚二妻", "19710404", "F")], program="dibao_edge",
           incomes=[(0, "wage", "10000")])
    # 刚性支出 from education: a college student's yearly cost (示例 8000) > 0.5 × 10000; a junior-secondary pupil
    # has no cost set, so the near-miss stays quiet.
    family("rigid_edu", [("教一", "19720505", "M"), ("教一子", "20060505", "M")], program="dibao_edge",
           incomes=[(0, "wage", "10000")])
    family("rigid_edu_near", [("教二", "19720606", "M"), ("教二子", "20120606", "M")], program="dibao_edge",
           incomes=[(0, "wage", "10000")])
    family("low", [("低一", "19660101", "F")], program=None, incomes=[(0, "wage", "20999.99")])
    family("low_near", [("低二", "19660202", "F")], program=None, incomes=[(0, "wage", "21000")])
    family("expiring", [("期一", "19720101", "M")], program=None, incomes=[(0, "wage", "60000")])
    family("expiring_near", [("期二", "19720202", "M")], program=None, incomes=[(0, "wage", "60000")])
    grant("rigid_expense", fam["expiring"][0], payee=fam["expiring"][1][0])
    grant("rigid_expense", fam["expiring_near"][0], payee=fam["expiring_near"][1][0])
    Entitlement.objects.filter(household=fam["expiring"][0]).update(end_month=D(2026, 12, 1))
    Entitlement.objects.filter(household=fam["expiring_near"][0]).update(end_month=D(2027, 3, 1))
    family("poverty", [("返一", "19680101", "M")], program=None, incomes=[(0, "wage", "60000")])
    family("poverty_near", [("返二", "19680202", "M")], incomes=[(0, "wage", "60000")])
    family("tekun", [("特一", "19450101", "M")], program="tekun")
    family("nobody", [("无一", "19900101", "M")], program=None, incomes=[(0, "wage", "90000")])
    for key in ("low", "low_near"):
        register.add_other(township, {"person_id": fam[key][1][0].pk, "reason": "大病后生活困难"})
    ids = {k: [p.id_number for p in people] for k, (_, people) in fam.items()}
    load(tmp_path, "medical", ["id_number", "date", "total", "out_of_pocket"], [
        (ids["medical"][0], "2026-09-10", "6000", "3000"), (ids["medical"][0], "2026-11-05", "4000", "2500"),
        (ids["medical_near"][0], "2026-08-31", "9000", "3000"), (ids["medical_near"][0], "2026-11-05", "5000",
                                                                  "5000"),
        (ids["rigid"][0], "2026-03-01", "3000", "2500.01"), (ids["rigid"][1], "2026-06-01", "3000", "2500"),
        (ids["rigid_near"][0], "2026-03-01", "3000", "2500"), (ids["rigid_near"][1], "2026-06-01", "3000", "2500"),
        (ids["earner_near"][1], "2026-11-01", "1000", "100")])
    load(tmp_path, "disability", ["id_number", "category", "grade", "valid_until"], [
        (ids["disability"][0], "肢体", "二级", "2030-01-01"),
        (ids["disability_near"][0], "肢体", "三级", "2030-01-01")])
    load(tmp_path, "unemployment", ["id_number", "start", "end", "amount"], [
        (ids["unemployment"][0], "2026-10-01", "", "1800"), (ids["unemployment_near"][0], "2026-08-15", "", "1800")])
    load(tmp_path, "death", ["id_number", "death_date"], [
        (ids["earner"][0], "2026-11-02"), (ids["earner_near"][0], "2026-11-02")])
    load(tmp_path, "schooling", ["id_number", "school", "level", "start", "end"], [
        (ids["school"][1], "某中学", "初中", "2026-10-08", ""),
        (ids["rigid_edu"][1], "某大学", "本科", "2024-09-01", ""),
        (ids["rigid_edu_near"][1], "某中学", "初中", "2024-09-01", ""),
        (ids["school_near"][1], "某中学", "初中", "2026-09-01", "")])
    load(tmp_path, "disaster", ["id_number", "date", "disaster_type", "loss"], [
        (ids["disaster"][0], "2026-11-01", "台风", "10000"),
        (ids["disaster_near"][0], "2026-11-01", "台风", "9999.99")])
    load(tmp_path, "poverty_return", ["id_number", "monitor_type", "identified_on", "removed_on"], [
        (ids["poverty"][0], "突发严重困难户", "2026-10-15", ""),
        (ids["poverty_near"][0], "边缘易致贫户", "2026-06-01", "")])
    h = {k: hh.pk for k, (hh, _) in fam.items()}
    expected = {("medical_oop", h["medical"]), ("new_disability", h["disability"]), ("unemployment", h["unemployment"]),
                ("earner_loss", h["earner"]), ("school_change", h["school"]), ("disaster", h["disaster"]),
                ("rigid_expense", h["rigid"]), ("rigid_expense", h["rigid_edu"]),
                ("low_income", h["low"]), ("rigid_expiring", h["expiring"]),
                ("poverty_return", h["poverty"])}
    return {"fam": fam, "h": h, "expected": expected, "township": township, "county": clerk}
