"""高龄津贴 survival checks (生存认证): due and overdue in the inbox, the county's sweep suspending an overdue
allowance from the month after it fell due, a clerk's check (or a matched feed row) resuming it from the suspended
month, and the payroll paying the months held back as arrears (补发)."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.benefits.models import EntitlementChange
from minzheng.benefits.tests.factories import post, today
from minzheng.core.errors import Conflict, Forbidden
from minzheng.elderly.models import SurvivalCheck
from minzheng.elderly.services import survival
from minzheng.elderly.tests.factories import age_allowance, elder
from minzheng.payroll.models import Payroll, PayrollLine
from minzheng.payroll.services import approval, generate

pytestmark = pytest.mark.django_db
D = dt.date


def _pay(staff, monkeypatch, month: str) -> None:
    """Generate and lock the month's 高龄津贴 payroll of 城东街道."""
    today(monkeypatch, f"{month}-10")
    generate.generate(None, month, program="age_allowance")
    payroll = Payroll.objects.filter(program="age_allowance", month=D.fromisoformat(f"{month}-01")).first()
    if payroll is not None:  # none when nothing is due (the allowance suspended)
        approval.act(staff["township"], payroll.pk, "check")
        approval.act(staff["county"], payroll.pk, "approve")


def _lines(ent, month: str) -> list[tuple]:
    return sorted((x.kind, x.for_month, x.amount_fen) for x in
                  PayrollLine.objects.filter(entitlement=ent, month=D.fromisoformat(f"{month}-01")))


def test_missed_check_suspends_and_a_late_check_back_pays(staff, client_for, demo_standards, monkeypatch):
    household, person = elder(staff["village"])
    ent = age_allowance(household, person, amount="50.00", start=D(2026, 1, 1))
    for month in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07"):
        _pay(staff, monkeypatch, month)
    today(monkeypatch, "2026-06-15")  # due 2026-07-01 (6 months after January: demo 示例值)
    assert "应于 2026-07-01 前生存认证" in client_for(staff["village"]).get("/inbox/").content.decode()
    today(monkeypatch, "2026-07-20")
    inbox = client_for(staff["village"]).get("/inbox/").content.decode()
    assert "逾期未认证（应于 2026-07-01 前）：将自 2026-08 起暂停发放" in inbox
    with pytest.raises(Forbidden):
        survival.suspend_overdue(staff["township"])
    assert survival.suspend_overdue(staff["county"]) == {"overdue": 1, "suspended": 1, "month": D(2026, 7, 1)}
    ent.refresh_from_db()
    change = EntitlementChange.objects.get(entitlement=ent, kind="suspend")
    assert ent.status == "suspended" and change.effective_month == D(2026, 8, 1)
    assert survival.suspend_overdue(staff["county"])["suspended"] == 0  # once
    _pay(staff, monkeypatch, "2026-08")
    assert _lines(ent, "2026-08") == []  # suspended
    # September: the clerk sees her; the allowance resumes from August and August is paid as arrears.
    today(monkeypatch, "2026-09-05")
    r = client_for(staff["village"]).post(f"/elderly/persons/{person.pk}/survival/", {"note": "入户见到本人"})
    assert r.status_code == 302
    ent.refresh_from_db()
    resume = EntitlementChange.objects.get(entitlement=ent, kind="resume")
    assert ent.status == "active" and resume.effective_month == D(2026, 8, 1)
    _pay(staff, monkeypatch, "2026-09")
    assert _lines(ent, "2026-09") == [("arrears", D(2026, 8, 1), 5000), ("regular", D(2026, 9, 1), 5000)]
    # The next check is due six months after this one.
    today(monkeypatch, "2026-09-06")
    assert "应于 2027-03-05 前生存认证" not in client_for(staff["village"]).get("/inbox/").content.decode()
    today(monkeypatch, "2027-02-10")
    assert "应于 2027-03-05 前生存认证" in client_for(staff["village"]).get("/inbox/").content.decode()


def test_a_check_while_in_payment_only_records(staff, api_client, demo_standards, monkeypatch):
    today(monkeypatch, "2026-05-10")
    household, person = elder(staff["village"])
    ent = age_allowance(household, person)
    client = api_client(staff["village"])
    r = post(client, "/api/v1/elderly/survival-checks", {"person_id": person.pk})
    assert r.status_code == 201, r.content.decode()
    assert r.json()["method_label"] == "村(社区)工作人员上门核实" and r.json()["checked_on"] == "2026-05-10"
    assert not EntitlementChange.objects.filter(entitlement=ent).exists()
    assert post(client, "/api/v1/elderly/survival-checks", {"person_id": person.pk}).status_code == 409
    future = post(client, "/api/v1/elderly/survival-checks", {"person_id": person.pk, "checked_on": "2026-06-01"})
    assert future.status_code == 422
    assert post(api_client(staff["city"]), "/api/v1/elderly/survival-checks",
                {"person_id": person.pk}).status_code == 403
    assert post(api_client(staff["other_village"]), "/api/v1/elderly/survival-checks",
                {"person_id": person.pk}).status_code == 404
    _, nobody = elder(staff["village"], "无津贴")
    with pytest.raises(Conflict):
        survival.record_check(staff["village"], {"person_id": nobody.pk})
    listed = client.get("/api/v1/elderly/survival-checks").json()
    assert listed["count"] == 1 and listed["items"][0]["person_name"] == "李奶奶"


