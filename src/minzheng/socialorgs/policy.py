"""Pure rules of 社会组织 (dataclasses and values in, values out); each cites what it implements.

- Unified social credit code: GB 32100-2015 (check character), through python-stdnum `cn.uscc`.
- 基金会 spending: 《基金会管理条例》(国务院令第400号) 第二十九条 — 公募基金会 spends on its mission each year at
  least 70 % of the previous year's total income; 非公募 at least 8 % of the previous year's fund balance; staff pay,
  benefits and administrative costs at most 10 % of the year's total spending.
- Evaluation: 《社会组织评估管理办法》(民政部令第39号, 2011-03-01) — 第十二条 who may apply (registered two full years
  and never evaluated, or the grade's validity has run out; re-application allowed in the last 2 years of
  validity: 第二十七条 ❓ article number), 第十三条 who is not evaluated (missed or failed last year's annual check,
  基本合格 two years running, punished last year, under investigation), 第二十五条 grades 5A–1A valid 5 years,
  第二十九、三十条 downgrade / cancellation and the 2- and 3-year bars on re-applying, return of certificate and
  plaque within 15 days; 第二十条 the committee (7–25 members, quorum two thirds, majority of those present);
  第二十三、二十四条 appeal to the 复核委员会, answer within 15 days. The abnormal list and blacklist bar:
  《社会组织信用信息管理办法》(民政部令第60号, 2018) ◐.
- Score thresholds of the grades and the appeal window are local (provincial standards): data (`Rule` rows), with a
  bundled 示例 set.

>>> add_years(dt.date(2024, 2, 29), 1)
datetime.date(2025, 2, 28)
>>> grade_for(Decimal("905"), {"5": "900", "4": "800", "3": "700", "2": "600", "1": "500"})
5
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError

CENT = Decimal("0.01")
VALID_YEARS = 5  # 第二十五条
REAPPLY_BEFORE_EXPIRY_YEARS = 2
REGISTERED_YEARS = 2  # 第十二条 满两个年度
BAR_YEARS = {"downgrade": 2, "cancel": 3}  # 第三十一条 ❓ article number
RETURN_DAYS = 15  # certificate and plaque returned within 15 days
APPEAL_ANSWER_DAYS = 15  # 复核委员会 answers within 15 days of receiving the appeal
COMMITTEE_SIZE = (7, 25)
REVIEW_COMMITTEE_SIZE = (5, 9)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# ---- the unified social credit code -------------------------------------------------------------------------------


def uscc_error(code: str) -> str | None:
    """None when `code` is a valid 18-character 统一社会信用代码, else the Chinese reason. Social organisations
    registered by 民政 carry registration-authority code 5 (GB 32100-2015 表1)."""
    try:
        value = stdnum_uscc.validate(code)
    except StdnumError:
        return "统一社会信用代码无效（应为 18 位，校验位须正确，见 GB 32100-2015）"
    if value[0] != "5":
        return "社会组织的统一社会信用代码应以 5（民政部门登记）开头"
    return None


# ---- 基金会 spending (基金会管理条例 第二十九条) ---------------------------------------------------------------------


@dataclass(frozen=True)
class FoundationAccounts:
    public: bool  # 公募 (else 非公募)
    last_year_income: Decimal
    last_year_fund_balance: Decimal
    mission_spending: Decimal  # 用于章程规定的公益事业支出
    pay_and_admin: Decimal  # 工作人员工资福利和行政办公支出
    total_spending: Decimal


@dataclass(frozen=True)
class Check:
    rule: str
    required: str  # the figure the rule asks, as text ("≥ 70,000.00")
    actual: str
    ok: bool
    message: str


def _pct(part: Decimal, whole: Decimal) -> str:
    if not whole:
        return "—"
    return f"{(part * 100 / whole).quantize(CENT, ROUND_HALF_UP)}%"


def spending_checks(a: FoundationAccounts) -> list[Check]:
    """The two tests of 第二十九条 on one year's accounts."""
    out = []
    if a.public:
        floor = (a.last_year_income * Decimal("0.70")).quantize(CENT, ROUND_HALF_UP)
        ok = a.mission_spending >= floor
        out.append(Check("mission", f"≥ {floor}（上年总收入 {a.last_year_income} 的 70%）",
                         f"{a.mission_spending}（{_pct(a.mission_spending, a.last_year_income)}）", ok,
                         "公益事业支出达到上年总收入的 70%" if ok else
                         f"公益事业支出 {a.mission_spending} 低于上年总收入的 70%（{floor}）"))
    else:
        floor = (a.last_year_fund_balance * Decimal("0.08")).quantize(CENT, ROUND_HALF_UP)
        ok = a.mission_spending >= floor
        out.append(Check("mission", f"≥ {floor}（上年基金余额 {a.last_year_fund_balance} 的 8%）",
                         f"{a.mission_spending}（{_pct(a.mission_spending, a.last_year_fund_balance)}）", ok,
                         "公益事业支出达到上年基金余额的 8%" if ok else
                         f"公益事业支出 {a.mission_spending} 低于上年基金余额的 8%（{floor}）"))
    ceiling = (a.total_spending * Decimal("0.10")).quantize(CENT, ROUND_HALF_UP)
    ok = a.pay_and_admin <= ceiling
    out.append(Check("overhead", f"≤ {ceiling}（当年总支出 {a.total_spending} 的 10%）",
                     f"{a.pay_and_admin}（{_pct(a.pay_and_admin, a.total_spending)}）", ok,
                     "工资福利和行政办公支出未超过总支出的 10%" if ok else
                     f"工资福利和行政办公支出 {a.pay_and_admin} 超过总支出的 10%（{ceiling}）"))
    return out


