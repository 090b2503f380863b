"""Code tables of 养老服务 (value → the Chinese label people read): institutions and beds, staff and certificates,
the GB/T 37276-2018 grading parts, levels and veto conditions, 双随机 inspection results and the credit list, home
and community care orders, family care beds and device alarms. Pages and exports take labels from here."""

from __future__ import annotations

# ---- institutions and beds -------------------------------------------------------------------------------------------

# Who owns and runs the institution (the 养老机构 register's own table; assistance.codes.INSTITUTION_KINDS keeps the
# kind the 特困 placements use).
OWNERSHIP = {
    "public": "公办",
    "public_private": "公建民营",
    "private": "民办",
    "rural_tekun": "农村敬老院/特困供养服务机构",
}
# 《养老机构管理办法》(民政部令第66号) 第九条: 登记 + 备案 (设立许可 abolished 2019; older licences are still valid).
LICENCE_KINDS = {"filing": "备案", "licence": "设立许可（2019年前）"}
BED_TYPES = {"nursing": "护理型", "dementia": "认知症", "general": "普通"}
PAYERS = {
    "tekun": "特困供养（集中供养）",
    "subsidy": "养老服务补贴",
    "ltc": "长期护理保险",
    "self": "自费",
    "other": "其他",
}
STAFF_ROLES = {
    "care_worker": "养老护理员",
    "nurse": "护士",
    "doctor": "医生",
    "social_worker": "社会工作者",
    "manager": "管理人员",
    "other": "其他",
}
# 《养老护理员国家职业技能标准（2019年版）》 five levels, and the professional certificates of the other roles.
CERTIFICATES = {
    "none": "无",
    "care_5": "养老护理员五级/初级工",
    "care_4": "养老护理员四级/中级工",
    "care_3": "养老护理员三级/高级工",
    "care_2": "养老护理员二级/技师",
    "care_1": "养老护理员一级/高级技师",
    "nurse": "护士执业证书",
    "doctor": "医师执业证书",
    "social_worker": "社会工作者职业资格证书",
}

# ---- grading (GB/T 37276-2018) -------------------------------------------------------------------------------------

GRADE_PARTS = {"environment": "环境", "facilities": "设施设备", "management": "运营管理", "service": "服务"}
GRADE_LEVELS = {0: "未评定等级", 1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}
# Conditions that rule out any level, whatever the score (GB/T 37276-2018 第4章 评定基本要求; GB 38600-2019).
VETOES = {
    "not_registered": "未依法登记或备案",
    "fire_safety": "不符合消防安全要求（未通过消防验收或检查不合格）",
    "major_accident": "评定前一年内发生重大及以上安全责任事故",
    "food_licence": "提供餐饮服务未取得食品经营许可且未委托有资质的供餐单位",
    "abuse": "查实有虐待、歧视、侮辱老年人等侵害老年人权益行为",
    "safety_standard": "不符合 GB 38600-2019《养老机构服务安全基本规范》",
}

# ---- 双随机 inspections and the credit list ---------------------------------------------------------------------

INSPECTION_RESULTS = {
    "pass": "合格",
    "minor": "存在问题，限期整改",
    "serious": "存在严重问题，限期整改",
}
RECTIFICATION = {"none": "无需整改", "due": "整改中", "overdue": "逾期未整改", "done": "已整改"}
CREDIT_LEVELS = {
    "good": "守信",
    "normal": "一般",
    "watch": "重点关注",
    "dishonest": "失信（列入失信联合惩戒对象名单）",
}

# ---- home and community care ---------------------------------------------------------------------------------------

PROVIDER_KINDS = {
    "home_care": "居家养老服务组织",
    "meal": "助餐服务机构",
    "day_center": "日间照料中心运营方",
    "institution": "养老机构（延伸服务）",
}
ITEM_UNITS = {"hour": "小时", "visit": "次", "meal": "餐", "day": "天"}
ORDER_SOURCES = {"clerk": "经办人员登记", "family": "家属申请", "citizen": "本人（群众端）申请"}
ORDER_STATES = {
    "created": "已登记",
    "dispatched": "已派单",
    "in_service": "服务中",
    "done": "服务完成待确认",
    "confirmed": "已确认",
    "settled": "已结算",
    "cancelled": "已取消",
}
QUOTA_SOURCES = {"service_subsidy": "养老服务补贴", "care_subsidy": "护理补贴", "voucher": "政府服务券"}
SETTLEMENT_STATES = {"draft": "已生成", "confirmed": "已确认"}

# ---- family care beds ----------------------------------------------------------------------------------------------

BED_STATES = {"active": "服务中", "ended": "已终止"}

# ---- alarms --------------------------------------------------------------------------------------------------------

DEVICE_KINDS = {
    "wearable": "智能手环/定位手表",
    "button": "一键呼叫器",
    "sensor": "人体活动感应器",
    "smoke": "烟感报警器",
    "bed_mat": "智能床垫",
}
ALARM_KINDS = {"fall": "跌倒", "sos": "紧急呼叫", "inactivity": "长时间无活动", "smoke": "烟雾报警"}
ALARM_STATES = {"open": "待响应", "acknowledged": "已响应", "closed": "已处置"}
ALARM_TARGETS = {"provider": "服务组织", "village": "村（社区）", "township": "乡镇（街道）",
                 "county": "县级民政"}
ALARM_OUTCOMES = {
    "false_alarm": "误报",
    "visited": "上门查看，无需救治",
    "helped": "上门协助处置",
    "hospital": "送医/呼叫120",
    "fire": "火情处置/呼叫119",
    "other": "其他",
}
