"""Code tables of the marriage registry (婚姻登记): value → Chinese label. Pages and exports take labels from here."""

from __future__ import annotations

KINDS = {"marriage": "结婚登记", "divorce": "离婚登记", "reissue": "补领婚姻登记证"}
# The kind of an API request: a divorce request opens a cooling-off application (民法典第1077条), not a registration.
REQUEST_KINDS = {"marriage": "结婚登记", "divorce": "离婚登记申请", "reissue": "补领结婚证"}
CERTIFICATE_NAMES = {"marriage": "结婚证", "divorce": "离婚证", "reissue": "结婚证（补领）"}
CERTIFICATE_PREFIX = {"marriage": "J", "divorce": "L", "reissue": "BJ"}
REGISTRATION_STATUS = {"registered": "已登记", "revoked": "已撤销"}
# A marriage registration's standing: in force, ended by divorce, revoked.
MARRIAGE_STANDING = {"in_force": "婚姻存续", "divorced": "已离婚", "revoked": "已撤销"}

REFUSALS = {
    "under_age_m": "男方未满二十二周岁（民法典第一千零四十七条）",
    "under_age_f": "女方未满二十周岁（民法典第一千零四十七条）",
    "same_sex": "结婚登记须为一男一女（民法典第一千零四十六条、第一千零四十九条）",
    "married": "已有配偶（婚姻登记记录中有存续的婚姻）",
    "kinship": "双方为直系血亲或者三代以内的旁系血亲（民法典第一千零四十八条）",
    "not_voluntary": "非双方完全自愿（民法典第一千零四十六条）",
    "no_declaration": "未签署无配偶及无禁止结婚亲属关系的声明（《婚姻登记条例》）",
    "same_person": "双方为同一人",
    "no_marriage": "未找到双方存续的婚姻登记记录",
    "parties_differ": "当事人与该结婚证记载的双方不一致",
    "open_application": "双方已有尚在办理中的离婚登记申请",
    "not_mainland": "双方均非内地居民，不属于内地婚姻登记机关的办理范围（《婚姻登记条例》第二条）",
    "registry_not_competent": "一方为港澳台居民、华侨或外国人的婚姻登记，由省级人民政府民政部门或其确定的机关办理，"
                              "本登记机关未被确定（《婚姻登记条例》第二条）",
}

DIVORCE_STATUS = {"cooling": "冷静期内", "awaiting": "待双方到场（冷静期已满）", "withdrawn": "已撤回",
                  "registered": "已登记离婚"}
WITHDRAWN_BY = {"a": "男方/甲方", "b": "女方/乙方", "lapse": "期满未到场，视为撤回"}

APPOINTMENT_STATUS = {"booked": "已预约", "cancelled": "已取消", "done": "已办理", "missed": "未到"}
SLOTS = {"am1": "09:00–10:00", "am2": "10:00–11:30", "pm1": "13:30–15:00", "pm2": "15:00–16:30"}

COUNSELLING_STATUS = {"referred": "已转介", "in_progress": "辅导中", "closed": "已结束"}
COUNSELLING_OUTCOMES = {"reconciled": "和好（撤回离婚申请）", "divorce": "仍决定离婚", "mediated": "达成离婚协议调整",
                        "declined": "当事人拒绝辅导", "other": "其他"}
COUNSELLING_TOPICS = {"communication": "沟通", "finance": "家庭经济", "children": "子女抚养", "violence": "家庭暴力",
                      "in_laws": "家庭关系", "other": "其他"}

REMINDER_KINDS = {"withdrawal": "撤回期限将届满提醒", "appearance": "到场办理期限将届满提醒"}
REVOCATION_BASIS = {"court": "人民法院判决", "registry": "婚姻登记机关决定"}
PARTIES = {"a": "甲方", "b": "乙方"}
