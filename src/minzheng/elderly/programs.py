"""高龄津贴 (old-age allowance), declared into the benefits kernel. The elderly-care line of business (register,
capability assessment, institutions, home care) grows in this app."""

from __future__ import annotations

from minzheng.benefits.catalogue import money_item
from minzheng.benefits.programs import MONTHLY, Program
from minzheng.benefits.workflow import ProgramParams
from minzheng.elderly.policy import evaluate_age_allowance

PROGRAMS = [
    Program(
        "age_allowance", "高龄津贴", "person", MONTHLY, evaluate_age_allowance, aliases=("高龄补贴",),
        items=(money_item("age_allowance", "band_80", "高龄津贴·80至89周岁", "满80周岁的次月起每人每月"),
               money_item("age_allowance", "band_90", "高龄津贴·90至99周岁", "满90周岁的次月起每人每月"),
               money_item("age_allowance", "band_100", "高龄津贴·100周岁以上", "满100周岁的次月起每人每月"),
               money_item("age_allowance", "band_80_poor", "高龄津贴·80至89周岁困难老人",
                          "设置后，低保、低保边缘、特困家庭的80至89周岁老人按此标准", optional=True)),
        procedure=ProgramParams(
            "age_allowance", "person", investigation=False, verification=False, public_notice=False, delegable=True,
            rules=("高龄津贴：无全国统一规定，程序与时限按地方规定",))),
]