# ---- annual reports ---------------------------------------------------------------------------------------------


def report_due(year: int, rule: Mapping[str, str]) -> tuple[dt.date, dt.date]:
    """(due to the supervisor, due to the registry) for the report on `year`, from a rule row's "MM-DD" values
    (e.g. {"supervisor": "03-31", "registry": "05-31"}): both in the following year."""
    def day(text: str) -> dt.date:
        month, dd = (int(p) for p in text.split("-"))
        return dt.date(year + 1, month, dd)

    return day(rule["supervisor"]), day(rule["registry"])


# ---- evaluation (民政部令第39号) ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PastGrade:
    grade: int
    valid_from: dt.date
    valid_until: dt.date
    downgraded: bool = False  # a lowered grade: the 2-year bar, not the validity, says when to re-apply


@dataclass(frozen=True)
class Sanction:
    kind: str  # "downgrade" | "cancel"
    on: dt.date


@dataclass(frozen=True)
class History:
    """What eligibility looks at, as of the application day."""

    registered_on: dt.date
    status: str = "active"
    current: PastGrade | None = None  # the grade in force (None: never graded, or cancelled, or expired)
    ever_graded: bool = False
    annual_results: Mapping[int, str] = field(default_factory=dict)  # year → codes.REPORT_RESULTS ("" = pending)
    sanctions: Sequence[Sanction] = ()
    punished_last_year: bool = False
    under_investigation: bool = False
    listed: str = ""  # codes.LISTS label when on the abnormal list or the blacklist


def valid_until(awarded_on: dt.date) -> dt.date:
    """Last day of a grade awarded on `awarded_on` (valid five years, 第二十五条)."""
    return add_years(awarded_on, VALID_YEARS) - dt.timedelta(days=1)


def grade_in_force(g: PastGrade | None, on: dt.date) -> bool:
    return g is not None and g.valid_from <= on <= g.valid_until


def eligibility(h: History, on: dt.date) -> list[str]:
    """The reasons an organisation may not be evaluated on `on` (empty: it may)."""
    reasons = []
    if h.status != "active":
        reasons.append("社会组织已注销或被撤销登记")
    if on < add_years(h.registered_on, REGISTERED_YEARS):
        reasons.append(f"取得登记证书未满两个年度（{add_years(h.registered_on, REGISTERED_YEARS)} 起可申请）")
    if grade_in_force(h.current, on) and not h.current.downgraded:
        opens = add_years(h.current.valid_until + dt.timedelta(days=1), -REAPPLY_BEFORE_EXPIRY_YEARS)
        if on < opens:
            reasons.append(f"评估等级 {h.current.grade}A 在有效期内（至 {h.current.valid_until}），"
                           f"有效期满前 2 年（{opens} 起）方可申请重新评估")
    for s in h.sanctions:
        years = BAR_YEARS[s.kind]
        until = add_years(s.on, years)
        if s.on <= on < until:
            what = "被降低评估等级" if s.kind == "downgrade" else "被取消评估等级"
            reasons.append(f"{s.on} {what}，{years} 年内不得申请评估（{until} 起可申请）")
    last = on.year - 1
    result = h.annual_results.get(last)
    if on >= add_years(h.registered_on, 1) and dt.date(last, 12, 31) >= h.registered_on:
        if result is None:
            reasons.append(f"未参加 {last} 年度年检（未报送年度工作报告）")
        elif result == "fail":
            reasons.append(f"{last} 年度年检不合格")
        elif result == "basic" and h.annual_results.get(last - 1) == "basic":
            reasons.append(f"{last - 1}、{last} 年度年检连续 2 年基本合格")
    if h.punished_last_year:
        reasons.append("上一年度受到登记管理机关行政处罚")
    if h.under_investigation:
        reasons.append("正在被有关机关调查")
    if h.listed:
        reasons.append(f"已列入{h.listed}")
    return reasons


