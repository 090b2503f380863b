"""Warnings become work: assist opens a prefilled case in the chosen program through the benefits services, refer
records the referral (and later the receiving body's answer), dismiss needs a reason; a handled warning is not
handled twice; the county refers or dismisses but does not open cases; warnings show in the household's chain."""

from __future__ import annotations

import pytest

from minzheng.benefits.models import Case
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.monitoring import scoring
from minzheng.monitoring.models import Referral, Warning
from minzheng.monitoring.services import warnings

pytestmark = pytest.mark.django_db


@pytest.fixture
def warned(world):
    scoring.run("2026-11")
    return {k: Warning.objects.get(household_id=v) for k, v in world["h"].items()
            if Warning.objects.filter(household_id=v).exists()}


def test_assist_opens_a_prefilled_case_in_the_chosen_program(world, warned):
    w = warned["low"]  # 其他困难人员, receiving nothing yet
    warning, case, _ = warnings.decide(world["township"], w.pk, {"outcome": "assist", "program": "dibao"})
    case = Case.objects.get(pk=case.pk)
    assert case.program == "dibao" and case.household_id == w.household_id and case.state == "applied"
    assert case.applicant_id == world["fam"]["low"][1][0].pk and case.region_code == w.region_code
    assert warning.status == "assisted" and warning.case_id == case.pk and warning.outcome == "assist"
    with pytest.raises(Conflict):  # handled once
        warnings.decide(world["township"], w.pk, {"outcome": "dismiss", "reason": "重复"})


def test_assist_in_a_person_program_names_the_warnings_person(world, warned):
    w = warned["poverty"]
    with pytest.raises(ValidationFailed) as exc:  # 特困 needs a recorded fact the warning cannot know: nothing written
        warnings.decide(world["township"], w.pk, {"outcome": "assist", "program": "tekun"})
    assert exc.value.errors[0].field == "facts.support_payer_able"
    assert Warning.objects.get(pk=w.pk).status == "open" and not Case.objects.filter(program="tekun",
                                                                                      household=w.household).exists()
    # The visit found no able support payer: the outcome records it and the 特困 application opens with that fact.
    _, case, _ = warnings.decide(world["township"], w.pk, {"outcome": "assist", "program": "tekun",
                                                          "support_payer_able": False})
    case = Case.objects.get(pk=case.pk)
    assert case.program == "tekun" and case.beneficiary_id == w.person_id and case.state == "applied"
    assert case.facts["support_payer_able"] is False


def test_assist_in_a_program_the_household_already_holds_is_refused_and_nothing_is_written(world, warned):
    w = warned["medical"]  # a 低保 household
    with pytest.raises(Conflict):
        warnings.decide(world["township"], w.pk, {"outcome": "assist", "program": "dibao"})
    w.refresh_from_db()
    assert w.status == "open" and w.case_id is None


def test_refer_records_the_referral_and_its_answer(world, warned):
    w = warned["medical"]
    warning, _, referral = warnings.decide(world["county"], w.pk, {
        "outcome": "refer", "referral_to": "medical", "receiving_body": "定海区医疗保障局", "reason": "大额医疗自付"})
    assert warning.status == "referred"
    r = Referral.objects.get(pk=referral.pk)
    assert (r.referral_to, r.receiving_body, r.status, r.household_id) == ("medical", "定海区医疗保障局", "sent",
                                                                           w.household_id)
    answered = warnings.answer_referral(world["township"], r.pk, {"status": "accepted", "answer": "已纳入医疗救助"})
    assert answered.status == "accepted" and answered.answer == "已纳入医疗救助"
    with pytest.raises(Conflict):
        warnings.answer_referral(world["township"], r.pk, {"status": "declined", "answer": "再答"})


def test_dismiss_needs_a_reason_and_the_county_cannot_open_cases(world, warned):
    w = warned["disaster"]
    with pytest.raises(ValidationFailed) as exc:
        warnings.decide(world["township"], w.pk, {"outcome": "dismiss"})
    assert exc.value.errors[0].field == "reason"
    with pytest.raises(ValidationFailed):
        warnings.decide(world["township"], w.pk, {"outcome": "refer", "referral_to": "bank"})
    with pytest.raises(Forbidden):
        warnings.decide(world["county"], w.pk, {"outcome": "assist", "program": "temporary"})
    warning, _, _ = warnings.decide(world["township"], w.pk, {"outcome": "dismiss", "reason": "已投保，损失已理赔"})
    assert warning.status == "dismissed" and warning.outcome_note == "已投保，损失已理赔"


def test_village_and_other_townships_cannot_handle(world, warned, make_user):
    from minzheng.core.errors import NotFound

    with pytest.raises(Forbidden):
        warnings.decide(make_user("village", "330902001001"), warned["low"].pk, {"outcome": "dismiss", "reason": "x"})
    with pytest.raises(NotFound):
        warnings.decide(make_user("township", "330902002000"), warned["low"].pk,
                        {"outcome": "dismiss", "reason": "x"})


def test_warnings_and_referrals_are_in_the_household_chain(world, warned):
    from minzheng.registry import selectors

    w = warned["medical"]
    warnings.decide(world["county"], w.pk, {"outcome": "refer", "referral_to": "charity",
                                            "receiving_body": "区慈善总会"})
    household = selectors.get_household(world["county"], w.household_id)
    events = selectors.household_chain(world["county"], household)
    kinds = {e.kind for e in events}
    assert {"warning", "referral"} <= kinds
    text = " ".join(e.text for e in events)
    assert "黄色预警" in text and "区慈善总会" in text
