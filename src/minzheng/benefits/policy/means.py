"""Household means: counted income, deductions, per-capita income, asset limits, classified top-ups.

Shared by 低保, 低保边缘, 刚性支出, 支出型临时救助 and (income and assets of one person) 特困.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from minzheng.benefits.policy.money import plain, yuan
from minzheng.benefits.policy.people import age_in_month, disability_text, is_severely_disabled
from minzheng.benefits.policy.types import Line, Member, MissingFact, Request, Result, Standards, StandardValue
from minzheng.registry.codes import INCOME_KINDS

R_INCOME = "民发〔2021〕57号 第十三条"
R_ASSETS = "民发〔2021〕57号 第十四条；《社会救助暂行办法》第十条"
R_MEMBERS = "民发〔2021〕57号 第七条"
R_TOPUP = "民发〔2021〕57号 第二十七条；《社会救助暂行办法》第十二条"

# 民发〔2021〕57号 第十三条: counted income, and what is not counted (① 优待抚恤金、计划生育奖励与扶助金、奖学金、
# 见义勇为等奖励性补助; ② 政府发放的各类社会救助款物 — the two disability subsidies included;
# ③ “十四五”期间的中央确定的城乡居民基本养老保险基础养老金; 高龄津贴: 民发〔2021〕43号 第六条 and local rules).
COUNTED_KINDS = frozenset({"wage", "business", "property", "transfer", "pension", "unemployment", "support", "other"})
EXCLUDED_KINDS = frozenset({"assistance", "special_care", "family_planning", "scholarship", "award", "basic_pension",
                            "age_allowance"})
EMPLOYMENT_KINDS = frozenset({"wage", "business"})

EXPENSE_KINDS = {"living": "生活支出", "medical": "医疗支出", "education": "教育支出",
                 "rehabilitation": "残疾康复支出", "other": "其他刚性支出"}
# 57号 第十三条 allows deducting 刚性支出 caused by disability or serious illness.
DEDUCTIBLE_EXPENSES = frozenset({"medical", "rehabilitation"})


def who(index: int) -> str:
    return f"第{index + 1}位成员"


@dataclass
class MemberIncome:
    index: int
    counted: Fraction = Fraction(0)  # counted income before deductions
    deduction: Fraction = Fraction(0)  # employment-cost deduction

    @property
    def net(self) -> Fraction:
        return max(self.counted - self.deduction, Fraction(0))


@dataclass
class Means:
    standard: StandardValue
    members: list[int]  # indices of counted members
    by_member: dict[int, MemberIncome]
    gross: Fraction
    deductions: Fraction
    asset_reasons: list[str] = field(default_factory=list)

    @property
    def s(self) -> Fraction:
        return self.standard.amount()

    @property
    def n(self) -> int:
        return len(self.members)

    @property
    def net(self) -> Fraction:
        return max(self.gross - self.deductions, Fraction(0))

    @property
    def per_capita(self) -> Fraction:
        return self.net / self.n

    @property
    def assets_ok(self) -> bool:
        return not self.asset_reasons

    @property
    def below_standard(self) -> bool:
        return self.per_capita < self.s


def income_lines(result: Result, index: int, member: Member, record: bool = True) -> MemberIncome:
    """Counted monthly income of one member (annual ÷ 12, exact). Excluded kinds are listed but not counted.
    Rule: 民发〔2021〕57号 第十三条 (counted and not counted income); 民发〔2021〕43号 第六条 (特困)."""
    out = MemberIncome(index)
    for income in member.incomes:
        label = INCOME_KINDS.get(income.kind, income.kind)
        monthly = income.monthly()
        shown = f"年 {income.amount} ÷ 12" if income.period == "annual" else f"月 {income.amount}"
        if income.kind in EXCLUDED_KINDS:
            if record:
                result.add(Line("income_excluded", f"{who(index)}·{label}：不计入家庭收入", None, shown, index,
                                rule=R_INCOME))
            continue
        out.counted += monthly
        if record:
            result.add(Line("income", f"{who(index)}·{label}", monthly, shown, index, rule=R_INCOME))
    return out


def employment_deduction(result: Result, req: Request, stds: Standards, index: int, member: Member,
                         out: MemberIncome) -> None:
    """Necessary employment cost, per member with wage or business income, never more than that income.
    Rule: 民发〔2021〕57号 第十三条 (工资性收入 … 扣除必要的就业成本)."""
    earned = sum((i.monthly() for i in member.incomes if i.kind in EMPLOYMENT_KINDS), Fraction(0))
    if earned <= 0:
        return
    item = stds.require("dibao", "employment_cost_deduction", "扣减必要就业成本")
    out.deduction = min(item.amount(), earned)
    result.add(Line("deduction_employment", f"{who(index)}·扣减必要就业成本", -out.deduction,
                    f"每人每月 {yuan(item.amount())}，不超过本人工资性、经营收入 {yuan(earned)}", index, item,
                    R_INCOME))


def rigid_deduction(result: Result, req: Request, stds: Standards) -> Fraction:
    """Rigid medical and rehabilitation spending caused by serious illness or disability, times the local ratio.
    Rule: 民发〔2021〕57号 第十三条 (因残疾、患重病等产生的刚性支出，可按规定适当扣减)."""
    spent = sum((e.monthly() for e in req.household.rigid_expenses if e.kind in DEDUCTIBLE_EXPENSES), Fraction(0))
    if spent <= 0:
        return Fraction(0)
    ratio = stds.require("dibao", "rigid_expense_deduction_ratio", "扣减刚性支出")
    amount = spent * ratio.amount()
    if amount:
        result.add(Line("deduction_rigid", "扣减因病因残刚性支出", -amount,
                        f"医疗、康复支出月均 {yuan(spent)} × {plain(ratio.value)}", None, ratio, R_INCOME))
    return amount


def check_assets(result: Result, req: Request, stds: Standards, s: Fraction, n: int) -> list[str]:
    """Asset limits (local figures; no national thresholds). Returns the Chinese reasons for each limit exceeded.
    Rule: 民发〔2021〕57号 第十四条；《社会救助暂行办法》第十条 (财产状况规定由地方制定)."""
    assets, reasons = req.household.assets, []
    if not assets.declared:
        result.add(Line("assets", "未提供财产信息：按无金融资产、无车辆、无住房核对", rule=R_ASSETS))
    if assets.financial > 0:
        months = stds.require("dibao", "financial_assets_per_capita_months", "核对家庭金融资产")
        limit = months.amount() * s
        per = Fraction(assets.financial) / n
        ok = per <= limit
        result.add(Line("assets_financial", "人均金融资产" + ("未超过上限" if ok else "超过上限"), None,
                        f"{yuan(per)} 元；上限 {plain(months.value)} 个月 × {yuan(s)} = {yuan(limit)} 元",
                        source=months, rule=R_ASSETS))
        if not ok:
            reasons.append(f"家庭人均金融资产 {yuan(per)} 元超过上限 {yuan(limit)} 元（{R_ASSETS}）")
    if assets.vehicles:
        count = stds.require("dibao", "vehicle_count_limit", "核对车辆")
        value = stds.require("dibao", "vehicle_value_limit", "核对车辆")
        if len(assets.vehicles) > count.amount():
            reasons.append(f"家庭有车辆 {len(assets.vehicles)} 辆，超过上限 {plain(count.value)} 辆（{R_ASSETS}）")
        result.add(Line("assets_vehicles", f"车辆 {len(assets.vehicles)} 辆", None,
                        f"上限 {plain(count.value)} 辆", source=count, rule=R_ASSETS))
        for k, v in enumerate(assets.vehicles):
            over = Fraction(v) > value.amount()
            result.add(Line("assets_vehicle", f"第{k + 1}辆车价值" + ("超过上限" if over else "未超过上限"), None,
                            f"{yuan(Fraction(v))} 元；上限 {yuan(value.amount())} 元", source=value, rule=R_ASSETS))
            if over:
                reasons.append(f"第{k + 1}辆车价值 {yuan(Fraction(v))} 元超过上限 {yuan(value.amount())} 元"
                               f"（{R_ASSETS}）")
    if assets.housing_units > 0:
        limit = stds.require("dibao", "housing_units_limit", "核对住房")
        over = assets.housing_units > limit.amount()
        result.add(Line("assets_housing", f"住房 {assets.housing_units} 套", None, f"上限 {plain(limit.value)} 套",
                        source=limit, rule=R_ASSETS))
        if over:
            reasons.append(f"家庭住房 {assets.housing_units} 套，超过上限 {plain(limit.value)} 套（{R_ASSETS}）")
    return reasons


def assess(result: Result, req: Request, stds: Standards, purpose: str) -> Means:
    """Counted members (民发〔2021〕57号 第七条), counted income after deductions and per-capita income (第十三条), and
    the asset test (第十四条), each with its breakdown lines."""
    standard = stds.require("dibao", "standard", purpose)
    s = standard.amount()
    result.add(Line("standard", "低保标准", s, standard.shown(), source=standard,
                    rule="民发〔2021〕57号 第二十三条"))
    members = [i for i, m in enumerate(req.household.members) if m.counted]
    for i, m in enumerate(req.household.members):
        if not m.counted:
            result.add(Line("member_not_counted", f"{who(i)}不计入共同生活家庭成员", member=i, rule=R_MEMBERS))
    if not members:
        raise MissingFact("household.members", "没有计入的共同生活家庭成员（counted 均为 false）")
    by_member: dict[int, MemberIncome] = {}
    for i in members:
        member = req.household.members[i]
        by_member[i] = income_lines(result, i, member)
        employment_deduction(result, req, stds, i, member, by_member[i])
    gross = sum((mi.counted for mi in by_member.values()), Fraction(0))
    deductions = sum((mi.deduction for mi in by_member.values()), Fraction(0)) + rigid_deduction(result, req, stds)
    means = Means(standard, members, by_member, gross, deductions)
    result.add(Line("household_income", "家庭月收入（扣减后）", means.net,
                    f"计入收入 {yuan(gross)} − 扣减 {yuan(deductions)}", rule=R_INCOME))
    result.add(Line("per_capita_income", "家庭人均月收入", means.per_capita,
                    f"{yuan(means.net)} ÷ {means.n} 人 = {yuan(means.per_capita)}；低保标准 {yuan(s)}",
                    rule=R_INCOME))
    means.asset_reasons = check_assets(result, req, stds, s, means.n)
    return means


TOPUPS = (("topup_elderly", "老年人"), ("topup_minor", "未成年人"), ("topup_severe_disability", "重度残疾人"),
          ("topup_serious_illness", "重病患者"))


def topup_categories(member: Member, req: Request, stds: Standards) -> list[str]:
    """The 分类施保 categories a member falls in: 老年人, 未成年人, 重度残疾人, 重病患者 (民发〔2021〕57号 第二十七条；
    《社会救助暂行办法》第十二条; the ages are standard items defaulting to the legal definitions)."""
    age = age_in_month(member, req.month)
    elderly = stds.require("dibao", "topup_elderly_age", "判断分类施保老年人")
    minor = stds.require("dibao", "topup_minor_age", "判断分类施保未成年人")
    grade = stds.require("dibao", "severe_mental_grade", "判断重度残疾")
    found = []
    if age >= elderly.amount():
        found.append("topup_elderly")
    if age < minor.amount():
        found.append("topup_minor")
    if is_severely_disabled(member, int(grade.value)):
        found.append("topup_severe_disability")
    if member.serious_illness:
        found.append("topup_serious_illness")
    return found


def member_topup(result: Result, req: Request, stds: Standards, index: int) -> Fraction:
    """分类施保: each member gets the single highest top-up among the categories that apply (a person is counted
    once even when several apply). Rule: 民发〔2021〕57号 第二十七条；《社会救助暂行办法》第十二条."""
    member = req.household.members[index]
    categories = topup_categories(member, req, stds)
    if not categories:
        return Fraction(0)
    labels = dict(TOPUPS)
    values = [(stds.require("dibao", c, f"计算分类施保（{labels[c]}）"), c) for c in categories]
    best, best_cat = values[0]
    for value, cat in values[1:]:
        if value.amount() > best.amount():
            best, best_cat = value, cat
    others = [labels[c] for c in categories if c != best_cat]
    detail = f"{labels[best_cat]}" + (f"；另符合{'、'.join(others)}，只取最高一项" if others else "")
    if best_cat == "topup_severe_disability":
        detail += f"（{disability_text(member)}）"
    result.add(Line("topup", f"{who(index)}·分类施保", best.amount(), detail, index, best, R_TOPUP))
    return best.amount()