def grade_for(score: Decimal, bands: Mapping[str, str]) -> int:
    """The grade (5…1, 0 = none) a total score reaches under the bands {"5": minimum, …, "1": minimum}."""
    for grade in (5, 4, 3, 2, 1):
        floor = bands.get(str(grade))
        if floor is not None and score >= Decimal(floor):
            return grade
    return 0


@dataclass(frozen=True)
class Committee:
    size: int
    present: int
    votes_for: int


def committee_problems(c: Committee) -> list[str]:
    """Why the committee's vote does not stand (第二十条: 7–25 members, two thirds present, majority of those
    present)."""
    low, high = COMMITTEE_SIZE
    out = []
    if not low <= c.size <= high:
        out.append(f"评估委员会应由 {low}—{high} 名委员组成")
    if c.present > c.size or c.votes_for > c.present:
        out.append("出席人数不能多于委员人数，同意票不能多于出席人数")
    elif c.present * 3 < c.size * 2:
        out.append("出席委员不足三分之二，不能表决")
    elif c.votes_for * 2 <= c.present:
        out.append("同意票未超过出席委员半数，评估结论未通过")
    return out


def appeal_deadline(notified_on: dt.date, window_days: int) -> dt.date:
    return notified_on + dt.timedelta(days=window_days)


def appeal_answer_due(received_on: dt.date) -> dt.date:
    return received_on + dt.timedelta(days=APPEAL_ANSWER_DAYS)


def return_due(sanction_on: dt.date) -> dt.date:
    """Certificate and plaque are returned within 15 days of a downgrade or cancellation."""
    return sanction_on + dt.timedelta(days=RETURN_DAYS)


def per_10000(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return str((Decimal(part) * 10000 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP))


# ---- 成立登记 (registration applications) -------------------------------------------------------------------------
# Materials: 《社会团体登记管理条例》第十一、十四条, 《民办非企业单位登记管理暂行条例》第九条, 《基金会管理条例》
# 第九条 (❓ article numbers); an organisation registered directly (no 业务主管单位: 行业协会商会、科技类、公益慈善类、
# 城乡社区服务类) brings no supervisor's approval. Incomplete materials are told all at once (《行政许可法》第三十二条).

COMMON_MATERIALS = ("application", "statute", "capital_proof", "premises_proof", "leaders_id")
KIND_MATERIALS = {"association": ("members_list",), "service": (), "foundation": ("directors_list",)}


def required_materials(kind: str, has_supervisor: bool) -> tuple[str, ...]:
    """The materials a registration application of `kind` must bring (codes.MATERIALS keys, in checklist order)."""
    out = [*COMMON_MATERIALS, *KIND_MATERIALS.get(kind, ())]
    if has_supervisor:
        out.insert(1, "supervisor_approval")
    return tuple(out)


def missing_materials(kind: str, has_supervisor: bool, submitted: Sequence[str]) -> list[str]:
    have = set(submitted)
    return [m for m in required_materials(kind, has_supervisor) if m not in have]


def founding_problems(kind: str, fundraising: str, funds: Decimal, members: int | None,
                      rule: Mapping[str, object]) -> list[str]:
    """Why the founding figures fall short of the minimums in `rule` (a `min_funds` row: {"amount", "public"?,
    "members"?}): 社会团体 活动资金 and members (条例 第十条), 民非 开办资金, 基金会 原始基金 (公募 / 非公募,
    基金会管理条例 第八条)."""
    out = []
    floor = Decimal(str(rule.get("public") if kind == "foundation" and fundraising == "public" and rule.get("public")
                        else rule.get("amount", "0")))
    if funds < floor:
        what = {"association": "活动资金", "service": "开办资金", "foundation": "原始基金"}[kind]
        out.append(f"{what} {funds} 元低于最低要求 {floor} 元")
    need = rule.get("members")
    if kind == "association" and need is not None and (members or 0) < int(need):
        out.append(f"会员 {members or 0} 个少于最低要求 {need} 个")
    return out


def decision_due(received_on: dt.date, days: int) -> dt.date:
    """The last day for the registry's decision: `days` calendar days after receiving complete materials."""
    return received_on + dt.timedelta(days=days)


# ---- 活动异常名录 → 严重违法失信名单 ---------------------------------------------------------------------------------


def blacklist_on(listed_on: dt.date, years: int) -> dt.date:
    """The day an organisation still on the 活动异常名录 moves to the 严重违法失信名单: `years` (2) full years after
    it was listed (《社会组织信用信息管理办法》民政部令第60号 第十七条 ❓ article number: 列入活动异常名录满2年).

    >>> blacklist_on(dt.date(2024, 2, 29), 2)
    datetime.date(2026, 2, 28)
    """
    return add_years(listed_on, years)
