"""特困人员救助供养 (extreme-poverty support): recognition and the monthly amount. Pure."""

from __future__ import annotations

from fractions import Fraction

from minzheng.assistance.policy.care import R_CARE, R_TEKUN, care_band
from minzheng.benefits.policy.means import check_assets, income_lines, who
from minzheng.benefits.policy.money import plain, yuan
from minzheng.benefits.policy.people import age_in_month, disability_text, no_labour_disability
from minzheng.benefits.policy.persons import evaluated_members, finish, pay_member, refuse_member
from minzheng.benefits.policy.types import Line, MissingFact, Request, Result, Standards

BAND_TEXT = {"care_self": "具备生活自理能力（全自理）", "care_partial": "部分丧失生活自理能力",
             "care_full": "完全丧失生活自理能力"}


def evaluate_tekun(req: Request, stds: Standards) -> Result:
    """特困人员: all three conditions — no labour capacity (age ≥ elderly_age (60), age < minor_age (16), or
    一至三级智力或精神残疾、一二级肢体残疾、一级视力残疾), no means (own counted income below the 低保标准 and assets
    within the limits), no support payer able to pay (a recorded fact) — and not on the orphan allowance (第九条).
    Amount = basic standard (集中 or 分散; when not set, basic_multiplier (1.3) × 低保标准) + the care band from the six
    self-care items (all met → 全自理; 1–3 not met → 部分丧失; ≥ 4 → 完全丧失).
    Rules: 民发〔2021〕43号 第四条至第九条、第十九条、第二十条至第二十三条；
    《社会救助暂行办法》第十四条、第十五条、第十九条."""
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
    for i in evaluated_members(req):
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
            refuse_member(result, i, fails)
            continue
        basic = _tekun_basic(result, req, stds, s, i)
        care = _tekun_care(result, req, stds, i)
        pay_member(result, i, basic + care, f"{capacity}、无生活来源、无有能力的义务人，认定为特困人员"
                                      f"（{'集中' if req.options.centralised else '分散'}供养）（{R_TEKUN} 第四条）")
    return finish(result)


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
    完全丧失 (policy.care.care_band). Rule: 民发〔2021〕43号 第二十条至第二十三条. The number comes from the latest
    self-care assessment (assistance.models.SelfCareAssessment) unless the case's facts record it."""
    unmet = req.household.members[i].self_care_unmet
    if unmet is None:
        raise MissingFact(f"household.members[{i}].self_care_unmet",
                          "特困人员须填写生活自理能力评估结果：六项中不能达到的项数（0–6）")
    name = care_band(unmet)
    band = BAND_TEXT[name]
    care = stds.require("tekun", name, "计算特困照料护理标准")
    result.add(Line("tekun_care", f"{who(i)}·照料护理标准：{band}", care.amount(), f"六项中 {unmet} 项不能达到", i,
                    care, R_CARE))
    return care.amount()
