"""Children's allowances this app declares into the benefits kernel: 孤儿基本生活费 and 事实无人抚养儿童基本生活补贴.
The child-welfare line of business (registers, visits, minors-protection cases) grows in this app."""

from __future__ import annotations

from decimal import Decimal

from minzheng.benefits.catalogue import Item, money_item
from minzheng.benefits.programs import MONTHLY, Program
from minzheng.benefits.workflow import ProgramParams
from minzheng.children.policy import evaluate_orphan, evaluate_unsupported_child

R62 = "民发〔2019〕62号"
RAISING = {"dispersed": "散居", "centralised": "集中养育"}
CHILD_RULES = ("child_out_of_school",)  # verification.comparison_rules: over age and not in school

PROGRAMS = [
    Program(
        "orphan", "孤儿基本生活费", "person", MONTHLY, evaluate_orphan, comparison_rules=CHILD_RULES, aliases=("孤儿",),
        subtype_labels=RAISING,
        items=(money_item("orphan", "centralised", "孤儿基本生活费（集中养育）", "机构集中养育孤儿每人每月",
                          minimum_exclusive=True),
               money_item("orphan", "dispersed", "孤儿基本生活费（社会散居）", "社会散居孤儿每人每月",
                          minimum_exclusive=True),
               Item("orphan", "age_limit", "孤儿年龄上限", "age", "未满该周岁可领取", whole=True, default=Decimal(18),
                    default_rule="《民法典》第十七条：不满十八周岁为未成年人")),
        procedure=ProgramParams(
            "orphan", "person", investigation=False, verification=False, public_notice=False,
            subtypes=tuple(RAISING), rules=("孤儿基本生活费：不公示（保护儿童隐私）；时限按地方规定",))),
    Program(
        "unsupported_child", "事实无人抚养儿童基本生活补贴", "person", MONTHLY, evaluate_unsupported_child,
        comparison_rules=CHILD_RULES, subtype_labels=RAISING, aliases=("事实无人抚养儿童",),
        items=(money_item("unsupported_child", "centralised", "事实无人抚养儿童补贴（集中养育）", "每人每月",
                          minimum_exclusive=True),
               money_item("unsupported_child", "dispersed", "事实无人抚养儿童补贴（散居）", "每人每月",
                          minimum_exclusive=True),
               Item("unsupported_child", "age_limit", "事实无人抚养儿童年龄上限", "age", "未满该周岁可领取",
                    whole=True, default=Decimal(18), default_rule="民发〔2019〕62号：未满18周岁")),
        procedure=ProgramParams(
            "unsupported_child", "person", investigation=False, verification=False, public_notice=False,
            initial_review_wd=15, decision_wd=15, subtypes=tuple(RAISING),
            rules=(f"{R62}（乡镇查验15个工作日、县级确认15个工作日、不公示、次月起发放）",))),
]
