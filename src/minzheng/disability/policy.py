"""The two disability subsidies (残疾人两项补贴), pure: 困难残疾人生活补贴 and 重度残疾人护理补贴.
Rule: 国发〔2015〕52号."""

from __future__ import annotations

from minzheng.benefits.policy.means import who
from minzheng.benefits.policy.people import INTELLECTUAL, MENTAL, disability_text
from minzheng.benefits.policy.persons import evaluated_members, finish, pay_member, refuse_member
from minzheng.benefits.policy.types import Line, Request, Result, Standards

R_TWO = "国发〔2015〕52号《关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》"
R_CHILD = "民发〔2019〕62号《关于进一步加强事实无人抚养儿童保障工作的意见》"


def evaluate_disability_living(req: Request, stds: Standards) -> Result:
    """困难残疾人生活补贴: disabled members (残疾人证, any grade) of a 低保 household, and of a 低保边缘 household where
    include_dibao_edge = 1; not for a child on the orphan / unsupported-child allowance.
    Rules: 国发〔2015〕52号；民发〔2019〕62号（孤儿、事实无人抚养儿童不重复享受）."""
    result = Result("disability_living", req, req.household.urban_rural)
    result.cite(R_TWO, R_CHILD)
    recognised = req.household.recognised
    include_edge = stds.require("disability_living", "include_dibao_edge", "判断覆盖范围")
    for i in evaluated_members(req):
        member = req.household.members[i]
        if not member.disability_grade:
            refuse_member(result, i, [f"{who(i)}没有残疾等级（残疾人证）"])
            continue
        in_dibao = "dibao" in recognised or any(b.program == "dibao" for b in member.existing_benefits)
        in_edge = "dibao_edge" in recognised and include_edge.value == 1
        if not (in_dibao or in_edge):
            note = "" if include_edge.value == 1 else "；本地生活补贴不覆盖低保边缘家庭"
            refuse_member(result, i, [f"{who(i)}所在家庭未认定为低保家庭{note}（{R_TWO}）"])
            continue
        if any(b.program in ("orphan", "unsupported_child") for b in member.existing_benefits):
            refuse_member(result, i, [(f"{who(i)}已领取孤儿或事实无人抚养儿童基本生活保障，"
                                       f"不再享受生活补贴（{R_CHILD}）")])
            continue
        amount = stds.require("disability_living", "amount", "计算困难残疾人生活补贴")
        result.add(Line("standard", f"{who(i)}·困难残疾人生活补贴（{disability_text(member)}）", amount.amount(),
                        amount.shown(), i, amount, R_TWO))
        kind = "低保家庭" if in_dibao else "低保边缘家庭"
        pay_member(result, i, amount.amount(), f"{who(i)}为{kind}中的{disability_text(member)}人（{R_TWO}）")
    return finish(result)


def evaluate_disability_care(req: Request, stds: Standards) -> Result:
    """重度残疾人护理补贴 by grade: 一级 grade1, 二级 grade2; 三、四级智力或精神残疾 only where grade3_mental /
    grade4_mental is set (a local extension). Not means-tested. Rule: 国发〔2015〕52号."""
    result = Result("disability_care", req, req.household.urban_rural)
    result.cite(R_TWO)
    for i in evaluated_members(req):
        member = req.household.members[i]
        grade = member.disability_grade
        if grade in (1, 2):
            amount = stds.require("disability_care", f"grade{grade}", "计算重度残疾人护理补贴")
        elif grade in (3, 4) and member.disability_category in (INTELLECTUAL, MENTAL):
            amount = stds.get("disability_care", f"grade{grade}_mental")
            if amount is None:
                refuse_member(result, i, [(f"{who(i)}为{disability_text(member)}，"
                                           f"本地护理补贴未覆盖三、四级智力、精神残疾（{R_TWO}）")])
                continue
        else:
            refuse_member(result, i, [(f"{who(i)}{disability_text(member)}，"
                                       f"护理补贴对象为一、二级重度残疾人（{R_TWO}）")])
            continue
        result.add(Line("standard", f"{who(i)}·护理补贴（{disability_text(member)}）", amount.amount(), amount.shown(),
                        i, amount, R_TWO))
        pay_member(result, i, amount.amount(), f"{who(i)}为{disability_text(member)}人（{R_TWO}）")
    return finish(result)
