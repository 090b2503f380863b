"""Subsidies decided by the capability assessment, pure: 护理补贴 (care subsidy for 失能 elderly, by GB/T 42195-2022
level) and 养老服务补贴 (service subsidy for 低保, 特困 and 低保边缘 elderly).

No national amounts: 《关于建立健全经济困难的高龄、失能等老年人补贴制度的通知》(财社〔2014〕113号) leaves who is covered
and how much to the provinces; the amounts are local standard items (`care_subsidy.level_1…4`,
`service_subsidy.amount_*`; the demo values are 示例值). A level without an amount is not paid there. The age is
《老年人权益保障法》第二条 (六十周岁以上), a standard item with that default. The level comes from the member's latest
capability assessment (Member.capability_level, benefits.case_evaluation via the elderly app's member facts)."""

from __future__ import annotations

from minzheng.benefits.policy.means import who
from minzheng.benefits.policy.people import age_in_month
from minzheng.benefits.policy.persons import evaluated_members, finish, pay_member, refuse_member
from minzheng.benefits.policy.types import Line, Request, Result, Standards
from minzheng.elderly.policy.capability import LEVEL_NAMES, STANDARD

R_SUBSIDY = "财社〔2014〕113号：经济困难的高龄、失能等老年人补贴制度（对象范围与标准由地方确定）"
R_AGE = "《老年人权益保障法》第二条：老年人是指六十周岁以上的公民"
R_LEVEL = f"{STANDARD}《老年人能力评估规范》能力等级"
# Who counts as 经济困难 for the service subsidy, in order of precedence (the first held decides the amount).
POOR = (("tekun", "amount_tekun", "特困人员"), ("dibao", "amount_dibao", "低保对象"),
        ("dibao_edge", "amount_edge", "低保边缘家庭成员"))


def _old_enough(result: Result, program: str, i: int, req: Request, stds: Standards) -> bool:
    member = req.household.members[i]
    minimum = stds.require(program, "min_age", "判断老年人年龄")
    if age_in_month(member, req.month) < minimum.amount():
        refuse_member(result, i, [f"{who(i)}未满{minimum.shown()}（{R_AGE}）"])
        return False
    return True


def evaluate_care_subsidy(req: Request, stds: Standards) -> Result:
    """护理补贴: a member of 60+ whose latest GB/T 42195-2022 assessment gives level 1–4 gets that level's amount
    (care_subsidy.level_N); 能力完好 (0) and a level without an amount are refused, as is a member never assessed."""
    result = Result("care_subsidy", req, req.household.urban_rural)
    result.cite(R_SUBSIDY)
    for i in evaluated_members(req):
        if not _old_enough(result, "care_subsidy", i, req, stds):
            continue
        level = req.household.members[i].capability_level
        if level is None:
            refuse_member(result, i, [f"{who(i)}尚无老年人能力评估结果（{R_LEVEL}）：请先评估"])
            continue
        if level == 0:
            refuse_member(result, i, [f"{who(i)}能力等级为0级 能力完好，不属于失能老年人（{R_LEVEL}）"])
            continue
        amount = stds.get("care_subsidy", f"level_{level}")
        if amount is None:
            reason = f"{who(i)}能力等级为{level}级 {LEVEL_NAMES[level]}：当地未设置该等级的护理补贴标准（{R_SUBSIDY}）"
            refuse_member(result, i, [reason])
            continue
        label = f"{who(i)}·护理补贴（{level}级 {LEVEL_NAMES[level]}）"
        result.add(Line("standard", label, amount.amount(), amount.shown(), i, amount, R_LEVEL))
        pay_member(result, i, amount.amount(), f"{who(i)}能力等级{level}级 {LEVEL_NAMES[level]}（{R_LEVEL}）")
    return finish(result)


def evaluate_service_subsidy(req: Request, stds: Standards) -> Result:
    """养老服务补贴: a member of 60+ in a household recognised as 特困, 低保 or 低保边缘 (or holding such a benefit
    themselves) gets the amount of the first of those held (service_subsidy.amount_tekun / _dibao / _edge)."""
    result = Result("service_subsidy", req, req.household.urban_rural)
    result.cite(R_SUBSIDY)
    recognised = req.household.recognised
    for i in evaluated_members(req):
        if not _old_enough(result, "service_subsidy", i, req, stds):
            continue
        held = recognised | {b.program for b in req.household.members[i].existing_benefits}
        found = next(((item, label) for program, item, label in POOR if program in held), None)
        if found is None:
            refuse_member(result, i, [f"{who(i)}所在家庭不是特困、低保或低保边缘家庭（{R_SUBSIDY}）"])
            continue
        item, label = found
        amount = stds.require("service_subsidy", item, "计算养老服务补贴")
        result.add(Line("standard", f"{who(i)}·养老服务补贴（{label}）", amount.amount(), amount.shown(), i, amount,
                        R_SUBSIDY))
        pay_member(result, i, amount.amount(), f"{who(i)}为{label}，年满60周岁（{R_SUBSIDY}）")
    return finish(result)
