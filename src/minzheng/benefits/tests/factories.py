"""Test data for the benefits kernel: entitlements in force (with the granted case they come from) and their
changes, written directly so that payroll and comparison tests start from a known roll; and the case API as a
client calls it (post, act, ent_act, open_case, to_submitted), for the kernel's and the programs' tests."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from minzheng.benefits.models import Case, Entitlement, EntitlementChange
from minzheng.core import protected

D = dt.date
JANUARY_2026, JANUARY_2025 = D(2026, 1, 1), D(2025, 1, 1)


OWN_ACCOUNT = "own"


def account_for(person) -> str:
    """Each payee's own account (19 digits from the person's id): an account attached to the wrong payee shows."""
    return f"62220202{person.pk:011d}"


def entitle(household, payee, program="dibao", amount="1000.00", start=JANUARY_2026, end=None, person=None,
            status="active", account=OWN_ACCOUNT, bank="工商银行定海支行") -> Entitlement:
    """An entitlement paid to `payee`'s own account (account_for) unless another (or None: no account) is given."""
    case = Case.objects.create(program=program, household=household, applicant=payee, beneficiary=person,
                               region_code=household.region_id, state="granted", channel="family",
                               applied_on=D(2025, 12, 1), decided_on=D(2025, 12, 20), decision="approved",
                               amount=Decimal(amount))
    ent = Entitlement.objects.create(program=program, household=household, person=person, payee=payee,
                                     region_code=household.region_id, monthly_amount=Decimal(amount),
                                     start_month=start, end_month=end, status=status, source_case=case,
                                     bank_name=bank)
    if account == OWN_ACCOUNT:
        account = account_for(payee)
    if account:
        protected.seal_saved(ent, "bank_account_enc", account)
    return ent


def grant(program, household, person=None, payee=None, region=None, amount="500.00", start=JANUARY_2025):
    """An entitlement as a recipient roll gives it (no bank details; the region may be forced to test scoping)."""
    payee = payee or person or household.head
    case = Case.objects.create(program=program, household=household, applicant=payee, beneficiary=person,
                               region_code=region or household.region_id, state="granted", channel="clerk",
                               applied_on=start - dt.timedelta(days=40), decision="approved")
    return Entitlement.objects.create(program=program, household=household, person=person, payee=payee,
                                      region_code=region or household.region_id, monthly_amount=Decimal(amount),
                                      start_month=start, status="active", source_case=case)


def change(ent, kind, month, old=None, new=None, end=None):
    return EntitlementChange.objects.create(entitlement=ent, kind=kind,
                                            old_amount=Decimal(old or ent.monthly_amount),
                                            new_amount=Decimal(new or ent.monthly_amount), effective_month=month,
                                            end_month=end, reason="测试", decided_on=D(2026, 3, 1))


def today(monkeypatch, day: str) -> None:
    """Set the business date (core.clock) for the rest of the test."""
    monkeypatch.setenv("MINZHENG_TODAY", day)


# ---- the case API, as a client calls it ----------------------------------------------------------------------------

VISIT = {"investigators": ["张调查", "李调查"], "member_signature": "王芳", "findings": "家中无大额财产，成员情况属实"}


def post(client, url: str, body):
    """POST JSON (a str is sent as it is: malformed JSON, floats)."""
    return client.post(url, body if isinstance(body, (str, bytes)) else json.dumps(body),
                       content_type="application/json")


def items(response) -> list:
    """The rows of a paginated list ({"items": [...], "count": N})."""
    assert response.status_code == 200, response.content.decode()
    return response.json()["items"]


def act(client, case_id, action, expect=200, **data) -> dict:
    response = post(client, f"/api/v1/cases/{case_id}/actions", {"action": action, **data})
    assert response.status_code == expect, response.content.decode()
    return response.json()


def ent_act(client, ent_id, action, expect=200, **data) -> dict:
    response = post(client, f"/api/v1/entitlements/{ent_id}/actions", {"action": action, **data})
    assert response.status_code == expect, response.content.decode()
    return response.json()


def open_case(staff, api_client, family, monkeypatch, day="2026-11-02", **extra) -> dict:
    """An application by the village clerk (on the family's behalf) on `day`."""
    today(monkeypatch, day)
    household, people = family
    body = {"program": "dibao", "household_id": household.pk, "applicant_id": people[0].pk, "channel": "clerk",
            "proxy_document": "委托书（2026-10-30）", "bank_account": "6222 0202 0000 1234 567",
            "bank_name": "工商银行定海支行", **extra}
    response = post(api_client(staff["village"]), "/api/v1/cases", body)
    assert response.status_code == 201, response.content.decode()
    return response.json()


def to_submitted(staff, api_client, family, monkeypatch) -> dict:
    """A 低保 application taken through investigation, data check, initial review and the notice (2026-11-09)."""
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
