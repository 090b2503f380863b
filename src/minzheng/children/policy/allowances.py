"""Children's allowances, pure: 孤儿基本生活费 (orphans) and 事实无人抚养儿童基本生活补贴 (children without actual
carers). Rule: 民发〔2019〕62号."""

from __future__ import annotations

from fractions import Fraction

from minzheng.benefits import programs
from minzheng.benefits.policy.means import who
from minzheng.benefits.policy.money import plain, yuan
from minzheng.benefits.policy.people import age_in_month
from minzheng.benefits.policy.persons import evaluated_members, finish, pay_member, refuse_member
from minzheng.benefits.policy.types import Line, Request, Result, Standards

R_CHILD = "民发〔2019〕62号《关于进一步加强事实无人抚养儿童保障工作的意见》"
# What a child already receives and is deducted from the allowance (补差).
CHILD_OFFSET_PROGRAMS = ("dibao", "tekun", "disability_living")


def _child_program(program: str, status: str, status_label: str):
    def evaluate(req: Request, stds: Standards) -> Result:
        result = Result(program, req, req.household.urban_rural)
        result.procedure = {"public_notice": False, "pay_first": False, "pay_from": "next_month"}
        result.cite(R_CHILD + "（补差；不公示）")
        name = "centralised" if req.options.centralised else "dispersed"
        standard = stds.require(program, name, f"计算{programs.name(program)}")
        limit = stds.require(program, "age_limit", "判断年龄")
        kind_label = "集中养育" if name == "centralised" else "散居"
        result.add(Line("standard", f"{programs.name(program)}标准（{kind_label}）",
                        standard.amount(), standard.shown(), source=standard, rule=R_CHILD))
        for i in evaluated_members(req):
            member = req.household.members[i]
            if member.child_status != status:
                refuse_member(result, i, [f"{who(i)}未认定为{status_label}（child_status）"])
                continue
            age = age_in_month(member, req.month)
            if age >= limit.amount():
                refuse_member(result, i, [f"{who(i)}已满{plain(limit.value)}周岁"])
                continue
            offset = Fraction(0)
            for benefit in member.existing_benefits:
                if benefit.program in CHILD_OFFSET_PROGRAMS:
                    offset += Fraction(benefit.monthly)
                    result.add(Line("offset", f"{who(i)}·已领取{programs.name(benefit.program)}",
                                    -Fraction(benefit.monthly), member=i, rule=R_CHILD))
            gap = max(standard.amount() - offset, Fraction(0))
            if offset:
                result.add(Line("gap", f"{who(i)}·补差：标准 − 已领取", gap,
                                f"{yuan(standard.amount())} − {yuan(offset)}", i, rule=R_CHILD))
            pay_member(result, i, gap,
                       f"{who(i)}为{status_label}，按标准" + ("补差" if offset else "") + f"发放，不公示（{R_CHILD}）")
        return finish(result)

    evaluate.__doc__ = (f"{status_label} allowance: the standard (集中养育 or 散居) for a child recorded as "
                        f"{status_label} and under age_limit (18), minus (补差) what the child already gets from "
                        f"低保、特困、困难残疾人生活补贴; no public notice. Rule: {R_CHILD}.")
    return evaluate


evaluate_orphan = _child_program("orphan", "orphan", "孤儿")
evaluate_unsupported_child = _child_program("unsupported_child", "unsupported", "事实无人抚养儿童")
