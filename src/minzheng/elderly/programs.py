"""The elderly-care programs declared into the benefits kernel: 高龄津贴 (with its survival check period), 护理补贴
(by GB/T 42195-2022 level, with the re-assessment interval) and 养老服务补贴 (低保, 特困 and 低保边缘 elderly). All are
paid monthly by the payroll once a case is confirmed. No national amounts: local standard items (示例 demo values in
synthetic/data/demo_standards.csv)."""

from __future__ import annotations

from decimal import Decimal

from minzheng.benefits.catalogue import Item, money_item
from minzheng.benefits.programs import MONTHLY, Program
from minzheng.benefits.workflow import ProgramParams
from minzheng.elderly.policy import evaluate_age_allowance
from minzheng.elderly.policy.subsidies import R_SUBSIDY, evaluate_care_subsidy, evaluate_service_subsidy

_AGE = {"whole": True, "default": Decimal(60), "default_rule": "《老年人权益保障法》第二条：六十周岁以上"}


def capability_facts(person_ids: list[int], month) -> dict[int, dict]:
    """护理补贴: each member's capability_level from the latest GB/T 42195-2022 assessment made by the end of the
    month evaluated; a level recorded in the case's facts wins."""
    from minzheng.elderly.selectors import capability_levels  # models are loaded only once Django is ready

    return capability_levels(person_ids, month)


def _procedure(code: str, *rules: str) -> ProgramParams:
    return ProgramParams(code, "person", investigation=False, verification=False, public_notice=False,
                         delegable=True, rules=rules)


PROGRAMS = [
    Program(
        "age_allowance", "高龄津贴", "person", MONTHLY, evaluate_age_allowance, aliases=("高龄补贴",),
        items=(money_item("age_allowance", "band_80", "高龄津贴·80至89周岁", "满80周岁的次月起每人每月"),
               money_item("age_allowance", "band_90", "高龄津贴·90至99周岁", "满90周岁的次月起每人每月"),
               money_item("age_allowance", "band_100", "高龄津贴·100周岁以上", "满100周岁的次月起每人每月"),
               money_item("age_allowance", "band_80_poor", "高龄津贴·80至89周岁困难老人",
                          "设置后，低保、低保边缘、特困家庭的80至89周岁老人按此标准", optional=True),
               Item("age_allowance", "survival_check_months", "高龄津贴生存认证周期", "months",
                    "设置后，领取人须每该月数内至少认证一次（村(社区)上门核实或部门数据比对）；逾期未认证的自逾期次月起"
                    "暂停发放，补认证后恢复并补发（地方规定；未设置则不要求认证）",
                    minimum=Decimal(1), maximum=Decimal(24), whole=True, optional=True)),
        procedure=_procedure("age_allowance", "高龄津贴：无全国统一规定，程序与时限按地方规定")),
    Program(
        "care_subsidy", "护理补贴", "person", MONTHLY, evaluate_care_subsidy, aliases=("失能老年人护理补贴",),
        member_facts=capability_facts,
        items=(money_item("care_subsidy", "level_1", "护理补贴·1级 轻度失能",
                          "老年人能力评估（GB/T 42195-2022）为1级 能力轻度受损的每人每月；未设置则该等级不发放",
                          optional=True),
               money_item("care_subsidy", "level_2", "护理补贴·2级 中度失能", "能力等级2级 能力中度受损的每人每月",
                          optional=True),
               money_item("care_subsidy", "level_3", "护理补贴·3级 重度失能", "能力等级3级 能力重度受损的每人每月",
                          optional=True),
               money_item("care_subsidy", "level_4", "护理补贴·4级 完全失能", "能力等级4级 能力完全丧失的每人每月",
                          optional=True),
               Item("care_subsidy", "min_age", "护理补贴年龄", "age", "年满该周岁（当月1日）", **_AGE),
               Item("care_subsidy", "reassessment_months", "老年人能力评估复评间隔", "months",
                    "自上次评估起满该月数应进行常规评估（GB/T 42195-2022 的复评周期待核实：第三方实现称每12个月）",
                    minimum=Decimal(1), maximum=Decimal(60), whole=True)),
        procedure=_procedure("care_subsidy", R_SUBSIDY, "能力等级：GB/T 42195-2022《老年人能力评估规范》")),
    Program(
        "service_subsidy", "养老服务补贴", "person", MONTHLY, evaluate_service_subsidy,
        aliases=("经济困难老年人养老服务补贴",),
        items=(money_item("service_subsidy", "amount_tekun", "养老服务补贴·特困人员", "特困人员中的老年人每人每月"),
               money_item("service_subsidy", "amount_dibao", "养老服务补贴·低保对象", "低保家庭中的老年人每人每月"),
               money_item("service_subsidy", "amount_edge", "养老服务补贴·低保边缘",
                          "低保边缘家庭中的老年人每人每月"),
               Item("service_subsidy", "min_age", "养老服务补贴年龄", "age", "年满该周岁（当月1日）", **_AGE)),
        procedure=_procedure("service_subsidy", R_SUBSIDY)),
]
