"""Code tables of the social-assistance app (value → the Chinese label people read): the six self-care items
and the care bands of 特困人员 (民发〔2021〕43号 第二十至二十三条), how a 分散供养 carer visits, and the kinds
of institution."""

from __future__ import annotations

# The six self-care items (民发〔2021〕43号《特困人员认定办法》第二十条), in the order of the assessment form.
SELF_CARE_ITEMS = {
    "eating": "自主吃饭",
    "dressing": "自主穿衣",
    "transfer": "自主上下床",
    "toileting": "自主如厕",
    "walking": "室内行走",
    "bathing": "自主洗澡",
}
# The care band the number of unmet items gives (policy.care.care_band); the keys name the 照料护理标准 items.
CARE_BANDS = {
    "care_self": "全自理",
    "care_partial": "部分丧失生活自理能力",
    "care_full": "完全丧失生活自理能力",
}
CARE_MODES = {"dispersed": "分散供养", "centralised": "集中供养"}
VISIT_FREQUENCIES = {
    "daily": "每天",
    "twice_weekly": "每周两次",
    "weekly": "每周一次",
    "biweekly": "每两周一次",
    "monthly": "每月一次",
}
# 供养服务机构 (a code table the elderly-care issue extends).
INSTITUTION_KINDS = {
    "tekun_home": "特困人员供养服务机构",
    "nursing_home": "敬老院",
    "elderly_care": "养老机构",
}
YES_NO = {True: "是", False: "否"}

# The township's 临时救助备用金 ledger (民发〔2018〕23号 先行救助): money in (拨付、归垫) and out (先行救助).
RESERVE_KINDS = {"top_up": "拨付备用金", "advance": "先行救助支出", "reimburse": "审批后归垫"}
RESERVE_SIGN = {"top_up": 1, "advance": -1, "reimburse": 1}
