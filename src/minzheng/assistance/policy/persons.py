"""Person programs: 特困, 孤儿, 事实无人抚养儿童, 残疾人两项补贴, 高龄津贴. Each evaluated member gets a result; the
household's amount is the sum of its members' (each rounded on its own: each person is paid separately)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from minzheng.assistance import items as catalogue
from minzheng.assistance.policy.means import check_assets, income_lines, who
from minzheng.assistance.policy.money import plain, round_amount, yuan
from minzheng.assistance.policy.people import (
    INTELLECTUAL, MENTAL, age_in_month, birthday, disability_text, no_labour_disability, reached_after_birthday_month,
)
from minzheng.assistance.policy.types import Line, MemberResult, MissingFact, Request, Result, Standards

R_TEKUN = "民发〔2021〕43号《特困人员认定办法》"
R_CARE = R_TEKUN + " 第二十条至第二十三条（生活自理能力）"
R_CHILD = "民发〔2019〕62号《关于进一步加强事实无人抚养儿童保障工作的意见》"
R_TWO = "国发〔2015〕52号《关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》"
R_AGE = "高龄津贴：无全国统一规定，年龄段与标准由地方设定（满周岁的次月起发放）"
CHILD_OFFSET_PROGRAMS = ("dibao", "tekun", "disability_living")
POOR_PROGRAMS = frozenset({"dibao", "dibao_edge", "tekun"})


def _evaluated(req: Request) -> list[int]:
    if req.options.members is not None:
        return list(req.options.members)
    return list(range(len(req.household.members)))


def _finish(result: Result) -> Result:
    result.eligible = any(m.eligible for m in result.members)
    result.monthly_amount = sum((m.monthly_amount for m in result.members), Decimal("0.00"))
    if not result.eligible and not result.reasons:
        result.reasons.append("没有符合条件的成员")
    return result


def _pay(result: Result, index: int, amount: Fraction, reason: str) -> None:
    member = result.request.household.members[index]
    paid = round_amount(max(amount, Fraction(0)), result.request.options.rounding)
    result.add(Line("member_amount", f"{who(index)}·月发放金额", Fraction(paid), member=index))
    result.members.append(MemberResult(index, True, paid, [reason], ref=member.ref))


def _refuse(result: Result, index: int, reasons: list[str]) -> None:
    member = result.request.household.members[index]
    result.members.append(MemberResult(index, False, reasons=reasons, ref=member.ref))


def evaluate_tekun(req: Request, stds: Standards) -> Result:
    """特困人员: all three conditions — no labour capacity (age ≥ elderly_age (60), age < minor_age (16), or 一至三级智力
    或精神残疾、一二级肢体残疾、一级视力残疾), no means (own counted income below the 低保标准 and assets within the
    limits), no support payer able to pay (a recorded fact) — and not on the orphan allowance (第九条). Amount = basic
    standard (集中 or 分散; when not set, basic_multiplier (1.3) × 低保标准) + the care band from the six self-care items
    (all met → 全自理; 1–3 not met → 部分丧失; ≥ 4 → 完全丧失).
    Rules: 民发〔2021〕43号 第四条至第九条、第十九条、第二十条至第二十三条；《社会救助暂行办法》第十四条、第十五条、第十九条."""
    result = Result("tekun", req, req.household.urban_rural)
    result.procedure = {"public_notice": True, "notice_days": 7, "pay_first": False, "pay_from": "next_month"}
    result.cite(R_TEKUN + " 第四条至第九条", R_CARE, "《社会救助暂行办法》第十九条（集中或分散供养由本人选择）")
    standard = stds.require("dibao", "standard", "判断特困人员收入条件")
    s = standard.amount()
    result.add(Line("standard", "低保标准（收入条件）", s, standard.shown(), source=standard, rule=R_TEKUN + " 第六条"))
    elderly = stds.require("tekun", "elderly_age", "判断无劳动能力")
    minor = stds.require("tekun", "minor_age", "判断无劳动能力")
    members = req.household.members
    counted = sum(1 for m in members if m.counted) or 1
    asset_reasons = check_assets(result, req, stds, s, counted)
    for i in _evaluated(req):
        member, fails = members[i], []
        age = age_in_month(member, req.month)
        capacity, basis = "", None
        if age >= elderly.amount():
            capacity, basis = f"年满{plain(elderly.value)}周岁", elderly
        elif age < minor.amount():
            capacity, basis = f"未满{plain(minor.value)}周岁", minor
        elif no_labour_disability(member):
            capacity = disability_text(member)
        else:
            fails.append(f"{who(i)}{age}周岁、{disability_text(member)}，不属于无劳动能力（{R_TEKUN} 第五条）")
        if capacity:
            result.add(Line("no_labour", f"{who(i)}无劳动能力：{capacity}", member=i, source=basis,
                            rule=R_TEKUN + " 第五条"))
        own = income_lines(result, i, member).counted
        if own >= s:
            fails.append(f"{who(i)}本人月收入 {yuan(own)} 元不低于低保标准 {yuan(s)} 元（{R_TEKUN} 第六条）")
        if asset_reasons:
            fails.append("财产状况不符合规定：" + "；".join(asset_reasons) + f"（{R_TEKUN} 第七条）")
        if req.household.support_payer_able:
            fails.append(f"有具备履行能力的赡养、抚养、扶养义务人（{R_TEKUN} 第八条）")
        if any(b.program in ("orphan", "unsupported_child") for b in member.existing_benefits):
            fails.append(f"{who(i)}已纳入孤儿或事实无人抚养儿童保障，不再认定为特困人员（{R_TEKUN} 第九条）")
        if fails:
            _refuse(result, i, fails)
            continue
        basic = _tekun_basic(result, req, stds, s, i)
        care = _tekun_care(result, req, stds, i)
        _pay(result, i, basic + care, f"{capacity}、无生活来源、无有能力的义务人，认定为特困人员"
                                      f"（{'集中' if req.options.centralised else '分散'}供养）（{R_TEKUN} 第四条）")
    return _finish(result)


def _tekun_basic(result: Result, req: Request, stds: Standards, s: Fraction, i: int) -> Fraction:
    """基本生活标准, 集中 or 分散 (the person chooses: 《社会救助暂行办法》第十九条); when the place sets no amount,
    basic_multiplier × 低保标准 (provincial rule “原则上不低于1.3倍”, NATIONAL_RULES §1.4)."""
    name = "basic_centralised" if req.options.centralised else "basic_dispersed"
    mode = "集中供养" if req.options.centralised else "分散供养"
    basic = stds.get("tekun", name)
    if basic is not None:
        result.add(Line("tekun_basic", f"{who(i)}·基本生活标准（{mode}）", basic.amount(), basic.shown(), i, basic,
                        "《社会救助暂行办法》第十五条"))
        return basic.amount()
    multiplier = stds.require("tekun", "basic_multiplier", "计算特困基本生活标准")
    amount = multiplier.amount() * s
    result.add(Line("tekun_basic", f"{who(i)}·基本生活标准（{mode}，未设置定额，按倍数计算）", amount,
                    f"{plain(multiplier.value)} × 低保标准 {yuan(s)}", i, multiplier, "《社会救助暂行办法》第十五条"))
    return amount


def _tekun_care(result: Result, req: Request, stds: Standards, i: int) -> Fraction:
    """照料护理标准 by self-care ability: six items all met → 全自理; three or fewer not met → 部分丧失; four or more →
    完全丧失. Rule: 民发〔2021〕43号 第二十条至第二十三条."""
    unmet = req.household.members[i].self_care_unmet
    if unmet is None:
        raise MissingFact(f"household.members[{i}].self_care_unmet",
                          "特困人员须填写生活自理能力评估结果：六项中不能达到的项数（0–6）")
    if unmet == 0:
        name, band = "care_self", "具备生活自理能力（全自理）"
    elif unmet <= 3:
        name, band = "care_partial", "部分丧失生活自理能力"
    else:
        name, band = "care_full", "完全丧失生活自理能力"
    care = stds.require("tekun", name, "计算特困照料护理标准")
    result.add(Line("tekun_care", f"{who(i)}·照料护理标准：{band}", care.amount(), f"六项中 {unmet} 项不能达到", i, care,
                    R_CARE))
    return care.amount()


def _child_program(program: str, status: str, status_label: str):
    def evaluate(req: Request, stds: Standards) -> Result:
        result = Result(program, req, req.household.urban_rural)
        result.procedure = {"public_notice": False, "pay_first": False, "pay_from": "next_month"}
        result.cite(R_CHILD + "（补差；不公示）")
        name = "centralised" if req.options.centralised else "dispersed"
        standard = stds.require(program, name, f"计算{catalogue.PROGRAMS[program]}")
        limit = stds.require(program, "age_limit", "判断年龄")
        result.add(Line("standard", f"{catalogue.PROGRAMS[program]}标准（{'集中养育' if name == 'centralised' else '散居'}）",
                        standard.amount(), standard.shown(), source=standard, rule=R_CHILD))
        for i in _evaluated(req):
            member = req.household.members[i]
            if member.child_status != status:
                _refuse(result, i, [f"{who(i)}未认定为{status_label}（child_status）"])
                continue
            age = age_in_month(member, req.month)
            if age >= limit.amount():
                _refuse(result, i, [f"{who(i)}已满{plain(limit.value)}周岁"])
                continue
            offset = Fraction(0)
            for benefit in member.existing_benefits:
                if benefit.program in CHILD_OFFSET_PROGRAMS:
                    offset += Fraction(benefit.monthly)
                    result.add(Line("offset", f"{who(i)}·已领取{catalogue.PROGRAMS[benefit.program]}",
                                    -Fraction(benefit.monthly), member=i, rule=R_CHILD))
            gap = max(standard.amount() - offset, Fraction(0))
            if offset:
                result.add(Line("gap", f"{who(i)}·补差：标准 − 已领取", gap,
                                f"{yuan(standard.amount())} − {yuan(offset)}", i, rule=R_CHILD))
            _pay(result, i, gap, f"{who(i)}为{status_label}，按标准" + ("补差" if offset else "") + f"发放，不公示（{R_CHILD}）")
        return _finish(result)

    evaluate.__doc__ = (f"{catalogue.PROGRAMS[program]}: the standard (集中养育 or 散居) for a child recorded as "
                        f"{status_label} and under age_limit (18), minus (补差) what the child already gets from 低保、特困、"
                        f"困难残疾人生活补贴; no public notice. Rule: {R_CHILD}.")
    return evaluate


evaluate_orphan = _child_program("orphan", "orphan", "孤儿")
evaluate_unsupported_child = _child_program("unsupported_child", "unsupported", "事实无人抚养儿童")


def evaluate_disability_living(req: Request, stds: Standards) -> Result:
    """困难残疾人生活补贴: disabled members (残疾人证, any grade) of a 低保 household, and of a 低保边缘 household where
    include_dibao_edge = 1; not for a child on the orphan / unsupported-child allowance.
    Rules: 国发〔2015〕52号；民发〔2019〕62号（孤儿、事实无人抚养儿童不重复享受）."""
    result = Result("disability_living", req, req.household.urban_rural)
    result.cite(R_TWO, R_CHILD)
    recognised = req.household.recognised
    include_edge = stds.require("disability_living", "include_dibao_edge", "判断覆盖范围")
    for i in _evaluated(req):
        member = req.household.members[i]
        if not member.disability_grade:
            _refuse(result, i, [f"{who(i)}没有残疾等级（残疾人证）"])
            continue
        in_dibao = "dibao" in recognised or any(b.program == "dibao" for b in member.existing_benefits)
        in_edge = "dibao_edge" in recognised and include_edge.value == 1
        if not (in_dibao or in_edge):
            note = "" if include_edge.value == 1 else "；本地生活补贴不覆盖低保边缘家庭"
            _refuse(result, i, [f"{who(i)}所在家庭未认定为低保家庭{note}（{R_TWO}）"])
            continue
        if any(b.program in ("orphan", "unsupported_child") for b in member.existing_benefits):
            _refuse(result, i, [f"{who(i)}已领取孤儿或事实无人抚养儿童基本生活保障，不再享受生活补贴（{R_CHILD}）"])
            continue
        amount = stds.require("disability_living", "amount", "计算困难残疾人生活补贴")
        result.add(Line("standard", f"{who(i)}·困难残疾人生活补贴（{disability_text(member)}）", amount.amount(),
                        amount.shown(), i, amount, R_TWO))
        kind = "低保家庭" if in_dibao else "低保边缘家庭"
        _pay(result, i, amount.amount(), f"{who(i)}为{kind}中的{disability_text(member)}人（{R_TWO}）")
    return _finish(result)


def evaluate_disability_care(req: Request, stds: Standards) -> Result:
    """重度残疾人护理补贴 by grade: 一级 grade1, 二级 grade2; 三、四级智力或精神残疾 only where grade3_mental /
    grade4_mental is set (a local extension). Not means-tested. Rule: 国发〔2015〕52号."""
    result = Result("disability_care", req, req.household.urban_rural)
    result.cite(R_TWO)
    for i in _evaluated(req):
        member = req.household.members[i]
        grade = member.disability_grade
        if grade in (1, 2):
            amount = stds.require("disability_care", f"grade{grade}", "计算重度残疾人护理补贴")
        elif grade in (3, 4) and member.disability_category in (INTELLECTUAL, MENTAL):
            amount = stds.get("disability_care", f"grade{grade}_mental")
            if amount is None:
                _refuse(result, i, [f"{who(i)}为{disability_text(member)}，本地护理补贴未覆盖三、四级智力、精神残疾（{R_TWO}）"])
                continue
        else:
            _refuse(result, i, [f"{who(i)}{disability_text(member)}，护理补贴对象为一、二级重度残疾人（{R_TWO}）"])
            continue
        result.add(Line("standard", f"{who(i)}·护理补贴（{disability_text(member)}）", amount.amount(), amount.shown(), i,
                        amount, R_TWO))
        _pay(result, i, amount.amount(), f"{who(i)}为{disability_text(member)}人（{R_TWO}）")
    return _finish(result)


def evaluate_age_allowance(req: Request, stds: Standards) -> Result:
    """高龄津贴 by age band (80–89, 90–99, 100+) from the month after the birthday that reaches the band; 80–89 in a
    低保, 低保边缘 or 特困 household at band_80_poor where set. No national rule (NATIONAL_RULES §1.11): bands and
    amounts are local standard items."""
    result = Result("age_allowance", req, req.household.urban_rural)
    result.cite(R_AGE)
    recognised = req.household.recognised
    for i in _evaluated(req):
        member = req.household.members[i]
        band = next((b for b in (100, 90, 80) if reached_after_birthday_month(member, b, req.month)), None)
        if band is None:
            _refuse(result, i, [f"{who(i)}满80周岁日期为 {birthday(member.birth_date, 80)}，自其次月起发放（{R_AGE}）"])
            continue
        amount = stds.require("age_allowance", f"band_{band}", "计算高龄津贴")
        label = f"{band}周岁以上" if band == 100 else f"{band}至{band + 9}周岁"
        poor = POOR_PROGRAMS & (recognised | {b.program for b in member.existing_benefits})
        if band == 80 and poor:
            poor_amount = stds.get("age_allowance", "band_80_poor")
            if poor_amount is not None:
                amount, label = poor_amount, label + "（困难老人）"
        result.add(Line("standard", f"{who(i)}·高龄津贴（{label}）", amount.amount(), amount.shown(), i, amount,
                        R_AGE))
        _pay(result, i, amount.amount(), f"{who(i)}已满{band}周岁（自满{band}周岁的次月起）（{R_AGE}）")
    return _finish(result)
