"""Test data for the benefits kernel: entitlements in force (with the granted case they come from) and their
changes, written directly so that payroll and comparison tests start from a known roll."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from minzheng.benefits.models import Case, Entitlement, EntitlementChange
from minzheng.core import crypto

D = dt.date


def entitle(household, payee, program="dibao", amount="1000.00", start=D(2026, 1, 1), end=None, person=None,
            status="active", account="6222020200001234567", bank="工商银行定海支行") -> Entitlement:
    case = Case.objects.create(program=program, household=household, applicant=payee, beneficiary=person,
                               region_code=household.region_id, state="granted", channel="family",
                               applied_on=D(2025, 12, 1), decided_on=D(2025, 12, 20), decision="approved",
                               amount=Decimal(amount))
    return Entitlement.objects.create(program=program, household=household, person=person, payee=payee,
                                      region_code=household.region_id, monthly_amount=Decimal(amount),
                                      start_month=start, end_month=end, status=status, source_case=case,
                                      bank_account_enc=crypto.encrypt(account) if account else None, bank_name=bank)


def grant(program, household, person=None, payee=None, region=None, amount="500.00", start=D(2025, 1, 1)):
    """An entitlement as a recipient roll gives it (no bank details; the region may be forced to test scoping)."""
    payee = payee or person or household.head
    case = Case.objects.create(program=program, household=household, applicant=payee, beneficiary=person,
                               region_code=region or household.region_id, state="granted", channel="clerk",
                               applied_on=start - dt.timedelta(days=40), decision="approved")
    return Entitlement.objects.create(program=program, household=household, person=person, payee=payee,
                                      region_code=region or household.region_id, monthly_amount=Decimal(amount),
                                      start_month=start, status="active", source_case=case)


def change(ent, kind, month, old=None, new=None, end=None):
    return EntitlementChange.objects.create(entitlement=ent, kind=kind, old_amount=Decimal(old or ent.monthly_amount),
                                            new_amount=Decimal(new or ent.monthly_amount), effective_month=month,
                                            end_month=end, reason="测试", decided_on=D(2026, 3, 1))


def today(monkeypatch, day: str) -> None:
    """Set the business date (core.clock) for the rest of the test."""
    monkeypatch.setenv("MINZHENG_TODAY", day)
