"""Code tables of the disability app (残疾人两项补贴 in operation): value → Chinese label."""

from __future__ import annotations

from minzheng.registry.codes import DISABILITY_CATEGORIES, DISABILITY_GRADES

__all__ = ["DISABILITY_CATEGORIES", "DISABILITY_GRADES"]

PROGRAMS = {"disability_living": "困难残疾人生活补贴", "disability_care": "重度残疾人护理补贴"}
GAP_STATUS = {"open": "待纳入", "closed": "已解决", "dismissed": "已排除"}
REVIEW_OUTCOMES = {"continue": "继续享受", "stop": "停发"}
HOLD_DECISIONS = {"stop": "证件确已过期，停发", "renewed": "已换领新证，恢复发放"}
CHECK_RESULTS = {"ok": "一致", "no_certificate": "残联数据中无此证", "expired": "残疾人证已过期",
                 "grade_differs": "等级与残联数据不一致", "category_differs": "类别与残联数据不一致"}
HOLD_SOURCE = "disability_cert"  # PaymentHold.source prefix: disability_cert:<entitlement>:<valid_until>
