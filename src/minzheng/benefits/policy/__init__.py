"""The policy engine's shared vocabulary and its dispatcher: pure functions of plain data
(docs/decisions/0008-policy-engine.md).

    result = evaluate(request, standards)     # Request + Standards (dataclasses) -> Result (dataclass)
    result.as_dict()                           # the output JSON

No ORM and no I/O here: benefits.selectors.resolve() reads the Standard table and hands over a Standards mapping;
benefits.evaluation.parse() (schemas.evaluation.EvaluationIn) turns JSON into a Request. Each program's own function
lives in the app that declares the program (assistance.policy, children.policy …) and cites in its docstring the
rules it implements.
"""

from __future__ import annotations

from minzheng.benefits.policy.means import COUNTED_KINDS, EXCLUDED_KINDS, EXPENSE_KINDS
from minzheng.benefits.policy.money import DEFAULT_ROUNDING, ROUNDING, round_amount
from minzheng.benefits.policy.types import (
    Assets,
    Benefit,
    Expense,
    Household,
    Income,
    Line,
    Member,
    MemberResult,
    MissingFact,
    MissingStandard,
    Options,
    Request,
    Result,
    Standards,
    StandardValue,
)


def evaluate(request: Request, standards: Standards) -> Result:
    """Evaluate one program for one household and month with the standards in force there and then."""
    from minzheng.benefits import programs

    return programs.require(request.program).evaluate(request, standards)


__all__ = [
    "COUNTED_KINDS", "DEFAULT_ROUNDING", "EXCLUDED_KINDS", "EXPENSE_KINDS", "ROUNDING", "Assets", "Benefit",
    "Expense", "Household", "Income", "Line", "Member", "MemberResult", "MissingFact", "MissingStandard", "Options",
    "Request", "Result", "StandardValue", "Standards", "evaluate", "round_amount",
]
