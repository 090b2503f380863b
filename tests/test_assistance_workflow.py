"""Case workflow: the pure engine (states × actions × roles, every time limit, notice, objections, delegation,
conflict of interest, spot checks, reviews, gradual exit, death) and the services/API on the database."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from minzheng.benefits import programs
from minzheng.benefits import workflow as wf
from minzheng.benefits.workflow import CaseFacts
from minzheng.core.errors import Conflict, Forbidden
from minzheng.core.workdays import Calendar

D = dt.date
DIBAO, TEKUN, CHILD = programs.PROCEDURES["dibao"], programs.PROCEDURES["tekun"], programs.PROCEDURES["unsupported_child"]
CAL = Calendar(adjustments={})  # the State Council schedule only (no database)


def facts(state=wf.APPLIED, program="dibao", **kw) -> CaseFacts:
    return CaseFacts(program=program, state=state, applied_on=kw.pop("applied_on", D(2026, 3, 2)), **kw)


def run(f: CaseFacts, action: str, role: str, today: D, params=DIBAO) -> CaseFacts:
    return wf.apply(f, wf.step(f, action, role, today, params))


def due(f: CaseFacts, code: str, today: D = D(2026, 3, 2), params=DIBAO) -> wf.Due:
    found = [d for d in wf.deadlines(f, params, CAL, today) if d.code == code]
    assert found, f"no deadline {code}"
    return found[0]


# ---- the state machine ---------------------------------------------------------------------------------------------

def dibao_to_notice(start=D(2026, 3, 2)) -> CaseFacts:
    f = run(facts(applied_on=start), "accept", "township", start)
    f = run(f, "record_home_visit", "township", start)  # starts the investigation
    f = run(f, "request_verification", "township", start)
    f = run(f, "record_verification", "county", start)
    f = run(f, "initial_review", "township", start)
    assert f.state == wf.REVIEWED
    return run(f, "publish_notice", "township", start)


def test_happy_path_of_a_dibao_case():
    f = dibao_to_notice(D(2026, 3, 2))
    assert f.state == wf.IN_NOTICE and f.investigation_started_on == D(2026, 3, 2)
    f = run(f, "submit", "township", D(2026, 3, 9))
    assert f.state == wf.SUBMITTED and f.submitted_on == D(2026, 3, 9)
    f = run(f, "confirm", "county", D(2026, 3, 10))
    assert (f.state, f.decision, f.decided_on) == (wf.APPROVED, "approved", D(2026, 3, 10))
    f = run(f, "issue_decision", "township", D(2026, 3, 11))
    assert f.state == wf.GRANTED and wf.awaiting(f, DIBAO) is None


def test_every_illegal_transition_is_a_409_naming_the_state():
    f = facts(wf.APPLIED)
    for code, action in wf.ACTIONS.items():
        if wf.APPLIED in action.states:
            continue
        role = "county" if wf.may("county", action, f, DIBAO) else next(iter(action.roles - {wf.CONFIRMING}), "county")
        with pytest.raises(Conflict) as exc:
            wf.step(f, code, role, D(2026, 3, 2), DIBAO)
        assert "待受理" in exc.value.message and action.label in exc.value.message
    with pytest.raises(Conflict, match="未知的办理动作"):
        wf.step(f, "approve_everything", "county", D(2026, 3, 2), DIBAO)


def test_closed_cases_accept_no_action():
    for state in wf.FINAL:
        for code in wf.ACTIONS:
            with pytest.raises((Conflict, Forbidden)):
                wf.step(facts(state), code, "county", D(2026, 3, 2), DIBAO)


# ---- roles ------------------------------------------------------------------------------------------------------

def test_village_clerk_cannot_confirm_or_accept():
    f = facts(wf.SUBMITTED, submitted_on=D(2026, 3, 2))
    with pytest.raises(Forbidden, match="您的角色不能办理“审核确认”"):
        wf.step(f, "confirm", "village", D(2026, 3, 2), DIBAO)
    with pytest.raises(Forbidden):
        wf.step(facts(), "accept", "village", D(2026, 3, 2), DIBAO)
    assert wf.allowed_actions(facts(), "village", DIBAO) == ["record_document", "withdraw"]


def test_township_confirms_only_where_delegated():
    f = facts(wf.SUBMITTED, submitted_on=D(2026, 3, 2))
    with pytest.raises(Forbidden, match="未将审核确认委托本乡镇"):
        wf.step(f, "confirm", "township", D(2026, 3, 3), DIBAO)
    delegated = facts(wf.SUBMITTED, submitted_on=D(2026, 3, 2), delegated=True)
    assert run(delegated, "confirm", "township", D(2026, 3, 3)).state == wf.APPROVED
    assert run(delegated, "confirm", "county", D(2026, 3, 3)).state == wf.APPROVED  # the county keeps the power
    assert wf.awaiting(delegated, DIBAO) == "township" and wf.awaiting(f, DIBAO) == "county"
    not_delegable = wf.ProgramParams("x", "household", False, False, False, rules=("r",))
    with pytest.raises(Forbidden, match="不能委托"):
        wf.step(delegated, "confirm", "township", D(2026, 3, 3), not_delegable)


def test_city_and_administrators_cannot_act():
    for role in ("city", "auditor", "sysadmin"):
        for code, action in wf.ACTIONS.items():
            for state in action.states:
                with pytest.raises(Forbidden):
                    wf.step(facts(state), code, role, D(2026, 3, 2), DIBAO)


def test_who_does_what_table():
    table = {code: sorted(a.roles) for code, a in wf.ACTIONS.items()}
    assert table["confirm"] == table["refuse"] == ["confirming"]
    assert table["record_verification"] == ["county"] and table["county_home_visit"] == ["county"]
    assert table["spot_check"] == ["county"]
    for code in ("accept", "request_missing", "initial_review", "publish_notice", "record_objection",
                 "community_review", "reinvestigate", "submit", "record_home_visit", "request_verification"):
        assert table[code] == ["township"], code
    assert table["record_document"] == ["township", "village"]


# ---- one-time list of missing items --------------------------------------------------------------------------------

def test_missing_items_are_requested_once():
    f = run(facts(), "request_missing", "township", D(2026, 3, 2))
    assert f.state == wf.MISSING and wf.awaiting(f, DIBAO) == "village"
    f = run(f, "supplement", "village", D(2026, 3, 5))
    assert f.state == wf.APPLIED
    with pytest.raises(Conflict, match="一次性告知.*不得再次要求补充"):
        wf.step(f, "request_missing", "township", D(2026, 3, 6), DIBAO)
    assert run(f, "accept", "township", D(2026, 3, 6)).accepted_on == D(2026, 3, 6)


# ---- time limits ----------------------------------------------------------------------------------------------------

def test_start_of_investigation_within_3_working_days_across_national_day():
    f = run(facts(applied_on=D(2026, 9, 30)), "accept", "township", D(2026, 9, 30))
    d = due(f, "start_investigation", D(2026, 9, 30))
    # Oct 1–7 holidays, Oct 8 and 9 working days, Saturday Oct 10 a 调休 working day.
    assert (d.due, d.provisional, d.role) == (D(2026, 10, 10), False, "township")
    assert not due(f, "start_investigation", D(2026, 10, 10)).overdue
    assert due(f, "start_investigation", D(2026, 10, 11)).overdue
    started = run(f, "start_investigation", "township", D(2026, 10, 12))
    late = due(started, "start_investigation", D(2026, 10, 20))
    assert late.met_on == D(2026, 10, 12) and late.late and not late.overdue


def test_county_starts_the_data_check_within_3_working_days():
    f = run(run(facts(), "accept", "township", D(2026, 3, 2)), "request_verification", "township", D(2026, 3, 6))
    d = due(f, "verification")
    assert (d.due, d.role) == (D(2026, 3, 11), "county") and wf.county_verification_pending(f)
    assert not wf.county_verification_pending(run(f, "record_verification", "county", D(2026, 3, 9)))
    with pytest.raises(Conflict, match="尚待县级民政部门办理"):
        wf.step(f, "request_verification", "township", D(2026, 3, 9), DIBAO)


def test_county_decision_within_10_working_days_across_spring_festival():
    f = facts(wf.SUBMITTED, accepted_on=D(2026, 2, 2), submitted_on=D(2026, 2, 12))
    # Feb 14 and 28 are 调休 working days; Feb 16–23 the Spring Festival.
    assert due(f, "decision").due == D(2026, 3, 4)
    assert due(f, "decision").role == wf.CONFIRMING


def test_refusal_notice_within_3_working_days():
    f = run(facts(wf.SUBMITTED, accepted_on=D(2026, 4, 1), submitted_on=D(2026, 4, 20)), "refuse", "county",
            D(2026, 4, 30))
    assert f.state == wf.REFUSED and wf.awaiting(f, DIBAO) == "township"
    assert due(f, "refusal_notice").due == D(2026, 5, 8)  # May 1–5 Labour Day
    assert due(f, "decision").met_on == D(2026, 4, 30)
    done = run(f, "notify_refusal", "township", D(2026, 5, 6))
    assert done.state == wf.REFUSAL_NOTIFIED and due(done, "refusal_notice").met_on == D(2026, 5, 6)


def test_whole_case_30_working_days_20_when_delegated_45_for_objections_and_special_cases():
    base = facts(wf.INVESTIGATING, accepted_on=D(2026, 3, 2))
    assert due(base, "overall").due == D(2026, 4, 14)  # Qingming (Apr 6) skipped
    assert due(base, "overall").label == "全程办理时限（30个工作日）"
    assert due(CaseFacts(**{**base.__dict__, "delegated": True}), "overall").due == D(2026, 3, 30)
    assert due(CaseFacts(**{**base.__dict__, "special_case": True}), "overall").due == D(2026, 5, 8)
    objected = CaseFacts(**{**base.__dict__, "delegated": True, "objection_on": D(2026, 3, 20)})
    assert due(objected, "overall").due == D(2026, 5, 8)  # 45 wins over 20


def test_deadlines_past_the_known_years_are_provisional_and_never_crash():
    f = run(facts(applied_on=D(2026, 11, 23)), "accept", "township", D(2026, 11, 23))
    overall = due(f, "overall", D(2026, 11, 23))
    assert overall.provisional and overall.due == D(2027, 1, 4)
    assert not due(f, "start_investigation", D(2026, 11, 23)).provisional
    far = facts(wf.SUBMITTED, accepted_on=D(2031, 5, 5), submitted_on=D(2031, 6, 1))
    assert due(far, "decision", D(2031, 6, 1)).provisional
    local = Calendar(adjustments={D(2027, 1, 1): "holiday"})
    assert wf.deadlines(f, DIBAO, local, D(2026, 11, 23))[-1].due == D(2027, 1, 5)


def test_tekun_15_and_15_working_days_and_unsupported_child_without_notice():
    f = run(facts(program="tekun"), "accept", "township", D(2026, 3, 2), TEKUN)
    assert due(f, "initial_review", params=TEKUN).due == D(2026, 3, 23)
    assert [d.code for d in wf.deadlines(f, TEKUN, CAL, D(2026, 3, 2))] == ["initial_review"]
    sub = facts(wf.SUBMITTED, "tekun", accepted_on=D(2026, 3, 2), submitted_on=D(2026, 3, 23))
    assert due(sub, "decision", params=TEKUN).due == D(2026, 4, 14)
    child = run(facts(program="unsupported_child"), "accept", "township", D(2026, 3, 2), CHILD)
    child = run(child, "start_investigation", "township", D(2026, 3, 3), CHILD)
    child = run(child, "initial_review", "township", D(2026, 3, 10), CHILD)  # 查验 by data: no home visit needed
    assert child.state == wf.SUBMITTED and child.notice_start_on is None  # no public notice for children
    assert due(child, "initial_review", params=CHILD).due == D(2026, 3, 23)
    assert due(child, "decision", params=CHILD).due == D(2026, 3, 31)
    assert "publish_notice" not in wf.allowed_actions(child, "township", CHILD)


# ---- notice and objections -------------------------------------------------------------------------------------------

def test_public_notice_runs_7_calendar_days():
    f = dibao_to_notice(D(2026, 3, 2))
    notice = due(f, "notice")
    assert (notice.due, notice.kind, notice.overdue) == (D(2026, 3, 8), "calendar", False)
    with pytest.raises(Conflict, match="公示期未满.*2026-03-08.*2026-03-09 起方可报送"):
        wf.step(f, "submit", "township", D(2026, 3, 8), DIBAO)
    assert run(f, "submit", "township", D(2026, 3, 9)).state == wf.SUBMITTED


def test_objection_leads_to_reinvestigation_then_straight_to_the_county_with_a_county_visit():
    f = run(dibao_to_notice(D(2026, 3, 2)), "record_objection", "township", D(2026, 3, 4))
    assert f.state == wf.OBJECTION and f.needs_county_visit
    assert due(f, "overall").due == D(2026, 5, 8)  # 45 working days
    f = run(f, "reinvestigate", "township", D(2026, 3, 5))
    with pytest.raises(Conflict, match="须先重新调查或组织民主评议"):
        wf.step(f, "initial_review", "township", D(2026, 3, 5), DIBAO)
    f = run(run(f, "record_home_visit", "township", D(2026, 3, 6)), "initial_review", "township", D(2026, 3, 9))
    assert f.state == wf.SUBMITTED  # 低保: the new opinion goes to the county without a second notice
    with pytest.raises(Conflict, match="有异议或投诉举报：须先由县级民政部门入户调查"):
        wf.step(f, "confirm", "county", D(2026, 3, 10), DIBAO)
    f = run(run(f, "county_home_visit", "county", D(2026, 3, 10)), "confirm", "county", D(2026, 3, 11))
    assert f.state == wf.APPROVED


def test_objection_resolved_by_community_review_and_tekun_posts_again():
    f = facts(wf.IN_NOTICE, "tekun", accepted_on=D(2026, 3, 2), notice_start_on=D(2026, 3, 16),
              last_home_visit_on=D(2026, 3, 3), verification_requested_on=D(2026, 3, 3),
              verification_started_on=D(2026, 3, 4), initial_review_on=D(2026, 3, 13))
    f = run(f, "record_objection", "township", D(2026, 3, 18), TEKUN)
    f = run(f, "community_review", "township", D(2026, 3, 20), TEKUN)
    assert due(f, "initial_review", params=TEKUN).due == D(2026, 4, 9)  # new 初审 15 WD from the objection
    f = run(f, "initial_review", "township", D(2026, 3, 23), TEKUN)
    assert f.state == wf.REVIEWED  # 特困: the new opinion is posted again
    assert run(f, "publish_notice", "township", D(2026, 3, 24), TEKUN).notice_start_on == D(2026, 3, 24)


def test_initial_review_needs_a_home_visit_and_the_data_check():
    f = run(facts(), "accept", "township", D(2026, 3, 2))
    f = run(f, "start_investigation", "township", D(2026, 3, 2))
    with pytest.raises(Conflict, match="须先完成入户调查"):
        wf.step(f, "initial_review", "township", D(2026, 3, 3), DIBAO)
    f = run(f, "record_home_visit", "township", D(2026, 3, 3))
    with pytest.raises(Conflict, match="核对结果"):
        wf.step(f, "initial_review", "township", D(2026, 3, 3), DIBAO)


# ---- conflict of interest and spot checks -----------------------------------------------------------------------------

def test_conflict_of_interest_needs_a_county_home_visit_before_confirmation_even_when_delegated():
    f = facts(wf.SUBMITTED, accepted_on=D(2026, 3, 2), submitted_on=D(2026, 3, 12), conflict_of_interest=True,
              delegated=True)
    for role in ("county", "township"):
        with pytest.raises(Conflict, match="近亲属关系，已单独登记备案：须先由县级民政部门入户调查"):
            wf.step(f, "confirm", role, D(2026, 3, 13), DIBAO)
    with pytest.raises(Forbidden):
        wf.step(f, "county_home_visit", "township", D(2026, 3, 13), DIBAO)
    f = run(f, "county_home_visit", "county", D(2026, 3, 13))
    assert run(f, "confirm", "township", D(2026, 3, 14)).state == wf.APPROVED
    assert run(f, "refuse", "county", D(2026, 3, 14)).state == wf.REFUSED  # refusing needs no visit


def test_spot_checks_never_fall_below_30_percent():
    import random

    for draws in (lambda: 0.99, lambda: 0.0, random.Random(5).random):
        n = selected = 0
        for _ in range(200):
            if wf.spot_check_draw(n, selected, Decimal("0.30"), draws()):
                selected += 1
            n += 1
            assert selected >= Decimal("0.30") * n
    assert sum(wf.spot_check_draw(k, 10 ** 6, Decimal("0.30"), 0.99) for k in range(10)) == 0
    assert not wf.spot_check_draw(0, 0, Decimal(0), 0.0)
    f = facts(wf.SUBMITTED, "tekun", submitted_on=D(2026, 3, 2), spot_check_required=True)
    with pytest.raises(Conflict, match="抽中.*抽查"):
        wf.step(f, "confirm", "county", D(2026, 3, 3), TEKUN)
    f = run(f, "spot_check", "county", D(2026, 3, 3), TEKUN)
    assert run(f, "confirm", "county", D(2026, 3, 4), TEKUN).state == wf.APPROVED


# ---- after the decision ----------------------------------------------------------------------------------------------

def test_entitlement_from_the_month_after_confirmation():
    assert wf.entitlement_start(D(2026, 11, 30)) == D(2026, 12, 1)
    assert wf.entitlement_start(D(2026, 12, 1)) == D(2027, 1, 1)
    assert wf.validity_end(D(2026, 12, 1), programs.PROCEDURES["rigid_expense"]) == D(2027, 11, 1)
    assert wf.validity_end(D(2026, 12, 1), DIBAO) is None


def test_review_every_12_months_or_6_for_irregular_income_or_members_able_to_work():
    assert wf.review_interval(DIBAO, False, False) == 12
    assert wf.review_interval(DIBAO, True, False) == 6
    assert wf.review_interval(DIBAO, False, True) == 6
    assert wf.review_interval(programs.PROCEDURES["disability_care"], True, True) is None


def test_gradual_exit_at_most_6_months():
    assert wf.gradual_exit_end(D(2026, 12, 1), 6, DIBAO) == D(2027, 5, 1)
    assert wf.gradual_exit_end(D(2026, 12, 15), 1, DIBAO) == D(2026, 12, 1)
    for months in (0, 7):
        with pytest.raises(Conflict, match="1 至 6 个月"):
            wf.gradual_exit_end(D(2026, 12, 1), months, DIBAO)
    with pytest.raises(Conflict, match="没有渐退期"):
        wf.gradual_exit_end(D(2026, 12, 1), 3, TEKUN)


def test_stop_on_death_from_the_next_month():
    assert wf.last_month_before_death(D(2026, 11, 1)) == D(2026, 11, 1)
    assert wf.last_month_before_death(D(2026, 11, 30)) == D(2026, 11, 1)
    assert wf.death_review_due(D(2026, 11, 30)) == D(2027, 2, 28)
    assert wf.death_review_due(D(2026, 3, 10)) == D(2026, 6, 10)


# ==== services and API (database) =========================================================================================

TOWNSHIP_A, TOWNSHIP_C, COUNTY, CITY = "330902001000", "330902002000", "330902000000", "330900000000"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def demo_standards(db):
    from minzheng.synthetic import DEMO_STANDARDS as DEMO_FILE
    from minzheng.benefits.standards import load_csv

    assert not load_csv(DEMO_FILE).errors


@pytest.fixture
def staff(make_user):
    return {"village": make_user("village", "330902001001"), "township": make_user("township", TOWNSHIP_A),
            "county": make_user("county", COUNTY), "city": make_user("city", CITY),
            "other_township": make_user("township", TOWNSHIP_C), "other_village": make_user("village", "330902001002"),
            "other_county": make_user("county", "330903000000"), "auditor": make_user("auditor", COUNTY)}


def make_family(actor, members, region="330902001001", urban_rural="urban", incomes=None, year=2025):
    """members: [(name, birth 'YYYYMMDD', sex, extra person fields)]; the first is the head."""
    from minzheng.registry import services
    from minzheng.registry.models import Income
    from tests.conftest import make_id

    people = []
    for name, born, sex, *extra in members:
        data = {"name": name, "id_number": make_id(born, sex), "region_code": region, **(extra[0] if extra else {})}
        people.append(services.create_person(actor, data))
    household = services.create_household(actor, {
        "region_code": region, "urban_rural": urban_rural,
        "members": [{"person_id": p.pk, "relation": "户主" if i == 0 else "子"} for i, p in enumerate(people)]})
    for index, kind, amount in incomes or []:
        Income.objects.create(person=people[index], kind=kind, year=year, annual_amount=Decimal(amount))
    return household, people


@pytest.fixture
def poor_family(staff):
    """A mother of 46 without work and two children: eligible for 低保 under the demo standards."""
    return make_family(staff["village"], [("王芳", "19800315", "F", {"labour_capacity": "partial"}),
                                          ("王小明", "20120601", "M"), ("王小红", "20150901", "F")],
                       incomes=[(0, "wage", "3600")])


def today(monkeypatch, day: str):
    monkeypatch.setenv("MINZHENG_TODAY", day)


def act(client, case_id, action, expect=200, **data):
    response = post(client, f"/api/v1/cases/{case_id}/actions", {"action": action, **data})
    assert response.status_code == expect, response.content.decode()
    return response.json()


VISIT = {"investigators": ["张调查", "李调查"], "member_signature": "王芳", "findings": "家中无大额财产，成员情况属实"}


def open_case(staff, api_client, family, monkeypatch, day="2026-11-02", **extra):
    today(monkeypatch, day)
    household, people = family
    body = {"program": "dibao", "household_id": household.pk, "applicant_id": people[0].pk, "channel": "clerk",
            "proxy_document": "委托书（2026-10-30）", "bank_account": "6222 0202 0000 1234 567",
            "bank_name": "工商银行定海支行", **extra}
    response = post(api_client(staff["village"]), "/api/v1/cases", body)
    assert response.status_code == 201, response.content.decode()
    return response.json()


def to_submitted(staff, api_client, family, monkeypatch):
    case = open_case(staff, api_client, family, monkeypatch)
    town, county = api_client(staff["township"]), api_client(staff["county"])
    act(town, case["id"], "accept")
    act(town, case["id"], "record_home_visit", **VISIT)
    act(town, case["id"], "request_verification")
    act(county, case["id"], "record_verification", result="passed", report_ref="HD-2026-001", summary="无异常")
    act(town, case["id"], "initial_review", opinion="拟同意纳入低保", recommend="approve")
    act(town, case["id"], "publish_notice", place="甲社区公开栏")
    today(monkeypatch, "2026-11-09")
    return act(town, case["id"], "submit")


def test_a_dibao_case_from_application_to_entitlement(staff, api_client, poor_family, demo_standards, monkeypatch):
    from minzheng.benefits.models import Entitlement, Review
    from minzheng.core.models import AuditEntry

    household, people = poor_family
    village, town, county = (api_client(staff[k]) for k in ("village", "township", "county"))
    today(monkeypatch, "2026-11-02")
    bad = post(village, "/api/v1/cases", {"program": "dibao", "household_id": household.pk,
                                          "applicant_id": people[0].pk, "channel": "clerk"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "proxy_document"
    case = open_case(staff, api_client, poor_family, monkeypatch)
    assert (case["state"], case["awaiting_role"], case["channel"]) == ("applied", "township", "clerk")
    assert case["bank_account"] == "6222***********4567"
    cid = case["id"]
    assert act(town, cid, "request_missing", items=["户口簿复印件", "收入证明"])["state"] == "missing_items"
    assert act(village, cid, "supplement", note="已补齐")["state"] == "applied"
    assert "不得再次要求补充" in act(town, cid, "request_missing", 409, items=["x"])["detail"]
    case = act(town, cid, "accept")
    assert case["state"] == "accepted" and case["due_on"] == "2026-11-05"  # start the investigation: 3 WD
    short = act(town, cid, "record_home_visit", 422, investigators=["张调查"], member_signature="王芳", findings="x")
    assert short["errors"][0] == {"field": "investigators", "message": "调查人员不少于 2 人（不同的人）"}
    case = act(town, cid, "record_home_visit", **VISIT)
    assert case["state"] == "investigating"
    assert case["timeline"][-1]["signed_by"] == ["张调查", "李调查", "王芳"]
    act(town, cid, "request_verification")
    assert [r["id"] for r in county.get("/api/v1/cases/inbox").json()] == [cid]
    assert county.get("/api/v1/cases/inbox").json()[0]["task"] == "verification"
    act(county, cid, "record_verification", result="passed", report_ref="HD-2026-001", summary="无异常")
    assert county.get("/api/v1/cases/inbox").json() == []
    case = act(town, cid, "initial_review", opinion="拟同意纳入低保", recommend="approve")
    assert case["state"] == "reviewed" and Decimal(case["policy_amount"]) > 0
    case = act(town, cid, "publish_notice", place="甲社区公开栏")
    notice = next(d for d in case["deadlines"] if d["code"] == "notice")
    assert notice["due"] == "2026-11-08" and notice["kind"] == "calendar"
    assert "公示期未满" in act(town, cid, "submit", 409)["detail"]
    today(monkeypatch, "2026-11-09")
    case = act(town, cid, "submit")
    assert (case["state"], case["awaiting_role"]) == ("submitted", "county")
    decision = next(d for d in case["deadlines"] if d["code"] == "decision")
    assert decision["due"] == "2026-11-23" and not decision["provisional"]
    assert "未将审核确认委托本乡镇" in act(town, cid, "confirm", 403)["detail"]
    assert "您的角色不能办理" in act(village, cid, "confirm", 403)["detail"]
    policy = Decimal(case["policy_amount"])
    err = act(county, cid, "confirm", 422, amount=str(policy + 100))
    assert err["errors"][0]["field"] == "override_reason"
    today(monkeypatch, "2026-11-10")
    case = act(county, cid, "confirm")
    assert case["state"] == "approved" and case["amount"] == case["policy_amount"]
    assert case["policy_result"]["eligible"] and case["policy_result"]["month"] == "2026-12"
    ent = Entitlement.objects.get(source_case_id=cid)
    assert (ent.program, ent.person_id, ent.household_id, ent.start_month, ent.end_month, ent.status) == (
        "dibao", None, household.pk, D(2026, 12, 1), None, "active")
    assert ent.payee_id == people[0].pk and ent.bank_account_masked == "6222***********4567"
    assert bytes(ent.bank_account_enc).find(b"6222") == -1  # encrypted at rest
    assert Review.objects.get(entitlement=ent).due_on == D(2027, 12, 1)  # yearly: nobody fully able to work
    case = act(town, cid, "issue_decision", document_no="定海低保〔2026〕001")
    assert case["state"] == "granted" and case["awaiting_role"] is None
    overall = next(d for d in case["deadlines"] if d["code"] == "overall")
    assert overall["met_on"] == "2026-11-10" and not overall["overdue"] and not overall["late"]
    labels = [e["label"] for e in case["timeline"]]
    assert labels[:4] == ["提出申请", "一次性告知补齐材料", "材料已补齐", "受理"] and labels[-1] == "送达确认通知书"
    assert AuditEntry.objects.filter(object_type="case", object_id=str(cid)).count() == len(labels)
    assert AuditEntry.objects.filter(object_type="entitlement", object_id=str(ent.pk)).exists()
    done = town.get("/api/v1/cases/done").json()
    assert [r["id"] for r in done] == [cid]


def test_scope_404_and_read_only_roles_403(staff, api_client, poor_family, demo_standards, monkeypatch):
    case = open_case(staff, api_client, poor_family, monkeypatch)
    url = f"/api/v1/cases/{case['id']}"
    for who in ("other_township", "other_village", "other_county"):
        assert api_client(staff[who]).get(url).status_code == 404
        assert post(api_client(staff[who]), url + "/actions", {"action": "accept"}).status_code == 404
    city = api_client(staff["city"])
    assert city.get(url).status_code == 200 and city.get(url).json()["allowed_actions"] == []
    assert post(city, url + "/actions", {"action": "accept"}).status_code == 403
    assert api_client(staff["auditor"]).get(url).status_code == 403
    assert post(city, "/api/v1/cases", {"program": "dibao"}).status_code == 403
    assert "不能办理“受理”" in act(api_client(staff["county"]), case["id"], "accept", 403)["detail"]


def test_delegation_lets_the_township_confirm_and_shortens_the_limit(staff, api_client, poor_family, demo_standards,
                                                                    monkeypatch):
    town, county = api_client(staff["township"]), api_client(staff["county"])
    body = {"program": "dibao", "region_code": "330902", "delegated": True, "effective_from": "2026-11-01",
            "document": "定民〔2026〕12号"}
    assert post(town, "/api/v1/delegations", body).status_code == 403
    assert post(county, "/api/v1/delegations", {**body, "program": "orphan"}).status_code == 422
    assert post(county, "/api/v1/delegations", body).status_code == 201
    assert post(county, "/api/v1/delegations", body).status_code == 409  # same start date: add a new row instead
    assert [d["delegated"] for d in town.get("/api/v1/delegations").json()] == [True]
    case = to_submitted(staff, api_client, poor_family, monkeypatch)
    assert case["delegated"] and case["awaiting_role"] == "township" and case["confirming_role"] == "township"
    overall = next(d for d in case["deadlines"] if d["code"] == "overall")
    assert overall["label"] == "全程办理时限（20个工作日）" and overall["due"] == "2026-11-30"
    assert [r["id"] for r in town.get("/api/v1/cases/inbox").json()] == [case["id"]]
    assert county.get("/api/v1/cases/inbox").json() == []
    assert act(town, case["id"], "confirm")["state"] == "approved"


def test_delegation_taken_back_for_one_township(staff, db):
    from minzheng.benefits import registers

    county = staff["county"]
    registers.set_delegation(county, {"program": "dibao", "region_code": "330902", "delegated": True,
                                      "effective_from": "2026-01-01", "document": "县文"})
    registers.set_delegation(county, {"program": "dibao", "region_code": TOWNSHIP_A, "delegated": False,
                                      "effective_from": "2026-06-01", "document": "收回"})
    assert registers.delegated("dibao", "330902001001", D(2026, 5, 31))
    assert not registers.delegated("dibao", "330902001001", D(2026, 6, 1))
    assert registers.delegated("dibao", "330902002001", D(2026, 6, 1))
    assert not registers.delegated("tekun", "330902002001", D(2026, 6, 1))


def test_conflict_of_interest_register_flags_the_case(staff, api_client, poor_family, demo_standards, monkeypatch):
    household, people = poor_family
    town, county = api_client(staff["township"]), api_client(staff["county"])
    case = to_submitted(staff, api_client, poor_family, monkeypatch)
    assert not case["conflict_of_interest"]
    assert post(api_client(staff["village"]), "/api/v1/conflict-register", {}).status_code == 403
    row = post(town, "/api/v1/conflict-register", {"relative_id": people[1].pk, "staff_kind": "committee",
                                                   "staff_name": "王村委", "relation": "外甥"})
    assert row.status_code == 201
    case = town.get(f"/api/v1/cases/{case['id']}").json()
    assert case["conflict_of_interest"] and case["needs_county_visit"]
    assert case["timeline"][-1]["action"] == "flag_conflict"
    assert "单独登记备案" in act(county, case["id"], "confirm", 409)["detail"]
    assert act(town, case["id"], "county_home_visit", 403, **VISIT)
    act(county, case["id"], "county_home_visit", **VISIT)
    assert act(county, case["id"], "confirm")["state"] == "approved"
    other, others = make_family(staff["village"], [("李四", "19600101", "M")])
    from minzheng.benefits import registers

    registers.register_relative(staff["county"], {"relative_id": others[0].pk, "staff_kind": "staff",
                                                  "staff_name": "县经办", "relation": "父子"})
    created = post(api_client(staff["township"]), "/api/v1/cases", {
        "program": "dibao", "household_id": other.pk, "applicant_id": others[0].pk}).json()
    assert created["conflict_of_interest"] and created["channel"] == "family"


def test_objection_through_the_api(staff, api_client, poor_family, demo_standards, monkeypatch):
    from minzheng.benefits.models import Objection

    town, county = api_client(staff["township"]), api_client(staff["county"])
    case = open_case(staff, api_client, poor_family, monkeypatch)
    cid = case["id"]
    for action, data in (("accept", {}), ("record_home_visit", VISIT), ("request_verification", {})):
        act(town, cid, action, **data)
    act(county, cid, "record_verification", result="passed", report_ref="R1", summary="ok")
    act(town, cid, "initial_review", opinion="拟同意", recommend="approve")
    act(town, cid, "publish_notice")
    assert act(town, cid, "record_objection", 422)["errors"][0]["field"] == "content"
    case = act(town, cid, "record_objection", content="该户有营运车辆", raised_by="匿名")
    assert case["state"] == "objection" and case["needs_county_visit"]
    assert next(d for d in case["deadlines"] if d["code"] == "overall")["label"] == "全程办理时限（45个工作日）"
    act(town, cid, "community_review", participants=["村民代表甲", "村民代表乙", "村委会"], outcome="车辆已转让，情况属实")
    assert Objection.objects.get(case_id=cid).resolution == "community_review"
    case = act(town, cid, "initial_review", opinion="评议后拟同意", recommend="approve")
    assert case["state"] == "submitted"
    assert "须先由县级民政部门入户调查" in act(county, cid, "confirm", 409)["detail"]


def test_refusal_and_withdrawal(staff, api_client, poor_family, demo_standards, monkeypatch):
    town, county = api_client(staff["township"]), api_client(staff["county"])
    case = to_submitted(staff, api_client, poor_family, monkeypatch)
    assert act(county, case["id"], "refuse", 422)["errors"][0]["field"] == "reason"
    case = act(county, case["id"], "refuse", reason="家庭财产超过规定")
    assert case["state"] == "refused" and case["awaiting_role"] == "township"
    notice = next(d for d in case["deadlines"] if d["code"] == "refusal_notice")
    assert notice["due"] == "2026-11-12"
    today(monkeypatch, "2026-11-13")
    row = town.get("/api/v1/cases/inbox").json()[0]
    assert row["id"] == case["id"] and row["overdue"] and row["due_on"] == "2026-11-12"
    case = act(town, case["id"], "notify_refusal", method="当面送达")
    assert case["state"] == "refusal_notified"
    assert next(d for d in case["deadlines"] if d["code"] == "refusal_notice")["late"]
    # A closed case does not block a new application; an open one does.
    household, people = poor_family
    again = post(api_client(staff["village"]), "/api/v1/cases", {
        "program": "dibao", "household_id": household.pk, "applicant_id": people[0].pk, "channel": "online"})
    assert again.status_code == 201
    dup = post(town, "/api/v1/cases", {"program": "dibao", "household_id": household.pk,
                                       "applicant_id": people[0].pk})
    assert dup.status_code == 409 and "已有在办的最低生活保障申请" in dup.json()["detail"]
    assert act(api_client(staff["village"]), again.json()["id"], "withdraw", reason="家庭自愿撤回")["state"] == "withdrawn"


def test_inbox_orders_by_urgency_and_marks_overdue(staff, api_client, demo_standards, monkeypatch):
    village, town = api_client(staff["village"]), api_client(staff["township"])
    ids = []
    for i, day in enumerate(("2026-11-02", "2026-11-04", "2026-11-03")):
        household, people = make_family(staff["village"], [(f"户主{i}", "19700101", "M")])
        today(monkeypatch, day)
        case = post(village, "/api/v1/cases", {"program": "dibao", "household_id": household.pk,
                                               "applicant_id": people[0].pk, "channel": "online"}).json()
        act(town, case["id"], "accept")
        ids.append(case["id"])
    household, people = make_family(staff["village"], [("新申请", "19700101", "M")])
    fresh = post(village, "/api/v1/cases", {"program": "dibao", "household_id": household.pk,
                                           "applicant_id": people[0].pk, "channel": "online"}).json()
    today(monkeypatch, "2026-11-06")
    rows = town.get("/api/v1/cases/inbox").json()
    assert [r["id"] for r in rows] == [ids[0], ids[2], ids[1], fresh["id"]]  # no deadline (awaiting acceptance) last
    assert [r["due_on"] for r in rows] == ["2026-11-05", "2026-11-06", "2026-11-09", None]
    assert [r["overdue"] for r in rows] == [True, False, False, False]
    assert [r["task"] for r in rows[:3]] == ["start_investigation"] * 3
    assert api_client(staff["other_township"]).get("/api/v1/cases/inbox").json() == []
    assert api_client(staff["city"]).get("/api/v1/cases/inbox").json() == []
    listed = town.get("/api/v1/cases", {"overdue": True}).json()
    assert [r["id"] for r in listed] == [ids[0]]


def test_tekun_case_is_spot_checked_and_pays_the_person(staff, api_client, demo_standards, monkeypatch):
    from minzheng.benefits.models import Entitlement

    household, people = make_family(staff["village"], [("孤老", "19480101", "M", {"labour_capacity": "none"})],
                                    incomes=[(0, "basic_pension", "2400")])
    town, county = api_client(staff["township"]), api_client(staff["county"])
    today(monkeypatch, "2026-11-02")
    facts = {"support_payer_able": False, "members": {str(people[0].pk): {"self_care_unmet": 2}}}
    missing = post(town, "/api/v1/cases", {"program": "tekun", "household_id": household.pk,
                                           "applicant_id": people[0].pk, "facts": facts})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "beneficiary_id"
    case = post(town, "/api/v1/cases", {"program": "tekun", "household_id": household.pk,
                                        "applicant_id": people[0].pk, "beneficiary_id": people[0].pk,
                                        "facts": facts})
    assert case.status_code == 201, case.content
    cid = case.json()["id"]
    assert case.json()["subtype"] == "dispersed"
    for action, data in (("accept", {}), ("record_home_visit", {**VISIT, "member_signature": "孤老"}),
                         ("request_verification", {})):
        act(town, cid, action, **data)
    act(county, cid, "record_verification", result="passed", report_ref="R", summary="无")
    act(town, cid, "initial_review", opinion="符合特困条件", recommend="approve")
    act(town, cid, "publish_notice")
    today(monkeypatch, "2026-11-09")
    case = act(town, cid, "submit")
    assert case["spot_check_required"]  # the county's first 特困 case this year is always checked
    assert next(d for d in case["deadlines"] if d["code"] == "decision")["due"] == "2026-11-30"  # 15 WD
    assert "抽查" in act(county, cid, "confirm", 409)["detail"]
    act(county, cid, "spot_check", result="consistent", findings="情况属实")
    case = act(county, cid, "confirm")
    ent = Entitlement.objects.get(source_case_id=cid)
    assert ent.person_id == people[0].pk and ent.monthly_amount == Decimal(case["amount"]) > 0
    assert ent.review_months is None


def test_facts_are_validated_with_field_paths(staff, api_client, poor_family, demo_standards, monkeypatch):
    household, people = poor_family
    today(monkeypatch, "2026-11-02")
    bad = post(api_client(staff["township"]), "/api/v1/cases", {
        "program": "dibao", "household_id": household.pk, "applicant_id": people[0].pk,
        "facts": {"assets": {"financial": 12.5}, "members": {str(people[1].pk): {"self_care_unmet": 9},
                                                             "999999": {}}, "color": "red"}})
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"facts.color", "facts.members.999999"} <= fields
    bad = post(api_client(staff["township"]), "/api/v1/cases", {
        "program": "dibao", "household_id": household.pk, "applicant_id": people[0].pk,
        "facts": {"assets": {"financial": 12.5}, "members": {str(people[1].pk): {"self_care_unmet": 9}}}})
    fields = {e["field"]: e["message"] for e in bad.json()["errors"]}
    assert "JSON 小数" in fields["facts.assets.financial"]
    assert f"facts.members.{people[1].pk}.self_care_unmet" in fields
    no_amount = post(api_client(staff["township"]), "/api/v1/cases", {
        "program": "temporary", "household_id": household.pk, "applicant_id": people[0].pk})
    assert no_amount.status_code == 422
    assert no_amount.json()["errors"][0]["field"] == "facts.requested_amount", no_amount.json()


def test_missing_standard_blocks_the_initial_review_with_its_name(staff, api_client, poor_family, monkeypatch):
    town, county = api_client(staff["township"]), api_client(staff["county"])
    case = open_case(staff, api_client, poor_family, monkeypatch)
    for action, data in (("accept", {}), ("record_home_visit", VISIT), ("request_verification", {})):
        act(town, case["id"], action, **data)
    act(county, case["id"], "record_verification", result="passed", report_ref="R", summary="-")
    err = act(town, case["id"], "initial_review", 422, opinion="拟同意", recommend="approve")
    assert "缺少标准“最低生活保障·低保标准”" in err["detail"]
    assert town.get(f"/api/v1/cases/{case['id']}").json()["state"] == "investigating"  # nothing written


# ---- entitlements after the decision ---------------------------------------------------------------------------------

@pytest.fixture
def granted(staff, api_client, poor_family, demo_standards, monkeypatch):
    """A confirmed 低保 case (decided 2026-11-10, paid from 2026-12) and its entitlement."""
    from minzheng.benefits.models import Entitlement

    case = to_submitted(staff, api_client, poor_family, monkeypatch)
    today(monkeypatch, "2026-11-10")
    act(api_client(staff["county"]), case["id"], "confirm")
    return Entitlement.objects.get(source_case_id=case["id"])


def ent_act(client, ent_id, action, expect=200, **data):
    response = post(client, f"/api/v1/entitlements/{ent_id}/actions", {"action": action, **data})
    assert response.status_code == expect, response.content.decode()
    return response.json()


def test_changes_need_reasons_and_notice_and_the_right_level(staff, api_client, granted, monkeypatch):
    from minzheng.benefits.entitlements import amount_in_month
    from minzheng.benefits.models import EntitlementChange

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
    listed = county.get("/api/v1/entitlements", {"status": "gradual_exit"}).json()
    assert [e["id"] for e in listed] == [granted.pk]


def test_death_stops_own_entitlements_and_rechecks_the_household(staff, api_client, monkeypatch, demo_standards):
    from minzheng.benefits import entitlements
    from minzheng.benefits.models import Review
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
    rows = town.get("/api/v1/reviews", {"due_before": "2027-06-30"}).json()
    assert [r["id"] for r in rows] == [review.pk]
    today(monkeypatch, "2027-06-03")
    assert town.get("/api/v1/reviews").json()[0]["overdue"]
    ent_act(town, review.entitlement_id, "review", outcome="unchanged")
    review.refresh_from_db()
    assert review.done_on == D(2027, 6, 3)
    assert Review.objects.get(entitlement_id=review.entitlement_id, done_on__isnull=True).due_on == D(2027, 12, 1)


def test_refresh_deadlines_after_the_calendar_changes_and_the_cli(staff, poor_family, demo_standards, monkeypatch,
                                                                capsys):
    from minzheng import cli
    from minzheng.benefits import cases
    from minzheng.benefits.models import Case
    from minzheng.core.models import CalendarDay

    household, people = poor_family
    monkeypatch.setenv("MINZHENG_TODAY", "2026-12-28")
    case = Case.objects.create(program="dibao", household=household, applicant=people[0], region_code=household.region_id,
                               state="submitted", channel="family", applied_on=D(2026, 12, 1),
                               accepted_on=D(2026, 12, 1), submitted_on=D(2026, 12, 28))
    assert cases.refresh_deadlines() == {"open_cases": 1, "changed": 1}
    case.refresh_from_db()
    assert (case.due_on, case.due_code, case.due_provisional) == (D(2027, 1, 11), "decision", True)
    CalendarDay.objects.create(day=D(2027, 1, 1), kind="holiday", note="元旦（2027年放假安排）")
    assert cases.refresh_deadlines("330902") == {"open_cases": 1, "changed": 1}
    case.refresh_from_db()
    assert case.due_on == D(2027, 1, 12)
    assert cli.main(["cases", "inbox", "--user", staff["county"].username]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [case.pk]
    assert cli.main(["cases", "act", str(case.pk), "refuse", "--user", staff["county"].username,
                     "--data", '{"reason": "收入超标"}']) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "refused"
    assert cli.main(["cases", "act", str(case.pk), "notify_refusal", "--user", staff["township"].username,
                     "--data", '{"method": "当面送达"}']) == 0
    capsys.readouterr()
    assert cli.main(["cases", "show", str(case.pk), "--user", staff["city"].username]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["state"] == "refusal_notified" and shown["allowed_actions"] == []


def test_database_allows_one_open_case_per_household_and_program(staff, poor_family):
    from django.db import IntegrityError, transaction

    from minzheng.benefits.models import Case

    household, people = poor_family

    def new(**kw):
        return Case.objects.create(program=kw.pop("program", "dibao"), household=household, applicant=people[0],
                                   region_code=household.region_id, channel="family", applied_on=D(2026, 11, 2),
                                   **{"state": "applied", **kw})

    first = new()
    with pytest.raises(IntegrityError), transaction.atomic():
        new()
    new(program="tekun", beneficiary=people[1])
    new(program="tekun", beneficiary=people[2])  # another person: allowed
    Case.objects.filter(pk=first.pk).update(state="withdrawn")
    new()  # the first one is closed
