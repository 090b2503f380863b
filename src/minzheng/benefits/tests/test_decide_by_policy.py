"""cases.decide_by_policy: the county's 审核确认 as the policy engine finds (used by the demo seeders of a large
county, where some applicants are not eligible): confirmed when eligible, refused with the engine's reasons when
not — never confirmed against the engine without an amount and a reason."""

from __future__ import annotations

import pytest

from minzheng.benefits.tests.factories import to_submitted

pytestmark = pytest.mark.django_db


def test_an_eligible_case_is_confirmed(staff, api_client, poor_family, demo_standards, monkeypatch):
    from minzheng.benefits.services import cases

    case = to_submitted(staff, api_client, poor_family, monkeypatch)
    decided, decision = cases.decide_by_policy(staff["county"], case["id"])
    assert (decision, decided.state, decided.refusal_reason) == ("confirm", "approved", "")
    assert decided.amount == decided.policy_amount > 0


def test_a_case_the_engine_finds_not_eligible_is_refused_with_its_reasons(staff, api_client, poor_family,
                                                                         demo_standards, monkeypatch):
    from minzheng.benefits.models import Entitlement
    from minzheng.benefits.services import cases
    from minzheng.registry.models import Income

    case = to_submitted(staff, api_client, poor_family, monkeypatch)
    Income.objects.filter(person__in=poor_family[1]).update(annual_amount="900000.00")
    decided, decision = cases.decide_by_policy(staff["county"], case["id"])
    assert (decision, decided.state) == ("refuse", "refused")
    assert decided.refusal_reason.startswith("经审核，政策测算为不符合条件：")
    assert len(decided.refusal_reason) > len("经审核，政策测算为不符合条件：")  # the engine's reasons follow
    assert not Entitlement.objects.filter(source_case_id=case["id"]).exists()
