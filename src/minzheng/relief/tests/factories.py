"""Test data for disaster relief: the relief programs' standards (示例 amounts), an event, an affected family, a
relief case taken through the kernel's workflow, and a warehouse with stock."""

from __future__ import annotations

import datetime as dt

from minzheng.core import clock

COUNTY = "330902000000"
AMOUNTS = {("disaster_emergency", "per_person", "元"): "300",
           ("disaster_transition", "per_person_month", "元/人/月"): "600",
           ("disaster_winter", "per_person", "元"): "500",
           ("disaster_rebuild", "per_household", "元"): "30000"}


def relief_standards(county_user, effective_from="2026-01-01") -> None:
    from minzheng.benefits.services import standards

    for (program, item, unit), value in AMOUNTS.items():
        standards.add_standard(county_user, {
            "program": program, "item": item, "region_code": COUNTY, "area": "all", "value": value, "unit": unit,
            "effective_from": effective_from, "source": "示例值（非官方）"})


def event(county_user, started_on="2026-07-01", **extra):
    from minzheng.relief.services import disasters

    return disasters.create_event(county_user, {"name": "2026年第5号台风", "kind": "typhoon", "region_code": COUNTY,
                                                "area": "定海区沿海乡镇", "started_on": started_on, **extra})


def family(village_user, names=("李大海", "李小海", "王秀英")):
    from minzheng.registry.tests.factories import make_family

    return make_family(village_user, [(names[0], "19700101", "M"), (names[1], "20100101", "M"),
                                      (names[2], "19720101", "F")][:len(names)])


def on(monkeypatch, day: str) -> None:
    monkeypatch.setenv("MINZHENG_TODAY", day)


def granted(staff, affected, program, monkeypatch, day="2026-07-03"):
    """A relief case applied for by the village, reviewed by the township, confirmed by the county and its decision
    issued — all on `day`. Returns the kernel case."""
    from minzheng.benefits.models import Case
    from minzheng.benefits.services import cases
    from minzheng.relief.services import disasters

    on(monkeypatch, day)
    link = disasters.apply_assistance(staff["village"], {"affected_id": affected.pk, "program": program,
                                                         "bank_account": "6222020200001234567",
                                                         "bank_name": "农业银行"})
    cases.act(staff["township"], link.case_id, "accept", {})
    cases.act(staff["township"], link.case_id, "initial_review", {"opinion": "受灾属实", "recommend": "approve"})
    case = Case.objects.get(pk=link.case_id)
    if case.state == "reviewed":  # a program with a public notice
        cases.act(staff["township"], case.pk, "publish_notice", {"place": "村公开栏"})
        on(monkeypatch, (dt.date.fromisoformat(day) + dt.timedelta(days=7)).isoformat())
        cases.act(staff["township"], case.pk, "submit", {})
    cases.act(staff["county"], case.pk, "confirm", {"note": "同意"})
    cases.act(staff["township"], case.pk, "issue_decision", {"document_no": f"ZJ-{case.pk}"})
    return Case.objects.get(pk=case.pk)


def warehouse(user, name="定海区救灾物资储备库", region=COUNTY):
    from minzheng.relief.services import reserve

    return reserve.add_warehouse(user, {"name": name, "level": "county", "region_code": region, "keeper": "陈保管"})


def receive(user, wh, item="帐篷", unit="顶", quantity=10, source="purchase", **extra):
    from minzheng.relief.services import reserve

    return reserve.receive(user, {"warehouse_id": wh.pk, "item": item, "unit": unit, "quantity": quantity,
                                  "source": source, **extra})


def today() -> dt.date:
    return clock.today()
