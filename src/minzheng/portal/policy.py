"""Pure rules of the citizen channel: which questions an application form asks, read from the program's declaration
in the benefits kernel (benefits.programs.Program — no second copy of the rules), and the self-check household
built from a resident's answers for the policy engine (benefits.policy).

- 民发〔2021〕57号《最低生活保障审核确认办法》第五条: the applicant signs the authorisation for the household economic
  check (核对授权) — asked of every means-tested program (`Program.means_tested`);
- 第六条: applications may be made online; the case carries channel 网上申请 (benefits.workflow.CHANNELS "online");
- person programs (`unit == "person"`) name the member applied for; subtypes come from the procedure with their
  labels; 临时救助 (`"kind" in input_requirements`) asks the amount requested; paid programs ask the bank account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from minzheng.benefits.policy import Assets, Household, Income, Member


@dataclass(frozen=True)
class FormSpec:
    program: str
    name: str
    person: bool  # name the member applied for
    subtypes: tuple[tuple[str, str], ...]  # (code, label)
    requested_amount: bool
    bank: bool
    authorisation: bool
    public_notice: bool
    rules: tuple[str, ...]


def form_for(program) -> FormSpec:
    """The questions of `program`'s guided form (a benefits.programs.Program)."""
    params = program.procedure
    labels = dict(program.subtype_labels)
    return FormSpec(program=program.code, name=program.name, person=program.unit == "person",
                    subtypes=tuple((s, labels.get(s, s)) for s in params.subtypes),
                    requested_amount="kind" in program.input_requirements,
                    bank=program.payment != "none", authorisation=bool(program.means_tested),
                    public_notice=bool(params.public_notice), rules=tuple(params.rules))


@dataclass(frozen=True)
class Answer:
    """One household member as the resident describes them."""

    age: int
    disability_grade: int | None = None
    serious_illness: bool = False
    labour: str = "full"  # full | partial | none
    monthly_income: Decimal = Decimal(0)


def household_from_answers(area: str, answers: list[Answer], today: dt.date) -> Household:
    """The engine's household for self-declared members: born on 1 January (exactly `age` all year), the declared
    monthly income as wages, assets not declared (the engine then says what it assumed)."""
    members = tuple(Member(birth_date=dt.date(today.year - a.age, 1, 1),
                           disability_grade=a.disability_grade, serious_illness=a.serious_illness,
                           labour_capacity=a.labour, ref=str(i),
                           incomes=(Income("wage", a.monthly_income, "monthly"),) if a.monthly_income else ())
                    for i, a in enumerate(answers))
    return Household(urban_rural=area, members=members, assets=Assets(declared=False))
