"""The case workflow engine (benefits.workflow), pure: states × actions × roles, every time limit on the working-day
calendar, the notice, objections, delegation, conflict of interest, spot checks, and what follows the decision
(start month, reviews, gradual exit, death)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.benefits import programs
from minzheng.benefits import workflow as wf
from minzheng.benefits.workflow import CaseFacts
from minzheng.core.errors import Conflict, Forbidden
from minzheng.core.tests.calendars import pinned_calendar

D = dt.date
DIBAO, TEKUN = programs.PROCEDURES["dibao"], programs.PROCEDURES["tekun"]
CHILD = programs.PROCEDURES["unsupported_child"]
CAL = pinned_calendar()  # the State Council schedule only (no database), pinned to the years known in 2026


def facts(state=wf.APPLIED, program="dibao", **kw) -> CaseFacts:
    return CaseFacts(program=program, state=state, applied_on=kw.pop("applied_on", D(2026, 3, 2)), **kw)


def run(f: CaseFacts, action: str, role: str, today: D, params=DIBAO) -> CaseFacts:
    return wf.apply(f, wf.step(f, action, role, today, params))


MARCH_2 = D(2026, 3, 2)


def due(f: CaseFacts, code: str, today: D = MARCH_2, params=DIBAO) -> wf.Due:
    found = [d for d in wf.deadlines(f, params, CAL, today) if d.code == code]
    assert found, f"no deadline {code}"
    return found[0]


# ---- the state machine ---------------------------------------------------------------------------------------------

def dibao_to_notice(start=MARCH_2) -> CaseFacts:
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
    with pytest.raises(Conflict, match=r"一次性告知.*不得再次要求补充"):
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
    local = pinned_calendar({D(2027, 1, 1): "holiday"})
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
    with pytest.raises(Conflict, match=r"公示期未满.*2026-03-08.*2026-03-09 起方可报送"):
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


# ---- conflict of interest and spot checks ----------------------------------------------------------------------------

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
        selected = 0
        for n in range(200):
            if wf.spot_check_draw(n, selected, Decimal("0.30"), draws()):
                selected += 1
            assert selected >= Decimal("0.30") * (n + 1)
    assert sum(wf.spot_check_draw(k, 10 ** 6, Decimal("0.30"), 0.99) for k in range(10)) == 0
    assert not wf.spot_check_draw(0, 0, Decimal(0), 0.0)
    f = facts(wf.SUBMITTED, "tekun", submitted_on=D(2026, 3, 2), spot_check_required=True)
    with pytest.raises(Conflict, match=r"抽中.*抽查"):
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
