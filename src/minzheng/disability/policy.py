"""The two disability subsidies (残疾人两项补贴), pure: 困难残疾人生活补贴 and 重度残疾人护理补贴.
Rule: 国发〔2015〕52号."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


# ---- eligibility for the coverage check (pure; the same rules as the two evaluators above) -------------------------


@dataclass(frozen=True)
class Certificate:
    """残疾人证 as the coverage check sees it: the 残联 feed's row when there is one (category, grade, valid until),
    else the registry's (no validity known)."""

    category: str
    grade: int | None
    valid_until: dt.date | None
    source: str  # feed | registry


@dataclass(frozen=True)
class DisabledPerson:
    certificate: Certificate
    alive: bool
    household_programs: frozenset[str]  # recognised statuses of the household (dibao, dibao_edge) in force
    own_programs: frozenset[str]  # the person's own entitlements in force (orphan, unsupported_child …)


@dataclass(frozen=True)
class LocalRules:
    """The standards that decide eligibility in the person's village (benefits kernel standards)."""

    include_dibao_edge: bool
    grade3_mental: bool
    grade4_mental: bool


def certificate_of(registry_category: str, registry_grade: int | None, feed_row) -> Certificate | None:
    """The feed is the 残联's record and wins; the registry's grade is used for people the feed does not list."""
    if feed_row is not None:
        category, grade, valid_until = feed_row
        return Certificate(category or registry_category, int(grade) if grade else None, valid_until, "feed")
    if registry_grade:
        return Certificate(registry_category, registry_grade, None, "registry")
    return None


def _valid(c: Certificate, day: dt.date) -> str | None:
    if c.grade is None:
        return "没有残疾等级（残疾人证）"
    if c.valid_until is not None and c.valid_until < day:
        return f"残疾人证已于 {c.valid_until:%Y-%m-%d} 过期"
    return None


def living_eligibility(p: DisabledPerson, rules: LocalRules, day: dt.date) -> tuple[bool, str]:
    """困难残疾人生活补贴 (国发〔2015〕52号; 民发〔2019〕62号: not with the orphan / unsupported-child allowance)."""
    if not p.alive:
        return False, "已死亡"
    problem = _valid(p.certificate, day)
    if problem:
        return False, problem
    if p.own_programs & {"orphan", "unsupported_child"}:
        return False, f"已领取孤儿或事实无人抚养儿童基本生活保障（{R_CHILD}）"
    if "dibao" in p.household_programs:
        return True, f"低保家庭中的{_text(p.certificate)}（{R_TWO}）"
    if "dibao_edge" in p.household_programs and rules.include_dibao_edge:
        return True, f"低保边缘家庭中的{_text(p.certificate)}（{R_TWO}，本地覆盖低保边缘家庭）"
    return False, "所在家庭未认定为低保家庭"


def care_eligibility(p: DisabledPerson, rules: LocalRules, day: dt.date) -> tuple[bool, str]:
    """重度残疾人护理补贴 (国发〔2015〕52号): grades 1–2; grades 3–4 intellectual or mental where set locally."""
    if not p.alive:
        return False, "已死亡"
    problem = _valid(p.certificate, day)
    if problem:
        return False, problem
    grade, category = p.certificate.grade, p.certificate.category
    if grade in (1, 2):
        return True, f"{_text(p.certificate)}（{R_TWO}）"
    local = {3: rules.grade3_mental, 4: rules.grade4_mental}.get(grade, False)
    if category in (INTELLECTUAL, MENTAL) and local:
        return True, f"{_text(p.certificate)}（{R_TWO}，本地覆盖三、四级智力、精神残疾）"
    return False, "护理补贴对象为一、二级重度残疾人"


def _text(c: Certificate) -> str:
    from minzheng.registry.codes import DISABILITY_CATEGORIES, DISABILITY_GRADES

    return f"{DISABILITY_GRADES.get(c.grade, '')}{DISABILITY_CATEGORIES.get(c.category, '残疾')}人"


def certificate_check(c: Certificate | None, registry_category: str, registry_grade: int | None,
                      day: dt.date) -> str:
    """The 残联 reconciliation verdict for one paid person (codes.CHECK_RESULTS)."""
    if c is None or c.source != "feed":
        return "no_certificate"
    if c.valid_until is not None and c.valid_until < day:
        return "expired"
    if registry_grade and c.grade != registry_grade:
        return "grade_differs"
    if registry_category and c.category != registry_category:
        return "category_differs"
    return "ok"
