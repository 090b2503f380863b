"""Code tables of the children's app (value → the Chinese label people read): the register's categories, schooling,
health, guardians and the child-welfare workers; visits and visit plans; minors-protection cases (强制报告 reporters
and channels, harms, states, interventions, referrals, the 未保中心's stays) and the steps with time limits."""

from __future__ import annotations

# 民发〔2019〕62号 (事实无人抚养), 国发〔2016〕13号 (农村留守儿童), 国发〔2016〕36号 (困境儿童).
CATEGORIES = {
    "orphan": "孤儿",
    "unsupported": "事实无人抚养儿童",
    "left_behind": "农村留守儿童",
    "hardship": "困境儿童",
}
# What the benefits kernel calls the recognised status of the allowance programs (Member.child_status).
KERNEL_STATUS = {"orphan": "orphan", "unsupported": "unsupported"}
SCHOOLING = {
    "preschool": "学龄前",
    "kindergarten": "幼儿园",
    "primary": "小学",
    "junior": "初中",
    "senior": "高中或中职",
    "special": "特殊教育学校",
    "out": "失学或辍学",
    "other": "其他",
}
HEALTH = {
    "healthy": "健康",
    "chronic": "慢性病",
    "serious": "重病或大病",
    "disabled": "残疾",
}
GUARDIAN_RELATIONS = {
    "father": "父亲",
    "mother": "母亲",
    "grandparent": "祖父母、外祖父母",
    "sibling": "兄、姐",
    "relative": "其他亲属",
    "foster": "寄养家庭",
    "institution": "儿童福利机构或未保中心",
    "village": "村（居）民委员会",
    "other": "其他",
}
GUARDIAN_ROLES = {
    "guardian": "监护人",
    "entrusted": "受委托照护人",
    "parent_away": "外出务工父母",
    "contact": "其他联系人",
}
WORKER_KINDS = {"director": "儿童主任（村/社区）", "supervisor": "儿童督导员（乡镇/街道）"}

VISIT_KINDS = {"home": "入户走访", "phone": "电话联系", "video": "视频联系", "school": "到校了解"}
# A plan asks for a home visit (only 入户走访 counts) or for contact (any visit kind counts).
PLAN_KINDS = {"home": "入户走访", "contact": "联系（电话、视频、到校或入户）"}
PLAN_UNITS = {"day": "天", "week": "周", "month": "月"}

# ---- minors protection -----------------------------------------------------------------------------------------
# 《未成年人保护法》第十一条 and the 强制报告 opinion (最高人民检察院等九部门, 2020):
# those in close contact with minors.
REPORTER_TYPES = {
    "school": "学校、幼儿园",
    "hospital": "医疗机构",
    "village": "村（居）民委员会、儿童主任",
    "police": "公安机关",
    "welfare": "儿童福利机构、救助管理机构",
    "training": "培训机构、托育机构",
    "hotel": "旅馆、宾馆等住宿经营者",
    "public": "其他单位或个人",
}
CHANNELS = {
    "phone": "电话（12345、110等）",
    "hotline": "未成年人保护热线",
    "in_person": "当面报告",
    "online": "网络平台",
    "letter": "书面报告",
    "transfer": "其他部门移送",
}
HARMS = {
    "abuse": "遭受或疑似遭受虐待、暴力伤害",
    "sexual": "遭受或疑似遭受性侵害",
    "neglect": "监护缺失、严重疏于照料",
    "abandon": "遗弃",
    "injury": "不明原因受伤",
    "missing": "走失、流浪",
    "other": "其他侵害情形",
}
URGENCY = {"urgent": "紧急（人身安全面临威胁）", "normal": "一般"}
CASE_STATES = {
    "reported": "待应急处置",
    "responded": "待评估",
    "assessed": "待干预",
    "intervening": "干预中",
    "follow_up": "跟踪回访",
    "closed": "已结案",
}
RISK_LEVELS = {"high": "高风险", "medium": "中风险", "low": "低风险"}
INTERVENTIONS = {
    "guardianship_support": "监护指导和支持",
    "temporary_custody": "临时监护（未成年人救助保护中心）",
    "court_application": "向人民法院申请撤销或变更监护人资格",
    "family_support": "家庭帮扶和救助",
    "other": "其他",
}
REFERRAL_TO = {
    "police": "公安机关",
    "education": "教育部门",
    "health": "卫生健康部门",
    "procuratorate": "人民检察院",
    "court": "人民法院",
    "women": "妇联",
}
# The steps with time limits (TimeLimit rows): each counts from the previous step, in hours.
LIMIT_STEPS = {
    "respond": "应急处置（自接报）",
    "assess": "评估（自应急处置）",
    "intervene": "制定干预方案（自评估）",
    "follow_up": "跟踪回访（自干预或上次回访）",
}
CASE_ACTIONS = {
    "report": "接报",
    "respond": "应急处置",
    "assess": "评估",
    "intervene": "干预",
    "refer": "转介",
    "follow_up": "跟踪回访",
    "close": "结案",
    "restrict": "设为限制访问",
    "officers": "指定经办人员",
    "intake": "未保中心接收",
    "discharge": "离开未保中心",
}
STAY_OUTCOMES = {
    "family": "回归家庭",
    "relative": "交由亲属抚养",
    "foster": "家庭寄养",
    "institution": "转入儿童福利机构",
    "other": "其他",
}
YES_NO = {True: "是", False: "否"}
