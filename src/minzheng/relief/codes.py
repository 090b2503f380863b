"""Code tables of disaster relief (受灾人员救助) and the relief-material reserve (救灾物资储备): value → the Chinese
label people read. Disaster kinds follow GB/T 28921-2012《自然灾害分类与代码》 (the kinds a county meets); report
stages and damage figures follow 《自然灾害情况统计调查制度》 (初报、续报、核报)."""

from __future__ import annotations

DISASTER_KINDS = {
    "flood": "洪涝灾害",
    "typhoon": "台风灾害",
    "drought": "干旱灾害",
    "hail": "风雹灾害",
    "cold": "低温冷冻和雪灾",
    "earthquake": "地震灾害",
    "geological": "地质灾害（崩塌、滑坡、泥石流）",
    "forest_fire": "森林火灾",
    "other": "其他自然灾害",
}

# 《自然灾害情况统计调查制度》: 初报 (within hours of the event), 续报 (regularly while it lasts), 核报 (once stable).
STAGES = {"initial": "初报", "update": "续报", "final": "核报"}

HOUSE_DAMAGE = {"none": "无房屋倒损", "collapsed": "倒塌房屋", "severe": "严重损坏房屋", "general": "一般损坏房屋"}

# The relief programs this app declares into the benefits kernel (programs.py).
PROGRAMS = {
    "disaster_emergency": "受灾人员紧急生活救助",
    "disaster_transition": "过渡期生活救助",
    "disaster_winter": "冬春临时生活困难救助",
    "disaster_rebuild": "倒损住房恢复重建补助",
}

# ---- the material reserve ---------------------------------------------------------------------------------------

WAREHOUSE_LEVELS = {"county": "县级储备库", "township": "乡镇（街道）储备点", "village": "村（社区）储备点"}

RECEIPT_SOURCES = {"purchase": "采购入库", "allocation": "上级调拨", "donation": "社会捐赠"}

MOVEMENT_KINDS = {
    "receipt": "入库",
    "dispatch": "调拨出库",
    "return": "回收入库",
    "adjust_gain": "盘盈",
    "adjust_loss": "盘亏",
    "expire": "过期报废",
}

DISPATCH_STATUS = {"sent": "已出库待签收", "signed": "已签收"}

# ---- local capacity ----------------------------------------------------------------------------------------------

OFFICER_ROLES = {"principal": "信息员", "backup": "后备信息员"}

# 《应急避难场所 场址及配套设施》GB 21734-2008 and 《应急避难场所分级及分类》GB/T 44012-2024 (the kinds a county has).
SHELTER_KINDS = {"school": "学校", "community": "社区（村）服务中心", "gym": "体育场馆", "park": "公园广场",
                 "hall": "礼堂会堂", "other": "其他"}
FACILITIES = {"water": "应急供水", "power": "应急供电", "toilet": "应急厕所", "medical": "医疗救护",
              "beds": "床铺被褥", "kitchen": "应急炊事", "broadcast": "应急广播", "accessible": "无障碍设施"}

EXCHANGE_DIRECTIONS = {"export": "导出", "import": "导入"}
