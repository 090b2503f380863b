"""One-off payments to a family through the benefits kernel — never a second payment path: a case of the app's
ONE_OFF program is opened for the household, accepted and reviewed by the township (no investigation, data check or
notice: the programs declare none), and confirmed where the township may confirm (the county delegated it: 83号);
the confirmation creates the entitlement the payroll pays once (payroll.services.generate._insert_one_off).
Otherwise the case waits in the county's inbox like any other. Runs inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from minzheng.benefits.selectors import delegated
from minzheng.benefits.services import cases
from minzheng.core import clock, roles


@dataclass(frozen=True)
class Paid:
    case_id: int
    entitlement_id: int | None
    amount: Decimal | None
    state: str


def pay_once(actor, program: str, household_id: int, applicant_id: int, opinion: str, amount: Decimal | None = None,
             reason: str = "", bank_account: str = "", bank_name: str = "") -> Paid:
    """Open, review and (where this actor may) confirm a one-off case; `amount` set = the amount confirmed with
    `reason` (the kernel keeps both on the case)."""
    case = cases.create_case(actor, {"program": program, "household_id": household_id, "applicant_id": applicant_id,
                                     "channel": "family", "bank_account": bank_account, "bank_name": bank_name})
    cases.act(actor, case.pk, "accept", {"note": opinion})
    case = cases.act(actor, case.pk, "initial_review", {"opinion": opinion, "recommend": "approve"})
    can_confirm = actor.role == roles.COUNTY or delegated(program, case.region_code, clock.today())
    if not can_confirm:
        return Paid(case.pk, None, amount, case.state)
    data: dict = {"note": opinion, "payee_id": applicant_id}
    if amount is not None:
        data |= {"amount": f"{amount:.2f}", "override_reason": reason}
    case = cases.act(actor, case.pk, "confirm", data)
    case = cases.act(actor, case.pk, "issue_decision", {"note": opinion})
    ent = case.entitlements.order_by("pk").first()
    return Paid(case.pk, ent.pk if ent else None, case.amount, case.state)
