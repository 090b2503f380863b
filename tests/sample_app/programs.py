"""One program declared into the benefits kernel by the sample app, with its own pure policy function."""

from fractions import Fraction

from minzheng.benefits.policy.people import age_in_month
from minzheng.benefits.policy.persons import evaluated_members, finish, pay_member, refuse_member
from minzheng.benefits.policy.types import Request, Result, Standards
from minzheng.benefits.programs import NOT_PAID, Program
from minzheng.benefits.workflow import ProgramParams

RULE = "试点办法（测试用）第一条：年满 70 周岁每人每月 100 元"


def evaluate_sample(req: Request, stds: Standards) -> Result:
    """Members aged 70 or more get 100 yuan a month. Rule: 试点办法（测试用）第一条."""
    result = Result("sample_allowance", req, req.household.urban_rural)
    result.cite(RULE)
    for i in evaluated_members(req):
        if age_in_month(req.household.members[i], req.month) >= 70:
            pay_member(result, i, Fraction(100), RULE)
        else:
            refuse_member(result, i, ["未满70周岁"])
    return finish(result)


PROGRAMS = [Program(
    "sample_allowance", "试点补贴", "person", NOT_PAID, evaluate_sample, importable=False,
    procedure=ProgramParams("sample_allowance", "person", investigation=False, verification=False,
                            public_notice=False, rules=(RULE,)))]
