"""Household programs: 低保 (with 单人户 and 分类施保), 低保边缘, 刚性支出困难家庭, 临时救助."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from minzheng.benefits.policy.means import Means, assess, member_topup, who
from minzheng.benefits.policy.money import FEN, ROUNDING_LABEL, plain, round_amount, truncate_fen, yuan
from minzheng.benefits.policy.people import disability_text, is_severely_disabled
from minzheng.benefits.policy.types import Line, MemberResult, Request, Result, Standards

R_ELIGIBLE = "《社会救助暂行办法》第九条；民发〔2021〕57号 第十三条、第十四条"
R_AMOUNT = "民发〔2021〕57号 第二十三条（补差）"
R_EDGE = "民发〔2021〕57号 第八条；民发〔2022〕83号"
R_SINGLE = "民发〔2021〕57号 第八条；民发〔2022〕83号（单人户）"
R_NOTICE = "民发〔2021〕57号 第十九条（公示7天）"
R_RIGID = "《刚性支出困难家庭认定办法》（2025年1月1日施行）第四条、第五条"
R_TEMP = "《社会救助暂行办法》第四十七至四十九条；民发〔2018〕23号"


def _paid_line(result: Result, before: Fraction, paid) -> None:
    result.add(Line("total_before_rounding", "合计（取整前）", before))
    result.add(Line("monthly_amount", f"月发放金额（{ROUNDING_LABEL[result.request.options.rounding]}）",
                    Fraction(paid)))


def _edge_limit(result: Result, stds: Standards, means: Means) -> Fraction:
    """低保边缘 line: edge_multiplier (1.5) × 低保标准 (民发〔2021〕57号 第八条)."""
    multiplier = stds.require("dibao", "edge_multiplier", "判断低保边缘（单人户）")
    limit = multiplier.amount() * means.s
    result.add(Line("edge_limit", "低保边缘收入线", limit, f"{plain(multiplier.value)} × {yuan(means.s)}",
                    source=multiplier, rule=R_EDGE))
    return limit


def _single_candidates(req: Request, stds: Standards, means: Means) -> list[int]:
    """Members who may be included alone: severely disabled or seriously ill (民发〔2021〕57号 第八条)."""
    grade = int(stds.require("dibao", "severe_mental_grade", "判断重度残疾").value)
    members = req.household.members
    return [i for i in means.members if is_severely_disabled(members[i], grade) or members[i].serious_illness]


def evaluate_dibao(req: Request, stds: Standards) -> Result:
    """低保 by 补差: standard × counted members − counted household income after deductions, plus each member's single
    highest 分类施保 top-up. Not eligible when per-capita income ≥ the standard or an asset limit is exceeded; then a
    severely disabled or seriously ill member of a household under the 低保边缘 line may be included alone (单人户):
    a fixed amount when the standard sets one, otherwise the gap for one person (standard − own income), plus top-up.
    Rules: 《社会救助暂行办法》第九条；民发〔2021〕57号 第八条、第十三条、第十四条、第二十三条、第二十七条；
    民发〔2022〕83号."""
    result = Result("dibao", req, req.household.urban_rural)
    result.procedure = {"public_notice": True, "notice_days": 7, "pay_first": False, "pay_from": "next_month"}
    result.cite(R_ELIGIBLE, R_AMOUNT, R_NOTICE, "民发〔2021〕57号 第二十一条（次月起发放）")
    means = assess(result, req, stds, "计算低保")
    if means.below_standard and means.assets_ok:
        gap = means.s * means.n - means.net
        result.add(Line("gap", "补差：低保标准 × 人数 − 家庭月收入", gap,
                        f"{yuan(means.s)} × {means.n} − {yuan(means.net)}", rule=R_AMOUNT))
        topups = sum((member_topup(result, req, stds, i) for i in means.members), Fraction(0))
        if topups:
            result.cite("民发〔2021〕57号 第二十七条；《社会救助暂行办法》第十二条（分类施保）")
        total = gap + topups
        result.eligible, result.inclusion = True, "household"
        paid = result.pay(total)
        _paid_line(result, total, paid)
        result.reasons.append(f"家庭人均月收入 {yuan(means.per_capita)} 元低于低保标准 {yuan(means.s)} 元，"
                              f"财产状况符合规定，按补差计发（{R_ELIGIBLE}；{R_AMOUNT}）")
        return result
    if not means.assets_ok:
        result.reasons.append("家庭财产状况不符合低保条件：" + "；".join(means.asset_reasons))
        return result
    result.reasons.append(f"家庭人均月收入 {yuan(means.per_capita)} 元不低于低保标准 {yuan(means.s)} 元"
                          f"（{R_ELIGIBLE}）")
    limit = _edge_limit(result, stds, means)
    if means.per_capita >= limit:
        result.reasons.append(f"家庭人均月收入不低于低保边缘收入线 {yuan(limit)} 元，不能按单人户纳入（{R_SINGLE}）")
        return result
    candidates = _single_candidates(req, stds, means)
    if not candidates:
        result.reasons.append(f"家庭属低保边缘家庭，但没有可单独纳入低保的重度残疾或重病成员（{R_SINGLE}）")
        return result
    _single_person(result, req, stds, means, candidates)
    return result


def _single_person(result: Result, req: Request, stds: Standards, means: Means, candidates: list[int]) -> None:
    """单人户: each candidate is a household of one — included when his own income is below the standard; a fixed
    amount where single_person_amount is set, else the one-person gap; plus his top-up; rounded per person (each is
    paid as its own household). Rules: 民发〔2021〕57号 第八条；民发〔2022〕83号."""
    fixed = stds.get("dibao", "single_person_amount")
    result.cite(R_SINGLE)
    total = Decimal("0.00")
    for i in candidates:
        member = req.household.members[i]
        own = means.by_member[i].net
        why = disability_text(member) if member.disability_grade else "重病患者"
        if member.serious_illness and member.disability_grade:
            why += "、重病患者"
        result.add(Line("single_person_income", f"{who(i)}（{why}）单人户本人月收入", own, member=i, rule=R_SINGLE))
        if own >= means.s:
            result.members.append(MemberResult(i, False, reasons=[
                f"{who(i)}本人月收入 {yuan(own)} 元不低于低保标准 {yuan(means.s)} 元，不能按单人户纳入（{R_SINGLE}）"],
                ref=member.ref))
            continue
        if fixed is not None:
            base = fixed.amount()
            result.add(Line("single_person_amount", f"{who(i)}·单人户定额", base, fixed.shown(), i, fixed, R_SINGLE))
        else:
            base = means.s - own
            result.add(Line("single_person_gap", f"{who(i)}·单人户补差：低保标准 − 本人月收入", base,
                            f"{yuan(means.s)} − {yuan(own)}", i, means.standard, R_SINGLE))
        top = member_topup(result, req, stds, i)
        paid = round_amount(base + top, req.options.rounding)
        result.add(Line("single_person_paid", f"{who(i)}·单人户月发放金额", Fraction(paid), member=i))
        total += paid
        result.members.append(MemberResult(i, True, paid, [
            f"家庭属低保边缘家庭，{who(i)}为{why}，按单人户纳入低保（{R_SINGLE}）"], ref=member.ref))
    if any(m.eligible for m in result.members):
        result.eligible, result.inclusion = True, "single_person"
        result.monthly_amount = total
        result.reasons.append("按单人户纳入低保：" + "、".join(who(m.index) for m in result.members if m.eligible))
    else:
        result.reasons.append("可单独纳入的成员本人收入均不低于低保标准")


def evaluate_dibao_edge(req: Request, stds: Standards) -> Result:
    """低保边缘家庭: not eligible for 低保, per-capita income < edge_multiplier × 低保标准 (1.5 unless set), assets
    within the limits. A status (no monthly cash; it opens 专项救助 and the two subsidies where the standard says so).
    Rules: 民发〔2021〕57号 第八条；民发〔2022〕83号."""
    result = Result("dibao_edge", req, req.household.urban_rural)
    result.cite(R_EDGE)
    means = assess(result, req, stds, "判断低保边缘家庭")
    limit = _edge_limit(result, stds, means)
    if not means.assets_ok:
        result.reasons.append("家庭财产状况不符合规定：" + "；".join(means.asset_reasons))
    elif means.below_standard:
        result.reasons.append(f"家庭人均月收入 {yuan(means.per_capita)} 元低于低保标准 {yuan(means.s)} 元："
                              f"符合低保条件，不属于低保边缘家庭（{R_EDGE}）")
    elif means.per_capita < limit:
        result.eligible = True
        result.reasons.append(f"家庭人均月收入 {yuan(means.per_capita)} 元不低于低保标准、"
                              f"低于边缘收入线 {yuan(limit)} 元，"
                              f"财产状况符合规定，认定为低保边缘家庭（不发放基本生活费）（{R_EDGE}）")
        for i in _single_candidates(req, stds, means):
            result.reasons.append(f"{who(i)}为重度残疾或重病患者，可按单人户申请低保（{R_SINGLE}）")
    else:
        result.reasons.append(f"家庭人均月收入 {yuan(means.per_capita)} 元不低于边缘收入线 {yuan(limit)} 元"
                              f"（{R_EDGE}）")
    result.pay(Fraction(0))
    return result


def evaluate_rigid_expense(req: Request, stds: Standards) -> Result:
    """刚性支出困难家庭: not 低保, 特困 or 低保边缘; per-capita income below last year's local per-capita disposable
    income; assets within the 低保 limits; rigid spending of the last 12 months above `expense_ratio` × the household's
    counted income of 12 months. A status (no monthly cash). Rule: 《刚性支出困难家庭认定办法》第四条、第五条."""
    result = Result("rigid_expense", req, req.household.urban_rural)
    result.procedure = {"valid_months": 12}
    result.cite(R_RIGID)
    means = assess(result, req, stds, "判断刚性支出困难家庭")
    limit = _edge_limit(result, stds, means)
    failures = []
    if "tekun" in req.household.recognised:
        failures.append("家庭成员已认定为特困人员")
    if not means.assets_ok:
        failures.append("家庭财产状况不符合规定：" + "；".join(means.asset_reasons))
    elif means.below_standard:
        failures.append("家庭人均收入低于低保标准，应按低保办理")
    elif means.per_capita < limit:
        failures.append("家庭人均收入低于低保边缘收入线，应按低保边缘家庭办理")
    disposable = stds.require("rigid_expense", "disposable_income_per_capita", "判断刚性支出困难家庭收入条件")
    line = disposable.amount() / 12
    result.add(Line("disposable_income", "上年度人均可支配收入（月均）", line, disposable.shown(), source=disposable,
                    rule=R_RIGID))
    if means.per_capita >= line:
        failures.append(f"家庭人均月收入 {yuan(means.per_capita)} 元不低于上年度人均可支配收入月均 {yuan(line)} 元")
    spent = sum((e.monthly() * 12 for e in req.household.rigid_expenses), Fraction(0))
    income = means.gross * 12
    ratio = stds.require("rigid_expense", "expense_ratio", "判断刚性支出比例")
    result.add(Line("rigid_expenses", "近12个月刚性支出", spent,
                    f"家庭年收入 {yuan(income)}；规定比例 {plain(ratio.value)}", source=ratio, rule=R_RIGID))
    if spent <= 0:
        failures.append("没有申报近12个月的刚性支出")
    elif income > 0 and spent / income <= ratio.amount():
        failures.append(f"刚性支出占家庭收入比例 {yuan(spent / income * 100)}% "
                        f"未超过规定比例 {plain(ratio.value * 100)}%")
    if failures:
        result.reasons.extend(f"{f}（{R_RIGID}）" for f in failures)
    else:
        result.eligible = True
        result.reasons.append(f"符合刚性支出困难家庭认定条件，认定有效期不超过12个月（{R_RIGID}）")
    result.pay(Fraction(0))
    return result


def evaluate_temporary(req: Request, stds: Standards) -> Result:
    """临时救助: amount = the requested amount, at most cap_multiplier × the monthly 低保标准 (cap truncated to the fen;
    no further rounding). 急难型 (emergency): no means test, paid first and the paperwork completed afterwards, no
    public notice. 支出型 (expense): per-capita income below last year's per-capita disposable income and assets within
    the limits, full procedure with notice. Up to `township_limit` the township approves alone, above it the county.
    Rules: 《社会救助暂行办法》第四十七至四十九条；民发〔2018〕23号（先行救助、支出型收入条件）."""
    opts = req.options
    result = Result("temporary", req, req.household.urban_rural)
    result.cite(R_TEMP)
    eligible = True
    if opts.kind == "expense":
        means = assess(result, req, stds, "计算临时救助")
        disposable = stds.require("rigid_expense", "disposable_income_per_capita", "判断支出型临时救助收入条件")
        line = disposable.amount() / 12
        result.add(Line("disposable_income", "上年度人均可支配收入（月均）", line, disposable.shown(),
                        source=disposable, rule=R_TEMP))
        if means.per_capita >= line:
            eligible = False
            result.reasons.append(f"支出型：家庭人均月收入 {yuan(means.per_capita)} 元不低于上年度人均可支配收入月均 "
                                  f"{yuan(line)} 元（民发〔2018〕23号）")
        if not means.assets_ok:
            eligible = False
            result.reasons.append("支出型：家庭财产状况不符合规定：" + "；".join(means.asset_reasons))
        s, standard = means.s, means.standard
    else:
        standard = stds.require("dibao", "standard", "计算临时救助上限")
        s = standard.amount()
        result.add(Line("standard", "低保标准", s, standard.shown(), source=standard, rule=R_TEMP))
    multiplier = stds.require("temporary", "cap_multiplier", "计算临时救助上限")
    cap = truncate_fen(multiplier.amount() * s)
    result.add(Line("cap", "临时救助上限", Fraction(cap), f"{plain(multiplier.value)} × {yuan(s)}", source=multiplier,
                    rule=R_TEMP))
    requested = opts.requested_amount
    result.add(Line("requested", "申请（核定）金额", Fraction(requested)))
    township = stds.require("temporary", "township_limit", "确定审批层级")
    emergency = opts.kind == "emergency"
    result.procedure = {"public_notice": not emergency, "pay_first": emergency, "approval_level": None}
    if not eligible:
        result.pay(Fraction(0))
        return result
    amount = min(requested, cap).quantize(FEN)
    result.eligible, result.monthly_amount = True, amount
    if requested > cap:
        result.reasons.append(f"申请金额 {requested} 元超过上限 {cap} 元，按上限发放（{R_TEMP}）")
    level = "township" if amount <= township.value else "county"
    result.procedure["approval_level"] = level
    result.add(Line("approval", "审批层级：" + ("乡镇（街道）" if level == "township" else "县级民政部门"), None,
                    f"乡镇审批限额 {plain(township.value)} 元", source=township, rule=R_TEMP))
    result.add(Line("monthly_amount", "救助金额（一次性）", Fraction(amount)))
    if emergency:
        result.reasons.append("急难型：先行救助，救助后补齐经办人员签字、审批等手续，不公示（民发〔2018〕23号）")
    else:
        result.reasons.append("支出型：家庭人均收入低于上年度人均可支配收入，按规定程序审核审批（民发〔2018〕23号）")
    return result