def test_a_matched_feed_records_checks_and_resumes(staff, demo_standards, monkeypatch):
    from minzheng.benefits.tests.factories import change

    today(monkeypatch, "2026-09-05")
    household, person = elder(staff["village"])
    ent = age_allowance(household, person)
    change(ent, "suspend", D(2026, 8, 1)).__class__.objects.filter(entitlement=ent).update(
        reason="高龄津贴生存认证逾期未认证（应于 2026-07-01 前）")
    ent.status = "suspended"
    ent.save(update_fields=["status"])
    _, other = elder(staff["village"], "无津贴")
    rows = [{"id_number": person.id_number, "checked_on": "2026-09-01"},
            {"id_number": other.id_number, "checked_on": "2026-09-01"},  # no allowance: not matched
            {"id_number": "110101199003070000", "checked_on": "2026-09-01"},  # nobody here
            {"id_number": person.id_number, "checked_on": "2026-13-01"}]
    out = survival.record_feed(staff["county"], rows, "医保结算数据")
    assert (out["matched"], out["unmatched"], [e["row"] for e in out["errors"]]) == (1, 2, [4])
    check = SurvivalCheck.objects.get()
    assert (check.method, check.source, check.checked_on) == ("feed", "医保结算数据", D(2026, 9, 1))
    ent.refresh_from_db()
    assert ent.status == "active"
    assert EntitlementChange.objects.get(entitlement=ent, kind="resume").effective_month == D(2026, 8, 1)
    assert survival.record_feed(staff["county"], rows[:1], "医保结算数据")["matched"] == 0  # not twice
    with pytest.raises(Forbidden):
        survival.record_feed(staff["city"], rows, "x")


def test_a_suspension_for_another_reason_is_not_lifted_by_a_check(staff, demo_standards, monkeypatch):
    from minzheng.benefits.tests.factories import change

    today(monkeypatch, "2026-09-05")
    household, person = elder(staff["village"])
    ent = age_allowance(household, person)
    change(ent, "suspend", D(2026, 8, 1))  # reason "测试": e.g. moved away, under investigation
    ent.status = "suspended"
    ent.save(update_fields=["status"])
    survival.record_check(staff["village"], {"person_id": person.pk})
    ent.refresh_from_db()
    assert ent.status == "suspended"


def test_the_sweep_from_the_command_line(staff, demo_standards, monkeypatch, capsys):
    import json

    from minzheng.cli import main

    household, person = elder(staff["village"])
    ent = age_allowance(household, person, start=D(2026, 1, 1))
    today(monkeypatch, "2026-07-20")
    assert main(["elderly", "survival-sweep", "--region", "330903"]) == 0  # another county: nothing
    assert json.loads(capsys.readouterr().out) == {"overdue": 0, "suspended": 0}
    assert main(["elderly", "survival-sweep"]) == 0
    assert json.loads(capsys.readouterr().out) == {"overdue": 1, "suspended": 1}
    ent.refresh_from_db()
    assert ent.status == "suspended"


def test_the_bound_that_passes_over_recent_checks_never_drops_anyone_due():
    """selectors._statuses passes over rows whose last check is later than survival.latest_base before asking the
    policy; for every day of two years and every period, someone due exactly on the horizon is still kept (the
    tightest case: the bound only grows with the horizon), month ends included."""
    import datetime as dt

    from minzheng.elderly.policy import survival

    day = dt.date(2025, 1, 1)
    while day < dt.date(2027, 1, 1):
        for months in (1, 2, 3, 6, 12):
            due = survival.due_on(dt.date(2024, 1, 1), day, months)
            assert day <= survival.latest_base(due, months), (day, months)
            assert survival.latest_base(due, months) <= due  # and it does drop the recently checked
        day += dt.timedelta(days=1)


def test_the_due_list_agrees_with_the_policy_where_regions_set_different_periods(staff, demo_standards, monkeypatch):
    """The database passes over recipients by the shortest period any region sets; each one left is decided with its
    own region's. A village with 2 months beside the city's 6: the due list is what the policy says, row by row, and
    the inbox's counts and first rows are the due list's."""
    from decimal import Decimal

    from minzheng.benefits.models import Standard
    from minzheng.elderly import selectors
    from minzheng.elderly.policy import survival as policy

    Standard.objects.create(program="age_allowance", item="survival_check_months", region_code="330902001002",
                            area="all", value=Decimal("2"), unit="个月", effective_from=D(2021, 1, 1), source="测试")
    today(monkeypatch, "2026-09-10")
    checks = [None, D(2026, 2, 1), D(2026, 3, 12), D(2026, 4, 9), D(2026, 7, 1), D(2026, 7, 12), D(2026, 8, 20)]
    expected = {}
    for clerk, village, months in ((staff["village"], "330902001001", 6), (staff["other_village"], "330902001002", 2)):
        for k, checked in enumerate(checks):
            household, person = elder(clerk, name=f"老人{months}{k}", region=village)
            ent = age_allowance(household, person, start=D(2026, 1, 1))
            if checked:
                SurvivalCheck.objects.create(person=person, region_code=household.region_id, checked_on=checked,
                                             method="visit")
            due = policy.due_on(D(2026, 1, 1), checked, months)
            if due <= D(2026, 9, 10) + dt.timedelta(days=selectors.DUE_DAYS):
                expected[ent.pk] = due
    found = {s.entitlement_id: s.due_on for s in selectors.survival_status(staff["county"])}
    assert found == expected and len(expected) >= 6
    statuses = selectors.survival_status(staff["county"])
    assert sorted(found.values()) == [s.due_on for s in statuses]
    # The inbox counts them all and makes the first few: the same rows, in the same order.
    assert 0 < sum(s.overdue for s in statuses) < len(statuses)
    assert selectors.survival_due_first(staff["county"], 3) == (len(statuses), sum(s.overdue for s in statuses),
                                                                statuses[:3])
