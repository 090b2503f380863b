"""Code tables of the low-income monitoring (value -> Chinese label), shared by models, pages, exports and the API:
the layers of 国办发〔2023〕39号, person tags, the signals, warning levels, states and outcomes, referral bodies, the
routine-visit groups."""

from __future__ import annotations

# 国办发〔2023〕39号: the six layers of the low-income population, in this order (NATIONAL_RULES §1.5).
LAYERS = {"dibao": "低保对象", "tekun": "特困人员", "poverty_return": "防止返贫监测对象",
          "dibao_edge": "低保边缘家庭成员",
          "rigid_expense": "刚性支出困难家庭成员", "other": "其他困难人员"}
# Layers that follow a recognition (an entitlement or a recognised status of the benefits kernel): program -> layer.
PROGRAM_LAYERS = {"dibao": "dibao", "tekun": "tekun", "dibao_edge": "dibao_edge", "rigid_expense": "rigid_expense"}
LAYER_SOURCES = {"entitlement": "救助待遇/认定", "feed": "部门数据（乡村振兴）", "township": "乡镇(街道)新增"}

TAGS = {"disabled_care": "失能", "serious_illness": "重病", "severe_disability": "重度残疾",
        "elderly_alone": "独居老人", "child_in_need": "留守/困境儿童"}

SIGNALS = {
    "medical_oop": "医疗自付费用高", "new_disability": "新办残疾人证", "unemployment": "失业登记或失业金终止",
    "earner_loss": "唯一劳动力死亡或重病", "school_change": "子女入学或离校", "disaster": "遭受灾害损失",
    "rigid_expense": "刚性支出大", "low_income": "人均收入低于1.5倍低保标准", "rigid_expiring": "刚性支出认定即将到期",
    "poverty_return": "防返贫监测标识",
}
# Signals other lines of business hand over (warnings.raise_from): no rule row, the sender names the level.
HANDOVER_SIGNALS = {"homeless_return": "流浪乞讨人员返乡交接", "disaster_affected": "受灾群众需跟进",
                    "minors_case": "未成年人保护个案需跟进"}
SIGNAL_LABELS = {**SIGNALS, **HANDOVER_SIGNALS}  # what a person reads for any signal code on a warning
WARNING_SOURCES = {"run": "月度监测", "homeless": "救助管理", "relief": "受灾人员救助", "children": "儿童福利"}
# Score cut-offs for the levels are rule rows too (same table, same page, same loader).
LEVEL_RULES = {"level_red": "红色预警分值线", "level_orange": "橙色预警分值线", "level_yellow": "黄色预警分值线"}
# Parameters of signals, rule rows too: the yearly education cost of a student at each school stage counted in
# 刚性支出 (no national amount: the county sets them; the bundled ones are 示例值).
PARAM_RULES = {"edu_cost_senior": "高中/中职在校生年教育支出（元）",
               "edu_cost_higher": "大专及以上在校生年教育支出（元）"}
EDU_COST_LEVELS = {"edu_cost_senior": ("senior", "vocational"),
                   "edu_cost_higher": ("college", "university", "graduate")}
RULE_CODES = {**SIGNALS, **LEVEL_RULES, **PARAM_RULES}
LEVELS = {"red": "红色", "orange": "橙色", "yellow": "黄色"}
LEVEL_ORDER = ("red", "orange", "yellow")

WARNING_STATUS = {"open": "待核实", "assisted": "已转救助申请", "referred": "已转介", "dismissed": "已排除"}
OUTCOMES = {"assist": "纳入救助（发起申请）", "refer": "转介专项救助或慈善", "dismiss": "排除（填写理由）"}
REFERRAL_TO = {"medical": "医疗救助", "education": "教育救助", "housing": "住房救助", "employment": "就业救助",
               "charity": "慈善组织/社会力量"}
REFERRAL_STATUS = {"sent": "已转介待答复", "accepted": "已受理", "declined": "未受理"}

DISCOVERY_STATUS = {"open": "待核实", "applied": "已发起申请", "dismissed": "已排除"}
# Programs proactive discovery looks for (政策找人).
DISCOVERY_PROGRAMS = {"dibao": "最低生活保障", "tekun": "特困人员救助供养", "dibao_edge": "低保边缘家庭",
                      "disability_living": "困难残疾人生活补贴", "disability_care": "重度残疾人护理补贴",
                      "age_allowance": "高龄津贴", "orphan": "孤儿基本生活费"}

VISIT_GROUPS = {"tekun": "特困人员", "elderly_alone_dibao": "低保家庭中的独居高龄老人", "orphan": "孤儿",
                "red_warning": "红色预警家庭"}
