"""Code tables of special care (优抚): the categories of entitled persons (《军人抚恤优待条例》, 2024 revision,
and 民政部/退役军人事务部 classifications), the nature of a disability (因战/因公/因病), certification methods, and
the programs this app declares into the benefits kernel."""

from __future__ import annotations

# category → label; the program that pays it (None: recognised, paid elsewhere or not periodically).
CATEGORIES = {
    "disabled_veteran": "残疾军人",
    "martyr_family": "烈士遗属",
    "duty_death_family": "因公牺牲军人遗属",
    "illness_death_family": "病故军人遗属",
    "demobilized_veteran": "在乡老复员军人",
    "returned_ill": "带病回乡退伍军人",
    "war_participant": "参战参试退役人员",
    "conscript_family": "义务兵家属",
}
PENSION_CATEGORIES = ("disabled_veteran", "martyr_family", "duty_death_family", "illness_death_family")
SUBSIDY_CATEGORIES = ("demobilized_veteran", "returned_ill", "war_participant")
CATEGORY_PROGRAM = {**dict.fromkeys(PENSION_CATEGORIES, "special_pension"),
                    **dict.fromkeys(SUBSIDY_CATEGORIES, "special_subsidy"),
                    "conscript_family": "conscript_allowance"}

# 医疗补助: every category except 义务兵家属 (covered by their own insurance).
MEDICAL_CATEGORIES = (*PENSION_CATEGORIES, *SUBSIDY_CATEGORIES)

NATURES = {"war": "因战", "duty": "因公", "illness": "因病"}
GRADES = {str(g): f"{'一二三四五六七八九十'[g - 1]}级" for g in range(1, 11)}

STATUS = {"active": "在册", "ended": "已注销"}
END_REASONS = {"death": "死亡", "moved": "迁出", "disqualified": "取消资格", "other": "其他"}

CERTIFICATION_METHODS = {"visit": "上门核实", "office": "本人到场", "video": "视频认证", "feed": "部门数据比对"}

PROGRAMS = {"special_pension": "优抚对象抚恤金（伤残、定期抚恤）", "special_subsidy": "优抚对象定期生活补助",
            "conscript_allowance": "义务兵家庭优待金", "special_medical": "优抚对象医疗补助"}

# "三难" 帮扶 (生活难、住房难、看病难): the campaign of 民政部/退役军人事务部 for entitled persons' families.
HARDSHIPS = {"living": "生活难", "housing": "住房难", "medical": "看病难"}
HARDSHIP_STATUS = {"open": "已发现待帮扶", "helping": "帮扶中", "closed": "已解决结案"}
HELP_MEASURES = {"money": "资金救助", "goods": "物资帮扶", "housing": "住房改造/安置", "medical": "医疗救助/就医协助",
                 "referral": "转介其他救助", "care": "生活照料", "other": "其他"}

EXCHANGE_DIRECTIONS = {"export": "导出", "import": "导入比对"}
DIFFERENCES = {"only_theirs": "对方有、本系统无", "only_ours": "本系统有、对方无", "category": "类别不一致",
               "grade": "残疾等级不一致", "status": "在册状态不一致", "unknown_person": "统一库无此人"}
