"""The two disability subsidies (残疾人两项补贴) this app declares into the benefits kernel. The disability line of
business (certificates, rehabilitation, care) grows in this app."""

from __future__ import annotations

from decimal import Decimal

from minzheng.benefits.catalogue import Item, money_item
from minzheng.benefits.programs import MONTHLY, Program
from minzheng.benefits.workflow import ProgramParams
from minzheng.disability.policy import evaluate_disability_care, evaluate_disability_living

R52 = "国发〔2015〕52号"

PROGRAMS = [
    Program(
        "disability_living", "困难残疾人生活补贴", "person", MONTHLY, evaluate_disability_living,
        aliases=("残疾人生活补贴",),
        items=(money_item("disability_living", "amount", "困难残疾人生活补贴",
                          "低保家庭残疾人每人每月（国发〔2015〕52号）"),
               Item("disability_living", "include_dibao_edge", "生活补贴覆盖低保边缘家庭", "flag",
                    "1 = 低保边缘家庭中的残疾人也可领取", maximum=Decimal(1), whole=True, default=Decimal(0),
                    default_rule="国发〔2015〕52号：对象为低保家庭中的残疾人")),
        procedure=ProgramParams(
            "disability_living", "person", investigation=False, verification=False, public_notice=False,
            delegable=True, rules=(f"{R52}（时限按地方规定）",))),
    Program(
        "disability_care", "重度残疾人护理补贴", "person", MONTHLY, evaluate_disability_care,
        aliases=("护理补贴",),
        items=(money_item("disability_care", "grade1", "重度残疾人护理补贴·一级", "一级残疾人每人每月"),
               money_item("disability_care", "grade2", "重度残疾人护理补贴·二级", "二级残疾人每人每月"),
               money_item("disability_care", "grade3_mental", "护理补贴·三级智力精神",
                          "设置后三级智力、精神残疾人也可领取", optional=True),
               money_item("disability_care", "grade4_mental", "护理补贴·四级智力精神",
                          "设置后四级智力、精神残疾人也可领取", optional=True)),
        procedure=ProgramParams(
            "disability_care", "person", investigation=False, verification=False, public_notice=False,
            delegable=True, rules=(f"{R52}（时限按地方规定）",))),
]
