"""The relief programs this app declares into the benefits kernel: 紧急生活救助 (one-off), 过渡期生活救助 (monthly
for a set period, then it stops: validity_months), 冬春救助 (one-off) and 倒损住房恢复重建补助 (one-off per household).
Cases, decisions, entitlements and payroll (the one-off and monthly paths) are the kernel's; the amounts are local
standards (示例 values in synthetic/data or the tests). None is means-tested for entry: 应急救助 comes first
(《自然灾害救助条例》第十四条); 冬春救助 and rebuilding are decided by the township and the county on the damage
recorded (the household's 受灾 record in this app)."""

from __future__ import annotations

from decimal import Decimal

from minzheng.benefits.catalogue import Item, money_item
from minzheng.benefits.programs import MONTHLY, ONE_OFF, Program
from minzheng.benefits.workflow import ProgramParams
from minzheng.relief import codes
from minzheng.relief.policy import R_REGULATION, per_household, per_person

TRANSITION_MONTHS = 3  # 过渡期生活救助期限 (see the procedure's rules)
R_EMERGENCY = f"{R_REGULATION}第十四条（应急救助：受灾人员基本生活救助）"
R_TRANSITION = (f"{R_REGULATION}第十九条（过渡期生活救助：因灾房屋倒塌或严重损坏无房可住、无生活来源、"
                "无自救能力的）")
R_WINTER = f"{R_REGULATION}第二十一条（冬春救助：受灾地区人民政府在当年冬季、次年春季对生活困难的受灾人员给予救助）"
R_REBUILD = f"{R_REGULATION}第十九、二十条（倒损住房恢复重建）"


def _procedure(code: str, *rules: str, months: int | None = 1, notice: bool = False) -> ProgramParams:
    # No data check, no home visit required before the township's review (应急救助 first); one-off payments are valid
    # one month (paid once), the transitional assistance for its period.
    return ProgramParams(code, "household", investigation=False, verification=False, public_notice=notice,
                         delegable=True, validity_months=months, rules=rules)


def _amount(program: str, label: str, meaning: str) -> Item:
    return Item(program, "per_person", label, "money", meaning + "（元/人）", minimum_exclusive=True)


PROGRAMS = [
    Program(
        "disaster_emergency", codes.PROGRAMS["disaster_emergency"], "household", ONE_OFF,
        per_person("disaster_emergency", "per_person", R_EMERGENCY), importable=False,
        items=(_amount("disaster_emergency", "紧急生活救助标准",
                       "灾害发生后对受灾人员一次性发放的紧急生活救助，每人"),),
        procedure=_procedure("disaster_emergency", R_EMERGENCY)),
    Program(
        "disaster_transition", codes.PROGRAMS["disaster_transition"], "household", MONTHLY,
        per_person("disaster_transition", "per_person_month", R_TRANSITION), importable=False,
        items=(money_item("disaster_transition", "per_person_month", "过渡期生活救助标准",
                          "因灾无房可住、无生活来源的受灾人员，过渡期内每人每月", minimum_exclusive=True),),
        procedure=_procedure("disaster_transition", R_TRANSITION,
                             f"过渡期 {TRANSITION_MONTHS} 个月，期满停发（地方规定一般为3个月，示例）",
                             months=TRANSITION_MONTHS)),
    Program(
        "disaster_winter", codes.PROGRAMS["disaster_winter"], "household", ONE_OFF,
        per_person("disaster_winter", "per_person", R_WINTER), importable=False,
        items=(_amount("disaster_winter", "冬春救助标准", "冬春期间生活困难的受灾人员，每人一次性"),),
        procedure=_procedure("disaster_winter", R_WINTER, notice=True)),
    Program(
        "disaster_rebuild", codes.PROGRAMS["disaster_rebuild"], "household", ONE_OFF,
        per_household("disaster_rebuild", "per_household", R_REBUILD), importable=False,
        items=(Item("disaster_rebuild", "per_household", "倒损住房恢复重建补助标准", "money",
                    "因灾倒塌或严重损坏住房的受灾家庭恢复重建，每户（元/户）", minimum_exclusive=True,
                    maximum=Decimal(1_000_000)),),
        procedure=_procedure("disaster_rebuild", R_REBUILD, notice=True)),
]
