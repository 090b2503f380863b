"""Entitlements after the decision: changes need a reason, notice and the right level; the amount due per month from
the change history; gradual exit; death (own entitlements stop, the household is re-checked; the sweep after an
import); periodic reviews every 12 or 6 months."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.benefits.tests.factories import VISIT, act, ent_act, items, open_case, to_submitted, today
from minzheng.registry.tests.factories import make_family

D = dt.date


@pytest.fixture
def granted(staff, api_client, poor_family, demo_standards, monkeypatch):
    """A confirmed 低保 case (decided 2026-11-10, paid from 2026-12) and its entitlement."""
    from minzheng.benefits.models import Entitlement

    case = to_submitted(staff, api_client, poor_family, monkeypatch)
    today(monkeypatch, "2026-11-10")
    act(api_client(staff["county"]), case["id"], "confirm")
    return Entitlement.objects.get(source_case_id=case["id"])


def test_changes_need_reasons_and_notice_and_the_right_level(staff, api_client, granted, monkeypatch):
    from minzheng.benefits.models import EntitlementChange
    from minzheng.benefits.services.entitlements import amount_in_month

    town, county = api_client(staff["township"]), api_client(staff["county"])
    old = granted.monthly_amount
    assert "须由县级民政部门决定" in ent_act(town, granted.pk, "decrease", 403, new_amount="1")["detail"]
    err = ent_act(county, granted.pk, "decrease", 422, new_amount=str(old - 100), effective_month="2027-01")
    assert {e["field"] for e in err["errors"]} == {"reason", "notice_on"}
    err = ent_act(county, granted.pk, "decrease", 422, new_amount=str(old - 100), effective_month="2026-10",
                  reason="r", notice_on="2026-11-10")
    assert "不得追溯" in err["errors"][0]["message"]
    body = ent_act(county, granted.pk, "decrease", new_amount=str(old - 100), effective_month="2027-01",
                   reason="女儿就业，家庭收入增加", notice_on="2026-11-10")
    assert body["monthly_amount"] == f"{old - 100:.2f}" and body["changes"][0]["kind"] == "decrease"
    ent_act(county, granted.pk, "increase", new_amount=str(old + 50), effective_month="2027-03",
            reason="新增重病成员", notice_on="2027-02-01")
    granted.refresh_from_db()
    changes = list(EntitlementChange.objects.filter(entitlement=granted))
    assert [amount_in_month(granted, D(2026, m, 1), changes) for m in (11, 12)] == [Decimal("0.00"), old]
    assert amount_in_month(granted, D(2027, 1, 1), changes) == old - 100
    assert amount_in_month(granted, D(2027, 3, 1), changes) == old + 50
    ent_act(town, granted.pk, "suspend", effective_month="2027-04", reason="未配合核查")
    assert ent_act(town, granted.pk, "suspend", 409, reason="x")["detail"] == "该待遇已暂停发放"
    ent_act(town, granted.pk, "resume", effective_month="2027-06", reason="已配合核查")
    granted.refresh_from_db()
    changes = list(EntitlementChange.objects.filter(entitlement=granted))
    assert [amount_in_month(granted, D(2027, m, 1), changes) for m in (4, 5, 6)] == [0, 0, old + 50]
    err = ent_act(county, granted.pk, "stop", 422, effective_month="2027-01", reason="收入超标")
    assert err["errors"][0]["field"] == "notice_on"
    body = ent_act(county, granted.pk, "stop", effective_month="2027-01", reason="收入超过低保标准",
                   notice_on="2026-11-10")
    assert (body["status"], body["end_month"]) == ("stopped", "2026-12")
    assert "已于 2026-12 停发" in ent_act(county, granted.pk, "increase", 409, new_amount="9999")["detail"]
    assert api_client(staff["village"]).get(f"/api/v1/entitlements/{granted.pk}").status_code == 200
    assert ent_act(api_client(staff["village"]), granted.pk, "review", 403, outcome="unchanged")
    assert api_client(staff["other_township"]).get(f"/api/v1/entitlements/{granted.pk}").status_code == 404


def test_gradual_exit_up_to_6_months(staff, api_client, granted):
    county = api_client(staff["county"])
    err = ent_act(county, granted.pk, "gradual_exit", 409, months=7, reason="就业", from_month="2027-01")
    assert "1 至 6 个月" in err["detail"]
    body = ent_act(county, granted.pk, "gradual_exit", months=6, from_month="2027-01",
                   reason="家庭成员就业后人均收入超过低保标准", notice_on="2026-11-10")
    assert (body["status"], body["end_month"]) == ("gradual_exit", "2027-06")
    assert body["reviews"] == []  # the yearly review (2027-12) falls after the exit
    listed = items(county.get("/api/v1/entitlements", {"status": "gradual_exit"}))
    assert [e["id"] for e in listed] == [granted.pk]


def test_death_stops_own_entitlements_and_rechecks_the_household(staff, api_client, monkeypatch, demo_standards):
    from minzheng.benefits.models import Review
    from minzheng.benefits.services import entitlements
    from minzheng.registry import services

    monkeypatch.setenv("MINZHENG_TODAY", "2026-11-20")
    town = api_client(staff["township"])
    solo, (old,) = make_family(staff["village"], [("独居老人", "19400101", "M", {"labour_capacity": "none"})])
    pair, (wife, son) = make_family(staff["village"], [("老伴", "19450101", "F"), ("儿子", "19700101", "M")])
    tekun = _entitlement(staff, "tekun", solo, old, old)
    dibao = _entitlement(staff, "dibao", pair, wife, None)
    services.update_person(staff["village"], old.pk, {"death_date": "2026-11-05"})
    body = ent_act(town, tekun.pk, "death", person_id=old.pk)
    assert (body["status"], body["end_month"]) == ("stopped", "2026-11")
    assert body["changes"][-1]["kind"] == "death"
    body = ent_act(town, dibao.pk, "death", person_id=son.pk, death_date="2026-11-18")
    assert body["status"] == "active"
    son.refresh_from_db()
    assert son.death_date == D(2026, 11, 18)  # recorded in the registry too
    assert [(r["reason"], r["due_on"]) for r in body["reviews"] if r["reason"] == "death"] == [("death", "2027-02-18")]
    # The sweep after a data import: the wife dies too — nobody is left, so the household's 低保 stops.
    monkeypatch.setenv("MINZHENG_TODAY", "2026-12-05")
    services.update_person(staff["village"], wife.pk, {"death_date": "2026-12-02"})
    assert entitlements.apply_deaths(None) == {"persons": 2, "entitlements": 1}
    dibao.refresh_from_db()
    assert (dibao.status, dibao.end_month) == ("stopped", D(2026, 12, 1))
    assert entitlements.apply_deaths(None)["entitlements"] == 0  # idempotent
    assert Review.objects.filter(entitlement=dibao, done_on__isnull=True).count() == 0


def _entitlement(staff, program, household, payee, person):
    from minzheng.benefits.models import Case, Entitlement

    case = Case.objects.create(program=program, household=household, applicant=payee, beneficiary=person,
                               region_code=household.region_id, state="granted", channel="migration",
                               applied_on=D(2026, 1, 1), decided_on=D(2026, 1, 1), decision="approved",
                               amount=Decimal(500))
    return Entitlement.objects.create(program=program, household=household, person=person, payee=payee,
                                      region_code=household.region_id, monthly_amount=Decimal(500),
                                      start_month=D(2026, 2, 1), source_case=case, review_months=12)


def test_reviews_every_12_or_6_months(staff, api_client, demo_standards, monkeypatch):
    from minzheng.benefits.models import Review

    worker, people = make_family(staff["village"], [("打工者", "19900101", "M", {"labour_capacity": "full"}),
                                                    ("孩子", "20200101", "F")], incomes=[(0, "wage", "6000")])
    case = open_case(staff, api_client, (worker, people), monkeypatch)
    town, county = api_client(staff["township"]), api_client(staff["county"])
    for action, data in (("accept", {}), ("record_home_visit", VISIT), ("request_verification", {})):
        act(town, case["id"], action, **data)
    act(county, case["id"], "record_verification", result="passed", report_ref="R", summary="-")
    act(town, case["id"], "initial_review", opinion="拟同意", recommend="approve")
    act(town, case["id"], "publish_notice")
    today(monkeypatch, "2026-11-09")
    act(town, case["id"], "submit")
    act(county, case["id"], "confirm")
    review = Review.objects.get(entitlement__source_case_id=case["id"])
    assert review.due_on == D(2027, 6, 1)  # a member able to work: every 6 months
    rows = items(town.get("/api/v1/reviews", {"due_before": "2027-06-30"}))
    assert [r["id"] for r in rows] == [review.pk]
    today(monkeypatch, "2027-06-03")
    assert items(town.get("/api/v1/reviews"))[0]["overdue"]
    ent_act(town, review.entitlement_id, "review", outcome="unchanged")
    review.refresh_from_db()
    assert review.done_on == D(2027, 6, 3)
    assert Review.objects.get(entitlement_id=review.entitlement_id, done_on__isnull=True).due_on == D(2027, 12, 1)


@pytest.mark.parametrize("count", [2, 8])
def test_many_raises_are_set_based_and_all_or_nothing(staff, count, monkeypatch, django_assert_max_num_queries):
    """increase_many (an annual standard adjustment): the same rules as one 增发, the same number of queries for 2
    entitlements or 8, and one refused raise leaves every entitlement as it was."""
    from minzheng.benefits.models import Delegation, Entitlement, EntitlementChange
    from minzheng.benefits.services import entitlements
    from minzheng.benefits.tests.factories import entitle
    from minzheng.core.errors import Forbidden, ValidationFailed
    from minzheng.core.models import AuditEntry

    today(monkeypatch, "2026-11-10")
    ents = []
    for i in range(count):
        household, people = make_family(staff["village"], [(f"户主{i}", f"19{50 + i}0101", "M")])
        ents.append(entitle(household, people[0], amount="800.00"))
    body = {"new_amount": "850.00", "effective_month": "2026-01", "reason": "2026年度标准调整",
            "notice_on": "2026-11-10"}
    bad = {**{e.pk: body for e in ents}, ents[-1].pk: {**body, "new_amount": "700.00"}}
    with pytest.raises(ValidationFailed) as exc:
        entitlements.increase_many(staff["county"], bad)
    assert [(e.field, e.message) for e in exc.value.errors] == [
        (f"raises.{ents[-1].pk}.new_amount", "增发后的金额应高于现金额 800.00")]
    with pytest.raises(Forbidden):  # a township may not decide a raise (not delegated)
        entitlements.increase_many(staff["township"], {e.pk: body for e in ents})
    assert not EntitlementChange.objects.exists()
    assert set(Entitlement.objects.values_list("monthly_amount", flat=True)) == {Decimal("800.00")}
    with django_assert_max_num_queries(12):  # lock, insert, update, audit (head, insert, head) and savepoints
        entitlements.increase_many(staff["county"], {e.pk: body for e in ents})
    assert set(Entitlement.objects.values_list("monthly_amount", flat=True)) == {Decimal("850.00")}
    assert EntitlementChange.objects.filter(kind="increase", new_amount=Decimal("850.00"),
                                            effective_month=D(2026, 1, 1)).count() == count
    entries = AuditEntry.objects.filter(object_type="entitlement", action="update")
    assert entries.count() == count and all(e.changes["new_amount"] == [None, "850.00"] for e in entries)
    # Delegated to the township, its officer may raise them: the delegation is read once, not once per entitlement.
    Delegation.objects.create(program="dibao", region_code=staff["township"].region_id, delegated=True,
                              effective_from=D(2026, 1, 1))
    with django_assert_max_num_queries(13):
        entitlements.increase_many(staff["township"], {e.pk: {**body, "new_amount": "900.00"} for e in ents})
    assert set(Entitlement.objects.values_list("monthly_amount", flat=True)) == {Decimal("900.00")}
