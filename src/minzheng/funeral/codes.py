"""Code tables of the funeral app: value → Chinese label (pages and exports take labels from here)."""

from __future__ import annotations

DEATH_SOURCES = {"hospital": "医疗机构《死亡医学证明》", "police": "公安机关死亡证明", "family": "家属申报",
                 "feed": "部门死亡数据（公安/殡葬）"}
# Sources a death is recognised on at once (an authoritative certificate or department data); a family report
# without a certificate number holds the payments until the certificate is produced.
AUTHORITATIVE = frozenset({"hospital", "police", "feed"})
DEATH_STATUS = {"pending": "待补死亡证明（发放已暂停）", "completed": "已办结"}
DISPOSALS = {"cremation": "火化", "burial": "土葬（土葬改革区以外）", "unknown": "未定"}

WAIVER_ITEMS = {"transport": "遗体接运", "storage": "遗体暂存（冷藏）", "cremation": "遗体火化",
                "ash_storage": "骨灰寄存", "coffin": "殡殓用品（纸棺等）", "urn": "骨灰盒", "washing": "遗体清洗消毒",
                "farewell": "告别厅"}
WAIVER_UNITS = {"per_body": "元/具", "per_day": "元/天", "per_month": "元/月", "per_year": "元/年", "per_km": "元/公里"}
WAIVER_GROUPS = {"general": "户籍居民（基本）", "special": "特殊群体（低保、特困等）"}
CREMATION_PLACES = {"local": "限本地殡仪馆火化", "any": "异地火化凭票报销"}
WAIVER_PAYEES = {"funeral_home": "直接减免（与殡仪馆结算）", "family": "家属先行支付后报销"}
WAIVER_STATUS = {"to_settle": "待与殡仪馆结算", "settled": "已结算", "reimbursing": "报销审核中",
                 "reimbursed": "已报销", "refused": "不予减免"}

PENSION_STATUS = {"pending": "待通知", "sent": "已通知"}

CEMETERY_KINDS = {"public": "公益性公墓", "commercial": "经营性公墓", "columbarium": "骨灰堂（楼、廊、墙）"}
PLOT_KINDS = {"grave": "墓穴", "niche": "骨灰格位", "tree": "树葬位", "flower": "花葬位", "lawn": "草坪葬位"}
PLOT_STATUS = {"free": "空置", "held": "已使用", "reserved": "已预订", "expired": "使用期满待续费"}
ECO_KINDS = {"sea": "海葬（骨灰撒海）", "tree": "树葬", "flower": "花葬", "lawn": "草坪葬", "wall": "壁葬（格位）"}
ECO_STATUS = {"recorded": "已登记", "rewarded": "奖补已提交"}

BOOKING_STATUS = {"booked": "已预约", "checked_in": "已入园", "cancelled": "已取消"}

# The kernel programs this app declares (benefits.programs): one-off payments to the family.
SUBSIDY, REIMBURSEMENT, ECO_REWARD = "funeral_subsidy", "funeral_reimburse", "eco_burial_reward"

# What the family still has to do after 身后一件事 (listed on the record; items done by the platform are not listed).
FAMILY_TODO = {
    "hukou": "到派出所办理户口注销（持死亡证明、户口簿）",
    "pension": ("到社保经办机构申领丧葬补助金、抚恤金并结清养老金"
                "（已通知社保经办机构停发）"),
    "medical": "到医保经办机构注销医保",
    "housing_fund": "到公积金中心办理提取或继承",
    "bank": "办理存款、证券等财产的继承或提取",
    "property": "如有不动产，办理继承登记",
    "certificate": "补交《死亡医学证明》或公安死亡证明（家属申报时）",
    "cremation": "持火化证明到殡仪馆领取骨灰并选择安葬方式（生态安葬有奖补）",
}
