"""Code tables and fixed texts of the citizen channel (value → plain Chinese)."""

from __future__ import annotations

# The privacy notice and the household-check authorisation: the version agreed to is stored with each consent,
# so a changed text is agreed to again (《个人信息保护法》第十四条: a change of purpose or of the processing needs new
# consent).
PRIVACY_VERSION = "2026.1"
AUTHORISATION_VERSION = "2026.1"

# Programs a resident can apply for here, in the order offered (each must be declared in the benefits kernel).
APPLY_PROGRAMS = ("dibao", "temporary", "age_allowance", "tekun", "disability_living", "disability_care")
# Programs the self-check asks the policy engine about.
SELFCHECK_PROGRAMS = ("dibao", "dibao_edge", "tekun", "age_allowance", "disability_living", "disability_care")

COMPLAINT_KINDS = {"objection": "公示异议", "complaint": "对决定的投诉", "fraud": "举报涉嫌骗保"}
COMPLAINT_STATES = {"open": "待答复", "answered": "已答复"}
ANSWER_WORKDAYS = 10  # working days to answer (core.workdays), the bureau's service pledge

AREAS = {"urban": "城镇", "rural": "农村"}
LABOUR = {"full": "能正常劳动", "partial": "部分能劳动", "none": "不能劳动"}

# What happens next, in words a resident understands, by case state (benefits.workflow.STATES).
NEXT_STEP = {
    "applied": "等待乡镇（街道）受理您的申请",
    "missing_items": "请按通知补齐材料，补齐后继续办理",
    "accepted": "工作人员将入户调查，并核对家庭经济状况",
    "investigating": "工作人员正在调查核实家庭情况",
    "reviewed": "乡镇（街道）已初审，即将公示",
    "in_notice": "正在公示，公示期满后报县民政局审核确认",
    "objection": "公示期间有异议，正在复核",
    "submitted": "县民政局正在审核确认",
    "approved": "已同意，等待送达决定书",
    "granted": "已确认，按月发放到您的账户",
    "refused": "不予确认，将书面告知理由",
    "refusal_notified": "不予确认；如有异议，可在决定书所写期限内申请复议或提起诉讼",
    "withdrawn": "申请已撤回",
    "terminated": "办理已终止",
}

RATE_KINDS = {"code_phone": "验证码（按手机号）", "code_client": "验证码（按来源地址）",
              "login_client": "登录（按来源地址）", "bind_client": "实名核验（按来源地址）"}

PHOTO_NAMES = ("身份证照片", "户口簿照片", "收入证明", "其他材料")

# Requests made here through another app's own service (portal.ServiceRequest.kind → label).
REQUEST_KINDS = {"marriage": "婚姻登记预约", "sweeping": "清明祭扫预约", "death": "身后一件事（家属申报）",
                 "homecare": "居家养老服务"}
# The audit object type each kind's service writes (how a state change reaches the portal: core.audit.recorded).
REQUEST_OBJECTS = {"marriage_appointment": "marriage", "sweep_booking": "sweeping", "death_registration": "death",
                   "eldercare_order": "homecare"}

NOTICE_KINDS = {"case": "申请进度", "payment": "到账", "request": "预约和服务"}
# Case states a resident is told of (benefits.workflow.STATES), in plain words.
CASE_NOTICES = {
    "accepted": "已受理，工作人员将入户调查",
    "missing_items": "需要补齐材料，请查看办理进度",
    "in_notice": "已开始公示",
    "approved": "已审核同意",
    "refused": "经审核不予确认",
    "granted": "已确认，决定书可在掌上民政查看",
    "refusal_notified": "不予确认决定书已送达，可在掌上民政查看",
    "terminated": "办理已终止",
}
# Request state changes a resident is told of: (kind, new state) → words.
REQUEST_NOTICES = {
    ("marriage", "cancelled"): "已被登记机关取消，请重新预约",
    ("marriage", "done"): "已办理完毕",
    ("sweeping", "cancelled"): "已取消，名额已释放",
    ("sweeping", "checked_in"): "已入园核验",
    ("death", "completed"): "已办结，停发、补助和待办事项请查看办件详情",
    ("homecare", "dispatched"): "已派单，服务人员将按约上门",
    ("homecare", "done"): "服务已完成，请确认并评价",
    ("homecare", "cancelled"): "已取消",
}
