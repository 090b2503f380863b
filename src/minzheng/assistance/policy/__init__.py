"""The social-assistance policy engine: pure functions of plain data (docs/decisions/0008-policy-engine.md).

    result = evaluate(request, standards)     # Request + Standards (dataclasses) -> Result (dataclass)
    result.as_dict()                           # the output JSON

No ORM and no I/O here: standards.resolve() reads the Standard table and hands over a Standards mapping; inputs.py
turns JSON into a Request. Every program function cites in its docstring the rules it implements.
"""

from __future__ import annotations

from collections.abc import Callable

from minzheng.assistance.policy.household import (
    evaluate_dibao, evaluate_dibao_edge, evaluate_rigid_expense, evaluate_temporary,
)
from minzheng.assistance.policy.means import COUNTED_KINDS, EXCLUDED_KINDS, EXPENSE_KINDS
from minzheng.assistance.policy.money import DEFAULT_ROUNDING, ROUNDING, round_amount
from minzheng.assistance.policy.persons import (
    evaluate_age_allowance, evaluate_disability_care, evaluate_disability_living, evaluate_orphan, evaluate_tekun,
    evaluate_unsupported_child,
)
from minzheng.assistance.policy.types import (
    Assets, Benefit, Expense, Household, Income, Line, Member, MemberResult, MissingFact, MissingStandard, Options,
    Request, Result, Standards, StandardValue,
)

EVALUATORS: dict[str, Callable[[Request, Standards], Result]] = {
    "dibao": evaluate_dibao,
    "dibao_edge": evaluate_dibao_edge,
    "tekun": evaluate_tekun,
    "rigid_expense": evaluate_rigid_expense,
    "temporary": evaluate_temporary,
    "orphan": evaluate_orphan,
    "unsupported_child": evaluate_unsupported_child,
    "disability_living": evaluate_disability_living,
    "disability_care": evaluate_disability_care,
    "age_allowance": evaluate_age_allowance,
}


def evaluate(request: Request, standards: Standards) -> Result:
    """Evaluate one program for one household and month with the standards in force there and then."""
    return EVALUATORS[request.program](request, standards)


__all__ = [
    "Assets", "Benefit", "COUNTED_KINDS", "DEFAULT_ROUNDING", "EVALUATORS", "EXCLUDED_KINDS", "EXPENSE_KINDS",
    "Expense", "Household", "Income", "Line", "Member", "MemberResult", "MissingFact", "MissingStandard", "Options",
    "ROUNDING", "Request", "Result", "StandardValue", "Standards", "evaluate", "round_amount",
]
